//! The statements PostgreSQL writes its own way.

use super::super::fetch::Dialect;
use super::super::sql::{insert_order, order_columns};

impl Dialect for sqlx::Postgres {
    const EVENTS_OF_ORDER: &'static str =
        "SELECT order_seq, status, at_ms, by_member FROM order_events \
         WHERE order_seq = $1 AND producer = $2 ORDER BY id";
    const EVENTS_ORDER: &'static str = "id";
    // PostgreSQL's `lower` folds every script; SQLite's only ASCII: fold as SQLite does.
    const ASCII_LOWER: (&'static str, &'static str) = (
        "translate(",
        ", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')",
    );
    // One aggregate of every order (36 ms on 30,000): a row kept per tally would be a hot row
    // that every instance's orders queue on (migrations/sqlite/0007_order_tallies.sql).
    const ORDER_TALLIES: &'static str = "SELECT status, box_id, ref, COUNT(*) AS orders, \
         CAST(SUM(quantity) AS BIGINT) AS boxes, CAST(SUM(quantity * weight_kg) AS BIGINT) AS kg, \
         CAST(SUM(total_fen) AS BIGINT) AS fen FROM orders WHERE producer = $1 \
         GROUP BY status, box_id, ref";
}

/// A new order's row, unless its key placed one already: a second transaction with the same
/// key waits here for the first, then inserts nothing (`RETURNING` gives no row).
pub const INSERT_ORDER: &str = concat!(
    insert_order!(),
    " ON CONFLICT (producer, idempotency_key) DO NOTHING RETURNING seq"
);
/// `$1`: an order's id, `$2`: its producer; its row stays locked until the transaction ends.
pub const ORDER_STATE: &str = concat!(
    "SELECT ",
    order_columns!(),
    " FROM orders WHERE id = $1 AND producer = $2 FOR UPDATE"
);
/// Holds phone `$1`'s lock with producer `$2` until the transaction ends: the limit per buyer's
/// count and the order it lets through are one step for every instance.
pub const LOCK_PHONE: &str = "SELECT pg_advisory_xact_lock(hashtextextended($1, $2))";
/// Gives `$1` boxes back to box `$3` of producer `$4` (a cancelled order), up to `$2`
/// (`Stock::MAX`).
pub const RETURN_STOCK: &str =
    "UPDATE boxes SET stock = LEAST(stock + $1, $2) WHERE id = $3 AND producer = $4";
/// `$1`: order ids, `$2`: their producer; their rows stay locked until the transaction ends,
/// taken in `seq` order so that two bulk writes naming the same orders wait for each other
/// instead of deadlocking. Another producer's id finds nothing, as an unknown one.
pub const ORDERS_FOR_UPDATE: &str = concat!(
    "SELECT ",
    order_columns!(),
    " FROM orders WHERE id = ANY($1) AND producer = $2 ORDER BY seq FOR UPDATE"
);
/// Moves orders `$2` (seqs) of producer `$4` to `$1`, each only if it is still `$3`.
pub const BULK_MOVE_STATUS: &str =
    "UPDATE orders SET status = $1 WHERE seq = ANY($2) AND status = $3 AND producer = $4";
/// Ships orders `$1` (seqs) of producer `$3` with tracking numbers `$2` (same positions), each
/// only if packed.
pub const BULK_SHIP: &str =
    "UPDATE orders AS o SET status = 'shipped', tracking_number = t.number \
     FROM unnest($1::bigint[], $2::text[]) AS t(seq, number) \
     WHERE o.seq = t.seq AND o.status = 'packed' AND o.producer = $3";
/// Cancels orders `$1` (seqs) of producer `$2` for a short harvest, each only if it is still
/// `received`.
pub const BULK_CANCEL_SHORT: &str = "UPDATE orders SET status = 'cancelled', \
     cancel_reason = 'harvest_short' WHERE seq = ANY($1) AND status = 'received' \
     AND producer = $2";
/// Records the moves of orders `$1` (seqs, in that order) of producer `$5` to `$2` at `$3` by
/// member `$4`.
pub const BULK_ADD_EVENTS: &str = "INSERT INTO order_events (order_seq, status, at_ms, by_member, \
     producer) SELECT t.seq, $2, $3, $4, $5 FROM unnest($1::bigint[]) WITH ORDINALITY AS t(seq, n) \
     ORDER BY t.n";
