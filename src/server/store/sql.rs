//! The statements both stores run word for word, and `Arg`, a value bound to one of them. Each
//! backend's own `sql.rs` holds the few statements its dialect writes differently.
//!
//! PostgreSQL and SQLite both read `$1`, `$2`, …; rusqlite binds them by position, so in every
//! statement the parameters are numbered in the order they first appear. Every column a SELECT
//! returns has a name (its own, or an alias): the readers (`rows.rs`, `tallies.rs`) read by it.

use sqlx::query::Query;

use super::model::ProducerId;
use super::placement::{NewRow, OrderState, Placement};
use crate::domain::{StatusMove, Stock};

/// The columns `OrderRow::read` reads (`OrderState::read` and `Found::read` too), by name.
macro_rules! order_columns {
    () => {
        "id, box_id, quantity, total_fen, created_ms, seq, status, weight_kg, name, phone, \
         address, note, ref, tracking_number, cancel_reason, recipient_name, recipient_phone, \
         recipient_address, gift_message, producer, pay_method, pay_expires_ms, pay_state, \
         pay_openid, pay_txn, paid_ms, refund_fen, refund_status"
    };
}
/// The columns `KeyRecord::read` reads, by name.
macro_rules! key_columns {
    () => {
        "id, box_id, quantity, total_fen, created_ms, fingerprint, replay_salt, status, \
         pay_method, pay_expires_ms, pay_state, pay_openid, pay_txn, paid_ms"
    };
}
pub(super) use order_columns;

/// A value bound to a statement's parameter.
#[derive(Debug, Clone, Copy)]
pub enum Arg<'a> {
    Text(&'a str),
    MaybeText(Option<&'a str>),
    Int(i64),
    MaybeInt(Option<i64>),
    Bytes(&'a [u8]),
}

impl rusqlite::ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        match self {
            Self::Text(t) => t.to_sql(),
            Self::MaybeText(t) => t.to_sql(),
            Self::Int(n) => n.to_sql(),
            Self::MaybeInt(n) => n.to_sql(),
            Self::Bytes(b) => b.to_sql(),
        }
    }
}

/// Binds `Arg`s to an sqlx query, whichever the database.
pub trait BindArgs<'q> {
    /// The query with `args` bound to `$1`, `$2`, … in order.
    fn bind_args(self, args: &'q [Arg<'q>]) -> Self;
}

impl<'q, DB> BindArgs<'q> for Query<'q, DB, DB::Arguments<'q>>
where
    DB: sqlx::Database,
    &'q str: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Option<&'q str>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Option<i64>: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    &'q [u8]: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    fn bind_args(mut self, args: &'q [Arg<'q>]) -> Self {
        for arg in args {
            self = match *arg {
                Arg::Text(t) => self.bind(t),
                Arg::MaybeText(t) => self.bind(t),
                Arg::Int(n) => self.bind(n),
                Arg::MaybeInt(n) => self.bind(n),
                Arg::Bytes(b) => self.bind(b),
            };
        }
        self
    }
}

/// `$1`: an order's id, whichever its producer (the buyer's paths): its token's hash and its
/// producer.
pub const TOKEN_HASH: &str = "SELECT token_hash, producer FROM orders WHERE id = $1";
/// `$1`: an order's id, `$2`: its producer.
pub const ORDER: &str = concat!(
    "SELECT ",
    order_columns!(),
    " FROM orders WHERE id = $1 AND producer = $2"
);
/// `$1`: an order's id, whichever its producer (the buyer's lookup, after its token).
pub const ORDER_ANYWHERE: &str = concat!("SELECT ", order_columns!(), " FROM orders WHERE id = $1");
/// `$1`: a producer's id: its slug.
pub const SLUG: &str = "SELECT slug FROM producers WHERE id = $1";
/// `$1`: the idempotency key's hash (`tokens::key_hash`), `$2`: the producer it was sent to.
pub const KEY_RECORD: &str = concat!(
    "SELECT ",
    key_columns!(),
    " FROM orders WHERE idempotency_key = $1 AND producer = $2"
);
/// Producer `$1`'s stock of every box with its orders sold (neither cancelled nor awaiting their
/// payment) and their kilograms, in one statement (one snapshot on PostgreSQL): one row a box,
/// and one row of NULLs if it has no box.
pub const TOTALS: &str = "SELECT b.id AS box_id, b.stock AS stock, t.orders AS orders, \
     t.kg_sold AS kg_sold FROM \
     (SELECT COUNT(*) AS orders, CAST(COALESCE(SUM(quantity * weight_kg), 0) AS BIGINT) AS kg_sold \
      FROM orders WHERE producer = $1 AND status NOT IN ('cancelled', 'awaiting_payment')) AS t \
     LEFT JOIN boxes AS b ON b.producer = $1 ORDER BY b.id";
/// A box of a producer's first seeding, with its initial stock (a known box is left as the
/// database has it). `$1`–`$5`: id, weight, price, initial stock, producer.
pub const SEED_BOX: &str = "INSERT INTO boxes (id, weight_kg, price_fen, stock, producer) \
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (producer, id) DO NOTHING";

/// A new order's row; `insert_order_args` gives `$1`–`$24`. PostgreSQL adds its `ON CONFLICT`.
macro_rules! insert_order {
    () => {
        "INSERT INTO orders (id, token_hash, idempotency_key, fingerprint, replay_salt, \
         box_id, weight_kg, quantity, total_fen, name, phone, address, note, ref, created_ms, \
         recipient_name, recipient_phone, recipient_address, gift_message, producer, status, \
         pay_method, pay_expires_ms, pay_state) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, \
         $16, $17, $18, $19, $20, $21, $22, $23, $24)"
    };
}
pub(super) use insert_order;

