//! Journal records as the server writes them (feature `journal`).
//!
//! ```
//! use primo_events::Event;
//! use primo_events::journal::{Classification, Record};
//!
//! let line = r#"{"id":"716afd7f-80c5-4d64-a664-e8694129a12c","event":2001,"eventName":"Login",
//!     "userId":null,"classifiedEvent":3,"ip":"10.0.0.24","index":1}"#;
//! let record: Record = serde_json::from_str(line).unwrap();
//! assert_eq!(record.event(), Some(Event::Login));
//! assert_eq!(record.classified_event, Some(Classification::SecurityIncident));
//! assert_eq!(record.ip.as_deref(), Some("10.0.0.24"));
//! ```
//!
//! A [`Record`] borrows its strings from the JSON text where the text allows it (no
//! escapes), so reading costs little more than parsing; [`Record::into_owned`] makes one
//! that outlives the text. The event is an [`EventCode`], so a record written by a newer
//! server, whose code this build does not know, still reads, and nothing is lost. The
//! timestamps, the address and the other strings are kept as written: the crate parses
//! no dates or addresses. Fields the documentation does not list are accepted and not
//! kept.
//!
//! [`json_lines`] (with the `std` feature, on by default) reads a journal export of one
//! JSON record per line.

use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;
use core::str::FromStr;

use serde::de::Deserializer;
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

use crate::{Event, EventCode};

/// One journal record. Every field but `event` may be null or absent in the JSON, and is
/// then `None`; a record with every field serializes back to the same fields and values.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record<'a> {
    /// The record's id, a UUID.
    #[serde(default, borrow, deserialize_with = "borrowed")]
    pub id: Option<Cow<'a, str>>,
    /// The event's code.
    pub event: EventCode,
    /// What the event concerns; its form depends on the event (`"logs, tenantId="`).
    #[serde(default, borrow, deserialize_with = "borrowed")]
    pub entity_data: Option<Cow<'a, str>>,
    /// The login of the user the event belongs to.
    #[serde(default, borrow, deserialize_with = "borrowed")]
    pub user_id: Option<Cow<'a, str>>,
    /// When the API received it, as written (`2024-08-31T23:35:58.29378`, no zone).
    #[serde(default, borrow, deserialize_with = "borrowed")]
    pub api_created_at: Option<Cow<'a, str>>,
    /// When it was recorded, as written.
    #[serde(default, borrow, deserialize_with = "borrowed")]
    pub created_at: Option<Cow<'a, str>>,
    /// Hex digest of the record, made with a secret of the server.
    #[serde(default, borrow, deserialize_with = "borrowed")]
    pub signature: Option<Cow<'a, str>>,
    /// Free text, mostly on errors.
    #[serde(default, borrow, deserialize_with = "borrowed")]
    pub text: Option<Cow<'a, str>>,
    /// The client's address, as written.
    #[serde(default, borrow, deserialize_with = "borrowed")]
    pub ip: Option<Cow<'a, str>>,
    /// The tenant; absent for the default tenant.
    #[serde(default, borrow, deserialize_with = "borrowed")]
    pub tenant_id: Option<Cow<'a, str>>,
    /// The cluster node that wrote the record.
    #[serde(default, borrow, deserialize_with = "borrowed")]
    pub node_id: Option<Cow<'a, str>>,
    /// Groups the events of one business operation, such as the whole life of an
    /// inference process.
    #[serde(default, borrow, deserialize_with = "borrowed")]
    pub operation_key: Option<Cow<'a, str>>,
    /// What kind of record it is.
    #[serde(default)]
    pub classified_event: Option<Classification>,
    /// Whether the Logs API verified the signature.
    #[serde(default)]
    pub valid_signature: Option<bool>,
    /// The event's name as the server wrote it: an alias stays what it was
    /// (`TrainProcessTimeout`), though [`Record::event`] gives its event.
    #[serde(default, borrow, deserialize_with = "borrowed")]
    pub event_name: Option<Cow<'a, str>>,
    /// The record's position in the journal view it was read from.
    #[serde(default)]
    pub index: Option<u64>,
}

/// An optional string that borrows from the input when it has no escapes. serde borrows
/// a `Cow<str>` field, but not one inside an `Option`.
fn borrowed<'de: 'a, 'a, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Cow<'a, str>>, D::Error> {
    #[derive(Deserialize)]
    struct Borrowed<'a>(#[serde(borrow)] Cow<'a, str>);
    Ok(Option::<Borrowed<'a>>::deserialize(deserializer)?.map(|b| b.0))
}

