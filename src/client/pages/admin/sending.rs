//! Sending the moves: a move made now goes out at once or waits on the phone behind the others
//! (`move_or_keep`), and the waiting ones go out oldest first once the shop can be reached
//! (`send_waiting`), each answer reported with what moved and what did not. A waiting move goes
//! to its own producer's API, whichever producer the page shows by then.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::offline::{on_failure, OnFailure, QueuedMove, SentReport, Turn};
use super::session::AdminSession;
use crate::client::api::team_base::Team;
use crate::client::api::{self, ApiError};
use crate::client::offline_store::{self as store, Store};
use crate::domain::{BulkMoveRequest, BulkMoveResult, OrderListParams};

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
    let team = session.team();
    let failed = if behind {
        None
    } else {
        match api::admin::move_many(&team, change).await {
            Err(e) if on_failure(&e) == OnFailure::Wait => Some(e),
            answer => return Moved::Answered(answer),
        }
    };
    if !session.outbox.keep(change, team.producer.as_deref()).await {
        let e = failed.unwrap_or_else(|| ApiError::Network(String::new()));
        return Moved::Answered(Err(e));
    }
    if behind {
        spawn_local(send_waiting(session));
    }
    Moved::Kept
}

/// Asks the shop for the status now of the orders someone else moved.
async fn look_up(team: &Team, mut report: SentReport) -> SentReport {
    for id in report.to_look_up() {
        let params = OrderListParams {
            q: Some(id.clone()),
            limit: Some("5".to_owned()),
            ..OrderListParams::default()
        };
        if let Ok(page) = api::admin::orders(team, &params).await {
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
            let team = entry.team(&token);
            let report = match api::admin::move_many(&team, &entry.request()).await {
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
            let report = look_up(&team, report).await;
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
