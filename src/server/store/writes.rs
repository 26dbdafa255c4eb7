//! The writes, on the writer thread's own SQLite connection (rusqlite, synchronous). sqlx opens,
//! migrates and seeds the database and serves the reads; the writer uses a plain connection
//! because sqlx runs each statement on a worker thread of its own, and on two busy cores every
//! one of those round trips waited for the scheduler: a batch of 30 orders took ~8 ms, almost
//! all of it hops. Here a batch is a few microseconds of SQLite per statement, then the fsync.
//!
//! The same promises as `sqlite.rs`: WAL, `synchronous = FULL` (the commit is fsynced before any
//! 201), `busy_timeout = 5 s`, `foreign_keys = ON`, and stock taken only by a conditional
//! decrement that the table's CHECK backs up.

use std::path::Path;
use std::time::Duration;

use rusqlite::{params, Connection, OptionalExtension};

use super::rows::Placed;
use super::KeyRecord;
use crate::domain::Stock;
use crate::server::tokens;

/// Opens the write connection on a database that `sqlite::open` already created and migrated.
pub fn open(path: &Path) -> rusqlite::Result<Connection> {
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
/// `PRAGMA user_version = 1`.
fn hash_plain_keys(conn: &mut Connection) -> rusqlite::Result<()> {
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version >= 1 {
        return Ok(());
    }
    let tx = conn.transaction()?;
    let keys: Vec<(i64, String)> = tx
        .prepare("SELECT seq, idempotency_key FROM orders")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    {
        let mut update = tx.prepare("UPDATE orders SET idempotency_key = ? WHERE seq = ?")?;
        for (seq, key) in &keys {
            update.execute(params![tokens::key_hash(key), seq])?;
        }
    }
    tx.pragma_update(None, "user_version", 1)?;
    tx.commit()
}

/// What idempotency key `key` (as the client sent it) already placed, if anything.
pub fn find_key(conn: &Connection, key: &str) -> rusqlite::Result<Option<KeyRecord>> {
    conn.prepare_cached(
        "SELECT fingerprint, replay_salt, id, box_id, quantity, total_fen, created_ms \
         FROM orders WHERE idempotency_key = ?",
    )?
    .query_row([tokens::key_hash(key)], |r| {
        let salt: Option<Vec<u8>> = r.get(1)?;
        let placed = Placed {
            id: r.get(2)?,
            box_id: r.get(3)?,
            quantity: r.get::<_, i64>(4)? as u32,
            total_fen: r.get(5)?,
            created_ms: r.get(6)?,
        };
        Ok(KeyRecord::new(key, r.get(0)?, salt.as_deref(), placed))
    })
    .optional()
}

/// Takes `quantity` boxes if that many are left; returns whether it did.
pub fn take_stock(conn: &Connection, box_id: &str, quantity: u32) -> rusqlite::Result<bool> {
    let changed = conn
        .prepare_cached("UPDATE boxes SET stock = stock - ?1 WHERE id = ?2 AND stock >= ?1")?
        .execute(params![i64::from(quantity), box_id])?;
    Ok(changed == 1)
}

/// Gives boxes back (a cancelled order), up to `Stock::MAX`.
pub fn return_stock(conn: &Connection, box_id: &str, quantity: u32) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE boxes SET stock = MIN(stock + ?, ?) WHERE id = ?")?
        .execute(params![i64::from(quantity), i64::from(Stock::MAX), box_id])
        .map(drop)
}

/// The boxes left of one kind, if the box exists.
pub fn stock(conn: &Connection, box_id: &str) -> rusqlite::Result<Option<u32>> {
    conn.prepare_cached("SELECT stock FROM boxes WHERE id = ?")?
        .query_row([box_id], |r| r.get::<_, i64>(0))
        .optional()
        .map(|s| s.map(|s| u32::try_from(s).unwrap_or(0)))
}

/// Sets the boxes left of one kind; returns whether the box exists.
pub fn set_stock(conn: &Connection, box_id: &str, stock: u32) -> rusqlite::Result<bool> {
    let changed = conn
        .prepare_cached("UPDATE boxes SET stock = ? WHERE id = ?")?
        .execute(params![i64::from(stock), box_id])?;
    Ok(changed == 1)
}

/// What the writer needs to know about an order before moving it.
pub struct OrderState {
    pub seq: i64,
    pub status: String,
    pub box_id: String,
    pub quantity: u32,
    pub weight_kg: u32,
}

