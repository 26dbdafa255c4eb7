//! The countdown to the opening, then to the harvest, ticking every second on the server's
//! clock (the page's `now` is corrected by the server's time). It is not a live region: a
//! screen reader is not interrupted every second.

use leptos::prelude::*;

use crate::client::clock::{next_milestone, Milestone, Remaining};
use crate::client::format;
use crate::client::i18n::{lang, t, use_i18n, Key};
use crate::client::live::live;

/// Days, hours, minutes and seconds to the next milestone, or nothing once both have passed.
#[component]
pub fn Countdown(#[prop(into)] now: Signal<i64>, opens_ms: i64, harvest_ms: i64) -> impl IntoView {
    let i18n = use_i18n();
    let next = move || next_milestone(now.get(), opens_ms, harvest_ms);
    move || {
        next().map(|(milestone, target)| {
            let left = move || Remaining::between(now.get(), target).unwrap_or(Remaining { days: 0, hours: 0, minutes: 0, seconds: 0 });
            let when = format::date_time(lang(), target);
            view! {
                <section class="countdown" aria-labelledby="countdown-title">
                    <h2 id="countdown-title">
                        {i18n.view(match milestone {
                            Milestone::Opening => Key::countdown_open,
                            Milestone::Harvest => Key::countdown_harvest,
                        })}
                    </h2>
                    <p class="clock" role="timer" aria-live="off">
                        <span><b>{live(move || left().days.to_string())}</b>" "{t!(i18n, unit_days)}</span>
                        <span><b>{live(move || format!("{:02}", left().hours))}</b>" "{t!(i18n, unit_hours)}</span>
                        <span><b>{live(move || format!("{:02}", left().minutes))}</b>" "{t!(i18n, unit_minutes)}</span>
                        <span><b>{live(move || format!("{:02}", left().seconds))}</b>" "{t!(i18n, unit_seconds)}</span>
                    </p>
                    <p class="when">{t!(i18n, countdown_at, when = when)}</p>
                </section>
            }
        })
    }
}
