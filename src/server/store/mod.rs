//! Where orders live: SQLite (one process) or PostgreSQL (any number of instances sharing one
//! database). `Store` is the read side (a pool of connections) and opens the database; every
//! write goes through the `writer` (on SQLite a single thread owning the one write connection;
//! on PostgreSQL a transaction per write). Routes call the same API whatever the database.

mod pg_work;
mod pg_writer;
mod postgres;
mod rows;
mod sqlite;
mod work;
pub mod writer;
mod writes;

use sqlx::postgres::PgPool;
use sqlx::sqlite::SqlitePool;

use super::content::Content;
use super::error::ApiError;
use super::snapshot::Totals;
use crate::domain::{AdminOrder, OrderCreated, OrderView, Stock};
pub use rows::KeyRecord;
use sqlx::Connection;

/// The read side of the database.
#[derive(Clone)]
pub enum Store {
    /// Read-only connections to the SQLite file.
    Sqlite(SqlitePool),
    /// The pool the PostgreSQL writer shares.
    Postgres(PgPool),
}

/// What the writer writes with: SQLite's own write connection, or the PostgreSQL pool.
pub enum WriteSide {
    /// The writer thread's connection.
    Sqlite(rusqlite::Connection),
    /// The pool every write takes a connection from.
    Postgres(PgPool),
}

/// Boxes left as read from the database (whose CHECK keeps them within `Stock::MAX`).
fn stock_of(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0).min(Stock::MAX)
}

/// Opens (creating and migrating) the database, seeds the boxes, and returns the read side, the
/// writer's side and the current totals. `pg_pool_size` bounds the PostgreSQL connections.
pub async fn open(
    url: &str,
    content: &Content,
    pg_pool_size: u32,
) -> Result<(Store, WriteSide, Totals), String> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        // The URL may hold a password: errors name the database, not the URL.
        let pool = postgres::open(url, pg_pool_size)
            .await
            .map_err(|e| format!("PostgreSQL: {e}"))?;
        postgres::seed(&pool, content)
            .await
            .map_err(|e| format!("seeding boxes: {e}"))?;
        let totals = postgres::totals(&pool)
            .await
            .map_err(|e| format!("reading totals: {e}"))?;
        return Ok((
            Store::Postgres(pool.clone()),
            WriteSide::Postgres(pool),
            totals,
        ));
    }
    if !url.starts_with("sqlite:") {
        return Err(format!("{url}: expected sqlite://path or postgres://…"));
    }
    let (pool, mut writer, path) = sqlite::open(url).await.map_err(|e| format!("{url}: {e}"))?;
    sqlite::seed(&mut writer, content)
        .await
        .map_err(|e| format!("seeding boxes: {e}"))?;
    let totals = sqlite::totals(&mut writer)
        .await
        .map_err(|e| format!("reading totals: {e}"))?;
    writer
        .close()
        .await
        .map_err(|e| format!("{url}: closing the setup connection: {e}"))?;
    let writer = writes::open(&path).map_err(|e| format!("{url}: {e}"))?;
    Ok((Store::Sqlite(pool), WriteSide::Sqlite(writer), totals))
}

impl Store {
    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        match self {
            Self::Sqlite(pool) => sqlite::ping(pool).await,
            Self::Postgres(pool) => postgres::ping(pool).await,
        }
    }

    /// The order placed with this idempotency key, if any.
    pub async fn find_key(&self, key: &str) -> Result<Option<KeyRecord>, ApiError> {
        match self {
            Self::Sqlite(pool) => sqlite::find_key(pool, key).await,
            Self::Postgres(pool) => postgres::find_key(pool, key).await,
        }
        .map_err(ApiError::internal)
    }

    /// The token hash of an order, if the order exists: read alone, so that a wrong token
    /// costs the same whether the id exists or not.
    pub async fn token_hash(&self, id: &str) -> Result<Option<Vec<u8>>, ApiError> {
        match self {
            Self::Sqlite(pool) => sqlite::token_hash(pool, id).await,
            Self::Postgres(pool) => postgres::token_hash(pool, id).await,
        }
        .map_err(ApiError::internal)
    }

    /// The buyer's view of an order with its history (after its token was checked).
    pub async fn order(&self, id: &str) -> Result<Option<OrderView>, ApiError> {
        match self {
            Self::Sqlite(pool) => sqlite::order(pool, id).await,
            Self::Postgres(pool) => postgres::order(pool, id).await,
        }
        .map_err(ApiError::internal)
    }

    /// One order with the buyer's details.
    pub async fn admin_order(&self, id: &str) -> Result<Option<AdminOrder>, ApiError> {
        Ok(self.admin_orders_where(Some(id)).await?.pop())
    }

    /// Every order with the buyer's details, newest first.
    pub async fn admin_orders(&self) -> Result<Vec<AdminOrder>, ApiError> {
        self.admin_orders_where(None).await
    }

    async fn admin_orders_where(&self, id: Option<&str>) -> Result<Vec<AdminOrder>, ApiError> {
        match self {
            Self::Sqlite(pool) => sqlite::admin_orders(pool, id).await,
            Self::Postgres(pool) => postgres::admin_orders(pool, id).await,
        }
        .map_err(ApiError::internal)
    }
}

impl KeyRecord {
    /// The answer to a retry with this key: the same order if the body means the same order.
    pub fn replay(self, fingerprint: &str) -> Result<OrderCreated, ApiError> {
        if self.fingerprint != fingerprint {
            return Err(ApiError::IdempotencyKeyReused(
                "This Idempotency-Key was already used for a different order; use a new key for a new order.".into(),
            ));
        }
        self.created.ok_or_else(|| {
            ApiError::IdempotencyKeyReused(
                "This Idempotency-Key belongs to an order placed more than 48 hours ago; use a new key.".into(),
            )
        })
    }
}
