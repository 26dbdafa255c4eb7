//! RFC 3339 times read without a platform clock or a date crate, so the producer's form in the
//! browser and the API read a sale's dates by the same rule: `2027-11-11T00:00:00+08:00`,
//! `2027-11-10T16:00:00Z`, with optional fractions of a second, as Unix milliseconds.

/// Days from 1970-01-01 to `year-month-day` (proleptic Gregorian; Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The number written by the ASCII digits `s` (all of them digits, at least one).
fn digits(s: &str) -> Option<i64> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// RFC 3339 text (`date-time`: a `T`, `t` or space between date and time, `Z` or an offset)
/// as Unix milliseconds; `None` for anything else, a 30 February included.
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' || !text.is_ascii() {
        return None;
    }
    let (year, month, day) = (
        digits(&text[0..4])?,
        digits(&text[5..7])?,
        digits(&text[8..10])?,
    );
    let (hour, minute, second) = (
        digits(&text[11..13])?,
        digits(&text[14..16])?,
        digits(&text[17..19])?,
    );
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let mut rest = &text[19..];
    let mut millis = 0;
    if let Some(fraction) = rest.strip_prefix('.') {
        let end = fraction
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(fraction.len());
        if end == 0 {
            return None;
        }
        let first3: String = fraction[..end]
            .chars()
            .chain("00".chars())
            .take(3)
            .collect();
        millis = digits(&first3)?;
        rest = &fraction[end..];
    }
    let offset_minutes = match rest {
        "Z" | "z" => 0,
        _ => {
            let o = rest.as_bytes();
            if o.len() != 6 || !matches!(o[0], b'+' | b'-') || o[3] != b':' {
                return None;
            }
            let (h, m) = (digits(&rest[1..3])?, digits(&rest[4..6])?);
            if h > 23 || m > 59 {
                return None;
            }
            let sign = if o[0] == b'-' { -1 } else { 1 };
            sign * (h * 60 + m)
        }
    };
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

#[cfg(test)]
mod tests {
    use super::parse_rfc3339_ms;

    #[test]
    fn a_time_with_an_offset_is_the_same_instant_as_its_utc_spelling() {
        let beijing = parse_rfc3339_ms("2027-11-11T00:00:00+08:00");
        assert_eq!(beijing, parse_rfc3339_ms("2027-11-10T16:00:00Z"));
        assert_eq!(beijing, Some(1_825_862_400_000));
    }

    #[test]
    fn the_epoch_leap_days_and_fractions_are_counted_exactly() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339_ms("2000-03-01T00:00:00Z"),
            Some(951_868_800_000)
        );
        assert_eq!(
            parse_rfc3339_ms("2028-02-29T12:00:00.5Z"),
            Some(1_835_438_400_500)
        );
        assert_eq!(parse_rfc3339_ms("1969-12-31T23:59:59.999-00:00"), Some(-1));
    }

    #[test]
    fn text_that_is_not_an_rfc_3339_time_is_refused() {
        for bad in [
            "",
            "2027-11-11",
            "2027-11-11T00:00:00",
            "2027-02-30T00:00:00Z",
            "2027-13-01T00:00:00Z",
            "2027-11-11T24:00:00Z",
            "2027-11-11T00:00:00+8:00",
            "2027-11-11T00:00:00.Z",
            "２０２７-11-11T00:00:00Z",
            "tomorrow at noon, please",
        ] {
            assert_eq!(parse_rfc3339_ms(bad), None, "{bad:?}");
        }
    }
}
