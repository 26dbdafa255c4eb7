//! Where orders live. `Store` is the read side (a pool of connections) and opens the database;
//! every write goes through the single `writer` task, which owns the one write connection.

mod rows;
mod sqlite;
mod work;
pub mod writer;
mod writes;

use sqlx::sqlite::SqlitePool;

use super::content::Content;
use super::error::ApiError;
use crate::domain::{AdminOrder, OrderCreated, OrderView};
pub use rows::KeyRecord;
use sqlx::Connection;

/// The read side of the database, and what is needed to open the writer.
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
}

/// The numbers the storefront needs, read once at start; the writer keeps them current.
pub struct Totals {
    /// Box id → boxes left, for every box in the database.
    pub stock: Vec<(String, u32)>,
    pub orders: u64,
    pub kg_sold: u64,
}

/// Opens (creating and migrating) the database, seeds the boxes, and returns the read side, the
/// writer's connection and the current totals.
pub async fn open(
    url: &str,
    content: &Content,
) -> Result<(Store, rusqlite::Connection, Totals), String> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Err(format!(
            "{url}: PostgreSQL is not supported by this build yet; use sqlite://path"
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
    Ok((Store { pool }, writer, totals))
}

impl Store {
    /// Whether the database answers.
    pub async fn ping(&self) -> bool {
        sqlite::ping(&self.pool).await
    }

    /// The order placed with this idempotency key, if any.
    pub async fn find_key(&self, key: &str) -> Result<Option<KeyRecord>, ApiError> {
        sqlite::find_key(&self.pool, key)
            .await
            .map_err(ApiError::internal)
    }

    /// The order and its token hash, for the buyer's private lookup.
    pub async fn order(&self, id: &str) -> Result<Option<(OrderView, Vec<u8>)>, ApiError> {
        sqlite::order(&self.pool, id)
            .await
            .map_err(ApiError::internal)
    }

    /// One order with the buyer's details.
    pub async fn admin_order(&self, id: &str) -> Result<Option<AdminOrder>, ApiError> {
        Ok(sqlite::admin_orders(&self.pool, Some(id))
            .await
            .map_err(ApiError::internal)?
            .pop())
    }

    /// Every order with the buyer's details, newest first.
    pub async fn admin_orders(&self) -> Result<Vec<AdminOrder>, ApiError> {
        sqlite::admin_orders(&self.pool, None)
            .await
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
