//! The statements SQLite writes its own way.

use super::super::fetch::Dialect;
use super::super::sql::insert_order;

impl Dialect for sqlx::Sqlite {
    // `order_events` has no id column: its rowid keeps the moves in the order made.
    const EVENTS_OF_ORDER: &'static str =
        "SELECT order_seq, status, at_ms, by_member FROM order_events \
         WHERE order_seq = $1 AND producer = $2 ORDER BY rowid";
    const EVENTS_ORDER: &'static str = "rowid";
    // SQLite's `LIKE` already ignores the case of ASCII letters, and of those only (without
    // ICU, and `case_sensitive_like` is never set): no function call per row in the search's
    // scan.
    const ASCII_LOWER: (&'static str, &'static str) = ("", "");
    // Kept by triggers as the orders change (migrations/sqlite/0007_order_tallies.sql).
    const ORDER_TALLIES: &'static str =
        "SELECT status, box_id, NULLIF(tag, '') AS ref, orders, boxes, \
         kg, fen FROM order_tallies WHERE producer = $1 AND orders > 0";
}

/// A new order's row: the key was looked up first, in the same transaction of the one writer.
pub const INSERT_ORDER: &str = insert_order!();
/// Gives `$1` boxes back to box `$3` of producer `$4` (a cancelled order), up to `$2`
/// (`Stock::MAX`).
pub const RETURN_STOCK: &str =
    "UPDATE boxes SET stock = MIN(stock + $1, $2) WHERE id = $3 AND producer = $4";
/// The idempotency keys as they were stored before migration 0004 (in plain).
pub const PLAIN_KEYS: &str = "SELECT seq, idempotency_key FROM orders";
/// `$1`: a key's hash, `$2`: its order's seq.
pub const HASH_KEY: &str = "UPDATE orders SET idempotency_key = $1 WHERE seq = $2";
