//! The moves waiting on the phone: a scan or a bulk move that cannot reach the shop is kept in
//! IndexedDB (`offline_store`), shown as "waiting to send (N)", and sent in the order it was
//! made when the network returns (the `online` event, the page opening, a sign-in, and every
//! half minute while some wait, as a weak network does not always say it is back). Each answer
//! is shown plainly: moved, or refused with the reason; an order someone else moved meanwhile
//! says so, with its status now. The token is never kept with a move, but its member is: after
//! the tab was closed, the moves wait for a sign-in (which sends them, `SignIn`), and on the
//! shared phone a move is sent only while the member who made it is signed in; anyone else's
//! are held (`held`), never sent under another member's token and never in their way.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::offline::{
    held_for, on_failure, split_stuck, OnFailure, Problem, QueuedMove, SentReport, Turn,
    PROBLEMS_SHOWN,
};
use super::selection::refusal_key;
use super::stuck::StuckMoves;
use super::AdminSession;
use crate::client::api::{self, ApiError};
use crate::client::clock;
use crate::client::components::status_key;
use crate::client::i18n::{fill, team, team_string, use_i18n, I18n, TeamKey};
use crate::client::offline_store::{self as store, Store};
use crate::domain::{BulkMoveRequest, BulkMoveResult, OrderListParams, OrderStatus};

/// The page's side of the queue: how many of the signed-in member's moves wait, whose others
/// are held, whether they are being sent, and what became of those sent.
#[derive(Clone, Copy)]
pub struct Outbox {
    pub waiting: RwSignal<usize>,
    /// The other members whose moves wait for them to sign in, with how many.
    pub held: RwSignal<Vec<(String, usize)>>,
    /// Moves kept before moves had a member, for the member signed in to send or discard.
    pub unknown: RwSignal<Vec<QueuedMove>>,
    pub reports: RwSignal<Vec<SentReport>>,
    /// Moves refused for good, kept apart to be looked at and discarded (`stuck`).
    pub stuck: RwSignal<Vec<QueuedMove>>,
    sending: RwSignal<bool>,
}

impl Outbox {
    /// An outbox that has not looked at the phone's queue yet.
    pub fn new() -> Self {
        Self {
            waiting: RwSignal::new(0),
            held: RwSignal::new(Vec::new()),
            unknown: RwSignal::new(Vec::new()),
            reports: RwSignal::new(Vec::new()),
            stuck: RwSignal::new(Vec::new()),
            sending: RwSignal::new(false),
        }
    }

    /// Keeps a move that could not be sent, as the signed-in member's; `false` when this phone
    /// cannot keep it.
    async fn keep(self, change: &BulkMoveRequest) -> bool {
        let nonce = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
        let mut entry = QueuedMove::new(change, clock::local_now_ms(), nonce);
        if let Some(me) = store::member_name() {
            entry = entry.by(&me);
        }
        let kept = store::put(Store::Queue, &entry.key, &entry).await;
        self.count().await;
        kept
    }

    /// Reads the phone's queue again, as the member signed in sees it: their own moves to
    /// send, others' held for them, those kept before moves had a member, and those stuck.
    pub(super) async fn count(self) {
        let (queue, stuck) = split_stuck(store::all::<QueuedMove>(Store::Queue).await);
        let me = store::member_name();
        let is = |entry: &QueuedMove, turn: Turn| entry.turn(me.as_deref()) == turn;
        self.waiting
            .set(queue.iter().filter(|e| is(e, Turn::Mine)).count());
        self.held.set(held_for(&queue, me.as_deref()));
        self.unknown
            .set(queue.into_iter().filter(|e| is(e, Turn::Unknown)).collect());
        self.stuck.set(stuck);
    }
}

impl Default for Outbox {
    fn default() -> Self {
        Self::new()
    }
}

/// What became of a move the helper made.
pub enum Moved {
    /// The shop answered (or refused) it now.
    Answered(Result<BulkMoveResult, ApiError>),
    /// Kept on the phone, to be sent when the network returns.
    Kept,
}

