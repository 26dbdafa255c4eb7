//! The two handles routes hold, over whichever backend `open` chose: `Store` reads (a pool of
//! connections), `Writer` writes (the SQLite writer thread, or transactions on the PostgreSQL
//! pool). `on_backend!` is the only place that chooses between the backends; `claim_store.rs`
//! adds the claims' half of both handles.

use std::sync::Arc;

use sqlx::postgres::PgPool;
use sqlx::sqlite::SqlitePool;
use tokio::sync::oneshot;

use super::lists::Page;
use super::model::{Placed, ProducerId, Scope, StoreError};
use super::placement::{KeyRecord, Placement};
use super::producers::Snapshots;
use super::work::{BulkWrite, Job, ShipWrite, ShortfallWrite, StatusWrite, StockWrite, Work};
use super::{lists, postgres, reads, sqlite};
use crate::domain::{
    AdminOrder, BulkMove, BulkMoveResult, OrderFilter, OrderView, Picklist, Shortfall,
    ShortfallResult, StatusMove, Summary, TrackingLine, TrackingUploadResult,
};

/// One of the two backends.
#[derive(Clone)]
pub(super) enum Backend<S, P> {
    Sqlite(S),
    Postgres(P),
}

/// Runs `$body` with `$it` bound to whichever backend `$backend` holds (both have the same API).
macro_rules! on_backend {
    ($backend:expr, $it:ident => $body:expr) => {
        match $backend {
            Backend::Sqlite($it) => $body,
            Backend::Postgres($it) => $body,
        }
    };
}
pub(super) use on_backend;

/// The read side of the database for one producer: a pool of connections, cheap to clone.
#[derive(Clone)]
pub struct Store(
    pub(super) Backend<SqlitePool, PgPool>,
    pub(super) ProducerId,
);

/// The write side for one producer: the SQLite writer thread, or transactions on the
/// PostgreSQL pool; cheap to clone (every producer's handle shares one writer).
#[derive(Clone)]
pub struct Writer(
    pub(super) Arc<Backend<sqlite::Writer, postgres::Writer>>,
    pub(super) ProducerId,
);

impl Store {
    /// The same database, for producer `id`.
    pub fn scoped(&self, id: ProducerId) -> Self {
        Self(self.0.clone(), id)
    }

    /// The producer this handle reads for.
    pub fn producer(&self) -> ProducerId {
        self.1
    }

    /// What the reads of one call run on: the SQLite pool, or (PostgreSQL) a transaction that
    /// sees `scope`'s rows only.
    pub(super) fn reading(&self, scope: Scope) -> Backend<SqlitePool, postgres::Reading> {
        match &self.0 {
            Backend::Sqlite(pool) => Backend::Sqlite(pool.clone()),
            Backend::Postgres(pool) => {
                Backend::Postgres(postgres::Reading::new(pool.clone(), scope))
            }
        }
    }

    /// `reading` for this handle's producer: every read but the buyer's, by order id.
    pub(super) fn own(&self) -> Backend<SqlitePool, postgres::Reading> {
        self.reading(Scope::Producer(self.1))
    }

    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        on_backend!(&self.0, pool => reads::ping(pool).await)
    }

    /// The order placed with this producer with this idempotency key, if any.
    pub async fn find_key(&self, key: &str) -> Result<Option<KeyRecord>, StoreError> {
        Ok(on_backend!(self.own(), db => reads::find_key(&db, self.1, key).await)?)
    }

    /// The token hash of an order and its producer, if the order exists, whichever producer it
    /// belongs to (the buyer's paths): read alone, so that a wrong token costs the same whether
    /// the id exists or not.
    pub async fn token_hash(&self, id: &str) -> Result<Option<(Vec<u8>, ProducerId)>, StoreError> {
        Ok(on_backend!(self.reading(Scope::Market), db => reads::token_hash(&db, id).await)?)
    }

    /// The buyer's view of an order with its history and its producer's slug (after its token
    /// was checked), whichever producer it belongs to.
    pub async fn order(&self, id: &str) -> Result<Option<OrderView>, StoreError> {
        let order = on_backend!(self.reading(Scope::Market), db => reads::order(&db, id).await)?;
        Ok(order.map(OrderView::for_buyer))
    }

    /// One order with the buyer's details.
    pub async fn admin_order(&self, id: &str) -> Result<Option<AdminOrder>, StoreError> {
        Ok(on_backend!(self.own(), db => reads::admin_order(&db, self.1, id).await)?)
    }

    /// At most `limit` orders `filter` matches, older than `before` (a `seq`), newest first;
    /// with their histories if `histories`.
    pub async fn orders_page(
        &self,
        filter: &OrderFilter,
        before: Option<i64>,
        limit: u32,
        histories: bool,
    ) -> Result<Page, StoreError> {
        Ok(
            on_backend!(self.own(), db => lists::page(&db, self.1, filter, before, limit, histories).await)?,
        )
    }

    /// How many orders `filter` matches.
    pub async fn count_orders(&self, filter: &OrderFilter) -> Result<u64, StoreError> {
        Ok(on_backend!(self.own(), db => lists::count(&db, self.1, filter).await)?)
    }

    /// The sale at a glance (without the families lifted, which the content decides).
    pub async fn summary(&self) -> Result<Summary, StoreError> {
        Ok(on_backend!(self.own(), db => lists::summary(&db, self.1).await)?)
    }

    /// The orders of `ids` that exist (at most a thousand ids a call), without histories.
    pub async fn orders_by_ids(&self, ids: &[String]) -> Result<Vec<AdminOrder>, StoreError> {
        Ok(on_backend!(self.own(), db => lists::by_ids(&db, self.1, ids).await)?)
    }

    /// What to pack of the orders `filter` matches.
    pub async fn picklist(&self, filter: &OrderFilter) -> Result<Picklist, StoreError> {
        Ok(on_backend!(self.own(), db => lists::picklist(&db, self.1, filter).await)?)
    }
}

