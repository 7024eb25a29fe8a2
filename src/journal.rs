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
//! With the `std` feature (on by default), [`Reader`] cuts a journal export (JSON lines,
//! JSON arrays, or both, of any size) into the texts of its records with their places,
//! holding no more than a block and one record; [`json_lines`] reads the records of an
//! export on it.

use alloc::string::String;
use core::fmt;
use core::str::FromStr;

use serde_core::de::{Deserialize, Deserializer};
use serde_core::ser::{Serialize, Serializer};

use crate::{Event, EventCode};

mod flat;
#[cfg(feature = "std")]
mod reader;
mod texts;
mod wire;

#[cfg(feature = "std")]
pub use reader::{Block, Flaw, Piece, Place, Reader};
use texts::Hold;
pub use texts::{JsonText, Texts};
pub use wire::{Export, Field, FieldSet, Record, Value};

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
        let agrees = match self.event() {
            // The server writes the event's own name: one comparison, no lookup.
            Some(event) => event.name() == name || Event::from_name(name) == Some(event),
            None => Event::from_name(name).is_none(),
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
        Record::from_json_fields(text, FieldSet::ALL)
    }

    /// Reads a record as [`Record::from_json`] does, but makes only the fields in `only`
    /// (and `event`, which every record has); the others are `None`. The whole text is
    /// checked all the same, so the same texts are accepted, and refused with the same
    /// errors: what is saved is decoding the rest (unescaping their strings, copying
    /// them), which for the server's records, their text often escaped, is most of the
    /// work.
    ///
    /// ```
    /// use primo_events::journal::{FieldSet, Record};
    ///
    /// let text = r#"{"event":2001,"userId":"\u0438\u0432","text":"\u0432\u0445\u043e\u0434"}"#;
    /// let record = Record::from_json_fields(text, FieldSet::of(&["user_id"]))?;
    /// assert_eq!((record.user_id.as_deref(), record.text), (Some("ив"), None));
    /// let wrong = r#"{"event":2001,"text":5}"#;
    /// assert_eq!(
    ///     Record::from_json_fields(wrong, FieldSet::of(&["user_id"])).unwrap_err().to_string(),
    ///     Record::from_json(wrong).unwrap_err().to_string(),
    /// );
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn from_json_fields(
        text: &'a str,
        only: FieldSet,
    ) -> Result<Record<'a>, serde_json::Error> {
        // Nothing kept between calls: each record expects the server's order.
        let mut order = flat::Order::NAMES;
        Record::read(text, only, &mut order)
    }

    /// Reads a record as [`Record::from_json_fields`] does, but hands over the string
    /// fields that `texts` asks for as the JSON holds them, escapes and all, rather than
    /// decoded; in the record they are `None`. For a program that decodes a string only
    /// when it must: counting by the text as written, or decoding into a buffer of its
    /// own. Each call replaces what `texts` held (a block's records can share one): on
    /// an error, it holds nothing.
    ///
    /// ```
    /// use primo_events::journal::{FieldSet, Record, Texts};
    ///
    /// let line = r#"{"event":2001,"userId":"\u0438\u0432","ip":"10.0.0.1"}"#;
    /// let mut texts = Texts::of(FieldSet::of(&["user_id"]));
    /// let record = Record::from_json_texts(line, FieldSet::ALL, &mut texts)?;
    /// assert_eq!((record.user_id, record.ip.as_deref()), (None, Some("10.0.0.1")));
    /// let user = texts.get(Record::index_of("user_id").unwrap()).unwrap();
    /// assert_eq!(user.escaped(), Some(r"\u0438\u0432"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    // Inlined where it is called, so that the record is made in the caller's place:
    // returned, it was copied on its way, twice a record (with `read`'s order, below,
    // 8% of `journal stats`' instructions).
    #[inline]
    pub fn from_json_texts(
        text: &'a str,
        only: FieldSet,
        texts: &mut Texts<'a>,
    ) -> Result<Record<'a>, serde_json::Error> {
        Record::read(text, only, texts)
    }

    /// Both readers: a flat record on the fast path, any other text by serde_json; the
    /// strings `held` asks for go to it, and the order of fields it expects is the one
    /// read. (Generic, so that `from_json_fields`, which holds no string, costs nothing
    /// for them: through an empty [`Texts`], 2% more.) Always inlined, for the reason
    /// `from_json_texts` is.
    #[inline(always)]
    fn read(
        text: &'a str,
        only: FieldSet,
        held: &mut impl Hold<'a>,
    ) -> Result<Record<'a>, serde_json::Error> {
        let only = only.without(held.asked());
        let mut values = [None; wire::FIELD_COUNT];
        if flat::values(text, &mut values, held.order()).is_some() {
            // Held first (and replaced below if a type is wrong): made before the call,
            // the record was copied to be returned.
            held.hold_raw(&values);
            if let Some(record) = Record::from_raw(&values, only) {
                return Ok(record);
            }
        }
        let mut record: Record<'a> = match serde_json::from_str(text) {
            Ok(record) => record,
            Err(error) => {
                held.clear();
                return Err(error);
            }
        };
        held.take(&mut record);
        record.keep_only(only);
        Ok(record)
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

