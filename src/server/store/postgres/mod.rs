//! PostgreSQL, for any number of instances on one database: opening and migrating it (the
//! writer is in `writer.rs`, what each write does in `apply.rs`, the statements PostgreSQL
//! writes its own way in `sql.rs`, whose rows each transaction works on in `scope.rs`).
//!
//! Several `orchard-server` instances may share one database: the migrations take sqlx's
//! advisory lock, seeding is an upsert that never touches the stock of a known box, and every
//! guarantee (no oversell, one order per idempotency key, status moves that refuse conflicts)
//! is held by the database, not by a process.

mod apply;
mod claims;
mod content;
mod pay;
mod scope;
mod shortfall;
mod sql;
mod writer;

use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};

pub use scope::Reading;
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
    warn_if_search_is_walled(&pool).await?;
    Ok(pool)
}

/// The team's search matches with `LIKE` over `translate(…)` (trigram indexes of
/// `0006_search_indexes.sql`); under row-level security PostgreSQL uses those indexes only if
/// both functions are LEAKPROOF, which only a superuser may say. Without it every search reads
/// all of a producer's orders (~320 ms on 158,000): a warning names the fix, the server runs.
async fn warn_if_search_is_walled(pool: &PgPool) -> Result<(), sqlx::Error> {
    let leakproof: bool = sqlx::query_scalar(
        "SELECT bool_and(proleakproof) FROM pg_proc WHERE oid IN \
         ('pg_catalog.textlike(text, text)'::regprocedure, \
          'pg_catalog.translate(text, text, text)'::regprocedure)",
    )
    .fetch_one(pool)
    .await?;
    if !leakproof {
        tracing::warn!(
            fix = "ALTER FUNCTION pg_catalog.textlike(text, text) LEAKPROOF; \
                   ALTER FUNCTION pg_catalog.translate(text, text, text) LEAKPROOF;",
            "the team's search cannot use its indexes under row-level security: a superuser \
             of this database may run the fix once (see README, \"Several instances\")"
        );
    }
    Ok(())
}
