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
    // Callers check that the places are in `b` first.
    let digits = |places: &[usize]| {
        let largest = places
            .iter()
            .fold(0, |largest, &at| b[at].wrapping_sub(b'0').max(largest));
        (largest < 10).then_some(())
    };
    let two = |at: usize| i64::from(b[at] - b'0') * 10 + i64::from(b[at + 1] - b'0');
    if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    digits(&[0, 1, 2, 3, 5, 6, 8, 9])?;
    let (year, month, day) = (two(0) * 100 + two(2), two(5), two(8));
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let date = days_from_civil(year, month, day) * 86_400;
    if b.len() == 10 {
        let time = Time {
            seconds: date,
            nanos: 0,
        };
        return (precision == Precision::Any).then_some((time, true));
    }
    if b.len() < 16 || !matches!(b[10], b'T' | b' ') || b[13] != b':' {
        return None;
    }
    digits(&[11, 12, 14, 15])?;
    let (hour, minute) = (two(11), two(14));
    let (second, rest) = match b.get(16) {
        None if precision == Precision::Any => (0, &b[16..]),
        Some(b':') if b.len() >= 19 => {
            digits(&[17, 18])?;
            (two(17), &b[19..])
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
    let seconds = date + hour * 3600 + minute * 60 + second;
    Some((Time { seconds, nanos }, false))
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
    use super::{Time, since, until};

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
