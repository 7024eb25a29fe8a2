//! The events that Primo RPA AI Server writes to its journal, as a typed [`Event`] enum.
//!
//! ```
//! use primo_events::{Event, EventCode};
//!
//! let event = Event::from_code(2001).unwrap();
//! assert_eq!(event, Event::Login);
//! assert_eq!(event.name(), "Login");
//! assert_eq!("Login".parse::<Event>(), Ok(Event::Login));
//! assert_eq!(Event::try_from(99_999).unwrap_err().to_string(), "unknown event code 99999");
//!
//! // A code from a newer server: kept, not lost.
//! let code = EventCode::new(99_999);
//! assert_eq!((code.get(), code.event()), (99_999, None));
//! ```
//!
//! The enum is generated at build time from the catalog `events.md`; [`catalog`] lists it.
//!
//! # Aliases
//!
//! Two names may share one code, as in the server's own C# enum: the second is an
//! *alias*, an associated constant equal to the first event
//! (`Event::TrainProcessTimeout == Event::TrainProcessCompletedSuccess`, code 15800).
//! [`Event::from_name`] accepts it; [`Event::name`] gives the event's own name.
//!
//! # Forward compatibility
//!
//! The server's event list changes between versions. [`Event`] is `#[non_exhaustive]`,
//! so a new event in a later version of this crate is not a breaking change: match on it
//! with a wildcard arm. To keep records whose code this build does not know, decode into
//! [`EventCode`], which holds any code, and ask it for the [`Event`] when needed.
//!
//! # Features
//!
//! - `serde` (off by default): [`Event`] as its code on the wire, read from a code or a
//!   name; [`EventCode`] as any number; `primo_events::serde::name` to write names instead. Works
//!   without `std`.
//!
//! The crate is `#![no_std]`, has no other runtime dependency, and every lookup is a
//! table lookup: no scan over the events.

#![no_std]

mod error;
mod event_code;
mod name_hash;
#[cfg(feature = "serde")]
pub mod serde;
mod generated {
    include!(concat!(env!("OUT_DIR"), "/events.rs"));
}

use core::fmt;
use core::str::FromStr;

pub use error::{UnknownEventCode, UnknownEventName};
pub use event_code::EventCode;
use generated::{
    CODE_BASE, CODE_BLOCK_OF, CODE_DENSE, CODE_INDEX, CODE_SHIFT, CODES, DESCRIPTIONS,
    NAME_HASH_FULL, NAME_HASH_SEED, NAME_KEYS, NAME_PILOTS, NAME_SLOT_BITS, NAME_SLOTS, NAMES,
    SECTIONS,
};
pub use generated::{Event, catalog};

impl Event {
    /// The number of events, aliases not counted: `Event::ALL.len()`.
    pub const COUNT: usize = CODES.len();

    /// The code the journal records for this event.
    #[inline]
    pub const fn code(self) -> u32 {
        self as u32
    }

    /// The event's name as in the catalog, e.g. `"Login"`. For an alias this is the name
    /// of the event it stands for.
    #[inline]
    pub const fn name(self) -> &'static str {
        NAMES[self.index()]
    }

    /// The catalog's description of the event, if it has one.
    #[inline]
    pub const fn description(self) -> Option<&'static str> {
        DESCRIPTIONS[self.index()]
    }

    /// The heading the catalog lists the event under (the vendor's section, such as
    /// `"Авторизация"`), if it has one.
    #[inline]
    pub const fn section(self) -> Option<&'static str> {
        SECTIONS[self.index()]
    }

    /// The event with this code, or `None` for a code the catalog does not know.
    #[inline]
    pub const fn from_code(code: u32) -> Option<Event> {
        match index_of_code(code) {
            Some(_) => Some(event_of_known_code(code)),
            None => None,
        }
    }

    /// The event with this exact (case-sensitive) name; an alias gives the event it
    /// stands for. One hash and one string comparison, hit or miss.
    #[inline]
    pub fn from_name(name: &str) -> Option<Event> {
        let (key, code, head) = name_slot(name)?;
        (head == name_hash::head(name.as_bytes()) && key == name).then(|| event_of_known_code(code))
    }

    /// The event whose name equals `name` ignoring ASCII case (`"login"`, `"LOGIN"`);
    /// an alias gives the event it stands for. The catalog never holds two names that
    /// differ only in case, so the answer is unambiguous.
    #[inline]
    pub fn from_name_ignore_ascii_case(name: &str) -> Option<Event> {
        let (key, code, _) = name_slot(name)?;
        key.eq_ignore_ascii_case(name)
            .then(|| event_of_known_code(code))
    }

    /// This event's index in [`Event::ALL`].
    #[inline]
    const fn index(self) -> usize {
        match index_of_code(self.code()) {
            Some(index) => index,
            // Every variant's code is in the table.
            None => unreachable!(),
        }
    }
}