/// Sends `change` now, or keeps it when the shop cannot be reached. While older moves wait, a
/// new one waits behind them, so moves reach the shop in the order they were made.
pub async fn move_or_keep(session: AdminSession, change: &BulkMoveRequest) -> Moved {
    let behind = session.outbox.waiting.get_untracked() > 0;
    let failed = if behind {
        None
    } else {
        match api::admin::move_many(&session.token(), change).await {
            Err(e) if on_failure(&e) == OnFailure::Wait => Some(e),
            answer => return Moved::Answered(answer),
        }
    };
    if !session.outbox.keep(change).await {
        let e = failed.unwrap_or_else(|| ApiError::Network(String::new()));
        return Moved::Answered(Err(e));
    }
    if behind {
        spawn_local(send_waiting(session));
    }
    Moved::Kept
}

/// Asks the shop for the status now of the orders someone else moved.
async fn look_up(token: &str, mut report: SentReport) -> SentReport {
    for id in report.to_look_up() {
        let params = OrderListParams {
            q: Some(id.clone()),
            limit: Some("5".to_owned()),
            ..OrderListParams::default()
        };
        if let Ok(page) = api::admin::orders(token, &params).await {
            if let Some(found) = page.orders.iter().find(|o| o.order.id == id) {
                report.now_in(&id, found.order.status);
            }
        }
    }
    report
}

/// Sends every waiting move, oldest first, until one cannot reach the shop; a move leaves the
/// phone once the shop has answered it, and one kept while others were on their way is sent
/// behind them. Only the signed-in member's moves are sent; without a token (the tab was
/// closed), or before the page knows who signed in, nothing is.
pub async fn send_waiting(session: AdminSession) {
    let outbox = session.outbox;
    let token = session.token.get_untracked();
    let me = store::member_name();
    let (Some(token), Some(me), false) = (token, me, outbox.sending.get_untracked()) else {
        outbox.count().await;
        return;
    };
    outbox.sending.set(true);
    // The moves answered in this round: each is sent once, even if the phone failed to forget it.
    let mut answered: Vec<String> = Vec::new();
    'queue: loop {
        let waiting: Vec<QueuedMove> = store::all::<QueuedMove>(Store::Queue)
            .await
            .into_iter()
            .filter(|entry| {
                entry.stuck.is_none()
                    && entry.turn(Some(me.as_str())) == Turn::Mine
                    && !answered.contains(&entry.key)
            })
            .collect();
        if waiting.is_empty() {
            break;
        }
        for entry in waiting {
            let report = match api::admin::move_many(&token, &entry.request()).await {
                Ok(result) => SentReport::answered(&entry, &result),
                Err(e) => match on_failure(&e) {
                    OnFailure::Wait => break 'queue,
                    OnFailure::SignIn => {
                        session.sign_out();
                        break 'queue;
                    }
                    OnFailure::GiveUp(code) => {
                        // Refused for good: kept apart as stuck, and the moves behind it go on.
                        let stuck = QueuedMove {
                            stuck: Some(code),
                            ..entry.clone()
                        };
                        store::put(Store::Queue, &entry.key, &stuck).await;
                        answered.push(entry.key);
                        continue;
                    }
                },
            };
            store::remove(Store::Queue, &entry.key).await;
            let report = look_up(&token, report).await;
            outbox
                .reports
                .update(|reports| super::offline::add_report(reports, report));
            answered.push(entry.key);
        }
    }
    outbox.sending.set(false);
    outbox.count().await;
    if !answered.is_empty() {
        session.changed();
    }
}

/// A status as the wire names it, in the team's language (as it came if this version does not
/// know it).
pub(super) fn status_text(i18n: I18n, status: &str) -> String {
    OrderStatus::parse(status)
        .map(|s| i18n.get(status_key(s)).to_owned())
        .unwrap_or_else(|| status.to_owned())
}

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
                i18n.get(TeamKey::sent_moved_many),
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
        let more = fill(i18n.get(TeamKey::sent_more), &[("count", more.to_string())]);
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
            <super::held::HeldMoves session/>
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
