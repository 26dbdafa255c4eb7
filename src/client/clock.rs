//! The buyer's clock, corrected by the server's: a phone with a wrong clock still counts down to
//! the true opening. Pure arithmetic on Unix milliseconds, plus the browser's `Date`.

/// Now on this phone, in Unix milliseconds.
pub fn local_now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// RFC 3339 text as Unix milliseconds (`None` if the browser cannot read it).
pub fn parse_ms(rfc3339: &str) -> Option<i64> {
    let ms = js_sys::Date::parse(rfc3339);
    ms.is_finite().then_some(ms as i64)
}

/// How far the phone's clock is behind the server's: add it to the local time.
pub fn offset_ms(server_time_ms: i64, local_at_receipt_ms: i64) -> i64 {
    server_time_ms - local_at_receipt_ms
}

/// What the countdown counts to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Milestone {
    /// Orders open.
    Opening,
    /// The harvest (and shipping) starts.
    Harvest,
}

/// Time left, split for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Remaining {
    pub days: i64,
    pub hours: i64,
    pub minutes: i64,
    pub seconds: i64,
}

impl Remaining {
    /// The time from `now_ms` to `target_ms`, rounded up to the second; `None` once reached.
    pub fn between(now_ms: i64, target_ms: i64) -> Option<Self> {
        let left = target_ms - now_ms;
        if left <= 0 {
            return None;
        }
        let total = (left + 999) / 1000;
        Some(Self {
            days: total / 86_400,
            hours: total / 3600 % 24,
            minutes: total / 60 % 60,
            seconds: total % 60,
        })
    }
}

/// The next milestone after `now_ms`: the opening while the sale is upcoming, then the harvest
/// if it is still ahead; `None` when both have passed.
pub fn next_milestone(now_ms: i64, opens_ms: i64, harvest_ms: i64) -> Option<(Milestone, i64)> {
    if now_ms < opens_ms {
        Some((Milestone::Opening, opens_ms))
    } else if now_ms < harvest_ms {
        Some((Milestone::Harvest, harvest_ms))
    } else {
        None
    }
}
