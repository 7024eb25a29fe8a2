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
//! assert_eq!(record.classified_event, Some(Classification::SECURITY_INCIDENT));
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

use serde_core::de::{Deserialize, Deserializer};
use serde_core::ser::{Serialize, Serializer};

use crate::{Event, EventCode};

mod flat;
mod wire;

/// One journal record. Every field but `event` may be null or absent in the JSON, and is
/// then `None`; a record with every field serializes back to the same fields and values.
///
/// ```
/// use primo_events::Event;
/// use primo_events::journal::{Classification, Record};
///
/// let line = r#"{"event":2007,"eventName":"Login","userId":"ivanov","classifiedEvent":1}"#;
/// let record: Record = serde_json::from_str(line).unwrap();
/// assert_eq!(record.event(), Some(Event::LogOut));
/// assert_eq!(record.user_id.as_deref(), Some("ivanov")); // borrowed from `line`
/// assert_eq!(record.classified_event, Some(Classification::INFORMATION));
/// // The server's eventName disagrees with its code: said, not hidden.
/// let mismatch = record.name_mismatch().unwrap();
/// assert_eq!(mismatch.to_string(), r#"event 2007 is LogOut, but eventName is "Login""#);
/// let kept: Record<'static> = record.into_owned(); // outlives `line`
/// ```
///
/// On the wire the fields are camelCase (`entityData`, `classifiedEvent`); unknown
/// fields are read past.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record<'a> {
    /// The record's id, a UUID.
    pub id: Option<Cow<'a, str>>,
    /// The event's code.
    pub event: EventCode,
    /// What the event concerns; its form depends on the event (`"logs, tenantId="`).
    pub entity_data: Option<Cow<'a, str>>,
    /// The login of the user the event belongs to.
    pub user_id: Option<Cow<'a, str>>,
    /// When the API received it, as written (`2024-08-31T23:35:58.29378`, no zone).
    pub api_created_at: Option<Cow<'a, str>>,
    /// When it was recorded, as written.
    pub created_at: Option<Cow<'a, str>>,
    /// Hex digest of the record, made with a secret of the server.
    pub signature: Option<Cow<'a, str>>,
    /// Free text, mostly on errors.
    pub text: Option<Cow<'a, str>>,
    /// The client's address, as written.
    pub ip: Option<Cow<'a, str>>,
    /// The tenant; absent for the default tenant.
    pub tenant_id: Option<Cow<'a, str>>,
    /// The cluster node that wrote the record.
    pub node_id: Option<Cow<'a, str>>,
    /// Groups the events of one business operation, such as the whole life of an
    /// inference process.
    pub operation_key: Option<Cow<'a, str>>,
    /// What kind of record it is.
    pub classified_event: Option<Classification>,
    /// Whether the Logs API verified the signature.
    pub valid_signature: Option<bool>,
    /// The event's name as the server wrote it: an alias stays what it was
    /// (`TrainProcessTimeout`), though [`Record::event`] gives its event.
    pub event_name: Option<Cow<'a, str>>,
    /// The record's position in the journal view it was read from.
    pub index: Option<u64>,
}

impl<'a> Record<'a> {
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