/// The index in [`Event::ALL`] of the event with `code`: one or two loads, no search.
#[inline]
const fn index_of_code(code: u32) -> Option<usize> {
    let slot = if CODE_DENSE {
        code.wrapping_sub(CODE_BASE) as usize
    } else {
        let high = (code >> CODE_SHIFT).wrapping_sub(CODE_BASE) as usize;
        let block = if high < CODE_BLOCK_OF.len() {
            CODE_BLOCK_OF[high] as usize
        } else {
            0
        };
        (block << CODE_SHIFT) | (code & ((1 << CODE_SHIFT) - 1)) as usize
    };
    if slot >= CODE_INDEX.len() {
        return None;
    }
    let index = CODE_INDEX[slot] as usize;
    if index < Event::COUNT {
        Some(index)
    } else {
        None
    }
}

/// The event whose code `code` is; `code` must come from the generated tables.
///
/// A transmute rather than `Event::ALL[index]` or a `match`: rustc takes time quadratic
/// in the number of variants to build constants of an enum with explicit
/// discriminants, which a catalog of 100,000 events turns into minutes.
#[inline]
const fn event_of_known_code(code: u32) -> Event {
    // SAFETY: `Event` is `#[repr(u32)]`, and every code in the generated tables is the
    // discriminant of one of its variants: build.rs writes the variants and the tables
    // from the same checked catalog (tests/api.rs checks every code both ways).
    unsafe { core::mem::transmute::<u32, Event>(code) }
}

/// The name in the one name-table slot that `name` can be in, whatever its case, the
/// code of its event and its first 8 bytes; `None` when the slot is empty or its
/// fingerprint (32 more bits of the hash) already rules `name` out, as for most misses.
#[inline]
fn name_slot(name: &str) -> Option<(&'static str, u32, u64)> {
    let h = name_hash::hash(name.as_bytes(), NAME_HASH_SEED, NAME_HASH_FULL);
    let slot = if NAME_PILOTS.len() == 1 {
        name_hash::direct_slot(h, NAME_SLOT_BITS)
    } else {
        let pilot = NAME_PILOTS[name_hash::bucket(h, NAME_PILOTS.len())];
        name_hash::slot(h, pilot, NAME_SLOT_BITS)
    };
    let key = NAME_SLOTS[slot];
    let &(name, fingerprint, code, head) = NAME_KEYS.get(key as usize)?;
    (fingerprint == name_hash::fingerprint(h)).then_some((name, code, head))
}

/// Writes the variant's name, as a derived `Debug` would.
impl fmt::Debug for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Writes the event's name; width, fill and alignment apply.
impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

/// Parses an exact event name, as [`Event::from_name`].
impl FromStr for Event {
    type Err = UnknownEventName;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Event::from_name(name).ok_or_else(|| UnknownEventName::new(name))
    }
}

/// Decodes a journal code, as [`Event::from_code`].
impl TryFrom<u32> for Event {
    type Error = UnknownEventCode;

    fn try_from(code: u32) -> Result<Self, Self::Error> {
        Event::from_code(code).ok_or(UnknownEventCode::new(code))
    }
}

impl From<Event> for u32 {
    fn from(event: Event) -> u32 {
        event.code()
    }
}

/// Keeps the README's examples compiling and true.
#[doc = include_str!("../README.md")]
#[cfg(doctest)]
pub struct ReadmeDoctests;
