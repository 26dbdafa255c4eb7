//! PostgreSQL, for any number of instances on one database: opening and migrating it (the
//! writer is in `writer.rs`, what each write does in `apply.rs`, the statements PostgreSQL
//! writes its own way in `sql.rs`).
//!
//! Several `orchard-server` instances may share one database: the migrations take sqlx's
//! advisory lock, seeding is an upsert that never touches the stock of a known box, and every
//! guarantee (no oversell, one order per idempotency key, status moves that refuse conflicts)
//! is held by the database, not by a process.

mod apply;
mod claims;
mod content;
mod shortfall;
mod sql;
mod writer;

use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};

pub use writer::Writer;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// Connects a pool of at most `max_connections` and migrates the database.
pub async fn open(url: &str, max_connections: u32) -> Result<PgPool, sqlx::Error> {
    let pool = PgPoolOptions::new()
        .max_connections(max_connections.max(1))
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}
