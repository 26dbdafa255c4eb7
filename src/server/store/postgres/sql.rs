//! The statements PostgreSQL writes its own way.

use super::super::reads::Dialect;
use super::super::rows::order_columns;
use super::super::sql::insert_order;

impl Dialect for sqlx::Postgres {
    const EVENTS_OF_ORDER: &'static str =
        "SELECT order_seq, status, at_ms FROM order_events WHERE order_seq = $1 ORDER BY id";
    const EVENTS: &'static str = "SELECT order_seq, status, at_ms FROM order_events ORDER BY id";
    const EVENTS_ORDER: &'static str = "id";
    // PostgreSQL's `lower` folds every script; SQLite's only ASCII: fold as SQLite does.
    const ASCII_LOWER: (&'static str, &'static str) = (
        "translate(",
        ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')",
    );
}

/// A new order's row, unless its key placed one already: a second transaction with the same
/// key waits here for the first, then inserts nothing (`RETURNING` gives no row).
pub const INSERT_ORDER: &str = concat!(
    insert_order!(),
    " ON CONFLICT (idempotency_key) DO NOTHING RETURNING seq"
);
/// `$1`: an order's id; its row stays locked until the transaction ends.
pub const ORDER_STATE: &str = concat!(
    "SELECT ",
    order_columns!(),
    " FROM orders WHERE id = $1 FOR UPDATE"
);
/// Gives `$1` boxes back to box `$3` (a cancelled order), up to `$2` (`Stock::MAX`).
pub const RETURN_STOCK: &str = "UPDATE boxes SET stock = LEAST(stock + $1, $2) WHERE id = $3";
