//! Where orders live: SQLite (one process) or PostgreSQL (any number of instances sharing one
//! database). `Store` reads, `Writer` writes, `open` makes both; this file is the only one that
//! knows both backends, and `on_backend!` the only place that chooses between them. Routes see
//! only what this module re-exports: the vocabulary of `model.rs`, never a backend.
//!
//! ```text
//! store/mod.rs    Store, Writer, open()          model.rs  Placement, Work, Placed, Refused, …
//! store/reads.rs  every read, once for both      rows.rs   rows → the API's shapes (both drivers)
//! store/sql.rs    the statements both run        sqlite/   postgres/   {mod, writer, apply, sql}.rs
//! store/bulk.rs   the team's bulk writes (many moves, courier numbers), planned once for both
//! store/shortfall.rs  a short harvest's cancels, planned once for both
//! store/lists.rs  the team's pages, counts and aggregates (filters as fixed SQL fragments)
//! store/claims.rs the buyers' claims (filing, resolving, statements); claim_reads.rs their
//!                 reads; claim_store.rs the claims' half of Store and Writer
//! ```
//!
//! The path of an order: `routes::orders` parses the body (`NewOrder::parse`), prices it and
//! passes the rate limit, the in-flight key claim and the pending-orders cap, then calls
//! `Writer::place` with a `Placement`. The writer sends the backend a `Work::Place` holding a
//! oneshot `Reply` and waits on it. The backend writes, commits, applies the change to the
//! storefront `Snapshot`, and only then answers `Placed::New` (or `Placed::Replayed` for a key
//! that placed this order before) or a `Refused`; the route answers 201 with the order, or
//! turns the refusal into the API's JSON error (`server::error`), and the page shows it.
//!
//! Why the two stores place an order differently (on purpose):
//! - SQLite has one writer: a single thread owns the write connection and commits the orders
//!   waiting together in one transaction (group commit: one fsync for many orders). Nothing else
//!   writes between its statements, so it looks the key up first and refuses or replays before
//!   writing anything; a refused order needs no savepoint.
//! - PostgreSQL has many writers (connections, instances): between a lookup and an insert
//!   another transaction may insert the same key. So each order is a transaction that inserts
//!   its row first with `ON CONFLICT (idempotency_key) DO NOTHING`: a second one with the same
//!   key waits for the first and then finds its row, and the database, not a process, keeps
//!   "one order per key" and (with `UPDATE … WHERE stock >= $1`) "no oversell".
//!
//! The team's bulk writes (`Work::BulkMove`, `Work::Ship`) are planned by `bulk.rs` from the
//! orders read in their transaction. SQLite runs one in a savepoint of the writer's batch,
//! reading each order by its unique index (no round trip: the connection is in the thread).
//! PostgreSQL reads and locks them all with one `id = ANY($1) … ORDER BY seq FOR UPDATE` (in `seq`
//! order, so two bulk writes wait for each other rather than deadlock), then moves them, records
//! their events and gives back each box's stock with one statement each.

mod bulk;
mod claim_reads;
mod claims;
mod lists;
mod model;
mod postgres;
mod reads;
mod rows;
mod shortfall;
mod sql;
mod sqlite;

use std::sync::Arc;

use sqlx::postgres::PgPool;
use sqlx::sqlite::SqlitePool;
use tokio::sync::oneshot;

use super::content::Content;
use super::snapshot::Snapshot;
use crate::domain::{
    AdminClaim, AdminOrder, BulkMove, BulkMoveResult, Cursor, OrderFilter, OrderView, Picklist,
    Shortfall, ShortfallResult, StatusMove, Summary, TrackingLine, TrackingUploadResult,
};
pub use claim_reads::{PhotoSize, StoredPhoto};
pub use claims::{ClaimFiling, ClaimResolving};
pub use lists::Page;

/// A page of claims and the next page's cursor.
pub type ClaimPage = (Vec<AdminClaim>, Option<Cursor>);
pub use model::{KeyRecord, KeyReuse, Placed, Placement, Refused, StoreError};
use model::{Reply, Work};
use reads::Fetch;

/// One of the two backends.
#[derive(Clone)]
enum Backend<S, P> {
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

// After `on_backend!`, which it uses: the claims' half of `Store` and `Writer`.
mod claim_store;

/// The read side of the database: a pool of connections, cheap to clone.
#[derive(Clone)]
pub struct Store(Backend<SqlitePool, PgPool>);

/// The write side: the SQLite writer thread, or transactions on the PostgreSQL pool.
pub struct Writer(Backend<sqlite::Writer, postgres::Writer>);

/// Opens (creating and migrating) the database at `url`, seeds the content's boxes, and starts
/// the writer on a snapshot of the current totals. `pg_pool_size` bounds the PostgreSQL
/// connections; `max_batch` the writes SQLite commits together.
pub async fn open(
    url: &str,
    content: &Content,
    pg_pool_size: u32,
    max_batch: usize,
) -> Result<(Store, Writer, Arc<Snapshot>), String> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        // The URL may hold a password: errors name the database, not the URL.
        let pool = postgres::open(url, pg_pool_size)
            .await
            .map_err(|e| format!("PostgreSQL: {e}"))?;
        let snapshot = ready(&pool, content).await?;
        let writer = postgres::Writer::spawn(pool.clone(), snapshot.clone());
        let (store, writer) = (Backend::Postgres(pool), Backend::Postgres(writer));
        return Ok((Store(store), Writer(writer), snapshot));
    }
    if !url.starts_with("sqlite:") {
        return Err(format!("{url}: expected sqlite://path or postgres://…"));
    }
    let (readers, setup, path) = sqlite::open(url).await.map_err(|e| format!("{url}: {e}"))?;
    let snapshot = ready(&setup, content).await?;
    setup.close().await;
    let conn = sqlite::write_connection(&path).map_err(|e| format!("{url}: {e}"))?;
    let writer = sqlite::Writer::spawn(conn, snapshot.clone(), max_batch);
    let (store, writer) = (Backend::Sqlite(readers), Backend::Sqlite(writer));
    Ok((Store(store), Writer(writer), snapshot))
}