impl Record<'_> {
    /// The event, if this build of the crate knows its code.
    pub fn event(&self) -> Option<Event> {
        self.event.event()
    }

    /// Where `eventName` does not name the record's event, what it says instead. An alias
    /// names its event. When neither the code nor the name is known to this build,
    /// nothing can be said, and this is `None`.
    pub fn name_mismatch(&self) -> Option<NameMismatch<'_>> {
        let name = self.event_name.as_deref()?;
        let named = Event::from_name(name);
        let agrees = match self.event() {
            Some(event) => named == Some(event),
            None => named.is_none(),
        };
        (!agrees).then_some(NameMismatch {
            code: self.event,
            event_name: name,
        })
    }

    /// The same record, its strings copied out of the text it was read from.
    pub fn into_owned(self) -> Record<'static> {
        let own = |text: Option<Cow<'_, str>>| text.map(|t| Cow::Owned(t.into_owned()));
        Record {
            id: own(self.id),
            event: self.event,
            entity_data: own(self.entity_data),
            user_id: own(self.user_id),
            api_created_at: own(self.api_created_at),
            created_at: own(self.created_at),
            signature: own(self.signature),
            text: own(self.text),
            ip: own(self.ip),
            tenant_id: own(self.tenant_id),
            node_id: own(self.node_id),
            operation_key: own(self.operation_key),
            classified_event: self.classified_event,
            valid_signature: self.valid_signature,
            event_name: own(self.event_name),
            index: self.index,
        }
    }
}

/// A record whose `eventName` names another event than its code, from
/// [`Record::name_mismatch`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameMismatch<'r> {
    /// The record's `event`.
    pub code: EventCode,
    /// The record's `eventName`.
    pub event_name: &'r str,
}

/// `event 2007 is LogOut, but eventName is "Login"`, or, for a code this build does not
/// know, `event 99998 is unknown to this build, but eventName "LogOut" is code 2007`.
impl fmt::Display for NameMismatch<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (code, name) = (self.code.get(), self.event_name);
        match (self.code.event(), Event::from_name(name)) {
            (Some(event), _) => write!(f, "event {code} is {event}, but eventName is {name:?}"),
            (None, Some(named)) => write!(
                f,
                "event {code} is unknown to this build, but eventName {name:?} is code {}",
                named.code()
            ),
            (None, None) => write!(f, "event {code} and eventName {name:?} are both unknown"),
        }
    }
}

/// What kind of record the server says it is (`classifiedEvent`).
///
/// Like [`EventCode`], an open type: a number this build does not know is kept as
/// [`Classification::Unknown`], not rejected. Make one from a number with
/// [`Classification::from_number`], which never builds `Unknown` for a known number.
#[non_exhaustive]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Classification {
    /// 1: information.
    Information,
    /// 2: an error.
    Error,
    /// 3: a security incident.
    SecurityIncident,
    /// 4: a correction.
    Correction,
    /// Any other number, kept as written. A later version of the crate may give it a
    /// name of its own.
    Unknown(u32),
}

impl Classification {
    /// The classification the server writes as `number`.
    pub const fn from_number(number: u32) -> Self {
        match number {
            1 => Classification::Information,
            2 => Classification::Error,
            3 => Classification::SecurityIncident,
            4 => Classification::Correction,
            other => Classification::Unknown(other),
        }
    }

    /// The number the server writes.
    pub const fn number(self) -> u32 {
        match self {
            Classification::Information => 1,
            Classification::Error => 2,
            Classification::SecurityIncident => 3,
            Classification::Correction => 4,
            Classification::Unknown(number) => number,
        }
    }
}

/// In words: `information`, `error`, `security incident`, `correction`, or
/// `classification 7` for a number this build does not know.
impl fmt::Display for Classification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.words() {
            Some(words) => f.pad(words),
            None => write!(f, "classification {}", self.number()),
        }
    }
}

impl Classification {
    /// Every classification with a name.
    const KNOWN: [Classification; 4] = [
        Classification::Information,
        Classification::Error,
        Classification::SecurityIncident,
        Classification::Correction,
    ];

    /// The classification's name in words, if it has one.
    const fn words(self) -> Option<&'static str> {
        match self {
            Classification::Information => Some("information"),
            Classification::Error => Some("error"),
            Classification::SecurityIncident => Some("security incident"),
            Classification::Correction => Some("correction"),
            Classification::Unknown(_) => None,
        }
    }
}

