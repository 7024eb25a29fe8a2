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
//! - `std` (on by default) and `alloc`: what needs them (the journal's JSON-lines reader;
//!   journal records). Without default features the crate needs neither.
//! - `serde`: [`Event`] as its code on the wire, read from a code or a name;
//!   [`EventCode`] as any number or a known name; `primo_events::serde::name` to write
//!   names instead.
//! - `journal`: `primo_events::journal`, the server's journal records (`Record`,
//!   `Classification`) and a reader of JSON lines; it brings serde_core and serde_json
//!   (the serde impls are written by hand: a build does not wait for serde_derive).
//!
//! The crate is `#![no_std]`, has no runtime dependency but those features', and every
//! lookup is a table lookup: no scan over the events.

#![no_std]
// docs.rs (nightly, --cfg docsrs): a badge on each item that needs a feature.
#![cfg_attr(docsrs, feature(doc_cfg))]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod error;
mod event_code;
/// The arithmetic of the lookup tables: the generator's own file
/// (`primo_events_codegen::lookup`), which build.rs copies next to the generated tables,
/// so that the library reads every table with the functions that laid it out.
#[macro_use]
mod lookup {
    include!(concat!(env!("OUT_DIR"), "/lookup.rs"));
}
#[cfg(feature = "journal")]
pub mod journal;
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
    ALIASES, CODE_BASE, CODE_BLOCK_OF, CODE_HASH_SEED, CODE_INDEX, CODE_LAYOUT, CODE_PILOTS,
    CODE_SHIFT, CODE_SLOT_BITS, CODES, DESCRIPTIONS, NAME_HASH_FULL, NAME_HASH_SEED, NAME_KEYS,
    NAME_PILOTS, NAME_SLOT_BITS, NAME_SLOTS, NAMES, NOTES, SECTIONS,
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
        NAMES[index_of(self)]
    }

    /// The catalog's description of the event, if it has one.
    #[inline]
    pub const fn description(self) -> Option<&'static str> {
        DESCRIPTIONS[index_of(self)]
    }

    /// The heading the catalog lists the event under (the vendor's section, such as
    /// `"Авторизация"`), if it has one.
    #[inline]
    pub const fn section(self) -> Option<&'static str> {
        SECTIONS[index_of(self)]
    }

    /// The catalog's note on the event (its `Note` cell: why an event is kept, say), if
    /// it has one.
    ///
    /// ```
    /// use primo_events::Event;
    ///
    /// assert!(Event::Login.note().is_none());
    /// ```
    #[inline]
    pub const fn note(self) -> Option<&'static str> {
        NOTES[index_of(self)]
    }

    /// The event's other names (its aliases, deprecated ones too), in the catalog's
    /// order; each is also an associated constant and [`Event::from_name`] reads it.
    ///
    /// ```
    /// use primo_events::Event;
    ///
    /// let event = Event::TrainProcessCompletedSuccess;
    /// assert!(event.aliases().contains(&"TrainProcessTimeout"));
    /// assert_eq!(Event::from_name("TrainProcessTimeout"), Some(event));
    /// ```
    #[inline]
    pub const fn aliases(self) -> &'static [&'static str] {
        ALIASES[index_of(self)]
    }

    /// The event with this code, or `None` for a code the catalog does not know.
    #[inline]
    pub const fn from_code(code: u32) -> Option<Event> {
        match index_of_code(code) {
            Some(index) => Some(event_at(index)),
            None => None,
        }
    }

    /// The event with this exact (case-sensitive) name; an alias gives the event it
    /// stands for. One hash and one string comparison, hit or miss.
    #[inline]
    pub fn from_name(name: &str) -> Option<Event> {
        let (key, index, head) = name_slot(name)?;
        (head == lookup::head(name.as_bytes()) && key == name).then(|| event_at(index))
    }

    /// The event whose name equals `name` ignoring ASCII case (`"login"`, `"LOGIN"`);
    /// an alias gives the event it stands for. The catalog never holds two names that
    /// differ only in case, so the answer is unambiguous.
    #[inline]
    pub fn from_name_ignore_ascii_case(name: &str) -> Option<Event> {
        let (key, index, _) = name_slot(name)?;
        key.eq_ignore_ascii_case(name).then(|| event_at(index))
    }
}

// The helpers below are free functions, not items of `impl Event`: an event may be named
// `index` or anything else that is not one of the enum's public items.

/// The index of `event` in [`Event::ALL`].
#[inline]
const fn index_of(event: Event) -> usize {
    match index_of_code(event.code()) {
        Some(index) => index,
        // Every variant's code is in the table.
        None => unreachable!(),
    }
}

/// The index in [`Event::ALL`] of the event with `code` (see `lookup::code_index`).
#[inline]
const fn index_of_code(code: u32) -> Option<usize> {
    code_index!(code, CODES)
}

/// The event at `index` in [`Event::ALL`]; `index` comes from the generated tables, which
/// hold only indices below [`Event::COUNT`] (and indexing checks it all the same).
///
/// A transmute rather than `Event::ALL[index]` or a `match`: rustc takes time quadratic
/// in the number of variants to build constants of an enum with explicit
/// discriminants, which a catalog of 100,000 events turns into minutes.
#[inline]
const fn event_at(index: usize) -> Event {
    let code = CODES[index];
    // SAFETY: `Event` is `#[repr(u32)]` and the value transmuted is read from `CODES`,
    // never taken from the caller. build.rs writes `CODES` and the enum's variants from
    // the same list of checked events, `CODES[i]` being the discriminant of the i-th
    // variant, so every element of `CODES` is the discriminant of a variant (tests
    // compare `CODES` with the variants of every layout in real builds).
    unsafe { core::mem::transmute::<u32, Event>(code) }
}

/// The name in the one name-table slot that `name` can be in, whatever its case, the
/// index in [`Event::ALL`] of its event and its first 8 bytes; `None` when the slot is
/// empty or its fingerprint (32 more bits of the hash) already rules `name` out, as for
/// most misses.
#[inline]
fn name_slot(name: &str) -> Option<(&'static str, usize, u64)> {
    let h = lookup::hash(name.as_bytes(), NAME_HASH_SEED, NAME_HASH_FULL);
    let slot = lookup::table_slot(h, &NAME_PILOTS, NAME_SLOT_BITS);
    let key = NAME_SLOTS[slot];
    let &(name, fingerprint, index, head) = NAME_KEYS.get(key as usize)?;
    (fingerprint == lookup::fingerprint(h)).then_some((name, index as usize, head))
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

/// Keeps the README's examples compiling and true (they use every feature).
#[doc = include_str!("../README.md")]
#[cfg(all(doctest, feature = "journal"))]
pub struct ReadmeDoctests;
