//! What is wrong with a record's text, in words: its UTF-8, or what serde_json said of
//! it.

use primo_events::journal::{Place, json_message};
use serde_json::error::Category;

use super::problems::Problem;

/// Checks that a record's text, which starts at `place`, is UTF-8; what is wrong with
/// it is located in the input.
pub fn utf8(text: &[u8], place: Place) -> Result<&str, Problem> {
    // Checking the UTF-8 at once is faster than serde_json checking each string, and
    // simdutf8's check (SIMD, 16 to 32 bytes at a time) several times faster than std's
    // on the server's Russian text; std's says where, for the one text that fails.
    match simdutf8::basic::from_utf8(text) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(text).map_err(|error| {
            let at = place.at_offset(text, error.valid_up_to());
            Problem::at(at, "not text: invalid UTF-8")
        }),
    }
}

/// Says why `text`, read from `place`, is no record, `error` being what serde_json said.
pub fn explain(text: &str, place: Place, error: &serde_json::Error) -> Problem {
    let at = place.within(error.line(), error.column());
    let message = json_message(error);
    let first = text.bytes().next();
    if first != Some(b'{') && serde_json::from_str::<serde_json::Value>(text).is_ok() {
        let found = match first {
            Some(b'[') => "an array",
            Some(b'"') => "a string",
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            _ => "a number",
        };
        return Problem::at(
            place,
            format!("not a journal record: expected a JSON object, found {found}"),
        );
    }
    match error.classify() {
        Category::Eof => Problem::at(at, "truncated: the text ends inside the record"),
        Category::Data => Problem::at(
            at,
            match message.as_str() {
                "missing field `event`" => "not a journal record: no `event` field".to_owned(),
                message => format!("not a journal record: {message}"),
            },
        ),
        Category::Syntax | Category::Io => Problem::at(at, format!("not JSON: {message}")),
    }
}