/// The number, or the words in any ASCII case with spaces, `-` or `_` between them
/// (`security-incident`).
impl FromStr for Classification {
    type Err = UnknownClassification;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Ok(number) = text.parse::<u32>() {
            return Ok(Classification::from_number(number));
        }
        let words: String = text
            .trim()
            .chars()
            .map(|c| match c {
                '-' | '_' => ' ',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        Classification::KNOWN
            .into_iter()
            .find(|known| known.words() == Some(words.as_str()))
            .ok_or(UnknownClassification)
    }
}

/// Text that names no classification.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownClassification;

impl fmt::Display for UnknownClassification {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "expected a classification: a number, information, error, security-incident or correction",
        )
    }
}

impl core::error::Error for UnknownClassification {}

impl Serialize for Classification {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(self.number())
    }
}

impl<'de> Deserialize<'de> for Classification {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        u32::deserialize(deserializer).map(Classification::from_number)
    }
}

/// Reads a journal export of one JSON record per line (feature `std`): each record, or
/// an error that says on which line and why. A bad line does not end the reading; a
/// failure to read does. Blank lines are skipped.
///
/// ```
/// use primo_events::journal::json_lines;
///
/// let export = "{\"event\":2001}\nnot json\n\n{\"event\":99999}\n";
/// let read: Vec<_> = json_lines(export.as_bytes()).collect();
/// assert_eq!(read.len(), 3);
/// assert_eq!(read[0].as_ref().unwrap().event.get(), 2001);
/// assert_eq!(read[1].as_ref().unwrap_err().line(), 2);
/// assert_eq!(read[2].as_ref().unwrap().event(), None); // a newer server's event, kept
/// ```
#[cfg(feature = "std")]
pub fn json_lines<R: std::io::BufRead>(reader: R) -> JsonLines<R> {
    JsonLines {
        reader,
        line: 0,
        buffer: alloc::vec::Vec::new(),
        failed: false,
    }
}

/// The iterator of [`json_lines`].
#[cfg(feature = "std")]
#[derive(Debug)]
pub struct JsonLines<R> {
    reader: R,
    /// The number of the last line read.
    line: u64,
    buffer: alloc::vec::Vec<u8>,
    /// Reading failed: nothing more comes.
    failed: bool,
}

#[cfg(feature = "std")]
impl<R: std::io::BufRead> Iterator for JsonLines<R> {
    type Item = Result<Record<'static>, LineError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.failed {
            self.buffer.clear();
            self.line += 1;
            match self.reader.read_until(b'\n', &mut self.buffer) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(error) => {
                    self.failed = true;
                    return Some(Err(LineError {
                        line: self.line,
                        error: LineErrorKind::Io(error),
                    }));
                }
            }
            if self.buffer.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            // Checking the line's UTF-8 at once is faster than serde_json checking each
            // string as it reads it.
            let record = match core::str::from_utf8(&self.buffer) {
                Ok(line) => serde_json::from_str::<Record<'_>>(line)
                    .map(Record::into_owned)
                    .map_err(LineErrorKind::Json),
                Err(error) => Err(LineErrorKind::Utf8(error)),
            };
            return Some(record.map_err(|error| LineError {
                line: self.line,
                error,
            }));
        }
        None
    }
}

/// A line of a JSON-lines journal that could not be read: its number, and the reason.
#[cfg(feature = "std")]
#[derive(Debug)]
pub struct LineError {
    line: u64,
    error: LineErrorKind,
}

#[cfg(feature = "std")]
#[derive(Debug)]
enum LineErrorKind {
    Io(std::io::Error),
    Utf8(core::str::Utf8Error),
    Json(serde_json::Error),
}

#[cfg(feature = "std")]
impl LineError {
    /// The 1-based number of the line.
    pub fn line(&self) -> u64 {
        self.line
    }

    /// Whether reading failed (rather than the line being no record); nothing follows.
    pub fn is_io(&self) -> bool {
        matches!(self.error, LineErrorKind::Io(_))
    }
}

/// `line 12: missing field `event` at line 1 column 59`.
#[cfg(feature = "std")]
impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.error {
            LineErrorKind::Io(error) => write!(f, "line {}: {error}", self.line),
            LineErrorKind::Utf8(error) => write!(f, "line {}: {error}", self.line),
            LineErrorKind::Json(error) => write!(f, "line {}: {error}", self.line),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for LineError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.error {
            LineErrorKind::Io(error) => Some(error),
            LineErrorKind::Utf8(error) => Some(error),
            LineErrorKind::Json(error) => Some(error),
        }
    }
}
