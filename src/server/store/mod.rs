//! Where orders live: SQLite (one process) or PostgreSQL (any number of instances sharing one
//! database). `Store` reads, `Writer` writes, `open` makes both; `handles.rs` and this file are
//! the only ones that know both backends, and `on_backend!` the only place that chooses between
//! them. Routes see only what this module re-exports: the vocabulary of `model.rs`,
//! `placement.rs` and `claims.rs`, never a backend.
//!
//! ```text
//! store/mod.rs       open()                       handles.rs  Store, Writer, on_backend!
//! store/opened.rs    Opened, Seed, create_producer producers.rs seeding, NewProducer, Snapshots
//! store/model.rs     Placed, Refused, StoreError  placement.rs Placement, KeyRecord, OrderState
//! store/work.rs      Work: what a write asks      fetch.rs    Fetch, Dialect (what a read asks)
//! store/reads.rs     every read, once for both    sql.rs      the statements both run
//! store/columns.rs   Columns: a row by name (both drivers); rows.rs, tallies.rs read with it
//! store/bulk.rs      the team's bulk writes (many moves, courier numbers), planned once for both
//! store/shortfall.rs a short harvest's cancels, planned once for both
//! store/lists.rs     the team's pages, counts and aggregates (filters as fixed SQL fragments)
//! store/claims.rs    the buyers' claims (filing, resolving, statements); claim_reads.rs their
//!                    reads; claim_store.rs the claims' half of Store and Writer
//! sqlite/ postgres/  {mod, writer, apply, claims, sql}.rs: each backend's own
//! postgres/scope.rs  whose rows each PostgreSQL transaction sees (row-level security, `Scope`)
//! ```
//!
//! Files import each other in one direction: a backend uses the shared files, never the reverse;
//! `model` ← `placement` ← `sql` ← `claims` ← `work`; `columns` ← `rows`, `tallies` ← `reads`.
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
#[cfg(test)]
mod by_name_tests;
mod claim_reads;
mod claim_store;
mod claims;
mod columns;
mod content_handles;
mod content_writes;
mod fetch;
mod handles;
mod lists;
#[cfg(test)]
mod market_tests;
mod model;
mod opened;
mod payment_row;
mod payment_store;
mod payments;
mod placement;
mod postgres;
mod producers;
mod reads;
mod rows;
mod shortfall;
mod sql;
mod sqlite;
mod tallies;
mod work;

use std::sync::Arc;

use super::snapshot::Snapshot;
pub use claim_reads::{PhotoSize, StoredPhoto};
pub use claims::{ClaimFiling, ClaimResolving};
pub use content_writes::{BoxWrite, ContentWrite, PictureWrite};
use fetch::Fetch;
use handles::Backend;
pub use handles::{Store, Writer};
use model::Scope;
pub use model::{KeyReuse, Placed, ProducerId, Refused, StoreError};
pub use opened::{Opened, OpenedProducer, Seed};
pub use payment_store::UnsettledRefund;
pub use payments::{PaymentChange, PaymentDone, PaymentWrite, RefundReason};
pub use placement::{Hold, OrderState, Placement};
use producers::Snapshots;

/// Opens (creating and migrating) the database at `url`, seeds the producers the files name
/// (the first is the default one) and their boxes, and starts the writer on a snapshot of each
/// producer's current totals. `pg_pool_size` bounds the PostgreSQL connections; `max_batch` the
/// writes SQLite commits together.
pub async fn open(
    url: &str,
    seeds: &[Seed<'_>],
    pg_pool_size: u32,
    max_batch: usize,
) -> Result<Opened, String> {
    if seeds.is_empty() {
        return Err("a market needs at least one producer".into());
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        // The URL may hold a password: errors name the database, not the URL.
        let pool = postgres::open(url, pg_pool_size)
            .await
            .map_err(|e| format!("PostgreSQL: {e}"))?;
        // Seeding and loading every producer's numbers is the whole market's work: one
        // transaction that sees every producer's rows.
        let market = postgres::Reading::new(pool.clone(), Scope::Market);
        let (producers, snapshots) = ready(&market, seeds).await?;
        market
            .commit()
            .await
            .map_err(|e| format!("PostgreSQL: seeding: {e}"))?;
        let writer = postgres::Writer::spawn(pool.clone(), snapshots);
        return Ok(opened(
            Backend::Postgres(pool),
            Backend::Postgres(writer),
            producers,
        ));
    }
    if !url.starts_with("sqlite:") {
        return Err(format!("{url}: expected sqlite://path or postgres://…"));
    }
    let (readers, setup, path) = sqlite::open(url).await.map_err(|e| format!("{url}: {e}"))?;
    let (producers, snapshots) = ready(&setup, seeds).await?;
    setup.close().await;
    let conn = sqlite::write_connection(&path).map_err(|e| format!("{url}: {e}"))?;
    let writer = sqlite::Writer::spawn(conn, snapshots, max_batch);
    Ok(opened(
        Backend::Sqlite(readers),
        Backend::Sqlite(writer),
        producers,
    ))
}

/// The handles, scoped to the first producer (the default one).
fn opened(
    store: Backend<sqlx::SqlitePool, sqlx::PgPool>,
    writer: Backend<sqlite::Writer, postgres::Writer>,
    producers: Vec<OpenedProducer>,
) -> Opened {
    let id = producers[0].id;
    Opened {
        store: Store(store, id),
        writer: Writer(Arc::new(writer), id),
        producers,
    }
}

/// Seeds each producer the files name (its boxes, its content), finds those put on the market
/// at run time, and reads the totals each storefront starts from.
async fn ready(
    db: &impl Fetch,
    seeds: &[Seed<'_>],
) -> Result<(Vec<OpenedProducer>, Arc<Snapshots>), String> {
    let snapshots = Arc::new(Snapshots::default());
    let mut producers = Vec::with_capacity(seeds.len());
    let mut found = Vec::with_capacity(seeds.len());
    for (n, seed) in seeds.iter().enumerate() {
        let (id, content) = producers::seed(db, seed.slug, seed.content, n == 0)
            .await
            .map_err(|e| format!("seeding producer {}: {e}", seed.slug))?;
        found.push((id, seed.slug.to_owned(), content));
    }
    let named: Vec<&str> = seeds.iter().map(|s| s.slug).collect();
    let later = producers::put_on_at_run_time(db, &named)
        .await
        .map_err(|e| format!("reading the producers put on the market: {e}"))?;
    for (id, slug, content) in found.into_iter().chain(later) {
        let totals = reads::totals(db, id)
            .await
            .map_err(|e| format!("reading the totals of {slug}: {e}"))?;
        let snapshot = Arc::new(Snapshot::new(totals));
        snapshots.insert(id, snapshot.clone());
        producers.push(OpenedProducer {
            id,
            slug,
            content,
            snapshot,
        });
    }
    Ok((producers, snapshots))
}
