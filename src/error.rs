//! The errors of decoding a code or a name. Both keep what was rejected, so a caller can
//! log it or pass it on.

use core::fmt;

/// A code that no [`Event`](crate::Event) has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UnknownEventCode {
    code: u32,
}

impl UnknownEventCode {
    pub(crate) const fn new(code: u32) -> Self {
        UnknownEventCode { code }
    }

    /// The rejected code.
    pub const fn code(&self) -> u32 {
        self.code
    }
}

impl fmt::Display for UnknownEventCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown event code {}", self.code)
    }
}

impl core::error::Error for UnknownEventCode {}

/// A name that no [`Event`](crate::Event) has.
///
/// The crate needs no allocator, so the rejected name is kept inline: its first
/// [`UnknownEventName::CAPACITY`] bytes, cut at a character boundary. No event name is
/// that long, so a longer input is never a near miss worth showing in full.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnknownEventName {
    bytes: [u8; UnknownEventName::CAPACITY],
    len: u8,
    truncated: bool,
}

impl UnknownEventName {
    /// How many bytes of the rejected name are kept.
    pub const CAPACITY: usize = 64;

    pub(crate) fn new(name: &str) -> Self {
        let mut len = name.len().min(Self::CAPACITY);
        while !name.is_char_boundary(len) {
            len -= 1;
        }
        let mut bytes = [0; Self::CAPACITY];
        bytes[..len].copy_from_slice(&name.as_bytes()[..len]);
        UnknownEventName {
            bytes,
            // CAPACITY fits in a u8.
            len: len as u8,
            truncated: len < name.len(),
        }
    }

    /// The rejected name, or its first [`UnknownEventName::CAPACITY`] bytes at most (see
    /// [`UnknownEventName::is_truncated`]).
    pub fn name(&self) -> &str {
        // `new` copied whole characters of a `str`.
        core::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }

    /// Whether the rejected name was longer than what [`UnknownEventName::name`] keeps.
    pub const fn is_truncated(&self) -> bool {
        self.truncated
    }
}

impl fmt::Display for UnknownEventName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown event name {:?}", self.name())?;
        if self.truncated {
            f.write_str(" (truncated)")?;
        }
        Ok(())
    }
}

impl fmt::Debug for UnknownEventName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnknownEventName")
            .field("name", &self.name())
            .field("truncated", &self.truncated)
            .finish()
    }
}

impl core::error::Error for UnknownEventName {}
