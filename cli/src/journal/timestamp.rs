//! The server's timestamps (`2024-08-31T23:35:58.29378`: local time, no zone, up to
//! seven decimals), read by one strict parser for every use: the export's timestamp
//! columns, stats' day table, timeline's order, and the times `--since` and `--until`
//! take, which compare as times, never as text.

/// A moment as the server writes it: local time without zone, to the nanosecond.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time {
    /// Seconds since 1970-01-01T00:00:00 of the same clock.
    seconds: i64,
    nanos: u32,
}

/// How much of a time a text may leave out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Precision {
    /// Seconds at least, as the server writes.
    Seconds,
    /// A date alone, or a time to minutes, as a person types.
    Any,
}

impl Time {
    /// A time as the server writes it: `YYYY-MM-DDTHH:MM:SS`, a space allowed for the
    /// `T`, with a fraction of up to nine digits, and no zone. `None` for anything else.
    #[inline]
    pub fn parse(text: &str) -> Option<Time> {
        parse(text, Precision::Seconds).map(|(time, _)| time)
    }

    /// Microseconds since 1970-01-01T00:00:00, the fraction truncated: Parquet's
    /// timestamps without zone.
    pub fn micros(self) -> i64 {
        self.seconds * 1_000_000 + i64::from(self.nanos / 1000)
    }

    /// The last nanosecond of this time's day.
    fn end_of_day(self) -> Time {
        Time {
            seconds: self.seconds.div_euclid(86_400) * 86_400 + 86_399,
            nanos: 999_999_999,
        }
    }
}

/// The date of a timestamp as the server writes it (`2024-09-01` of
/// `2024-09-01T08:05:00.0`), if the whole of it reads as a time.
pub fn day(text: &str) -> Option<&str> {
    Time::parse(text).map(|_| &text[..10])
}

/// [`Time::parse`] and [`day`] of many timestamps, the last date read remembered: a
/// journal comes in time order, so most records share their date with the one before,
/// and then only their time of day is read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dates {
    /// The last date that read, and its days since 1970-01-01.
    last: Option<([u8; 10], i64)>,
}

impl Dates {
    /// [`Time::parse`] of `text`.
    #[inline]
    pub fn time(&mut self, text: &str) -> Option<Time> {
        let b = text.as_bytes();
        let days = match self.last {
            Some((last, days)) if b.first_chunk() == Some(&last) => days,
            _ => {
                let days = date(b)?;
                self.last = Some((*b.first_chunk()?, days));
                days
            }
        };
        on(b, days, Precision::Seconds).map(|(time, _)| time)
    }

    /// [`day`] of `text`.
    #[inline]
    pub fn day<'t>(&mut self, text: &'t str) -> Option<&'t str> {
        let b = text.as_bytes();
        match self.last {
            // No seconds computed, only the time of day checked. (Compared as arrays,
            // not slices: no call to `memcmp`.)
            Some((last, _)) if b.first_chunk() == Some(&last) => {
                clock(b, Precision::Seconds).map(drop)?
            }
            _ => self.time(text).map(drop)?,
        };
        Some(&text[..10])
    }
}

/// What `--since` and `--until` take.
const EXPECTED: &str =
    "expected a date (2024-09-01) or a time (2024-09-01T08:00, 2024-09-01T08:00:00.5)";

/// `--since`: a date (from its first moment) or a time to minutes, seconds or any
/// fraction.
pub fn since(text: &str) -> Result<Time, String> {
    parse(text, Precision::Any)
        .map(|(time, _)| time)
        .ok_or_else(|| EXPECTED.to_owned())
}

/// `--until`, inclusive: a date takes in its whole day, a time is the last moment.
pub fn until(text: &str) -> Result<Time, String> {
    match parse(text, Precision::Any) {
        Some((time, true)) => Ok(time.end_of_day()),
        Some((time, false)) => Ok(time),
        None => Err(EXPECTED.to_owned()),
    }
}