pub fn order_state(conn: &Connection, id: &str) -> rusqlite::Result<Option<OrderState>> {
    conn.prepare_cached("SELECT seq, status, box_id, quantity, weight_kg FROM orders WHERE id = ?")?
        .query_row([id], |r| {
            Ok(OrderState {
                seq: r.get(0)?,
                status: r.get(1)?,
                box_id: r.get(2)?,
                quantity: r.get::<_, i64>(3)? as u32,
                weight_kg: r.get::<_, i64>(4)? as u32,
            })
        })
        .optional()
}

/// Keeps the courier's tracking number with the order.
pub fn set_tracking_number(conn: &Connection, seq: i64, number: &str) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE orders SET tracking_number = ? WHERE seq = ?")?
        .execute(params![number, seq])
        .map(drop)
}

/// Moves an order from `from` to `to` and records the move; returns false if its status was no
/// longer `from`.
pub fn move_status(
    conn: &Connection,
    seq: i64,
    from: &str,
    to: &str,
    at_ms: i64,
) -> rusqlite::Result<bool> {
    let changed = conn
        .prepare_cached("UPDATE orders SET status = ? WHERE seq = ? AND status = ?")?
        .execute(params![to, seq, from])?;
    if changed != 1 {
        return Ok(false);
    }
    conn.prepare_cached("INSERT INTO order_events (order_seq, status, at_ms) VALUES (?, ?, ?)")?
        .execute(params![seq, to, at_ms])?;
    Ok(true)
}

/// A new order row, everything already checked.
pub struct OrderInsert<'a> {
    pub id: &'a str,
    pub token_hash: &'a [u8],
    /// The idempotency key as the client sent it (stored as its hash).
    pub key: &'a str,
    pub fingerprint: &'a str,
    pub replay_salt: &'a [u8],
    pub box_id: &'a str,
    pub weight_kg: u32,
    pub quantity: u32,
    pub total_fen: i64,
    pub name: &'a str,
    pub phone: &'a str,
    pub address: &'a str,
    pub note: Option<&'a str>,
    pub ref_tag: Option<&'a str>,
    pub created_ms: i64,
}

pub fn insert_order(conn: &Connection, o: &OrderInsert<'_>) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO orders (id, token_hash, idempotency_key, fingerprint, replay_salt, status, box_id, weight_kg, \
         quantity, total_fen, name, phone, address, note, ref, created_ms) \
         VALUES (?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        o.id,
        o.token_hash,
        tokens::key_hash(o.key),
        o.fingerprint,
        o.replay_salt,
        o.box_id,
        i64::from(o.weight_kg),
        i64::from(o.quantity),
        o.total_fen,
        o.name,
        o.phone,
        o.address,
        o.note,
        o.ref_tag,
        o.created_ms,
    ])
    .map(drop)
}

/// Forgets the replay salts of orders placed before `before_ms`: their tokens can no longer be
/// made again (their keys still refuse reuse).
pub fn forget_replay_tokens(conn: &Connection, before_ms: i64) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "UPDATE orders SET replay_salt = NULL WHERE replay_salt IS NOT NULL AND created_ms < ?",
    )?
    .execute([before_ms])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_stored_in_plain_before_the_upgrade_are_hashed_once_and_still_refuse_a_second_order() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        let conn = Connection::open(&path).unwrap();
        // As `sqlite::open` migrates: foreign keys off.
        conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
        for sql in [
            include_str!("../../../migrations/sqlite/0001_orders.sql"),
            include_str!("../../../migrations/sqlite/0002_tracking_number.sql"),
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
            include_str!("../../../migrations/sqlite/0003_stock_bound.sql"),
            include_str!("../../../migrations/sqlite/0004_replay_salt.sql"),
        ] {
            conn.execute_batch(&format!("BEGIN; {sql} COMMIT;"))
                .unwrap();
        }
        drop(conn);
        for _ in 0..2 {
            let conn = open(&path).unwrap();
            let stored: String = conn
                .query_row("SELECT idempotency_key FROM orders", [], |r| r.get(0))
                .unwrap();
            assert_eq!(
                stored,
                tokens::key_hash("old-plain-key"),
                "hashed once, not twice"
            );
            let found = find_key(&conn, "old-plain-key")
                .unwrap()
                .expect("still found");
            assert_eq!(found.fingerprint, "fp");
            assert!(found.created.is_none(), "its plain token is gone");
        }
    }
}
