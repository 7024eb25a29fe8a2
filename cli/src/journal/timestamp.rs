//! The server's timestamps (`2024-08-31T23:35:58.29378`: local time, no zone, up to
//! seven decimals) as microseconds since 1970-01-01T00:00:00, the form Parquet's
//! timestamps without zone take.

/// Microseconds since 1970-01-01T00:00:00 of `text`: `YYYY-MM-DDTHH:MM:SS`, a space
/// allowed for the `T`, with a fraction of up to nine digits (truncated to
/// microseconds), and no zone. `None` for anything else.
pub fn micros(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = &b[range];
        digits
            .iter()
            .all(u8::is_ascii_digit)
            .then(|| digits.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut fraction = 0;
    match &b[19..] {
        [] => {}
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            if !digits.iter().all(u8::is_ascii_digit) {
                return None;
            }
            for i in 0..6 {
                let digit = digits.get(i).map_or(0, |d| i64::from(d - b'0'));
                fraction = fraction * 10 + digit;
            }
        }
        _ => return None,
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Some(seconds * 1_000_000 + fraction)
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
/// Hinnant's `days_from_civil`).
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
    use super::micros;

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
            "2024-08-31T23:35:58Z",
            "2024-08-31T23:35:58+03:00",
            "2023-02-29T00:00:00",
            "2024-13-01T00:00:00",
            "2024-08-31T24:00:00",
            "2024-08-31T23:35:58.",
            "2024-08-31T23:35:58.1234567890",
            "2024-08-31T23:35:5x",
            "２024-08-31T23:35:58",
        ] {
            assert_eq!(micros(text), None, "{text}");
        }
    }
}