/// The values of `insert_order!()`, in its order, for producer `producer`.
pub fn insert_order_args<'a>(
    p: &'a Placement,
    row: &'a NewRow,
    producer: ProducerId,
) -> [Arg<'a>; 24] {
    let o = &p.order;
    let to = o.recipient.as_ref();
    let hold = p.hold.as_deref();
    [
        Arg::Text(&row.id),
        Arg::Bytes(&row.token_hash),
        Arg::Text(&row.key_hash),
        Arg::Text(&p.fingerprint),
        Arg::Bytes(&row.salt),
        Arg::Text(o.box_id.as_str()),
        Arg::Int(i64::from(p.weight_kg)),
        Arg::Int(i64::from(o.quantity.get())),
        Arg::Int(p.total_fen),
        Arg::Text(o.name.as_str()),
        Arg::Text(o.phone.as_str()),
        Arg::Text(o.address.as_str()),
        Arg::MaybeText(o.note.as_ref().map(|n| n.as_str())),
        Arg::MaybeText(o.ref_tag.as_ref().map(|r| r.as_str())),
        Arg::Int(row.created_ms),
        Arg::MaybeText(to.map(|r| r.name.as_str())),
        Arg::MaybeText(to.map(|r| r.phone.as_str())),
        Arg::MaybeText(to.map(|r| r.address.as_str())),
        Arg::MaybeText(o.gift_message.as_ref().map(|m| m.as_str())),
        Arg::Int(producer.0),
        Arg::Text(p.status().as_str()),
        Arg::MaybeText(hold.map(|h| h.method.as_str())),
        Arg::MaybeInt(hold.map(|h| h.expires_ms)),
        Arg::MaybeText(hold.map(|h| h.state.as_str())),
    ]
}

/// Takes `$1` boxes of box `$2` of producer `$3` if that many are left (the table's CHECK backs
/// it up).
pub const TAKE_STOCK: &str =
    "UPDATE boxes SET stock = stock - $1 WHERE id = $2 AND producer = $3 AND stock >= $1";
/// The boxes of phone `$1` (or its other spelling `$2`) in producer `$3`'s orders not cancelled.
pub const PHONE_BOXES: &str = "SELECT CAST(COALESCE(SUM(quantity), 0) AS BIGINT) AS boxes \
     FROM orders \
     WHERE phone IN ($1, $2) AND producer = $3 AND status <> 'cancelled'";
/// `$1`: a box's id, `$2`: its producer.
pub const STOCK: &str = "SELECT stock FROM boxes WHERE id = $1 AND producer = $2";
/// `$1`: the boxes left, `$2`: the box's id, `$3`: its producer.
pub const SET_STOCK: &str = "UPDATE boxes SET stock = $1 WHERE id = $2 AND producer = $3";
/// Moves order `$3` of producer `$5` to `$1` (keeping tracking number `$2` if given) only if it
/// is still `$4`.
pub const MOVE_STATUS: &str = "UPDATE orders SET status = $1, \
     tracking_number = COALESCE($2, tracking_number) \
     WHERE seq = $3 AND status = $4 AND producer = $5";
/// Records a move: `$1` order seq, `$2` status, `$3` when, `$4` the team member who made it,
/// `$5` the order's producer.
pub const ADD_EVENT: &str = "INSERT INTO order_events (order_seq, status, at_ms, by_member, \
     producer) VALUES ($1, $2, $3, $4, $5)";
/// Forgets the replay salts of orders placed before `$1`: their tokens can no longer be made
/// again (their keys still refuse reuse).
pub const FORGET_REPLAY_SALTS: &str =
    "UPDATE orders SET replay_salt = NULL WHERE replay_salt IS NOT NULL AND created_ms < $1";

/// The values of the statements that move an order, made from what the writer read of it.
pub struct Moving<'a> {
    /// `MOVE_STATUS`: it must change one row (the order is still in the status read).
    pub status: [Arg<'a>; 5],
    /// `ADD_EVENT`.
    pub event: [Arg<'a>; 5],
    /// For a cancel, the backend's `RETURN_STOCK` (`$1` boxes back to box `$3` of producer
    /// `$4`, up to `$2`).
    pub give_back: Option<[Arg<'a>; 4]>,
}

/// The values that move `state` (an order of `producer`) as `change` says, at `at_ms`, made by
/// team member `by`.
pub fn moving<'a>(
    state: &'a OrderState,
    change: &'a StatusMove,
    at_ms: i64,
    by: &'a str,
    producer: ProducerId,
) -> Moving<'a> {
    let to = change.to.as_str();
    let number = change.tracking_number.as_ref().map(|n| n.as_str());
    let give_back = change.to.returns_stock().then(|| {
        let quantity = i64::from(state.quantity);
        [
            Arg::Int(quantity),
            Arg::Int(i64::from(Stock::MAX)),
            Arg::Text(&state.box_id),
            Arg::Int(producer.0),
        ]
    });
    Moving {
        status: [
            Arg::Text(to),
            Arg::MaybeText(number),
            Arg::Int(state.seq),
            Arg::Text(state.status.as_str()),
            Arg::Int(producer.0),
        ],
        event: [
            Arg::Int(state.seq),
            Arg::Text(to),
            Arg::Int(at_ms),
            Arg::Text(by),
            Arg::Int(producer.0),
        ],
        give_back,
    }
}

// The team's reads at the sale's scale (`lists.rs` builds the filtered ones).

/// `$1`: a producer: its every box and how many are left.
pub const BOX_STOCK: &str = "SELECT id, stock FROM boxes WHERE producer = $1 ORDER BY id";
