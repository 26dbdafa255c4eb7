//! SQLite, for one process: opening, migrating and seeding the file, the pool of readers, and
//! the writer thread's own connection (`writer.rs` runs it, `apply.rs` says what each write
//! does, `sql.rs` holds the statements SQLite writes its own way).
//!
//! Settings, and what each promises:
//! - `journal_mode = WAL`: readers never block the writer nor the writer the readers; a commit
//!   appends to the write-ahead log instead of rewriting pages.
//! - `synchronous = FULL` on the write connection: the WAL is fsynced at every commit, so an order
//!   answered 201 survives not only `kill -9` of the server but a power cut of the machine. Group
//!   commit (one transaction for the orders waiting together) is what makes FULL affordable.
//! - `busy_timeout = 5 s`: a reader or a second process waits for a lock instead of failing.
//! - `foreign_keys = ON`: an order cannot point at a box that does not exist.
//!
//! The writer uses rusqlite, not sqlx: sqlx runs each statement on a worker thread of its own,
//! and on two busy cores every one of those round trips waited for the scheduler (a batch of 30
//! orders took ~8 ms, almost all of it hops). On a plain connection a batch is a few
//! microseconds of SQLite per statement, then the fsync.

mod apply;
mod claims;
mod content;
mod pay;
mod sql;
mod writer;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use rusqlite::Connection;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::ConnectOptions;

use super::columns::{Columns, Lite};
use super::fetch::Fetch;
use crate::server::tokens;
pub use writer::Writer;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// Opens the file (creating and migrating it) and returns the pool of readers, a one-connection
/// pool to seed and read the totals with (close it before the writer opens), and the file's path
/// for the writer's own connection.
pub async fn open(url: &str) -> Result<(SqlitePool, SqlitePool, PathBuf), sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?;
    let path = options.get_filename().to_owned();
    let base = options
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true)
        .disable_statement_logging();
    // Foreign keys off while migrating: SQLite rebuilds a table (migration 0003) only that way.
    // They are all checked right after, and every later connection has them on.
    let setup = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            base.clone()
                .foreign_keys(false)
                .create_if_missing(true)
                .synchronous(SqliteSynchronous::Full),
        )
        .await?;
    MIGRATOR.run(&setup).await?;
    let broken = setup.fetch("PRAGMA foreign_key_check", &[]).await?;
    if !broken.is_empty() {
        return Err(sqlx::Error::Protocol(format!(
            "{} rows break a foreign key after migrating",
            broken.len()
        )));
    }
    let readers = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(base.synchronous(SqliteSynchronous::Normal).read_only(true))
        .await?;
    Ok((readers, setup, path))
}

/// Opens the write connection on a database that `open` already created and migrated.
pub fn write_connection(path: &Path) -> rusqlite::Result<Connection> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(32);
    hash_plain_keys(&mut conn)?;
    Ok(conn)
}

/// Hashes the idempotency keys that were stored in plain before migration 0004 (SQLite has no
/// SHA-256 in SQL, so the server does it): once, in one transaction, marked by
/// `PRAGMA user_version = 1`. (Migration 0004 names it `writes::hash_plain_keys`, where it lived
/// before; sqlx checksums an applied migration, so its text stays as it was.)
fn hash_plain_keys(conn: &mut Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get("user_version"))?;
    if version >= 1 {
        return Ok(());
    }
    let tx = conn.transaction()?;
    let keys: Vec<(i64, String)> = tx
        .prepare(sql::PLAIN_KEYS)?
        .query_map([], |r| {
            Ok((Lite(r).int("seq")?, Lite(r).text("idempotency_key")?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    {
        let mut update = tx.prepare(sql::HASH_KEY)?;
        for (seq, key) in &keys {
            update.execute(rusqlite::params![tokens::key_hash(key), seq])?;
        }
    }
    tx.pragma_update(None, "user_version", 1)?;
    tx.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stored_in_plain_before_the_upgrade_are_hashed_once_and_still_refuse_a_second_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let conn = Connection::open(&path).unwrap();
        // As `open` migrates: foreign keys off.
        conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
        for sql in [
            include_str!("../../../../migrations/sqlite/0001_orders.sql"),
            include_str!("../../../../migrations/sqlite/0002_tracking_number.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO boxes VALUES ('5kg', 5, 6800, 10);
             INSERT INTO orders (id, token_hash, idempotency_key, fingerprint, replay_token, status,
                 box_id, weight_kg, quantity, total_fen, name, phone, address, created_ms)
             VALUES ('OLD000000001', x'00', 'old-plain-key', 'fp', 'plain-token', 'received',
                 '5kg', 5, 1, 6800, 'Tashi', '13800138000', '12 Chunxi Road', 1);",
        )
        .unwrap();
        for sql in [
            include_str!("../../../../migrations/sqlite/0003_stock_bound.sql"),
            include_str!("../../../../migrations/sqlite/0004_replay_salt.sql"),
            // The migrations since, as `open` runs them before the writer's connection opens.
            include_str!("../../../../migrations/sqlite/0005_team_indexes.sql"),
            include_str!("../../../../migrations/sqlite/0006_event_by.sql"),
            include_str!("../../../../migrations/sqlite/0007_order_tallies.sql"),
            include_str!("../../../../migrations/sqlite/0008_orders_by_phone.sql"),
            include_str!("../../../../migrations/sqlite/0009_gifts_and_cancel_reason.sql"),
            include_str!("../../../../migrations/sqlite/0010_claims.sql"),
            include_str!("../../../../migrations/sqlite/0011_claim_photo_thumbs.sql"),
            include_str!("../../../../migrations/sqlite/0012_producers.sql"),
            include_str!("../../../../migrations/sqlite/0013_producer_content.sql"),
            include_str!("../../../../migrations/sqlite/0014_content_version.sql"),
            include_str!("../../../../migrations/sqlite/0015_created_from.sql"),
            include_str!("../../../../migrations/sqlite/0016_payment.sql"),
            include_str!("../../../../migrations/sqlite/0017_refunds_unsettled.sql"),
        ] {
            conn.execute_batch(&format!("BEGIN; {sql} COMMIT;"))
                .unwrap();
        }
        drop(conn);
        for _ in 0..2 {
            let conn = write_connection(&path).unwrap();
            let stored: String = conn
                .query_row("SELECT idempotency_key FROM orders", [], |r| {
                    r.get("idempotency_key")
                })
                .unwrap();
            assert_eq!(
                stored,
                tokens::key_hash("old-plain-key"),
                "hashed once, not twice"
            );
            let found = apply::find_key(&conn, super::super::ProducerId(1), "old-plain-key")
                .unwrap()
                .expect("still found");
            assert_eq!(found.fingerprint, "fp");
            assert!(found.created.is_none(), "its plain token is gone");
        }
    }
}
