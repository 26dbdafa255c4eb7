//! The sale's dates between the phone's `<input type="datetime-local">` and the wire: the team
//! types them in China's time (the content's `+08:00`, whatever the phone's own zone), and the
//! API reads and writes RFC 3339. Plain Rust with no import, tested natively
//! (`tests/editor_draft.rs`).

/// The content's offset, in minutes east of UTC: China Standard Time has no daylight saving.
const CHINA_MINUTES: i64 = 8 * 60;

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar (Howard Hinnant's
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

/// The date of a count of days since 1970-01-01 (`civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (
        if month <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        month,
        day,
    )
}

/// The number written by the ASCII digits `text[from..to]`, if they all are.
fn digits(text: &str, from: usize, to: usize) -> Option<i64> {
    let part = text.get(from..to)?;
    part.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| part.parse().ok())?
}

/// `YYYY-MM-DDTHH:MM` (seconds, if any, ignored) as minutes since the epoch in its own zone,
/// for a real day and time of day.
fn local_minutes(text: &str) -> Option<i64> {
    let b = text.as_bytes();
    if b.len() < 16
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b' ')
        || b[13] != b':'
    {
        return None;
    }
    let (year, month, day) = (
        digits(text, 0, 4)?,
        digits(text, 5, 7)?,
        digits(text, 8, 10)?,
    );
    let (hour, minute) = (digits(text, 11, 13)?, digits(text, 14, 16)?);
    let days = days_from_civil(year, month, day);
    let real = (1..=12).contains(&month)
        && day >= 1
        && civil_from_days(days) == (year, month, day)
        && hour < 24
        && minute < 60;
    real.then_some(days * 1440 + hour * 60 + minute)
}

/// Minutes since the epoch as `YYYY-MM-DDTHH:MM`.
fn write_minutes(minutes: i64) -> String {
    let (year, month, day) = civil_from_days(minutes.div_euclid(1440));
    let in_day = minutes.rem_euclid(1440);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}",
        in_day / 60,
        in_day % 60
    )
}

/// An RFC 3339 time from the API (`2027-11-10T16:00:00Z`, any offset) as the date-time input
/// shows it in China's time (`2027-11-11T00:00`); `None` for text that is not one.
pub fn china_input(rfc3339: &str) -> Option<String> {
    let at = local_minutes(rfc3339)?;
    let zone = rfc3339.get(16..)?;
    // After the minutes: optional `:SS` and fraction, then `Z` or `±HH:MM`.
    let offset = match zone.find(['Z', 'z', '+', '-']) {
        Some(i) if zone[i..].eq_ignore_ascii_case("z") => 0,
        Some(i) => {
            let sign = if zone.as_bytes()[i] == b'-' { -1 } else { 1 };
            let hours = digits(zone, i + 1, i + 3)?;
            let minutes = digits(zone, i + 4, i + 6)?;
            (zone.len() == i + 6).then_some(())?;
            sign * (hours * 60 + minutes)
        }
        None => return None,
    };
    Some(write_minutes(at - offset + CHINA_MINUTES))
}

/// What a date-time input holds (`2027-11-11T00:00`, China's time) as the RFC 3339 the content
/// uses (`2027-11-11T00:00:00+08:00`); `None` when it is no real date and time.
pub fn wire(input: &str) -> Option<String> {
    let input = input.trim();
    let at = local_minutes(input)?;
    // Nothing after the minutes but the input's own `:SS`.
    let seconds = match input.len() {
        16 => 0,
        19 if input.as_bytes()[16] == b':' => digits(input, 17, 19).filter(|s| *s < 60)?,
        _ => return None,
    };
    Some(format!("{}:{seconds:02}+08:00", write_minutes(at)))
}
