//! The common record read without serde's machinery: one flat JSON object whose known
//! fields hold strings without escapes, unsigned integers, booleans or null, and whose
//! other fields hold the same kinds. That is what the server writes, and reading it here
//! costs about what serde_json spends only skipping the text. Anything else (an escape, a
//! nested value, a float, a duplicate field, an error) gives `None`, and serde_json
//! reads the text as it always does ([`Record::from_json`]): the fuzz target `record`
//! checks that both read every text alike.

use alloc::borrow::Cow;

use super::wire::{FIELD_COUNT, field_index};
use super::{Classification, Record};
use crate::EventCode;

/// A value of a flat object.
#[derive(Clone, Copy)]
pub(super) enum Raw<'a> {
    Null,
    Str(&'a str),
    Int(u64),
    Bool(bool),
}

/// What one field's type takes of a [`Raw`] value: `None` when serde should decide.
pub(super) trait FromRaw<'a>: Sized {
    fn from_raw(raw: Raw<'a>) -> Option<Self>;
}

impl<'a> FromRaw<'a> for Option<Cow<'a, str>> {
    fn from_raw(raw: Raw<'a>) -> Option<Self> {
        match raw {
            Raw::Null => Some(None),
            Raw::Str(text) => Some(Some(Cow::Borrowed(text))),
            _ => None,
        }
    }
}

impl FromRaw<'_> for EventCode {
    fn from_raw(raw: Raw<'_>) -> Option<Self> {
        match raw {
            Raw::Int(n) => u32::try_from(n).ok().map(EventCode::new),
            _ => None,
        }
    }
}

impl FromRaw<'_> for Option<Classification> {
    fn from_raw(raw: Raw<'_>) -> Option<Self> {
        match raw {
            Raw::Null => Some(None),
            Raw::Int(n) => u32::try_from(n)
                .ok()
                .map(|n| Some(Classification::from_number(n))),
            _ => None,
        }
    }
}

impl FromRaw<'_> for Option<bool> {
    fn from_raw(raw: Raw<'_>) -> Option<Self> {
        match raw {
            Raw::Null => Some(None),
            Raw::Bool(b) => Some(Some(b)),
            _ => None,
        }
    }
}

impl FromRaw<'_> for Option<u64> {
    fn from_raw(raw: Raw<'_>) -> Option<Self> {
        match raw {
            Raw::Null => Some(None),
            Raw::Int(n) => Some(Some(n)),
            _ => None,
        }
    }
}

/// Reads `text` if it is a flat record as described above.
pub(super) fn record(text: &str) -> Option<Record<'_>> {
    let bytes = text.as_bytes();
    let mut at = skip_ws(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    let mut fields: [Option<Raw<'_>>; FIELD_COUNT] = [None; FIELD_COUNT];
    at = skip_ws(bytes, at + 1);
    if bytes.get(at) == Some(&b'}') {
        at += 1;
    } else {
        loop {
            if bytes.get(at) != Some(&b'"') {
                return None;
            }
            let end = string_end(bytes, at + 1)?;
            let key = &text[at + 1..end];
            at = skip_ws(bytes, end + 1);
            if bytes.get(at) != Some(&b':') {
                return None;
            }
            let (raw, next) = value(text, skip_ws(bytes, at + 1))?;
            if let Some(index) = field_index(key) {
                if fields[index].is_some() {
                    return None; // serde says which field is duplicated
                }
                fields[index] = Some(raw);
            }
            at = skip_ws(bytes, next);
            match bytes.get(at) {
                Some(b',') => at = skip_ws(bytes, at + 1),
                Some(b'}') => {
                    at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    if skip_ws(bytes, at) != bytes.len() {
        return None;
    }
    Record::from_raw(fields)
}

/// The value at `at` and the offset after it.
fn value(text: &str, at: usize) -> Option<(Raw<'_>, usize)> {
    let bytes = text.as_bytes();
    let (raw, end) = match *bytes.get(at)? {
        b'"' => {
            let end = string_end(bytes, at + 1)?;
            (Raw::Str(&text[at + 1..end]), end + 1)
        }
        b'n' if bytes[at..].starts_with(b"null") => (Raw::Null, at + 4),
        b't' if bytes[at..].starts_with(b"true") => (Raw::Bool(true), at + 4),
        b'f' if bytes[at..].starts_with(b"false") => (Raw::Bool(false), at + 5),
        b'0' => (Raw::Int(0), at + 1),
        b'1'..=b'9' => {
            let mut n: u64 = 0;
            let mut end = at;
            while let Some(&digit @ b'0'..=b'9') = bytes.get(end) {
                n = n.checked_mul(10)?.checked_add(u64::from(digit - b'0'))?;
                end += 1;
            }
            (Raw::Int(n), end)
        }
        _ => return None,
    };
    // A value ends where the object's punctuation or white space starts (`1.5`, `nullx`
    // and `01` go to serde).
    match bytes.get(end) {
        Some(b',' | b'}' | b' ' | b'\n' | b'\r' | b'\t') => Some((raw, end)),
        _ => None,
    }
}

fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while let Some(b' ' | b'\n' | b'\r' | b'\t') = bytes.get(at) {
        at += 1;
    }
    at
}

/// The offset of the quote that closes a string whose contents start at `at`; `None` at
/// an escape, a control character or the end of the text. Eight bytes at a time.
fn string_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS;
    let zero = |word: u64| below(word, 1);
    loop {
        while let Some(chunk) = bytes.get(at..at + 8) {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            let found = zero(word ^ (ONES * u64::from(b'"')))
                | zero(word ^ (ONES * u64::from(b'\\')))
                | below(word, 0x20);
            if found != 0 {
                // The lowest flagged byte is exact; the loop below looks at it.
                at += (found.trailing_zeros() / 8) as usize;
                break;
            }
            at += 8;
        }
        match *bytes.get(at)? {
            b'"' => return Some(at),
            b'\\' | 0..=0x1f => return None,
            _ => at += 1,
        }
    }
}
