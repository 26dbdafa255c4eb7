//! The outbox as the team sees it: "waiting to send (N)", what became of the moves sent, the
//! moves held for another member and those stuck; it sends the waiting moves when the page
//! opens, when the network returns and every half minute while some wait.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::held::HeldMoves;
use super::offline::{Problem, SentReport, PROBLEMS_SHOWN};
use super::outbox::status_text;
use super::selection::refusal_key;
use super::sending::send_waiting;
use super::session::AdminSession;
use super::stuck::StuckMoves;
use crate::client::components::status_key;
use crate::client::i18n::{fill, team, team_string, use_i18n, I18n, TeamKey};

/// The lines of one report, in the team's language: what moved, then each order that did not.
fn report_lines(i18n: I18n, report: &SentReport) -> Vec<(bool, String)> {
    let status = status_text(i18n, &report.status);
    let mut lines = Vec::new();
    match report.moved.as_slice() {
        [] => {}
        [id] => lines.push((
            true,
            fill(
                i18n.get(TeamKey::sent_moved),
                &[("id", id.clone()), ("status", status.clone())],
            ),
        )),
        many => lines.push((
            true,
            fill(
                i18n.get_count(TeamKey::sent_moved_many, many.len() as u64),
                &[("count", many.len().to_string()), ("status", status)],
            ),
        )),
    }
    for (id, problem) in report.problems.iter().take(PROBLEMS_SHOWN) {
        let why = match problem {
            Problem::MovedMeanwhile(Some(now)) => fill(
                i18n.get(TeamKey::sent_moved_meanwhile),
                &[("status", i18n.get(status_key(*now)).to_owned())],
            ),
            Problem::MovedMeanwhile(None) => i18n.get(TeamKey::refused_moved).to_owned(),
            Problem::Refused(code) => i18n.get(refusal_key(*code)).to_owned(),
        };
        lines.push((false, format!("✗ {id}: {why}")));
    }
    if let Some(more) = report
        .problems
        .len()
        .checked_sub(PROBLEMS_SHOWN)
        .filter(|n| *n > 0)
    {
        let more = i18n.count(TeamKey::sent_more, more as u64);
        lines.push((false, more));
    }
    lines
}

/// "Waiting to send (N)" and what became of the moves sent, over both views (and on the
/// sign-in page, where the moves wait for a token).
#[component]
pub fn OutboxPanel(session: AdminSession) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = session.outbox;
    spawn_local(send_waiting(session));
    let online =
        window_event_listener_untyped("online", move |_| spawn_local(send_waiting(session)));
    let retry = set_interval_with_handle(
        move || {
            if outbox.waiting.get_untracked() > 0 {
                spawn_local(send_waiting(session));
            }
        },
        Duration::from_secs(30),
    )
    .ok();
    on_cleanup(move || {
        online.remove();
        if let Some(retry) = retry {
            retry.clear();
        }
    });
    let signed_out = move || session.token.with(Option::is_none);
    view! {
        <section class="outbox" aria-label=move || team_string!(i18n, outbox_title)>
            {move || (outbox.waiting.get() > 0).then(|| view! {
                <p class="waiting" role="status">
                    {team!(i18n, outbox_waiting, count = outbox.waiting.get())}
                    {move || signed_out().then(|| view! { " "{team!(i18n, outbox_sign_in)} })}
                </p>
            })}
            <HeldMoves session/>
            <StuckMoves outbox/>
            <ul class="sent" aria-live="polite">
                {move || outbox.reports.get().iter().flat_map(|r| report_lines(i18n, r)).map(|(ok, text)| {
                    let class = if ok { "scan-ok" } else { "scan-bad" };
                    view! { <li class=class>{text}</li> }
                }).collect_view()}
            </ul>
        </section>
    }
}