    /// Reads a record from one JSON text, as `serde_json::from_str` would, only faster:
    /// a flat record as the server writes it is read without serde's machinery, anything
    /// else by serde_json. Both read every text alike (a fuzz target compares them).
    ///
    /// ```
    /// use primo_events::Event;
    /// use primo_events::journal::Record;
    ///
    /// let record = Record::from_json(r#"{"event":2001,"userId":"ivanov","index":7}"#)?;
    /// assert_eq!(record.event(), Some(Event::Login));
    /// assert_eq!(record.user_id.as_deref(), Some("ivanov"));
    /// let error = Record::from_json(r#"{"userId":"ivanov"}"#).unwrap_err();
    /// assert_eq!(error.to_string(), "missing field `event` at line 1 column 19");
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn from_json(text: &'a str) -> Result<Record<'a>, serde_json::Error> {
        match flat::record(text) {
            Some(record) => Ok(record),
            None => serde_json::from_str(text),
        }
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
/// Like [`EventCode`], an open type over the number the server writes: one value per
/// number, the four the server documents named as constants, any other number kept as
/// it is. A later version of the crate may name a fifth; code comparing with
/// `Classification::from_number(5)` or matching on `number()` keeps working when it does.
///
/// ```
/// use primo_events::journal::Classification;
///
/// let class: Classification = serde_json::from_str("3").unwrap();
/// assert_eq!(class, Classification::SECURITY_INCIDENT);
/// assert_eq!(class.to_string(), "security incident");
/// assert_eq!("security-incident".parse(), Ok(class));
///
/// let newer = Classification::from_number(7); // kept, not rejected
/// assert_eq!((newer.number(), newer.is_known()), (7, false));
/// assert_eq!(newer.to_string(), "classification 7");
///
/// match class {
///     Classification::ERROR | Classification::SECURITY_INCIDENT => { /* alert */ }
///     _ => {}
/// }
/// ```
///
/// There is no second way to write a known number: the field is private.
///
/// ```compile_fail
/// let one = primo_events::journal::Classification(1);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Classification(u32);

impl Classification {
    /// 1: information.
    pub const INFORMATION: Classification = Classification(1);
    /// 2: an error.
    pub const ERROR: Classification = Classification(2);
    /// 3: a security incident.
    pub const SECURITY_INCIDENT: Classification = Classification(3);
    /// 4: a correction.
    pub const CORRECTION: Classification = Classification(4);

    /// Every classification with a name, with it.
    const KNOWN: [(Classification, &'static str); 4] = [
        (Classification::INFORMATION, "information"),
        (Classification::ERROR, "error"),
        (Classification::SECURITY_INCIDENT, "security incident"),
        (Classification::CORRECTION, "correction"),
    ];

    /// The classification the server writes as `number`, known to this build or not.
    pub const fn from_number(number: u32) -> Self {
        Classification(number)
    }

    /// The number the server writes.
    pub const fn number(self) -> u32 {
        self.0
    }

    /// Whether this build of the crate has a name for it.
    pub fn is_known(self) -> bool {
        self.words().is_some()
    }

    /// The classification's name in words, if it has one.
    fn words(self) -> Option<&'static str> {
        Self::KNOWN
            .iter()
            .find(|(known, _)| *known == self)
            .map(|&(_, words)| words)
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
            .find(|&(_, known)| known == words)
            .map(|(class, _)| class)
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
/// failure to read does. Blank lines are skipped, a byte-order mark before the first
/// line (a Windows export) and CRLF line ends are read past, and a line longer than
/// [`JsonLines::max_line_len`] (16 MiB unless set) is an error without being held in
/// memory.
///
/// ```
/// use primo_events::journal::json_lines;
///
/// let export = "\u{feff}{\"event\":2001}\r\nnot json\n\n{\"event\":99999}\n";
/// let read: Vec<_> = json_lines(export.as_bytes()).collect();
/// assert_eq!(read.len(), 3);
/// assert_eq!(read[0].as_ref().unwrap().event.get(), 2001);
/// assert_eq!(read[1].as_ref().unwrap_err().to_string(), "line 2, column 2: expected ident");
/// assert_eq!(read[2].as_ref().unwrap().event(), None); // a newer server's event, kept
/// ```
#[cfg(feature = "std")]
pub fn json_lines<R: std::io::BufRead>(reader: R) -> JsonLines<R> {
    JsonLines {
        reader,
        line: 0,
        buffer: alloc::vec::Vec::new(),
        max_line_len: JsonLines::<R>::DEFAULT_MAX_LINE_LEN,
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
    max_line_len: usize,
    /// Reading failed: nothing more comes.
    failed: bool,
}

#[cfg(feature = "std")]
impl<R> JsonLines<R> {
    /// The longest line read unless set otherwise: far beyond any real record.
    pub const DEFAULT_MAX_LINE_LEN: usize = 16 << 20;

    /// The longest line, in bytes without its line end, that is read as a record; a longer
    /// one is an error and is skipped without being kept.
    pub fn max_line_len(mut self, bytes: usize) -> Self {
        self.max_line_len = bytes;
        self
    }
}

/// Once the line buffer has grown past this for a long line, it is given back.
#[cfg(feature = "std")]
const KEPT_BUFFER: usize = 1 << 20;

#[cfg(feature = "std")]
impl<R: std::io::BufRead> JsonLines<R> {
    /// Reads the next line into the buffer, without its line end: `Ok(None)` at the end
    /// of the input, `Ok(Some(false))` for a line longer than the bound (read past in
    /// pieces, not kept).
    fn next_line(&mut self) -> std::io::Result<Option<bool>> {
        use std::io::{BufRead, Read};
        self.buffer.clear();
        if self.buffer.capacity() > KEPT_BUFFER {
            self.buffer.shrink_to(KEPT_BUFFER);
        }
        // At most the bound and the line end: read_until finds the end with memchr.
        let limit = (self.max_line_len as u64).saturating_add(1);
        let read = (&mut self.reader)
            .take(limit)
            .read_until(b'\n', &mut self.buffer)?;
        if read == 0 {
            return Ok(None);
        }
        let ended = self.buffer.last() == Some(&b'\n');
        if ended {
            self.buffer.pop();
        } else if read as u64 == limit {
            // Too long: read past the rest of the line, a piece at a time.
            loop {
                self.buffer.clear();
                let mut piece = (&mut self.reader).take(KEPT_BUFFER as u64);
                let n = piece.read_until(b'\n', &mut self.buffer)?;
                if n == 0 || self.buffer.last() == Some(&b'\n') {
                    return Ok(Some(false));
                }
            }
        }
        if self.line == 1 && self.buffer.starts_with(b"\xEF\xBB\xBF") {
            self.buffer.drain(..3);
        }
        if self.buffer.last() == Some(&b'\r') {
            self.buffer.pop();
        }
        Ok(Some(true))
    }
}

#[cfg(feature = "std")]
impl<R: std::io::BufRead> Iterator for JsonLines<R> {
    type Item = Result<Record<'static>, LineError>;

    fn next(&mut self) -> Option<Self::Item> {
        while !self.failed {
            self.line += 1;
            let error = match self.next_line() {
                Ok(None) => return None,
                Ok(Some(true)) => {
                    if self.buffer.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    // Checking the line's UTF-8 at once is faster than serde_json checking
                    // each string as it reads it.
                    match core::str::from_utf8(&self.buffer) {
                        Ok(line) => match Record::from_json(line) {
                            Ok(record) => return Some(Ok(record.into_owned())),
                            Err(error) => LineErrorKind::Json(error),
                        },
                        Err(error) => LineErrorKind::Utf8(error),
                    }
                }
                Ok(Some(false)) => LineErrorKind::TooLong(self.max_line_len),
                Err(error) => {
                    self.failed = true;
                    LineErrorKind::Io(error)
                }
            };
            return Some(Err(LineError {
                line: self.line,
                error,
            }));
        }
        None
    }
}

/// A line of a JSON-lines journal that could not be read: its number, and the reason.
///
/// Its `Display` says where and what (`line 12, column 14: missing field `event``); only
/// a failure to read has a [`source`](std::error::Error::source), the I/O error, which
/// `Display` leaves to it, so an error chain (`{:#}` of anyhow) says each thing once.
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
    /// Longer than this many bytes.
    TooLong(usize),
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

/// `line 12, column 14: missing field `event``, `line 3: invalid UTF-8 at byte 7`,
/// `line 9: longer than 16777216 bytes`, `line 4: cannot read the input`.
#[cfg(feature = "std")]
impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = self.line;
        match &self.error {
            LineErrorKind::Io(_) => write!(f, "line {line}: cannot read the input"),
            LineErrorKind::Utf8(error) => {
                write!(
                    f,
                    "line {line}: invalid UTF-8 at byte {}",
                    error.valid_up_to() + 1
                )
            }
            LineErrorKind::TooLong(max) => write!(f, "line {line}: longer than {max} bytes"),
            LineErrorKind::Json(error) => {
                // serde_json ends its message with its own place in the one-line input.
                use alloc::string::ToString;
                let message = error.to_string();
                let place = alloc::format!(" at line {} column {}", error.line(), error.column());
                let message = message.strip_suffix(&place).unwrap_or(&message);
                write!(f, "line {line}, column {}: {message}", error.column())
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for LineError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.error {
            LineErrorKind::Io(error) => Some(error),
            _ => None,
        }
    }
}
