//! The common record read without serde's machinery: one flat JSON object whose known
//! fields hold strings, unsigned integers, booleans or null, and whose other fields hold
//! the same kinds. That is what the server writes, and reading it here costs about what
//! serde_json spends only skipping the text. A string may hold escapes (the server
//! writes non-ASCII text as `\uXXXX` as often as not): they are checked as the string is
//! read, and decoded only for a field the record keeps. Anything else (an escaped
//! surrogate or key, a nested value, a float, a duplicate field, an error) gives `None`,
//! and serde_json reads the text as it always does ([`Record::from_json`]): the fuzz
//! target `record` checks that both read every text alike.

use alloc::borrow::Cow;
use alloc::string::String;

use super::Classification;
use super::wire::{FIELD_COUNT, NAMES, field_index};
use crate::EventCode;

/// A value of a flat object. (Compared and shown in tests only.)
#[derive(Clone, Copy)]
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(super) enum Raw<'a> {
    Null,
    Str(&'a str),
    /// A string with escapes, as written between its quotes (escapes checked).
    Escaped(&'a str),
    Int(u64),
    Bool(bool),
}

/// What one field's type takes of a [`Raw`] value: `None` when serde should decide.
pub(super) trait FromRaw<'a>: Sized {
    fn from_raw(raw: Raw<'a>) -> Option<Self>;

    /// Whether the field takes `raw`, for a field left empty: what `from_raw` accepts,
    /// without the work of making the value.
    fn check(raw: Raw<'a>) -> Option<()> {
        Self::from_raw(raw).map(drop)
    }
}

impl<'a> FromRaw<'a> for Option<Cow<'a, str>> {
    // Always inlined, a text borrowed is no call: two a record for `journal stats`
    // (`eventName`, `createdAt`), 2% of its time.
    #[inline(always)]
    fn from_raw(raw: Raw<'a>) -> Option<Self> {
        match raw {
            Raw::Null => Some(None),
            Raw::Str(text) => Some(Some(Cow::Borrowed(text))),
            Raw::Escaped(text) => Some(Some(Cow::Owned(unescaped(text)))),
            _ => None,
        }
    }

    fn check(raw: Raw<'a>) -> Option<()> {
        // A string's escapes were checked as it was read.
        matches!(raw, Raw::Null | Raw::Str(_) | Raw::Escaped(_)).then_some(())
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

/// Puts the values of `text`'s known fields in `fields` (empty to start), by field
/// index, if it is a flat record; `order` is the order expected, and becomes the order
/// read. Always inlined, and the table the caller's: returned, it was copied out of an
/// `Option`, a record's 400 bytes. Where the processor has AVX2 (and the other features
/// of x86-64-v3), the walk compiled for it: strings scanned thirty-two bytes a step and
/// escapes classified in two parts of sixty-four bytes rather than four, 2.4% less CPU
/// for `journal stats`; elsewhere the walk for any processor of the target.
#[inline(always)]
pub(super) fn values<'a>(
    text: &'a str,
    fields: &mut [Option<Raw<'a>>; FIELD_COUNT],
    order: &mut Order,
) -> Option<()> {
    #[cfg(all(feature = "std", target_arch = "x86_64"))]
    if avx2::detected() {
        // SAFETY: the processor has AVX2.
        return unsafe { avx2::values(text, fields, order) };
    }
    walk::<Narrow>(text, fields, order)
}

/// [`values`] with the strings scanned by `V`.
#[inline(always)]
fn walk<'a, V: Lanes>(
    text: &'a str,
    fields: &mut [Option<Raw<'a>>; FIELD_COUNT],
    order: &mut Order,
) -> Option<()> {
    let bytes = text.as_bytes();
    let mut at = skip_ws(bytes, 0);
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    // The field found last: none yet (the slot of the first).
    let mut last = FIELD_COUNT;
    at = skip_ws(bytes, at + 1);
    if bytes.get(at) == Some(&b'}') {
        at += 1;
    } else {
        loop {
            at = at_byte(bytes, at, b'"')?;
            // A writer puts the fields in one order: the field that came after the
            // last one found in the record before is tried first, as the bytes of its
            // quoted name and the colon (the name has no escape); white space around
            // the colon takes the long way.
            let expected = usize::from(order.0[last]);
            let (index, colon) = match NAMES.get(expected) {
                Some(name) if quoted_at(bytes, at + 1, expected) => {
                    (Some(expected), at + 2 + name.len())
                }
                _ => {
                    let (end, escaped) = string_end::<V>(bytes, at + 1)?;
                    if escaped {
                        return None; // no record key has an escape; serde reads what one means
                    }
                    (
                        field_index(&text[at + 1..end]),
                        at_byte(bytes, end + 1, b':')?,
                    )
                }
            };
            let (raw, next) = value::<V>(text, skip_ws(bytes, colon + 1))?;
            if let Some(index) = index {
                order.0[last] = index as u8;
                last = index;
                if fields[index].is_some() {
                    return None; // serde says which field is duplicated
                }
                fields[index] = Some(raw);
            }
            at = next;
            if !matches!(bytes.get(at), Some(b',' | b'}')) {
                at = skip_ws(bytes, at);
            }
            match bytes.get(at) {
                Some(b',') => at += 1,
                Some(b'}') => {
                    at += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    (skip_ws(bytes, at) == bytes.len()).then_some(())
}

/// The order a writer puts a record's fields in, as the last record read had them: for
/// each field, the one that came after it (slot [`FIELD_COUNT`]: the first), or
/// `FIELD_COUNT` for none. A guess only, checked against the text: records in another
/// order than [`NAMES`] (keys sorted, say) read as fast as the server's after the first.
#[derive(Clone, Copy, Debug)]
pub(super) struct Order([u8; FIELD_COUNT + 1]);

impl Order {
    /// The order of [`NAMES`], the server's.
    pub(super) const NAMES: Order = {
        let mut next = [0; FIELD_COUNT + 1];
        let mut index = 0;
        while index < FIELD_COUNT {
            next[index] = index as u8 + 1;
            index += 1;
        }
        Order(next)
    };
}

/// Whether `bytes` holds field `index`'s name at `at`, then a quote and a colon: the
/// sixteen bytes at `at` against the name's, masked, with no branch on the name's length
/// (which changes from field to field); a name of fifteen bytes or more, or a text's
/// last bytes, compared as slices.
#[inline]
fn quoted_at(bytes: &[u8], at: usize, index: usize) -> bool {
    let name = NAMES[index].as_bytes();
    let (pattern, mask) = QUOTED[index];
    match bytes.get(at..at + 16) {
        Some(chunk) if mask != 0 => {
            (u128::from_le_bytes(chunk.try_into().expect("sixteen bytes")) ^ pattern) & mask == 0
        }
        _ => {
            bytes.get(at..at + name.len()) == Some(name)
                && bytes.get(at + name.len()..at + name.len() + 2) == Some(b"\":")
        }
    }
}

/// Each field's name, a quote and a colon as the first bytes of a little-endian `u128`,
/// and the mask of those bytes, for [`quoted_at`]; for a name of fifteen bytes or more,
/// no bytes (a mask of 0): it is compared as a slice.
const QUOTED: [(u128, u128); FIELD_COUNT] = {
    let mut quoted = [(0, 0); FIELD_COUNT];
    let mut index = 0;
    while index < FIELD_COUNT {
        let name = NAMES[index].as_bytes();
        if name.len() < 15 {
            let mut bytes = [0; 16];
            let mut at = 0;
            while at < name.len() {
                bytes[at] = name[at];
                at += 1;
            }
            bytes[name.len()] = b'"';
            bytes[name.len() + 1] = b':';
            let covered = 8 * (name.len() as u32 + 2);
            let mask = match covered {
                128 => u128::MAX,
                bits => (1 << bits) - 1,
            };
            quoted[index] = (u128::from_le_bytes(bytes), mask);
        }
        index += 1;
    }
    quoted
};

/// The value at `at` and the offset after it. Always inlined: as a call, its value came
/// back through memory, a record's fields each time.
#[inline(always)]
fn value<V: Lanes>(text: &str, at: usize) -> Option<(Raw<'_>, usize)> {
    let bytes = text.as_bytes();
    let (raw, end) = match *bytes.get(at)? {
        b'"' => {
            let (end, escaped) = string_end::<V>(bytes, at + 1)?;
            // SAFETY: `at` and `end` are the string's quotes: ASCII, so both cut `text`
            // between characters. (Checked, the slice was a call of its own, not inlined
            // in the walk: 4% of `journal stats`' instructions.)
            let contents = unsafe { text.get_unchecked(at + 1..end) };
            match escaped {
                false => (Raw::Str(contents), end + 1),
                true => (Raw::Escaped(contents), end + 1),
            }
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

/// Where `byte` is: at `at`, or after white space. The byte is looked for first: the
/// server writes no white space, and each test skipped counts (four a field).
#[inline(always)]
fn at_byte(bytes: &[u8], at: usize, byte: u8) -> Option<usize> {
    if bytes.get(at) == Some(&byte) {
        return Some(at);
    }
    let at = skip_ws(bytes, at);
    (bytes.get(at) == Some(&byte)).then_some(at)
}

/// Where white space from `at` ends. One test tells the bytes past the space (every
/// value's first byte, every name's quote) from it: tested against each of the four
/// characters in turn, they were branches taken or not by the value's kind.
fn skip_ws(bytes: &[u8], mut at: usize) -> usize {
    while let Some(&byte @ ..=b' ') = bytes.get(at) {
        if !matches!(byte, b' ' | b'\n' | b'\r' | b'\t') {
            break;
        }
        at += 1;
    }
    at
}

/// The offset of the quote that closes a string whose contents start at `at`, and
/// whether the string has escapes; `None` at an escape serde must judge (not one of
/// JSON's, or a surrogate), a control character or the end of the text. Always inlined:
/// a record has some twenty strings, and the call's cost was a tenth of reading one
/// (instructions counted by cachegrind).
#[inline(always)]
fn string_end<V: Lanes>(bytes: &[u8], at: usize) -> Option<(usize, bool)> {
    let at = next_special::<V>(bytes, at);
    match *bytes.get(at)? {
        b'"' => Some((at, false)),
        b'\\' => escaped_string_end::<V>(bytes, at).map(|end| (end, true)),
        _ => None, // a control character
    }
}

/// [`string_end`] from the string's first backslash, at `at`, on: sixty-four bytes a
/// step, every escape in them checked at once with bit masks (which bytes are escaped
/// is told as simdjson tells it). Text written as `\uXXXX` is escape after escape, a
/// word at a time: read escape by escape, each run's end and each word's were branches
/// missed, a third of `journal stats`' misses.
#[inline(always)]
fn escaped_string_end<V: Lanes>(bytes: &[u8], mut at: usize) -> Option<usize> {
    // Carried into the next step, for its bytes: whether its first byte is escaped;
    // which must be hex digits; which are the first digit of a `\uXXXX`; which are the
    // second after a first `d` or `D` (the start of a surrogate).
    let (mut escaped_in, mut hex_in, mut first_in, mut second_in) = (0, 0, 0, 0);
    loop {
        let padded;
        let chunk: &[u8; 64] = match bytes.get(at..at + 64) {
            Some(chunk) => chunk.try_into().expect("sixty-four bytes"),
            // Past the text's end, zeros: control characters, which end no string.
            None => {
                let mut chunk = [0; 64];
                let rest = bytes.get(at..)?;
                chunk[..rest.len()].copy_from_slice(rest);
                padded = chunk;
                &padded
            }
        };
        let masks = V::masks(chunk);
        let escaped = escaped_bytes(masks.backslashes, &mut escaped_in);
        let quotes = masks.quotes & !escaped;
        // The bytes up to the closing quote, itself included: all, if it is not here.
        let upto = quotes ^ quotes.wrapping_sub(1);
        let units = u128::from(escaped & masks.us);
        let hex = units << 1 | units << 2 | units << 3 | units << 4 | u128::from(hex_in);
        hex_in = (hex >> 64) as u64;
        let first = (units << 1) as u64 | first_in;
        first_in = (units >> 63) as u64;
        let first_ds = first & masks.ds;
        let surrogates = (first_ds << 1 | second_in) & masks.high_digits;
        second_in = first_ds >> 63;
        let wrong = masks.controls | (hex as u64 & !masks.hex) | surrogates;
        if wrong & upto != 0 {
            return None;
        }
        // Escapes of one character (`\\`, `\"`, `\n`...) are few: checked one by one.
        let mut others = escaped & !masks.us & upto;
        while others != 0 {
            if ESCAPED[usize::from(chunk[others.trailing_zeros() as usize])] == 0 {
                return None;
            }
            others &= others - 1;
        }
        if quotes != 0 {
            return Some(at + quotes.trailing_zeros() as usize);
        }
        at += 64;
    }
}

/// The bytes that a backslash escapes, of sixty-four bytes with a bit for each backslash
/// (the first byte's lowest); `escaped_in`: whether the first is escaped by a backslash
/// before them, and then whether the next sixty-four's first is. Backslashes come in
/// runs, each escaping the next: a run of odd length escapes the byte after it.
/// simdjson's `find_escaped_branchless`.
#[inline(always)]
fn escaped_bytes(backslashes: u64, escaped_in: &mut u64) -> u64 {
    const EVEN: u64 = 0x5555_5555_5555_5555;
    // An escaped first byte escapes nothing.
    let backslashes = backslashes & !*escaped_in;
    let follows_escape = backslashes << 1 | *escaped_in;
    // Runs that start on an odd bit, added to themselves, carry past their ends: the
    // sum flips the parity of the byte after each run, for runs starting on even bits.
    let odd_starts = backslashes & !EVEN & !follows_escape;
    let (even_runs, carried) = odd_starts.overflowing_add(backslashes);
    *escaped_in = u64::from(carried);
    (EVEN ^ even_runs << 1) & follows_escape
}

/// Sixty-four bytes as bits, the first byte's lowest, for [`escaped_string_end`].
#[cfg_attr(test, derive(Debug, PartialEq))]
struct Masks {
    quotes: u64,
    backslashes: u64,
    /// Below 0x20.
    controls: u64,
    /// `u`.
    us: u64,
    /// `0`-`9`, `a`-`f`, `A`-`F`.
    hex: u64,
    /// `d` or `D`.
    ds: u64,
    /// At or above `8`: a hex digit of 8 or more, when it is one.
    high_digits: u64,
}

impl Masks {
    #[inline(always)]
    fn of(chunk: &[u8; 64]) -> Masks {
        #[cfg(target_arch = "x86_64")]
        {
            let parts = [0, 16, 32, 48]
                .map(|at| sse2::classes(chunk[at..at + 16].try_into().expect("sixteen bytes")));
            let join = |class: usize| {
                (0..4).fold(0, |bits, i| bits | u64::from(parts[i][class]) << (16 * i))
            };
            Masks {
                quotes: join(0),
                backslashes: join(1),
                controls: join(2),
                us: join(3),
                hex: join(4),
                ds: join(5),
                high_digits: join(6),
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        Masks::by_bytes(chunk)
    }

    /// [`Masks::of`] a byte at a time: where there is no SSE2, and for testing it.
    #[cfg(any(test, not(target_arch = "x86_64")))]
    fn by_bytes(chunk: &[u8; 64]) -> Masks {
        let bits =
            |test: fn(u8) -> bool| (0..64).fold(0, |bits, i| bits | u64::from(test(chunk[i])) << i);
        Masks {
            quotes: bits(|b| b == b'"'),
            backslashes: bits(|b| b == b'\\'),
            controls: bits(|b| b < 0x20),
            us: bits(|b| b == b'u'),
            hex: bits(|b| b.is_ascii_hexdigit()),
            ds: bits(|b| b | 0x20 == b'd'),
            high_digits: bits(|b| b >= b'8'),
        }
    }
}

/// The offset of the first quote, backslash or control character at or after `at`, or
/// the end of `bytes`: thirty-two bytes at a time with `V`'s lanes, then sixteen with
/// SSE2 (part of every x86_64 processor), then eight at a time.
#[inline(always)]
fn next_special<V: Lanes>(bytes: &[u8], at: usize) -> usize {
    #[cfg(target_arch = "x86_64")]
    let at = {
        let mut at = at;
        // Thirty-two bytes a step, then sixteen: most strings end within the first step,
        // and the loop's exit, at a length that changes from string to string, was a
        // branch missed for most strings (a quarter of `journal stats`' misses; now 16%
        // fewer misses in all, 3% more instructions).
        while let Some(chunk) = bytes.get(at..at + 32) {
            let found = V::specials(chunk.try_into().expect("thirty-two bytes"));
            if found != 0 {
                return at + found.trailing_zeros() as usize;
            }
            at += 32;
        }
        while let Some(chunk) = bytes.get(at..at + 16) {
            let found = sse2::specials(chunk.try_into().expect("sixteen bytes"));
            if found != 0 {
                return at + found.trailing_zeros() as usize;
            }
            at += 16;
        }
        at
    };
    next_special_by_words(bytes, at)
}

/// [`next_special`] eight bytes at a time, in plain Rust.
fn next_special_by_words(bytes: &[u8], mut at: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([0x01; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS;
    let zero = |word: u64| below(word, 1);
    while let Some(chunk) = bytes.get(at..at + 8) {
        let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let found = zero(word ^ (ONES * u64::from(b'"')))
            | zero(word ^ (ONES * u64::from(b'\\')))
            | below(word, 0x20);
        if found != 0 {
            // The lowest flagged byte is exact (borrows only run upwards).
            return at + (found.trailing_zeros() / 8) as usize;
        }
        at += 8;
    }
    while let Some(&byte) = bytes.get(at) {
        if matches!(byte, b'"' | b'\\' | 0..=0x1f) {
            return at;
        }
        at += 1;
    }
    at
}

/// How a record's strings are scanned: what every processor of the target has (SSE2's
/// sixteen bytes a step on x86_64), or AVX2's thirty-two where the processor has it. The
/// library is compiled for any processor of its target: the walk is compiled once for
/// each kind, and [`values`] chooses where it runs.
trait Lanes {
    /// A bit for each quote, backslash or control character of `chunk`, the first
    /// byte's lowest, for [`next_special`].
    #[cfg(target_arch = "x86_64")]
    fn specials(chunk: &[u8; 32]) -> u32;

    /// Sixty-four bytes' classes, for [`escaped_string_end`].
    fn masks(chunk: &[u8; 64]) -> Masks;
}

/// What every processor of the target has.
struct Narrow;

impl Lanes for Narrow {
    #[cfg(target_arch = "x86_64")]
    #[inline(always)]
    fn specials(chunk: &[u8; 32]) -> u32 {
        let (low, high) = chunk.split_at(16);
        sse2::specials(low.try_into().expect("sixteen bytes"))
            | sse2::specials(high.try_into().expect("sixteen bytes")) << 16
    }

    #[inline(always)]
    fn masks(chunk: &[u8; 64]) -> Masks {
        Masks::of(chunk)
    }
}

/// The walk compiled for AVX2: strings scanned thirty-two bytes a step, and sixty-four
/// bytes classified in two parts rather than four.
#[cfg(all(feature = "std", target_arch = "x86_64"))]
mod avx2 {
    use core::arch::x86_64::{
        __m256i, _mm256_cmpeq_epi8, _mm256_loadu_si256, _mm256_max_epu8, _mm256_min_epu8,
        _mm256_movemask_epi8, _mm256_or_si256, _mm256_set1_epi8,
    };

    use super::{FIELD_COUNT, Lanes, Masks, Order, Raw, walk};

    /// Whether the processor has the features [`values`] is compiled for: AVX2 and the
    /// rest of x86-64-v3. Asked of std once: it answers each feature with a load and a
    /// test of its own, six a record.
    #[inline(always)]
    pub(super) fn detected() -> bool {
        static DETECTED: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
        *DETECTED.get_or_init(|| {
            std::is_x86_feature_detected!("avx2")
                && std::is_x86_feature_detected!("bmi1")
                && std::is_x86_feature_detected!("bmi2")
                && std::is_x86_feature_detected!("lzcnt")
                && std::is_x86_feature_detected!("movbe")
                && std::is_x86_feature_detected!("popcnt")
        })
    }

    /// [`super::values`] compiled for AVX2.
    ///
    /// # Safety
    /// The processor must have the features [`detected`] tests.
    #[inline]
    #[target_feature(enable = "avx2,bmi1,bmi2,lzcnt,movbe,popcnt")]
    pub(super) unsafe fn values<'a>(
        text: &'a str,
        fields: &mut [Option<Raw<'a>>; FIELD_COUNT],
        order: &mut Order,
    ) -> Option<()> {
        walk::<Wide>(text, fields, order)
    }

    /// [`super::string_end`], [`super::next_special`] and [`super::Masks::of`] compiled
    /// for AVX2, for the tests to hold against the others.
    ///
    /// # Safety
    /// The processor must have the features [`detected`] tests.
    #[cfg(test)]
    #[target_feature(enable = "avx2,bmi1,bmi2,lzcnt,movbe,popcnt")]
    pub(super) unsafe fn lanes(bytes: &[u8], at: usize) -> (Option<(usize, bool)>, usize, Masks) {
        let mut chunk = [0; 64];
        let rest = bytes.get(at..).unwrap_or_default();
        let len = rest.len().min(64);
        chunk[..len].copy_from_slice(&rest[..len]);
        (
            super::string_end::<Wide>(bytes, at),
            super::next_special::<Wide>(bytes, at),
            Wide::masks(&chunk),
        )
    }

    /// AVX2's lanes: used only by [`values`] (and the tests' `lanes`), so only where
    /// the processor has AVX2 (its functions are inlined there, into code compiled for
    /// it).
    struct Wide;

    impl Lanes for Wide {
        #[inline(always)]
        fn specials(chunk: &[u8; 32]) -> u32 {
            let v = load(chunk);
            bits(or(or(equal(v, b'"'), equal(v, b'\\')), within(v, 0, 0x1f)))
        }

        #[inline(always)]
        fn masks(chunk: &[u8; 64]) -> Masks {
            let (low, high) = chunk.split_at(32);
            let low = load(low.try_into().expect("thirty-two bytes"));
            let high = load(high.try_into().expect("thirty-two bytes"));
            // Each class of both halves joined at once: as arrays of each half's
            // classes, joined after, they went through memory. (A macro: closures are
            // compiled without AVX2, so the intrinsics in them were calls.)
            macro_rules! both {
                (|$v:ident| $class:expr) => {{
                    let low = {
                        let $v = low;
                        bits($class)
                    };
                    let $v = high;
                    u64::from(low) | u64::from(bits($class)) << 32
                }};
            }
            Masks {
                quotes: both!(|v| equal(v, b'"')),
                backslashes: both!(|v| equal(v, b'\\')),
                controls: both!(|v| within(v, 0, 0x1f)),
                us: both!(|v| equal(v, b'u')),
                hex: both!(|v| or(within(v, b'0', b'9'), within(or(v, byte(0x20)), b'a', b'f'))),
                ds: both!(|v| equal(or(v, byte(0x20)), b'd')),
                high_digits: both!(|v| within(v, b'8', 0xff)),
            }
        }
    }

    // The intrinsics in functions of their own, always inlined into `values`: each
    // safe to call there, where the processor has AVX2, and only there.

    /// Thirty-two bytes, unaligned as they may be.
    #[inline(always)]
    fn load(chunk: &[u8; 32]) -> __m256i {
        // SAFETY: the load reads thirty-two bytes of `chunk`; see above for AVX2.
        unsafe { _mm256_loadu_si256(chunk.as_ptr().cast()) }
    }

    #[inline(always)]
    fn byte(b: u8) -> __m256i {
        // SAFETY: see above.
        unsafe { _mm256_set1_epi8(b as i8) }
    }

    #[inline(always)]
    fn bits(mask: __m256i) -> u32 {
        // SAFETY: see above.
        unsafe { _mm256_movemask_epi8(mask) as u32 }
    }

    #[inline(always)]
    fn or(a: __m256i, b: __m256i) -> __m256i {
        // SAFETY: see above.
        unsafe { _mm256_or_si256(a, b) }
    }

    /// Bytes equal to `b`.
    #[inline(always)]
    fn equal(x: __m256i, b: u8) -> __m256i {
        // SAFETY: see above.
        unsafe { _mm256_cmpeq_epi8(x, byte(b)) }
    }

    /// Bytes within `low..=high`: clamped, the byte is itself.
    #[inline(always)]
    fn within(x: __m256i, low: u8, high: u8) -> __m256i {
        // SAFETY: see above.
        unsafe {
            _mm256_cmpeq_epi8(
                _mm256_min_epu8(_mm256_max_epu8(x, byte(low)), byte(high)),
                x,
            )
        }
    }
}

#[cfg(target_arch = "x86_64")]
// The intrinsics that touch no memory are safe to call from Rust 1.87 on where SSE2 is
// enabled (always, on x86_64), and unsafe in 1.85, the oldest Rust the crate builds with.
#[allow(unused_unsafe)]
mod sse2 {
    use core::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_max_epu8, _mm_min_epu8, _mm_movemask_epi8,
        _mm_or_si128, _mm_set1_epi8,
    };

    /// A bit for each quote, backslash or control character of `chunk`, the first byte's
    /// lowest.
    #[inline(always)]
    pub(super) fn specials(chunk: &[u8; 16]) -> u32 {
        // SAFETY: SSE2 is part of every x86_64 processor; the load reads the sixteen
        // bytes of `chunk`, unaligned as it may be.
        unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast());
            let quotes = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
            let backslashes = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
            // Below 0x20: the byte is its minimum with 0x1f.
            let controls = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
            let any = _mm_or_si128(_mm_or_si128(quotes, backslashes), controls);
            _mm_movemask_epi8(any) as u32
        }
    }

    /// Bits of `chunk` for [`super::Masks`], in its order: quotes, backslashes, control
    /// characters, `u`s, hex digits, `d`s and `D`s, bytes at or above `8`.
    #[inline(always)]
    pub(super) fn classes(chunk: &[u8; 16]) -> [u16; 7] {
        // SAFETY: as in `specials`.
        unsafe {
            let v = _mm_loadu_si128(chunk.as_ptr().cast());
            let bits = |mask: __m128i| _mm_movemask_epi8(mask) as u16;
            let byte = |b: u8| _mm_set1_epi8(b as i8);
            // Within `low..=high`: clamped, the byte is itself.
            let within = |x: __m128i, low: u8, high: u8| {
                _mm_cmpeq_epi8(_mm_min_epu8(_mm_max_epu8(x, byte(low)), byte(high)), x)
            };
            let lower = _mm_or_si128(v, byte(0x20));
            [
                bits(_mm_cmpeq_epi8(v, byte(b'"'))),
                bits(_mm_cmpeq_epi8(v, byte(b'\\'))),
                bits(_mm_cmpeq_epi8(_mm_min_epu8(v, byte(0x1f)), v)),
                bits(_mm_cmpeq_epi8(v, byte(b'u'))),
                bits(_mm_or_si128(
                    within(v, b'0', b'9'),
                    within(lower, b'a', b'f'),
                )),
                bits(_mm_cmpeq_epi8(lower, byte(b'd'))),
                bits(_mm_cmpeq_epi8(_mm_max_epu8(v, byte(b'8')), v)),
            ]
        }
    }
}

/// The character of the escape whose backslash is at `at`, and the escape's length;
/// `None` for an escape JSON does not have or a surrogate (see [`hex_unit`]), of which
/// [`string_end`] lets none through. Always inlined: as a call, decoding stats' fields
/// took 15% longer (300 MB, min of 15).
#[inline(always)]
fn escape(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    let code = *bytes.get(at + 1)?;
    if code == b'u' {
        // Tried first: the server writes half its text as `\uXXXX`.
        return Some((hex_unit(bytes.get(at + 2..at + 6)?)?, 6));
    }
    match ESCAPED[usize::from(code)] {
        0 => None,
        c => Some((char::from(c), 2)),
    }
}

/// What each byte after a backslash stands for, other than `u`; 0 for a byte that is no
/// escape (none stands for 0). A table, not a match: the match became a jump table whose
/// target changed from escape to escape, missed 150K times on 20 MB (cachegrind).
const ESCAPED: [u8; 256] = {
    let mut table = [0; 256];
    let pairs = [
        (b'"', b'"'),
        (b'\\', b'\\'),
        (b'/', b'/'),
        (b'b', 0x08),
        (b'f', 0x0c),
        (b'n', b'\n'),
        (b'r', b'\r'),
        (b't', b'\t'),
    ];
    let mut i = 0;
    while i < pairs.len() {
        table[pairs[i].0 as usize] = pairs[i].1;
        i += 1;
    }
    table
};

/// The character of a `\uXXXX` escape's four hex digits; `None` for a surrogate, whose
/// pairing serde judges, or a digit that is not hex. Four lookups and no branch a digit:
/// the server writes half its text as such escapes.
#[inline]
fn hex_unit(digits: &[u8]) -> Option<char> {
    let &[a, b, c, d] = digits else { return None };
    let [a, b, c, d] = [a, b, c, d].map(|digit| HEX_VALUE[usize::from(digit)]);
    if (a | b | c | d) & 0xf0 != 0 {
        return None;
    }
    char::from_u32(u32::from(a) << 12 | u32::from(b) << 8 | u32::from(c) << 4 | u32::from(d))
}

/// The character of the `\uXXXX` escape at `at` if it is below U+0800 (no surrogate,
/// so any such number is one), for [`unescape_into`]: the four digits, which [`string_end`]
/// checked as hex, turned into their values at once rather than looked up one by one.
/// `None` for any other escape, which [`escape`] reads.
#[inline(always)]
fn unit_below_800(bytes: &[u8], at: usize) -> Option<u32> {
    let &[b'u', a, b, c, d] = bytes.get(at + 1..at + 6)? else {
        return None;
    };
    let n = hex_units(u64::from(u32::from_be_bytes([a, b, c, d]))) as u32;
    (n < 0x800).then_some(n)
}

/// The UTF-8 of two `\uXXXX` escapes at `at` whose characters take two bytes each
/// (U+0080 to U+07FF), for [`unescape_into`]: the eight digits, which [`string_end`]
/// checked as hex, turned into their values at once. `None` for anything else.
#[inline(always)]
fn two_units_of_two_bytes(bytes: &[u8], at: usize) -> Option<[u8; 4]> {
    let &[b'\\', b'u', a, b, c, d, b'\\', b'u', e, f, g, h] = bytes.get(at..at + 12)? else {
        return None;
    };
    let units = hex_units(u64::from_be_bytes([a, b, c, d, e, f, g, h]));
    let [first, second] = [(units >> 32) as u32, units as u32];
    let two_bytes = |n: u32| (0x80..0x800).contains(&n);
    (two_bytes(first) && two_bytes(second)).then_some([
        0xc0 | (first >> 6) as u8,
        0x80 | (first & 0x3f) as u8,
        0xc0 | (second >> 6) as u8,
        0x80 | (second & 0x3f) as u8,
    ])
}

/// The units that groups of four hex digits write (ASCII, checked as hex by
/// [`string_end`]; the first of a group the highest): each group of four bytes of
/// `digits` becomes its unit, in the group's low sixteen bits. No table and no branch a
/// digit: [`unit_below_800`] reads one group, [`two_units_of_two_bytes`] two.
#[inline(always)]
fn hex_units(digits: u64) -> u64 {
    // A digit's low four bits, plus 9 for a letter (bit 6 set: `A` to `F`, `a` to `f`).
    let values = (digits & 0x0f0f_0f0f_0f0f_0f0f) + (digits >> 6 & 0x0101_0101_0101_0101) * 9;
    // Each pair of values into a byte, then each two bytes side by side.
    let pairs = (values | values >> 4) & 0x00ff_00ff_00ff_00ff;
    (pairs | pairs >> 8) & 0x0000_ffff_0000_ffff
}

/// Each byte's value as a hex digit; 0xff for a byte that is none.
const HEX_VALUE: [u8; 256] = {
    let mut table = [0xff; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = match byte as u8 {
            digit @ b'0'..=b'9' => digit - b'0',
            digit @ b'a'..=b'f' => digit - b'a' + 10,
            digit @ b'A'..=b'F' => digit - b'A' + 10,
            _ => 0xff,
        };
        byte += 1;
    }
    table
};

/// The text of a string's contents whose escapes [`string_end`] checked.
pub(super) fn unescaped(raw: &str) -> String {
    let mut out = String::new();
    unescape_into(raw, &mut out);
    out
}

/// Appends the text of a string's contents whose escapes [`string_end`] checked to
/// `out`. (An escape it would not have let through, which cannot come, is appended as
/// written.)
pub(super) fn unescape_into(raw: &str, out: &mut String) {
    let bytes = raw.as_bytes();
    // SAFETY: `out` holds whole characters whenever this returns: slices of `raw` cut at
    // ASCII bytes (backslashes and the ends of escapes), and the UTF-8 of characters
    // (what `copy_plain` copies past a cut it takes back at once).
    let out = unsafe { out.as_mut_vec() };
    // Never longer than the escaped text: no escape stands for more bytes than it has.
    // So there is room for as many bytes as are left of `raw` (`copy_plain` counts on it).
    out.reserve(raw.len());
    let mut at = 0;
    loop {
        at = copy_plain(bytes, at, out);
        if at == bytes.len() {
            return;
        }
        // A run of escapes is read without a search between them.
        loop {
            // Two characters of two bytes at once (Cyrillic, as a program that escapes
            // all it can writes it: runs of such escapes), else one escape.
            at += match two_units_of_two_bytes(bytes, at) {
                Some(pair) => {
                    out.extend_from_slice(&pair);
                    12
                }
                None => unescape_one(bytes, at, out),
            };
            if bytes.get(at) != Some(&b'\\') {
                break;
            }
        }
    }
}

/// Appends the text from `at` to the next backslash or the end of `bytes`, checked
/// contents, to `out`, which has room for what is left of them; returns where it
/// stopped. A stretch that ends within sixteen bytes (between words written as
/// escapes: a space, a comma) is copied as the sixteen bytes, the rest cut off again:
/// no call to `memcpy` and no search loop, eight times a record of Cyrillic text.
#[inline(always)]
fn copy_plain(bytes: &[u8], at: usize, out: &mut alloc::vec::Vec<u8>) -> usize {
    #[cfg(target_arch = "x86_64")]
    if let Some(chunk) = bytes.get(at..at + 16) {
        let chunk = chunk.try_into().expect("sixteen bytes");
        let found = sse2::specials(chunk);
        if found != 0 {
            let len = found.trailing_zeros() as usize;
            let end = out.len() + len;
            // Within the room reserved: sixteen of the bytes left.
            out.extend_from_slice(chunk);
            out.truncate(end);
            return at + len;
        }
    }
    let end = next_special::<Narrow>(bytes, at);
    out.extend_from_slice(&bytes[at..end]);
    end
}

/// Appends the UTF-8 of the escape at `at` to `out` (as written, for an escape that
/// cannot come); returns the escape's length. One and two bytes by hand (ASCII, and the
/// Cyrillic the server escapes), longer ones by the general encoder: whole characters
/// only, as [`unescape_into`] needs.
#[inline(always)]
fn unescape_one(bytes: &[u8], at: usize, out: &mut alloc::vec::Vec<u8>) -> usize {
    match unit_below_800(bytes, at) {
        Some(n @ 0..0x80) => {
            out.push(n as u8);
            6
        }
        Some(n) => {
            out.extend_from_slice(&[0xc0 | (n >> 6) as u8, 0x80 | (n & 0x3f) as u8]);
            6
        }
        None => match escape(bytes, at) {
            Some((c, len)) => {
                match u32::from(c) {
                    n @ 0..0x80 => out.push(n as u8),
                    _ => out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
                }
                len
            }
            None => {
                out.push(b'\\');
                1
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_at_finds_a_field_name_its_quote_and_colon_as_slices_would() {
        for (index, name) in NAMES.iter().enumerate() {
            let quoted = alloc::format!("{name}\":");
            for other in NAMES {
                // Each name in the place of this one, and each byte of it changed, with
                // anything from nothing to twenty bytes after it.
                let mut texts = alloc::vec![alloc::format!("{other}\":").into_bytes()];
                for at in 0..=other.len() + 1 {
                    let mut text = alloc::format!("{other}\":").into_bytes();
                    text[at] ^= 0x20;
                    texts.push(text);
                }
                for text in texts {
                    for tail in 0..20 {
                        let mut text = text.clone();
                        text.extend(core::iter::repeat_n(b'"', tail));
                        let expected = text.starts_with(quoted.as_bytes());
                        assert_eq!(quoted_at(&text, 0, index), expected, "{name} in {text:?}");
                        // And one byte short.
                        let short = &text[..text.len() - 1];
                        let expected = short.starts_with(quoted.as_bytes());
                        assert_eq!(quoted_at(short, 0, index), expected, "{name} in {short:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn values_are_read_alike_whatever_order_is_expected() {
        use alloc::vec::Vec;
        // Every field with a value of its own (a number, an escaped string or a string),
        // in orders that are not the server's.
        let contents: Vec<String> = (0..FIELD_COUNT)
            .map(|index| match index % 3 {
                1 => alloc::format!("\\u0438{index}"),
                _ => alloc::format!("{index}"),
            })
            .collect();
        let expected: Vec<Option<Raw<'_>>> = (contents.iter().enumerate())
            .map(|(index, contents)| match index % 3 {
                0 => Some(Raw::Int(index as u64)),
                1 => Some(Raw::Escaped(contents)),
                _ => Some(Raw::Str(contents)),
            })
            .collect();
        let all: Vec<usize> = (0..FIELD_COUNT).collect();
        let mut orders = alloc::vec![all.iter().rev().copied().collect::<Vec<_>>()];
        for turn in 1..FIELD_COUNT {
            let mut order = all.clone();
            order.rotate_left(turn);
            order.swap(0, turn / 2);
            orders.push(order);
        }
        let texts: Vec<String> = (orders.iter())
            .map(|order| {
                let fields: Vec<String> = (order.iter())
                    .map(|&index| match index % 3 {
                        0 => alloc::format!("\"{}\":{}", NAMES[index], contents[index]),
                        _ => alloc::format!("\"{}\":\"{}\"", NAMES[index], contents[index]),
                    })
                    .collect();
                alloc::format!("{{{}}}", fields.join(","))
            })
            .collect();
        let mut before = Order::NAMES;
        for (order, text) in orders.iter().zip(&texts) {
            // Expecting the server's order: each value in its field, and the order read
            // is the text's own.
            let mut fields = [None; FIELD_COUNT];
            let mut read = Order::NAMES;
            assert_eq!(values(text, &mut fields, &mut read), Some(()), "{text}");
            assert_eq!(fields[..], expected[..], "{text}");
            // The same by the walk for any processor, whichever `values` took.
            let (mut narrow, mut read_narrow) = ([None; FIELD_COUNT], Order::NAMES);
            assert_eq!(
                walk::<Narrow>(text, &mut narrow, &mut read_narrow),
                Some(())
            );
            assert_eq!((narrow, read_narrow.0), (fields, read.0), "{text}");
            assert_eq!(usize::from(read.0[FIELD_COUNT]), order[0], "{text}");
            for pair in order.windows(2) {
                assert_eq!(usize::from(read.0[pair[0]]), pair[1], "{text}");
            }
            // Expecting its own order, and the text before's: the same values.
            for mut expecting in [read, before] {
                let mut again = [None; FIELD_COUNT];
                assert_eq!(values(text, &mut again, &mut expecting), Some(()), "{text}");
                assert_eq!(again[..], expected[..], "{text}");
            }
            before = read;
        }
    }

    #[test]
    fn escape_reads_what_serde_json_reads_after_a_backslash() {
        for byte in 0..=u8::MAX {
            let text = [b'\\', byte, b'0', b'4', b'4', b'1'];
            let quoted = alloc::format!("\"\\{}0441\"", char::from(byte));
            let expected = serde_json::from_str::<String>(&quoted).ok().map(|s| {
                let c = s.chars().next().expect("a character");
                (c, if byte == b'u' { 6 } else { 2 })
            });
            assert_eq!(escape(&text, 0), expected, "{byte:#04x}");
        }
    }

    /// The text serde_json reads of a string's contents.
    fn read_by_serde(raw: &str) -> String {
        serde_json::from_str(&alloc::format!("\"{raw}\"")).expect("a JSON string")
    }

    #[test]
    fn unescape_into_appends_every_character_as_serde_json_reads_it() {
        // Every character an escape can stand for, in each case, alone and between text
        // of one, two and three bytes: the UTF-8 that `unescape_into` writes by hand, and
        // the cases where it stops doing so.
        for unit in (0..=0xffff_u32).filter(|unit| !(0xd800..=0xdfff).contains(unit)) {
            for raw in [
                alloc::format!("\\u{unit:04x}"),
                alloc::format!("a\\u{unit:04X}я\\n"),
                alloc::format!("\\\"\\u{unit:04x}\\u{unit:04x}€"),
            ] {
                let expected = read_by_serde(&raw);
                let mut out = String::from("kept ");
                unescape_into(&raw, &mut out);
                assert_eq!(out, alloc::format!("kept {expected}"), "{raw}");
            }
        }
    }

    #[test]
    fn unescape_into_appends_runs_of_escapes_of_any_length_as_serde_json_reads_them() {
        // Runs of escapes that stand for one to three bytes, of every length up to 200,
        // between text.
        let escapes = ["\\u0041", "\\u0436", "\\u20AC", "\\n", "\\\"", "\\u07ff"];
        for n in 0..200 {
            let run: String = (0..n)
                .map(|i| escapes[(i * 7 + n) % escapes.len()])
                .collect();
            let raw = alloc::format!("a{run}b{run}");
            let expected = read_by_serde(&raw);
            let mut out = String::new();
            unescape_into(&raw, &mut out);
            assert_eq!(out, expected, "{raw}");
        }
    }

    #[test]
    fn unescape_into_appends_pairs_of_unit_escapes_as_serde_json_reads_them() {
        // Every pair of units around the edges of two-byte UTF-8, in order and in either
        // case, alone and after text: what `two_units_of_two_bytes` takes, and what not.
        let units = [
            0x00, 0x41, 0x7f, 0x80, 0x81, 0x3ff, 0x400, 0x436, 0x7fe, 0x7ff, 0x800,
        ];
        for first in units {
            for second in units.iter().chain(&[0x20ac, 0xfffd]) {
                for raw in [
                    alloc::format!("\\u{first:04x}\\u{second:04x}"),
                    alloc::format!("я\\u{first:04X}\\u{second:04x}\\u{first:04x}"),
                ] {
                    let expected = read_by_serde(&raw);
                    let mut out = String::new();
                    unescape_into(&raw, &mut out);
                    assert_eq!(out, expected, "{raw}");
                }
            }
        }
    }

    #[test]
    fn unescape_into_appends_plain_text_of_any_length_between_escapes_as_serde_json_reads_it() {
        // Stretches of one, two and three-byte characters of every length up to 40 bytes
        // before, between and after escapes: what `copy_plain` copies sixteen bytes at a
        // time and cuts back, and what it leaves to the search. Nothing is written past
        // the room reserved: the buffer never grows.
        for len in 0..40 {
            for filler in ["a", "я", "€"] {
                let plain = filler.repeat(len / filler.len());
                for raw in [
                    alloc::format!("{plain}\\u0436{plain}\\n{plain}"),
                    alloc::format!("\\\"{plain}"),
                    alloc::format!("{plain}\\u0436\\u0436 {plain}\\\\"),
                ] {
                    let expected = read_by_serde(&raw);
                    let mut out = String::with_capacity(raw.len());
                    let room = out.capacity();
                    unescape_into(&raw, &mut out);
                    assert_eq!(out, expected, "{raw}");
                    assert_eq!(out.capacity(), room, "{raw}");
                }
            }
        }
    }

    #[test]
    fn unescape_into_appends_an_escape_it_does_not_know_as_written() {
        // `string_end` lets none through; were one to come, nothing is lost.
        for raw in ["\\x", "a\\ud800b", "\\q\\n", "\\"] {
            let mut out = String::new();
            unescape_into(raw, &mut out);
            assert_eq!(out, raw.replace("\\n", "\n"), "{raw}");
        }
    }

    #[test]
    fn unit_below_800_reads_what_escape_reads_of_every_checked_unit() {
        for n in 0..=0xffff_u32 {
            for digits in [alloc::format!("{n:04x}"), alloc::format!("{n:04X}")] {
                let text = alloc::format!("\\u{digits}");
                let Some((c, 6)) = escape(text.as_bytes(), 0) else {
                    continue; // a surrogate: `string_end` lets none through
                };
                let expected = (u32::from(c) < 0x800).then_some(u32::from(c));
                assert_eq!(unit_below_800(text.as_bytes(), 0), expected, "{text}");
            }
        }
        for text in ["\\n", "\\\"", "\\u044", "\\/u0441"] {
            assert_eq!(unit_below_800(text.as_bytes(), 0), None, "{text}");
        }
    }

    #[test]
    fn hex_value_is_each_bytes_value_as_a_hex_digit() {
        for byte in 0..=u8::MAX {
            let digit = char::from(byte).to_digit(16).map_or(0xff, |d| d as u8);
            assert_eq!(HEX_VALUE[usize::from(byte)], digit, "{byte:#04x}");
        }
    }

    #[test]
    fn next_special_finds_the_first_quote_backslash_or_control_character() {
        // Texts of bytes around every edge the tests look at, from a simple generator.
        let edges = b"\"\\\x00\x1f\x20\x21\x7f\x80\xff!a";
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        for n in 0..3_000 {
            let len = n % 70;
            let text: alloc::vec::Vec<u8> = (0..len)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    // Mostly plain bytes, so that specials fall anywhere in a chunk.
                    match state % 8 {
                        0 => edges[(state >> 8) as usize % edges.len()],
                        _ => b'a' + (state >> 8) as u8 % 26,
                    }
                })
                .collect();
            for at in 0..=len {
                let expected = text[at..]
                    .iter()
                    .position(|&b| matches!(b, b'"' | b'\\' | 0..=0x1f))
                    .map_or(len, |n| at + n);
                assert_eq!(
                    next_special::<Narrow>(&text, at),
                    expected,
                    "{text:?} from {at}"
                );
                assert_eq!(
                    next_special_by_words(&text, at),
                    expected,
                    "{text:?} from {at}"
                );
                if let Some((_, wide, _)) = wide(&text, at) {
                    assert_eq!(wide, expected, "{text:?} from {at}");
                }
            }
        }
    }

    /// A string's end, the next special byte and sixty-four bytes' masks.
    type Wide = (Option<(usize, bool)>, usize, Masks);

    /// What AVX2's lanes give of `bytes` from `at` (its [`string_end`], its
    /// [`next_special`], the masks of the sixty-four bytes there), where the processor has
    /// the features they are compiled for.
    fn wide(bytes: &[u8], at: usize) -> Option<Wide> {
        #[cfg(all(feature = "std", target_arch = "x86_64"))]
        if avx2::detected() {
            // SAFETY: the processor has the features.
            return Some(unsafe { avx2::lanes(bytes, at) });
        }
        let _ = (bytes, at);
        None
    }

    /// [`string_end`] of `bytes` from `at`, with SSE2's lanes and (where the processor
    /// has them) AVX2's, which must agree.
    fn string_end_any(bytes: &[u8], at: usize) -> Option<(usize, bool)> {
        let narrow = string_end::<Narrow>(bytes, at);
        if let Some((wide, _, _)) = wide(bytes, at) {
            assert_eq!(wide, narrow, "{bytes:?}");
        }
        narrow
    }

    /// What [`string_end`] should find, read byte by byte and escape by escape.
    fn string_end_by_bytes(bytes: &[u8]) -> Option<(usize, bool)> {
        let (mut at, mut escaped) = (0, false);
        loop {
            match *bytes.get(at)? {
                b'"' => return Some((at, escaped)),
                b'\\' => {
                    escaped = true;
                    at += match *bytes.get(at + 1)? {
                        b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => 2,
                        b'u' => {
                            let digits = bytes.get(at + 2..at + 6)?;
                            if !digits.iter().all(u8::is_ascii_hexdigit) {
                                return None;
                            }
                            let digits = core::str::from_utf8(digits).ok()?;
                            let unit = u32::from_str_radix(digits, 16).ok()?;
                            if (0xd800..0xe000).contains(&unit) {
                                return None; // a surrogate: serde judges
                            }
                            6
                        }
                        _ => return None,
                    };
                }
                0..=0x1f => return None,
                _ => at += 1,
            }
        }
    }

    #[test]
    fn masks_of_every_byte_are_what_a_test_of_each_byte_gives() {
        for first in (0..=u8::MAX).step_by(64) {
            let chunk: [u8; 64] = core::array::from_fn(|i| first + i as u8);
            let reversed: [u8; 64] = core::array::from_fn(|i| first + 63 - i as u8);
            for chunk in [chunk, reversed] {
                assert_eq!(Masks::of(&chunk), Masks::by_bytes(&chunk));
                if let Some((_, _, wide)) = wide(&chunk, 0) {
                    assert_eq!(wide, Masks::by_bytes(&chunk));
                }
            }
        }
    }

    #[test]
    fn string_end_finds_every_unit_escape_wherever_it_falls() {
        // Each unit in either case, after an escape and some bytes, so that it falls
        // across each place of a step of sixty-four bytes, with a quote after it.
        for n in 0..=0xffff_u32 {
            for digits in [alloc::format!("{n:04x}"), alloc::format!("{n:04X}")] {
                let filler = "a".repeat((n % 67) as usize);
                let text = alloc::format!("ab\\n{filler}\\u{digits}cd\"x");
                let text = text.as_bytes();
                assert_eq!(
                    string_end_any(text, 0),
                    string_end_by_bytes(text),
                    "{digits} after {} bytes",
                    filler.len()
                );
            }
        }
    }

    #[test]
    fn string_end_finds_runs_of_backslashes_wherever_they_fall() {
        // Runs of one to five backslashes, then what they may escape (units with a digit
        // that is none, a quote among the digits, surrogates), across each place of a
        // step of sixty-four bytes.
        for filler in 0..130 {
            for run in 1..=5 {
                let escapes = ["u0441", "u00E9", "u0g41", "u044\"", "ud83d", "uDBFFx"];
                for after in ["\"", "n", "x", "\\u0041"].iter().chain(&escapes) {
                    let text = alloc::format!(
                        "ab\\n{}{}{after}cd\"x",
                        "a".repeat(filler),
                        "\\".repeat(run)
                    );
                    let text = text.as_bytes();
                    assert_eq!(
                        string_end_any(text, 0),
                        string_end_by_bytes(text),
                        "{text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn string_end_finds_what_a_reading_byte_by_byte_finds() {
        // Strings of bytes that matter to escapes (runs of backslashes, quotes, hex
        // digits, `u`, `d`, control characters, UTF-8), of every length up to 300.
        const BYTES: &[u8] = b"\\\\\\\"\"uudD8f0a9/nbx \x01\x1f\xd0\x96";
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..30_000 {
            let len = round % 300;
            // Most strings mostly plain, so that they run long before they end.
            let plain = next() % 4;
            let text: alloc::vec::Vec<u8> = (0..len)
                .map(|_| match next() % 8 < plain {
                    true => b'a',
                    false => BYTES[(next() % BYTES.len() as u64) as usize],
                })
                .collect();
            assert_eq!(
                string_end_any(&text, 0),
                string_end_by_bytes(&text),
                "{:?}",
                alloc::string::String::from_utf8_lossy(&text)
            );
        }
    }

    #[test]
    fn hex_unit_reads_every_unit_in_either_case_and_no_surrogate() {
        for unit in 0..=0xffff_u32 {
            for digits in [alloc::format!("{unit:04x}"), alloc::format!("{unit:04X}")] {
                assert_eq!(
                    hex_unit(digits.as_bytes()),
                    char::from_u32(unit),
                    "{digits}"
                );
            }
        }
        for digits in [&b"00g0"[..], b"+123", b" 123", b"12", b"12345"] {
            assert_eq!(hex_unit(digits), None, "{digits:?}");
        }
    }
}
