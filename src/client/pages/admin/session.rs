//! The signed-in team page's shared state: the token, who it is, the producer it works on, the
//! owner's summary and the moves waiting on the phone, with what signing out forgets.

use leptos::prelude::*;

use super::outbox::Outbox;
use crate::client::api::market::MarketNames;
use crate::client::api::team_base::{self, Team};
use crate::client::api::ApiError;
use crate::client::offline_store::{self, Store};
use crate::client::storage;
use crate::domain::{MemberInfo, Summary};

/// What the signed-in pages share: the token, who it belongs to (`/api/admin/me`), the
/// summary (the owner's numbers and the counts on the filter chips) and a version bumped after
/// every change.
#[derive(Clone, Copy)]
pub struct AdminSession {
    pub token: RwSignal<Option<String>>,
    pub version: RwSignal<u32>,
    /// The member signed in, their role and producer: `None` until the server (or, offline,
    /// the phone's copy) has answered for the token as it is now.
    pub me: Signal<Option<Result<MemberInfo, ApiError>>>,
    /// The producer an operator chose (kept for this tab); a member's is their own.
    pub chosen: RwSignal<Option<String>>,
    /// The producer the pages work on (`Some(None)`: the default producer's unscoped routes),
    /// `None` until the page knows who signed in: nothing is asked of a producer before.
    pub scope: Memo<Option<Option<String>>>,
    /// The market's producers by name (`GET /api/market`), asked only once an operator is
    /// signed in.
    pub market: LocalResource<Option<MarketNames>>,
    /// The summary, which only the owner may read (asked only once the token is known to be the
    /// owner's: a packer would be refused it with 403).
    pub summary: LocalResource<Option<Result<Summary, ApiError>>>,
    /// When the summary shown was saved, while it is the phone's copy (offline).
    pub summary_saved: RwSignal<Option<i64>>,
    /// The moves waiting on the phone, and what became of those sent.
    pub outbox: Outbox,
}

impl AdminSession {
    /// The token (signed-in pages only render with one).
    pub fn token(&self) -> String {
        self.token.get_untracked().unwrap_or_default()
    }

    /// The team's calls as they stand: the token, to the producer the pages work on.
    pub fn team(&self) -> Team {
        let producer = self.scope.get_untracked().flatten();
        Team::new(&self.token(), producer.as_deref())
    }

    /// An operator switches to `producer`'s pages (kept for this tab, so the other team pages
    /// open on it too).
    pub fn choose(&self, producer: &str) {
        offline_store::set_chosen_producer(Some(producer));
        self.chosen.set(Some(producer.to_owned()));
    }

    /// Whether an operator is signed in (tracked).
    pub fn operator(&self) -> bool {
        matches!(self.me.get(), Some(Ok(m)) if team_base::chooses_producer(&m))
    }

    /// The market's producers, when an operator is signed in to a market of two or more
    /// (tracked): a shop of one shows the operator today's pages, with nothing to switch.
    pub fn producers(&self) -> Option<MarketNames> {
        self.market
            .get()
            .flatten()
            .filter(|m| self.operator() && m.producers.len() > 1)
    }

    /// Something changed: reload the orders and the numbers.
    pub fn changed(&self) {
        self.version.update(|v| *v += 1);
    }

    /// Whether the owner (or an operator, the owner of every producer) is signed in (tracked).
    /// Until the server has said who the token is, the page offers only what a packer may do,
    /// so a packer never sees a button the server would refuse.
    pub fn owner(&self) -> bool {
        matches!(self.me.get(), Some(Ok(m)) if team_base::runs_the_shop(&m))
    }

    /// The summary, for the owner (tracked).
    pub fn numbers(&self) -> Option<Summary> {
        self.summary.get().flatten().and_then(Result::ok)
    }

    /// Forgets the token (signed out, or refused as unknown), and the buyers' details saved on
    /// the phone with it; the moves waiting stay, each for its member's next sign-in.
    pub fn sign_out(&self) {
        storage::set_admin_token(None);
        offline_store::set_saved_member(None);
        offline_store::set_chosen_producer(None);
        leptos::task::spawn_local(offline_store::clear(Store::Saved));
        self.token.set(None);
        // Every move now waits for its member's sign-in.
        leptos::task::spawn_local(self.outbox.count());
    }
}