/// Reads a journal export (feature `std`): each record, or an error that says where and
/// why. Made for JSON lines, one record per line, and reads what [`Reader`] reads, so
/// JSON arrays and records spread over lines too. A bad line does not end the reading; a
/// failure to read does. Blank lines are skipped, a byte-order mark before the first
/// line (a Windows export) and CRLF line ends are read past, and a text longer than
/// [`JsonLines::max_line_len`] (16 MiB unless set, white space at its ends aside) is an
/// error without being held in memory.
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
        reader: Reader::new(reader).block_size(JSON_LINES_BLOCK),
        block: Block::default(),
        next: 0,
        order: flat::Order::NAMES,
    }
}

/// The blocks json_lines reads: small, since it hands out one record at a time.
#[cfg(feature = "std")]
const JSON_LINES_BLOCK: usize = 64 << 10;

/// The iterator of [`json_lines`].
#[cfg(feature = "std")]
#[derive(Debug)]
pub struct JsonLines<R> {
    reader: Reader<R>,
    /// The block being handed out, and its next piece.
    block: Block,
    next: usize,
    /// The order of the fields in the last record, tried first in the next.
    order: flat::Order,
}

#[cfg(feature = "std")]
impl<R: std::io::Read> JsonLines<R> {
    /// The longest line read unless set otherwise: far beyond any real record.
    pub const DEFAULT_MAX_LINE_LEN: usize = Reader::<R>::DEFAULT_MAX_LEN;

    /// The longest record text, in bytes from its first to its last byte that is not
    /// white space; a longer one is an error and is read past without being kept.
    pub fn max_line_len(mut self, bytes: usize) -> Self {
        self.reader = self.reader.max_len(bytes);
        self
    }
}

#[cfg(feature = "std")]
impl<R: std::io::BufRead> Iterator for JsonLines<R> {
    type Item = Result<Record<'static>, LineError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let Some(piece) = self.block.get(self.next) else {
                self.block = match self.reader.next()? {
                    Ok(block) => block,
                    Err(error) => {
                        let place = Place {
                            line: self.reader.line(),
                            column: 1,
                        };
                        return Some(Err(LineError::new(place, LineErrorKind::Io(error))));
                    }
                };
                self.next = 0;
                continue;
            };
            self.next += 1;
            return Some(match piece {
                Piece::Text { place, text } => decode(text, place, &mut self.order)
                    .map(Record::into_owned)
                    .map_err(|(at, error)| LineError::new(at, error)),
                Piece::Flaw { place, flaw } => {
                    Err(LineError::new(place, LineErrorKind::Flaw(flaw)))
                }
            });
        }
    }
}

/// A record from its text, which starts at `place`, or where in the input and why not.
#[cfg(feature = "std")]
fn decode<'t>(
    text: &'t [u8],
    place: Place,
    order: &mut flat::Order,
) -> Result<Record<'t>, (Place, LineErrorKind)> {
    // Checking the text's UTF-8 at once is faster than serde_json checking each string.
    let text = core::str::from_utf8(text).map_err(|error| {
        (
            place.at_offset(text, error.valid_up_to()),
            LineErrorKind::Utf8,
        )
    })?;
    // As `Record::from_json` reads it, the fields expected in the last record's order.
    Record::read(text, FieldSet::ALL, order).map_err(|error| {
        let at = place.within(error.line(), error.column());
        (at, LineErrorKind::Json(error))
    })
}

/// A record of a journal export that could not be read: where, and why.
///
/// Its `Display` says where and what (`line 12, column 14: missing field `event``); only
/// a failure to read has a [`source`](std::error::Error::source), the I/O error, which
/// `Display` leaves to it, so an error chain (`{:#}` of anyhow) says each thing once.
#[cfg(feature = "std")]
#[derive(Debug)]
pub struct LineError {
    place: Place,
    error: LineErrorKind,
}

#[cfg(feature = "std")]
#[derive(Debug)]
enum LineErrorKind {
    Io(std::io::Error),
    Utf8,
    Json(serde_json::Error),
    Flaw(Flaw),
}

#[cfg(feature = "std")]
impl LineError {
    fn new(place: Place, error: LineErrorKind) -> Self {
        LineError { place, error }
    }

    /// The 1-based number of the line.
    pub fn line(&self) -> u64 {
        self.place.line
    }

    /// The 1-based column, in bytes, of the problem (or of the text it is in).
    pub fn column(&self) -> u64 {
        self.place.column
    }

    /// Whether reading failed (rather than the text being no record); nothing follows.
    pub fn is_io(&self) -> bool {
        matches!(self.error, LineErrorKind::Io(_))
    }
}

/// `line 12, column 14: missing field `event``, `line 3, column 7: invalid UTF-8`,
/// `line 9, column 1: longer than 16777216 bytes: read past, not kept`, `line 4: cannot
/// read the input`.
#[cfg(feature = "std")]
impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = self.place;
        match &self.error {
            LineErrorKind::Io(_) => write!(f, "line {}: cannot read the input", place.line),
            LineErrorKind::Utf8 => write!(f, "{place}: invalid UTF-8"),
            LineErrorKind::Flaw(flaw) => write!(f, "{place}: {flaw}"),
            LineErrorKind::Json(error) => write!(f, "{place}: {}", json_message(error)),
        }
    }
}

/// What serde_json says of a text, without its own place at the end (" at line 1
/// column 7"), which is a place in the text rather than in the input.
#[cfg(feature = "std")]
pub fn json_message(error: &serde_json::Error) -> alloc::string::String {
    use alloc::string::ToString;
    let message = error.to_string();
    let place = alloc::format!(" at line {} column {}", error.line(), error.column());
    match message.strip_suffix(&place) {
        Some(stripped) => stripped.to_string(),
        None => message,
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
