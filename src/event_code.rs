//! [`EventCode`]: any code the journal may hold, known to this build or not.

use core::fmt;
use core::str::FromStr;

use crate::{Event, UnknownEventName};

/// A journal event code, whether or not this version of the crate knows it, as
/// `http::StatusCode` is for statuses.
///
/// The server's event list "may change in future versions": a consumer built today will
/// meet codes that did not exist when it was compiled. Decode records into `EventCode`
/// and nothing is lost; ask [`EventCode::event`] for the typed event when you need it.
///
/// ```
/// use primo_events::{Event, EventCode};
///
/// let known = EventCode::new(2001);
/// assert_eq!(known.event(), Some(Event::Login));
/// assert_eq!(known.to_string(), "2001 Login");
///
/// let future = EventCode::new(99_999);
/// assert_eq!(future.event(), None);
/// assert_eq!(future.get(), 99_999);
/// assert_eq!(future.to_string(), "99999 (unknown event)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EventCode(u32);

impl EventCode {
    /// The code, known or not.
    pub const fn new(code: u32) -> Self {
        EventCode(code)
    }

    /// The number the journal holds.
    pub const fn get(self) -> u32 {
        self.0
    }

    /// The event with this code, if this build of the crate knows it.
    #[inline]
    pub const fn event(self) -> Option<Event> {
        Event::from_code(self.0)
    }
}

impl From<Event> for EventCode {
    fn from(event: Event) -> Self {
        EventCode(event.code())
    }
}

impl From<u32> for EventCode {
    fn from(code: u32) -> Self {
        EventCode(code)
    }
}

impl From<EventCode> for u32 {
    fn from(code: EventCode) -> u32 {
        code.0
    }
}

impl PartialEq<Event> for EventCode {
    fn eq(&self, event: &Event) -> bool {
        self.0 == event.code()
    }
}

impl PartialEq<EventCode> for Event {
    fn eq(&self, code: &EventCode) -> bool {
        self.code() == code.0
    }
}

/// The code and the event's name, `15801 TrainProcessCompletedError`, or
/// `99999 (unknown event)`.
impl fmt::Display for EventCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.event() {
            Some(event) => write!(f, "{} {}", self.0, event.name()),
            None => write!(f, "{} (unknown event)", self.0),
        }
    }
}

/// A decimal code (any, known or not) or the exact name of an event or alias.
impl FromStr for EventCode {
    type Err = UnknownEventName;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        if let Ok(code) = text.parse::<u32>() {
            return Ok(EventCode(code));
        }
        text.parse::<Event>().map(EventCode::from)
    }
}
