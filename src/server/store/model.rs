//! The store's answers, shared by both backends and by the routes: what a placement answers
//! (`Placed`), why a write wrote nothing (`Refused`) or failed (`StoreError`), and how a write's
//! answer travels (`Outcome`, `Reply`). No SQL and no HTTP: the backends make these,
//! `server::error` turns refusals into answers. What a write asks is in `work.rs`, an order's
//! placement and what the store reads of one in `placement.rs`.

use std::time::Duration;

use tokio::sync::oneshot;

use crate::domain::{ClaimRefusal, OrderCreated, OrderStatus};
use crate::server::snapshot::Delta;

/// How long an order keeps its replay salt, so that a retry with its key gets the same token.
pub const REPLAY_WINDOW_MS: i64 = 48 * 3600 * 1000;
/// How often each writer forgets the salts older than `REPLAY_WINDOW_MS`.
pub const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// A producer's row id: every producer-owned row carries it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProducerId(pub i64);

/// Whose rows a PostgreSQL transaction may see and write (its row-level security,
/// `migrations/postgres/0013_row_security.sql`): one producer's, or the whole market's for the
/// few reads that are market-wide by design. SQLite has no such wall and ignores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Producer(ProducerId),
    Market,
}

/// What a placement answers once committed.
#[derive(Debug)]
pub enum Placed {
    /// A new order: its stock was taken and its row written.
    New(OrderCreated),
    /// The order this key placed before, with the same body: answered again, nothing written.
    Replayed(OrderCreated),
}

impl Placed {
    /// The order, new or replayed: the body of the 201.
    pub fn into_order(self) -> OrderCreated {
        match self {
            Self::New(order) | Self::Replayed(order) => order,
        }
    }
}

/// Why a write wrote nothing: an answer for the client, not a fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// No box of this kind is left.
    SoldOut,
    /// Fewer boxes left than asked for.
    ShortStock { available: u32 },
    /// The buyer's phone would pass the boxes one buyer may have; `remaining` more fit.
    LimitReached { remaining: u32 },
    /// The idempotency key placed an order this request cannot be answered with.
    KeyReused(KeyReuse),
    /// Someone moved the order since the helper looked: it is `now`.
    StatusConflict { id: String, now: OrderStatus },
    /// The journey does not go from `from` to `to`.
    InvalidTransition {
        id: String,
        from: OrderStatus,
        to: OrderStatus,
    },
    /// No such order, or no such box.
    NotFound,
    /// The order takes no claim now (not shipped, too long after delivery, or three open).
    ClaimNotAllowed(ClaimRefusal),
    /// The claim was resolved before.
    ClaimResolved,
    /// The refund would take the order's refunds past its total; `remaining_fen` is what is left.
    RefundTooLarge { remaining_fen: i64 },
    /// Orders a short harvest's confirm named are no longer received orders of that box.
    ShortfallChanged { moved: Vec<String> },
    /// Another producer of the market has this slug.
    SlugTaken,
    /// Another edit wrote the producer's content since this one read it: read it again.
    ContentMoved,
}

/// How an idempotency key was used before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyReuse {
    /// For an order with another body.
    OtherOrder,
    /// For an order placed longer ago than `REPLAY_WINDOW_MS`: its token cannot be made again.
    TooOld,
    /// For another claim on the same order.
    OtherClaim,
}

impl Refused {
    /// The refusal of an order that found `left` boxes of its kind (`None`: the box is gone).
    pub fn short(left: Option<u32>) -> Self {
        match left {
            Some(0) | None => Self::SoldOut,
            Some(available) => Self::ShortStock { available },
        }
    }
}

/// Why the store did not do what it was asked.
#[derive(Debug)]
pub enum StoreError {
    /// Refused: nothing was written.
    Refused(Refused),
    /// The writer is not running: nothing was written.
    Unavailable,
    /// The database failed, or the write was rolled back with its batch; the detail is for the
    /// log, never for the client.
    Database(String),
}

impl From<Refused> for StoreError {
    fn from(refused: Refused) -> Self {
        Self::Refused(refused)
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        Self::Database(e.to_string())
    }
}

/// A write's answer and what it changed in the storefront, once its transaction commits; or why
/// that write alone wrote nothing (its savepoint or transaction rolled back).
pub type Outcome<T> = Result<(T, Vec<Delta>), StoreError>;

/// Where a write's answer goes: the request waiting for it.
pub type Reply<T> = oneshot::Sender<Result<T, StoreError>>;

/// What setting a box's stock answers and changes in the storefront.
pub fn stock_set(box_id: &str, stock: u32) -> Outcome<()> {
    let delta = Delta::Stock {
        box_id: box_id.to_owned(),
        stock,
    };
    Ok(((), vec![delta]))
}
