//! The moves waiting on the phone: a scan or a bulk move that cannot reach the shop is kept in
//! IndexedDB (`offline_store`), shown as "waiting to send (N)", and sent in the order it was
//! made when the network returns (the `online` event, the page opening, a sign-in, and every
//! half minute while some wait, as a weak network does not always say it is back). Each answer
//! is shown plainly: moved, or refused with the reason; an order someone else moved meanwhile
//! says so, with its status now. The token is never kept with a move, but its member is: after
//! the tab was closed, the moves wait for a sign-in (which sends them, `SignIn`), and on the
//! shared phone a move is sent only while the member who made it is signed in; anyone else's
//! are held (`held`), never sent under another member's token and never in their way.
//!
//! This file holds the queue's state as the page sees it (`Outbox`); `sending` sends the moves,
//! `outbox_panel` shows them, and `session` holds the signed-in page's state the three share.

use leptos::prelude::*;

use super::offline::{held_for, split_stuck, QueuedMove, SentReport, Turn};
use crate::client::clock;
use crate::client::components::status_key;
use crate::client::i18n::I18n;
use crate::client::offline_store::{self as store, Store};
use crate::domain::{BulkMoveRequest, OrderStatus};

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
    pub(super) sending: RwSignal<bool>,
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

    /// Keeps a move of `producer`'s orders that could not be sent, as the signed-in member's;
    /// `false` when this phone cannot keep it.
    pub(super) async fn keep(self, change: &BulkMoveRequest, producer: Option<&str>) -> bool {
        let nonce = (js_sys::Math::random() * f64::from(u32::MAX)) as u32;
        let mut entry = QueuedMove::new(change, clock::local_now_ms(), nonce).of(producer);
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

/// A status as the wire names it, in the team's language (as it came if this version does not
/// know it).
pub(super) fn status_text(i18n: I18n, status: &str) -> String {
    OrderStatus::parse(status)
        .map(|s| i18n.get(status_key(s)).to_owned())
        .unwrap_or_else(|| status.to_owned())
}