impl Writer {
    /// The same writer, for producer `id`.
    pub fn scoped(&self, id: ProducerId) -> Self {
        Self(self.0.clone(), id)
    }

    /// The producer this handle writes for.
    pub fn producer(&self) -> ProducerId {
        self.1
    }

    /// Places an order: takes the stock and writes the order, answers the order this key placed
    /// before, or says why not.
    pub async fn place(&self, placement: Placement) -> Result<Placed, StoreError> {
        self.submit(placement, Work::Place).await
    }

    /// Moves an order if the journey allows it and nobody moved it since the helper looked.
    /// `by` is the team member who moves it.
    pub async fn move_status(
        &self,
        id: String,
        change: StatusMove,
        by: String,
    ) -> Result<(), StoreError> {
        self.submit(StatusWrite { id, change, by }, Work::Move)
            .await
    }

    /// Moves the orders of `moving` that are still in its `from`, in one transaction; answers
    /// which moved (or were already there) and why the others did not.
    pub async fn bulk_move(
        &self,
        moving: BulkMove,
        by: String,
    ) -> Result<BulkMoveResult, StoreError> {
        self.submit(BulkWrite { moving, by }, Work::BulkMove).await
    }

    /// Ships each packed order of `lines` with its number, in one transaction; answers how many
    /// lines left their order shipped and why the others did not (by line number).
    pub async fn ship(
        &self,
        lines: Vec<TrackingLine>,
        by: String,
    ) -> Result<TrackingUploadResult, StoreError> {
        self.submit(ShipWrite { lines, by }, Work::Ship).await
    }

    /// Sets the boxes left of one kind.
    pub async fn set_stock(&self, box_id: String, stock: u32) -> Result<(), StoreError> {
        self.submit(StockWrite { box_id, stock }, Work::SetStock)
            .await
    }

    /// Cancels the newest `received` orders of box `box_id` that free at least
    /// `shortfall.boxes` boxes, for a short harvest (or only names them, for a dry run).
    pub async fn shortfall(
        &self,
        box_id: String,
        shortfall: Shortfall,
        by: String,
    ) -> Result<ShortfallResult, StoreError> {
        let ask = ShortfallWrite {
            box_id,
            shortfall,
            by,
        };
        self.submit(ask, Work::Shortfall).await
    }

    /// Hands the backend one write, `ask` as a `kind` of `Work`, and waits for its answer, sent
    /// after the commit.
    pub(super) async fn submit<R, T>(
        &self,
        ask: R,
        kind: fn(Job<R, T>) -> Work,
    ) -> Result<T, StoreError> {
        let (reply, answer) = oneshot::channel();
        let work = kind(Job {
            producer: self.1,
            ask,
            reply,
        });
        on_backend!(&*self.0, writer => writer.submit(work).await)?;
        answer.await.unwrap_or_else(|_| {
            Err(StoreError::Database(
                "the write was not committed (its batch rolled back, or the writer stopped)".into(),
            ))
        })
    }

    /// Every producer's live storefront numbers, which this writer changes.
    pub(super) fn snapshots(&self) -> &Snapshots {
        on_backend!(&*self.0, writer => writer.snapshots())
    }

    /// Finishes the writes already queued (SQLite) or stops the refresher (PostgreSQL), then
    /// closes the database.
    pub async fn shutdown(&self) {
        on_backend!(&*self.0, writer => writer.shutdown().await)
    }
}
