//! The countdown across the opening moment, the phone's clock corrected by the server's, and
//! prices and numbers as each language writes them.

use orchard::client::clock::{next_milestone, offset_ms, parse_ms, Milestone, Remaining};
use orchard::client::format;
use orchard::domain::Money;
use wasm_bindgen_test::*;

const OPENS: i64 = 1_794_326_400_000; // 2026-11-10T16:00:00Z, midnight in China
const HARVEST: i64 = OPENS + 7 * 86_400_000;

#[wasm_bindgen_test]
fn the_countdown_runs_to_the_opening_then_to_the_harvest() {
    assert_eq!(
        next_milestone(OPENS - 1, OPENS, HARVEST),
        Some((Milestone::Opening, OPENS))
    );
    assert_eq!(
        next_milestone(OPENS, OPENS, HARVEST),
        Some((Milestone::Harvest, HARVEST))
    );
    assert_eq!(next_milestone(HARVEST, OPENS, HARVEST), None);
    let day_and_a_bit = Remaining::between(OPENS - (86_400_000 + 3_661_000), OPENS).unwrap();
    assert_eq!(
        day_and_a_bit,
        Remaining {
            days: 1,
            hours: 1,
            minutes: 1,
            seconds: 1
        }
    );
    assert_eq!(
        Remaining::between(OPENS - 1, OPENS),
        Some(Remaining {
            days: 0,
            hours: 0,
            minutes: 0,
            seconds: 1
        })
    );
    assert_eq!(
        Remaining::between(OPENS, OPENS),
        None,
        "at the opening moment the countdown is over"
    );
    assert_eq!(Remaining::between(OPENS + 1, OPENS), None);
}

#[wasm_bindgen_test]
fn a_wrong_phone_clock_is_corrected_by_the_server_time() {
    let server = parse_ms("2026-11-10T15:59:50Z").unwrap();
    assert_eq!(server, OPENS - 10_000);
    let phone_an_hour_late = server - 3_600_000;
    let offset = offset_ms(server, phone_an_hour_late);
    let now = phone_an_hour_late + offset;
    assert_eq!(Remaining::between(now, OPENS).map(|r| r.seconds), Some(10));
    assert_eq!(parse_ms("2026-11-11T00:00:00+08:00"), Some(OPENS));
    assert_eq!(parse_ms("not a time"), None);
}

#[wasm_bindgen_test]
fn prices_and_numbers_are_written_as_each_language_writes_them() {
    assert_eq!(format::money("en", Money::from_fen(6800)), "¥68.00");
    assert_eq!(format::money("zh", Money::from_fen(12850)), "¥128.50");
    assert_eq!(
        format::money("fr", Money::from_fen(12850)).replace(['\u{202f}', '\u{a0}'], " "),
        "128,50 ¥"
    );
    assert_eq!(format::number("en", 15_000), "15,000");
    assert_eq!(
        format::number("fr", 15_000).replace('\u{202f}', " "),
        "15 000"
    );
    // Formatters are kept per language: going back to one never answers in the last one's way.
    assert_eq!(format::number("en", 15_000), "15,000");
    assert_eq!(format::money("en", Money::from_fen(12850)), "¥128.50");
}