/// Seeds the content's boxes and reads the totals the storefront starts from.
async fn ready(db: &impl Fetch, content: &Content) -> Result<Arc<Snapshot>, String> {
    reads::seed(db, content)
        .await
        .map_err(|e| format!("seeding boxes: {e}"))?;
    let totals = reads::totals(db)
        .await
        .map_err(|e| format!("reading totals: {e}"))?;
    Ok(Arc::new(Snapshot::new(totals)))
}

impl Store {
    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        on_backend!(&self.0, pool => reads::ping(pool).await)
    }

    /// The order placed with this idempotency key, if any.
    pub async fn find_key(&self, key: &str) -> Result<Option<KeyRecord>, StoreError> {
        Ok(on_backend!(&self.0, pool => reads::find_key(pool, key).await)?)
    }

    /// The token hash of an order, if the order exists: read alone, so that a wrong token
    /// costs the same whether the id exists or not.
    pub async fn token_hash(&self, id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        Ok(on_backend!(&self.0, pool => reads::token_hash(pool, id).await)?)
    }

    /// The buyer's view of an order with its history (after its token was checked).
    pub async fn order(&self, id: &str) -> Result<Option<OrderView>, StoreError> {
        let order = on_backend!(&self.0, pool => reads::order(pool, id).await)?;
        Ok(order.map(OrderView::for_buyer))
    }

    /// One order with the buyer's details.
    pub async fn admin_order(&self, id: &str) -> Result<Option<AdminOrder>, StoreError> {
        Ok(on_backend!(&self.0, pool => reads::admin_order(pool, id).await)?)
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
        Ok(on_backend!(&self.0, pool => lists::page(pool, filter, before, limit, histories).await)?)
    }

    /// How many orders `filter` matches.
    pub async fn count_orders(&self, filter: &OrderFilter) -> Result<u64, StoreError> {
        Ok(on_backend!(&self.0, pool => lists::count(pool, filter).await)?)
    }

    /// The sale at a glance (without the families lifted, which the content decides).
    pub async fn summary(&self) -> Result<Summary, StoreError> {
        Ok(on_backend!(&self.0, pool => lists::summary(pool).await)?)
    }

    /// The orders of `ids` that exist (at most a thousand ids a call), without histories.
    pub async fn orders_by_ids(&self, ids: &[String]) -> Result<Vec<AdminOrder>, StoreError> {
        Ok(on_backend!(&self.0, pool => lists::by_ids(pool, ids).await)?)
    }

    /// What to pack of the orders `filter` matches.
    pub async fn picklist(&self, filter: &OrderFilter) -> Result<Picklist, StoreError> {
        Ok(on_backend!(&self.0, pool => lists::picklist(pool, filter).await)?)
    }
}

impl Writer {
    /// Places an order: takes the stock and writes the order, answers the order this key placed
    /// before, or says why not.
    pub async fn place(&self, placement: Placement) -> Result<Placed, StoreError> {
        self.submit(|reply| Work::Place { placement, reply }).await
    }

    /// Moves an order if the journey allows it and nobody moved it since the helper looked.
    /// `by` is the team member who moves it.
    pub async fn move_status(
        &self,
        id: String,
        change: StatusMove,
        by: String,
    ) -> Result<(), StoreError> {
        self.submit(|reply| Work::Move {
            id,
            change,
            by,
            reply,
        })
        .await
    }

    /// Moves the orders of `moving` that are still in its `from`, in one transaction; answers
    /// which moved (or were already there) and why the others did not.
    pub async fn bulk_move(
        &self,
        moving: BulkMove,
        by: String,
    ) -> Result<BulkMoveResult, StoreError> {
        self.submit(|reply| Work::BulkMove { moving, by, reply })
            .await
    }

    /// Ships each packed order of `lines` with its number, in one transaction; answers how many
    /// lines left their order shipped and why the others did not (by line number).
    pub async fn ship(
        &self,
        lines: Vec<TrackingLine>,
        by: String,
    ) -> Result<TrackingUploadResult, StoreError> {
        self.submit(|reply| Work::Ship { lines, by, reply }).await
    }

    /// Sets the boxes left of one kind.
    pub async fn set_stock(&self, box_id: String, stock: u32) -> Result<(), StoreError> {
        self.submit(|reply| Work::SetStock {
            box_id,
            stock,
            reply,
        })
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
        self.submit(|reply| Work::Shortfall {
            box_id,
            shortfall,
            by,
            reply,
        })
        .await
    }

    /// Hands the backend one write and waits for its answer, sent after the commit.
    async fn submit<T>(&self, work: impl FnOnce(Reply<T>) -> Work) -> Result<T, StoreError> {
        let (reply, answer) = oneshot::channel();
        on_backend!(&self.0, writer => writer.submit(work(reply)).await)?;
        answer.await.unwrap_or_else(|_| {
            Err(StoreError::Database(
                "the write was not committed (its batch rolled back, or the writer stopped)".into(),
            ))
        })
    }

    /// Finishes the writes already queued (SQLite) or stops the refresher (PostgreSQL), then
    /// closes the database.
    pub async fn shutdown(&self) {
        on_backend!(&self.0, writer => writer.shutdown().await)
    }
}
