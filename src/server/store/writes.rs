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

use super::KeyRecord;
use crate::domain::{OrderCreated, OrderStatus};
use crate::server::time::rfc3339;

/// Opens the write connection on a database that `sqlite::open` already created and migrated.
pub fn open(path: &Path) -> rusqlite::Result<Connection> {
    let conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.set_prepared_statement_cache_capacity(32);
    Ok(conn)
}

/// What an idempotency key already placed, if anything.
pub fn find_key(conn: &Connection, key: &str) -> rusqlite::Result<Option<KeyRecord>> {
    conn.prepare_cached(
        "SELECT fingerprint, replay_token, id, box_id, quantity, total_fen, created_ms \
         FROM orders WHERE idempotency_key = ?",
    )?
    .query_row([key], |r| {
        let token: Option<String> = r.get(1)?;
        let created = match token {
            Some(token) => Some(OrderCreated {
                id: r.get(2)?,
                token,
                status: OrderStatus::Received,
                box_id: r.get(3)?,
                quantity: r.get::<_, i64>(4)? as u32,
                total_fen: r.get(5)?,
                created_at: rfc3339(r.get(6)?),
            }),
            None => None,
        };
        Ok(KeyRecord {
            fingerprint: r.get(0)?,
            created,
        })
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

/// Gives boxes back (a cancelled order).
pub fn return_stock(conn: &Connection, box_id: &str, quantity: u32) -> rusqlite::Result<()> {
    conn.prepare_cached("UPDATE boxes SET stock = stock + ? WHERE id = ?")?
        .execute(params![i64::from(quantity), box_id])
        .map(drop)
}

/// The boxes left of one kind, if the box exists.
pub fn stock(conn: &Connection, box_id: &str) -> rusqlite::Result<Option<u32>> {
    conn.prepare_cached("SELECT stock FROM boxes WHERE id = ?")?
        .query_row([box_id], |r| r.get::<_, i64>(0))
        .optional()
        .map(|s| s.map(|s| s as u32))
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
    pub key: &'a str,
    pub fingerprint: &'a str,
    pub token: &'a str,
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
        "INSERT INTO orders (id, token_hash, idempotency_key, fingerprint, replay_token, status, box_id, weight_kg, \
         quantity, total_fen, name, phone, address, note, ref, created_ms) \
         VALUES (?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )?
    .execute(params![
        o.id,
        o.token_hash,
        o.key,
        o.fingerprint,
        o.token,
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

/// Forgets the plain tokens of orders placed before `before_ms` (their keys still refuse reuse).
pub fn forget_replay_tokens(conn: &Connection, before_ms: i64) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "UPDATE orders SET replay_token = NULL WHERE replay_token IS NOT NULL AND created_ms < ?",
    )?
    .execute([before_ms])
}
