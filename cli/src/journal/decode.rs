//! One record's text to a [`Record`], or what is wrong with it in words.

use primo_events::journal::{FieldSet, Place, Record, json_message};
use serde_json::error::Category;

use super::problems::Problem;

/// Reads one record from its text, which starts at `place`, borrowing its strings and
/// making only the fields in `only`; what is wrong with it is located in the input.
pub fn record(text: &[u8], place: Place, only: FieldSet) -> Result<Record<'_>, Problem> {
    // Checking the UTF-8 at once is faster than serde_json checking each string, and
    // simdutf8's check (SIMD, 16 to 32 bytes at a time) several times faster than std's
    // on the server's Russian text; std's says where, for the one text that fails.
    let text = match simdutf8::basic::from_utf8(text) {
        Ok(text) => text,
        Err(_) => std::str::from_utf8(text).map_err(|error| {
            let at = place.at_offset(text, error.valid_up_to());
            Problem::at(at, "not text: invalid UTF-8")
        })?,
    };
    checked(text, place, only)
}

/// [`record`] of a text whose UTF-8 is checked.
pub fn checked(text: &str, place: Place, only: FieldSet) -> Result<Record<'_>, Problem> {
    Record::from_json_fields(text, only).map_err(|error| explain(text, place, &error))
}

/// Says why `text` is no record, `error` being what serde_json said.
fn explain(text: &str, place: Place, error: &serde_json::Error) -> Problem {
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