/// The time of `text`, and whether it was a date alone. The digits at their places are
/// checked together, with no branch a digit: stats and export read two timestamps a
/// record, and loops over the digits were a third of the branch misses of stats'
/// counting (cachegrind). Inlined so that [`day`] computes no seconds.
#[inline(always)]
fn parse(text: &str, precision: Precision) -> Option<(Time, bool)> {
    let b = text.as_bytes();
    on(b, date(b)?, precision)
}

/// The time of `b`, whose date, `days` since 1970-01-01, has been read.
#[inline(always)]
fn on(b: &[u8], days: i64, precision: Precision) -> Option<(Time, bool)> {
    let date = days * 86_400;
    if b.len() == 10 {
        let time = Time {
            seconds: date,
            nanos: 0,
        };
        return (precision == Precision::Any).then_some((time, true));
    }
    let (seconds, nanos) = clock(b, precision)?;
    Some((
        Time {
            seconds: date + seconds,
            nanos,
        },
        false,
    ))
}

/// Whether the bytes at `places` of `b` are all digits; callers check that the places
/// are in `b` first.
#[inline(always)]
fn digits(b: &[u8], places: &[usize]) -> Option<()> {
    let largest = places
        .iter()
        .fold(0, |largest, &at| b[at].wrapping_sub(b'0').max(largest));
    (largest < 10).then_some(())
}

/// The two-digit number at `at`, its digits checked.
#[inline(always)]
fn two(b: &[u8], at: usize) -> i64 {
    i64::from(b[at] - b'0') * 10 + i64::from(b[at + 1] - b'0')
}

/// The days from 1970-01-01 to the date `YYYY-MM-DD` that `b` starts with.
#[inline(always)]
fn date(b: &[u8]) -> Option<i64> {
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    digits(b, &[0, 1, 2, 3, 5, 6, 8, 9])?;
    let (year, month, day) = (two(b, 0) * 100 + two(b, 2), two(b, 5), two(b, 8));
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    Some(days_from_civil(year, month, day))
}

