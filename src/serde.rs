//! serde support (feature `serde`).
//!
//! [`Event`] serializes as its numeric code, the journal's wire form, and deserializes
//! from a code or a name (the journal's `eventName`), aliases included; an unknown code
//! or name is an error that names it. [`EventCode`] serializes as its number and
//! deserializes from any number, so a record with a code newer than this crate still
//! parses.
//!
//! That is in human-readable formats (JSON, TOML, YAML: `is_human_readable()`). A binary
//! format (postcard, bincode) does not say what comes next, so there each type reads
//! exactly what it writes: the code as a `u32` (`serde::name`: the name as a string).
//!
//! Decode a journal's `event` into [`EventCode`], not [`Event`]: the server adds events
//! in new versions, and a field of type `Event` rejects a record whose code is newer than
//! this crate, so a reader that skips bad records would silently drop it. An
//! `EventCode` keeps any code; ask it for the `Event` when you need one. (The feature
//! `journal` has the whole record: `primo_events::journal::Record`.)
//!
//! ```
//! # #[cfg(feature = "serde")] {
//! use primo_events::{Event, EventCode};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize)]
//! struct Record {
//!     event: EventCode,                                  // 2001, or a newer server's code
//!     #[serde(rename = "eventName")]
//!     event_name: Option<String>,                        // "Login"
//! }
//!
//! let record: Record = serde_json::from_str(r#"{"event": 99999}"#).unwrap();
//! assert_eq!(record.event.event(), None); // unknown to this build, and kept
//! # }
//! ```
//!
//! Where a field must be a known event, `Event` is the type, written as its code; to
//! write it as its name instead, choose the form on the field:
//! `#[serde(with = "primo_events::serde::name")] event: Event`.

use core::fmt;

use serde_core::de::{self, Deserialize, Deserializer, Unexpected, Visitor};
use serde_core::ser::{Serialize, Serializer};

use crate::{Event, EventCode};

impl Serialize for Event {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        code::serialize(self, serializer)
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        code::deserialize(deserializer)
    }
}

impl Serialize for EventCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(self.get())
    }
}

/// Any code, known to this build or not, or the name of an event or alias (as
/// [`EventCode`]'s `FromStr`); an unknown name is an error.
impl<'de> Deserialize<'de> for EventCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        read(deserializer, CodeOrName { known: false }, Wire::Code)
    }
}

/// An [`Event`] as its code (what `Event`'s own impls do), for
/// `#[serde(with = "primo_events::serde::code")]`. Deserializing also takes a name.
pub mod code {
    use super::*;

    /// Writes the event's code.
    pub fn serialize<S: Serializer>(event: &Event, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_u32(event.code())
    }

    /// Reads a code or a name (a binary format: the code).
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Event, D::Error> {
        known_event(deserializer, Wire::Code)
    }
}

/// An [`Event`] as its name, for `#[serde(with = "primo_events::serde::name")]`.
/// Deserializing also takes a code.
pub mod name {
    use super::*;

    /// Writes the event's name (an alias is written as the name of its event).
    pub fn serialize<S: Serializer>(event: &Event, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(event.name())
    }

    /// Reads a name or a code (a binary format: the name).
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Event, D::Error> {
        known_event(deserializer, Wire::Name)
    }
}

/// What a binary format holds, as the type wrote it.
enum Wire {
    Code,
    Name,
}

/// Reads with `visitor`: whatever a human-readable format holds (a code or a name), in a
/// binary format what `wire` says was written.
fn read<'de, D: Deserializer<'de>>(
    deserializer: D,
    visitor: CodeOrName,
    wire: Wire,
) -> Result<EventCode, D::Error> {
    match (deserializer.is_human_readable(), wire) {
        (true, _) => deserializer.deserialize_any(visitor),
        (false, Wire::Code) => deserializer.deserialize_u32(visitor),
        (false, Wire::Name) => deserializer.deserialize_str(visitor),
    }
}

/// Reads a code or a name into an [`Event`]: an unknown one is an error.
fn known_event<'de, D: Deserializer<'de>>(deserializer: D, wire: Wire) -> Result<Event, D::Error> {
    let code = read(deserializer, CodeOrName { known: true }, wire)?;
    code.event()
        .ok_or_else(|| de::Error::custom("unknown event code"))
}

/// Accepts a code (any integer type that fits in `u32`) or the name of an event or
/// alias; with `known`, only a code this build knows.
struct CodeOrName {
    known: bool,
}

impl CodeOrName {
    fn code<E: de::Error>(
        &self,
        code: Option<u32>,
        unexpected: Unexpected<'_>,
    ) -> Result<EventCode, E> {
        code.map(EventCode::new)
            .filter(|code| !self.known || code.event().is_some())
            .ok_or_else(|| E::invalid_value(unexpected, self))
    }
}

impl Visitor<'_> for CodeOrName {
    type Value = EventCode;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.known {
            f.write_str("a Primo RPA AI Server event code or name")
        } else {
            f.write_str("an event code (a u32) or an event name")
        }
    }

    fn visit_u64<E: de::Error>(self, code: u64) -> Result<EventCode, E> {
        self.code(u32::try_from(code).ok(), Unexpected::Unsigned(code))
    }

    fn visit_i64<E: de::Error>(self, code: i64) -> Result<EventCode, E> {
        self.code(u32::try_from(code).ok(), Unexpected::Signed(code))
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<EventCode, E> {
        name.parse::<Event>()
            .map(EventCode::from)
            .map_err(|_| E::invalid_value(Unexpected::Str(name), &self))
    }
}
