//! One record's text to a [`Record`], or what is wrong with it in words.

use primo_events::journal::Record;
use serde_json::error::Category;

/// A text that is no record: where in it (line and column within the text, from 1) and
/// why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotARecord {
    /// Line and column in the text, where the reason has a place.
    pub at: Option<(u64, u64)>,
    /// Why, in words: `not a journal record: expected a JSON object, found an array`.
    pub message: String,
}

/// Reads one record from its text, borrowing its strings.
pub fn record(text: &[u8]) -> Result<Record<'_>, NotARecord> {
    // Checking the UTF-8 at once is faster than serde_json checking each string.
    let text = std::str::from_utf8(text).map_err(|error| NotARecord {
        at: Some((1, error.valid_up_to() as u64 + 1)),
        message: "not text: invalid UTF-8".to_owned(),
    })?;
    Record::from_json(text).map_err(|error| explain(text, &error))
}

/// Says why `text` is no record, `error` being what serde_json said.
fn explain(text: &str, error: &serde_json::Error) -> NotARecord {
    let at = Some((error.line() as u64, error.column() as u64));
    let message = error.to_string();
    let place = format!(" at line {} column {}", error.line(), error.column());
    let message = message.strip_suffix(&place).unwrap_or(&message);
    let first = text.trim_start().bytes().next();
    if first != Some(b'{') && serde_json::from_str::<serde_json::Value>(text).is_ok() {
        let found = match first {
            Some(b'[') => "an array",
            Some(b'"') => "a string",
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            _ => "a number",
        };
        return NotARecord {
            at: None,
            message: format!("not a journal record: expected a JSON object, found {found}"),
        };
    }
    match error.classify() {
        Category::Eof => NotARecord {
            at,
            message: "truncated: the text ends inside the record".to_owned(),
        },
        Category::Data => NotARecord {
            at,
            message: match message {
                "missing field `event`" => "not a journal record: no `event` field".to_owned(),
                message => format!("not a journal record: {message}"),
            },
        },
        Category::Syntax | Category::Io => NotARecord {
            at,
            message: format!("not JSON: {message}"),
        },
    }
}