/// The seconds into its day and the nanoseconds of the time of day that follows the
/// date in `b`: `THH:MM:SS`, a fraction after it, or `THH:MM` alone at [`Precision::Any`].
#[inline(always)]
fn clock(b: &[u8], precision: Precision) -> Option<(i64, u32)> {
    if b.len() < 16 || !matches!(b[10], b'T' | b' ') || b[13] != b':' {
        return None;
    }
    digits(b, &[11, 12, 14, 15])?;
    let (hour, minute) = (two(b, 11), two(b, 14));
    let (second, rest) = match b.get(16) {
        None if precision == Precision::Any => (0, &b[16..]),
        Some(b':') if b.len() >= 19 => {
            digits(b, &[17, 18])?;
            (two(b, 17), &b[19..])
        }
        _ => return None,
    };
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let nanos = match rest {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            let mut nanos = 0;
            for at in 0..9 {
                nanos = nanos * 10
                    + match digits.get(at) {
                        Some(&d @ b'0'..=b'9') => u32::from(d - b'0'),
                        Some(_) => return None,
                        None => 0,
                    };
            }
            nanos
        }
        _ => return None,
    };
    Some((hour * 3600 + minute * 60 + second, nanos))
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (Howard
/// Hinnant's `days_from_civil`). Inlined, so that [`day`], which uses no seconds, does
/// not compute them.
#[inline]
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::{Dates, Time, day, since, until};

    fn micros(text: &str) -> Option<i64> {
        Time::parse(text).map(Time::micros)
    }

    #[test]
    fn the_servers_form_reads_to_the_microsecond() {
        // 2024-08-31T23:35:58 UTC is 1725147358 s since the epoch (date -u -d ... +%s).
        assert_eq!(
            micros("2024-08-31T23:35:58.29378"),
            Some(1_725_147_358_293_780)
        );
        assert_eq!(micros("2024-08-31 23:35:58"), Some(1_725_147_358_000_000));
        assert_eq!(micros("1970-01-01T00:00:00.0000001"), Some(0));
        assert_eq!(micros("1969-12-31T23:59:59.5"), Some(-500_000));
        assert_eq!(micros("2000-02-29T12:00:00"), Some(951_825_600_000_000));
    }

    #[test]
    fn anything_else_is_none() {
        for text in [
            "",
            "2024-08-31",
            "2024-08-31T23:35",
            "2024-08-31T23:35:58Z",
            "2024-08-31T23:35:58+03:00",
            "2023-02-29T00:00:00",
            "2024-13-01T00:00:00",
            "2024-08-31T24:00:00",
            "2024-08-31T23:35:58.",
            "2024-08-31T23:35:58.1234567890",
            "2024-08-31T23:35:5x",
            "２024-08-31T23:35:58",
            "2024-9-1T00:00:00",
        ] {
            assert_eq!(Time::parse(text), None, "{text}");
        }
    }

    #[test]
    fn a_byte_changed_reads_only_as_another_digit_or_separator() {
        let time = "2024-08-31T23:35:58.2937813";
        for at in 0..time.len() {
            for byte in 0..=u8::MAX {
                let mut bytes = time.as_bytes().to_vec();
                bytes[at] = byte;
                let Ok(text) = std::str::from_utf8(&bytes) else {
                    continue;
                };
                let allowed = match time.as_bytes()[at] {
                    b'0'..=b'9' => byte.is_ascii_digit(),
                    b'T' => byte == b' ',
                    _ => false,
                };
                if byte == time.as_bytes()[at] {
                    assert!(Time::parse(text).is_some());
                } else if !allowed {
                    assert_eq!(Time::parse(text), None, "{text:?}");
                }
            }
        }
    }

    #[test]
    fn dates_read_each_text_as_parse_and_day_do_whatever_came_before() {
        let texts = [
            "2024-08-31T23:35:58.29378",
            "2024-08-31T23:35:59",
            "2024-08-31T24:00:00",
            "2024-08-31",
            "2024-08-31T23:35:58Z",
            "2024-08-31 23:35:58.1234567890",
            "2024-08-31x",
            "2024-08-3",
            "2024-02-30T00:00:00",
            "2024-02-30T00:00:00",
            "2024-09-01T00:00:00.0",
            "2024-08-31T00:00:00",
            "",
        ];
        // Every text after every other, so that each is read with each date remembered.
        for before in texts {
            for text in texts {
                let mut dates = Dates::default();
                dates.day(before);
                assert_eq!(dates.day(text), day(text), "{text:?} after {before:?}");
                let mut dates = Dates::default();
                dates.time(before);
                assert_eq!(
                    dates.time(text),
                    Time::parse(text),
                    "{text:?} after {before:?}"
                );
            }
        }
    }

    #[test]
    fn bounds_take_dates_and_times_to_any_precision() {
        let at = |text| Time::parse(text).unwrap();
        assert_eq!(since("2024-09-01"), Ok(at("2024-09-01T00:00:00")));
        assert_eq!(since("2024-09-01T08:00"), Ok(at("2024-09-01T08:00:00")));
        assert_eq!(
            since("2024-09-01T08:00:00.5"),
            Ok(at("2024-09-01T08:00:00.5"))
        );
        assert_eq!(until("2024-09-01"), Ok(at("2024-09-01T23:59:59.999999999")));
        assert_eq!(until("2024-09-01T08:00"), Ok(at("2024-09-01T08:00:00")));
        for text in [
            "2024-9-1",
            "garbage",
            "2024-09-01T8:00",
            "2024-09-01T08",
            "",
        ] {
            assert!(since(text).is_err(), "{text}");
            assert!(until(text).is_err(), "{text}");
        }
        // Nanoseconds count: a bound and a record a hundred nanoseconds apart differ.
        assert!(at("2024-09-01T08:00:00.0000001") > at("2024-09-01T08:00:00"));
    }
}
