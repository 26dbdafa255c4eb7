//! The store's vocabulary, shared by both backends and by the routes: what a route asks to
//! write (`Placement`, `Work`), what a placement answers (`Placed`), why a write wrote nothing
//! (`Refused`) or failed (`StoreError`), what an idempotency key remembers (`KeyRecord`) and what
//! the writer knows of an order it moves (`OrderState`). No SQL and no HTTP: the backends turn
//! these into statements, `server::error` turns refusals into answers.

use std::time::Duration;

use tokio::sync::oneshot;

use super::claims::{ClaimFiling, ClaimResolving};
use crate::domain::{
    BulkMove, BulkMoveResult, ClaimCreated, ClaimRefusal, MoveRefusal, NewOrder, OrderCreated,
    OrderStatus, Shortfall, ShortfallResult, StatusMove, TrackingLine, TrackingUploadResult,
};
use crate::server::snapshot::Delta;
use crate::server::time::{now_ms, rfc3339};
use crate::server::tokens;

/// How long an order keeps its replay salt, so that a retry with its key gets the same token.
pub const REPLAY_WINDOW_MS: i64 = 48 * 3600 * 1000;
/// How often each writer forgets the salts older than `REPLAY_WINDOW_MS`.
pub const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// An order ready to be written: parsed, priced, and with its idempotency key.
#[derive(Debug)]
pub struct Placement {
    /// The buyer's order.
    pub order: NewOrder,
    /// The idempotency key as the client sent it (stored only as its hash).
    pub key: String,
    /// What the order means (`NewOrder::fingerprint`, hashed): a retry must mean the same.
    pub fingerprint: String,
    /// The box's weight, for the storefront's kilograms.
    pub weight_kg: u32,
    /// The price of the whole order.
    pub total_fen: i64,
    /// The boxes one phone may have over its orders not cancelled (`[limits]`), if limited.
    pub max_boxes_per_phone: Option<u32>,
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

/// One write, with the request waiting for its answer (each kind of write answers its own type).
pub enum Work {
    /// Take the stock and write the order, or answer the key's earlier order.
    Place {
        placement: Placement,
        reply: Reply<Placed>,
    },
    /// Move an order along its journey.
    Move {
        id: String,
        change: StatusMove,
        /// The team member who moves it (`owner` for the admin token).
        by: String,
        reply: Reply<()>,
    },
    /// Move many orders from one status to another, each only if it is still there.
    BulkMove {
        moving: BulkMove,
        by: String,
        reply: Reply<BulkMoveResult>,
    },
    /// Ship each packed order of the courier's lines with its tracking number.
    Ship {
        lines: Vec<TrackingLine>,
        by: String,
        reply: Reply<TrackingUploadResult>,
    },
    /// Cancel (or, for a dry run, name) the newest received orders of a box for a short harvest.
    Shortfall {
        box_id: String,
        shortfall: Shortfall,
        by: String,
        reply: Reply<ShortfallResult>,
    },
    /// Set the boxes left of one kind.
    SetStock {
        box_id: String,
        stock: u32,
        reply: Reply<()>,
    },
    /// Write a buyer's claim and its photos, or answer the claim its key made.
    FileClaim {
        filing: ClaimFiling,
        reply: Reply<ClaimCreated>,
    },
    /// Resolve a claim still open.
    ResolveClaim {
        resolving: ClaimResolving,
        reply: Reply<()>,
    },
}

/// The columns of an order that its first answer (the 201) repeats.
#[derive(Debug)]
pub struct Receipt {
    pub id: String,
    pub box_id: String,
    pub quantity: u32,
    pub total_fen: i64,
    pub created_ms: i64,
}

impl Receipt {
    /// The 201's body for this order, with its token (the only place one is assembled).
    pub fn answer(self, token: String) -> OrderCreated {
        OrderCreated {
            id: self.id,
            token,
            status: OrderStatus::Received,
            box_id: self.box_id,
            quantity: self.quantity,
            total_fen: self.total_fen,
            created_at: rfc3339(self.created_ms),
        }
    }
}

/// What an idempotency key remembers: the order's fingerprint and, while its replay salt is
/// kept, the exact answer to give a retry.
#[derive(Debug)]
pub struct KeyRecord {
    pub fingerprint: String,
    pub created: Option<OrderCreated>,
}

impl KeyRecord {
    /// The record of the order `receipt` placed with `key` (as the client sent it): its token is
    /// made again from the salt and the key (`tokens::order_token`) while the salt is kept.
    pub fn new(key: &str, fingerprint: String, salt: Option<&[u8]>, receipt: Receipt) -> Self {
        let created = salt.map(|salt| {
            let token = tokens::order_token(salt, &receipt.id, key);
            receipt.answer(token)
        });
        Self {
            fingerprint,
            created,
        }
    }

    /// The answer to a retry with this key: the same order if the body means the same order.
    pub fn replay(self, fingerprint: &str) -> Result<OrderCreated, Refused> {
        if self.fingerprint != fingerprint {
            return Err(Refused::KeyReused(KeyReuse::OtherOrder));
        }
        self.created.ok_or(Refused::KeyReused(KeyReuse::TooOld))
    }
}

/// A new order's row as both stores write it: a fresh id, token and replay salt, made now.
pub struct NewRow {
    pub id: String,
    pub token_hash: Vec<u8>,
    pub key_hash: String,
    pub salt: [u8; 24],
    pub created_ms: i64,
    token: String,
}

impl Placement {
    /// The row this order writes if it is new.
    pub fn new_row(&self) -> NewRow {
        let id = tokens::new_order_id();
        let salt = tokens::new_salt();
        let token = tokens::order_token(&salt, &id, &self.key);
        NewRow {
            token_hash: tokens::hash(&token),
            key_hash: tokens::key_hash(&self.key),
            id,
            salt,
            created_ms: now_ms(),
            token,
        }
    }

    /// What a written new order answers and changes in the storefront.
    pub fn placed(&self, row: NewRow) -> Outcome<Placed> {
        let receipt = Receipt {
            id: row.id,
            box_id: self.order.box_id.to_string(),
            quantity: self.order.quantity.get(),
            total_fen: self.total_fen,
            created_ms: row.created_ms,
        };
        let delta = Delta::Ordered {
            box_id: receipt.box_id.clone(),
            quantity: receipt.quantity,
            weight_kg: self.weight_kg,
        };
        Ok((Placed::New(receipt.answer(row.token)), vec![delta]))
    }

    /// The two spellings bound to `sql::PHONE_BOXES` (`Phone::spellings`; one of them twice
    /// for a phone written only one way).
    pub fn phone_spellings(&self) -> [String; 2] {
        let mut spellings = self.order.phone.spellings().into_iter();
        let first = spellings.next().unwrap_or_default();
        let second = spellings.next().unwrap_or_else(|| first.clone());
        [first, second]
    }

    /// The refusal of this order if its buyer's phone already has `had` boxes in orders not
    /// cancelled (this one not counted) and the limit per phone would be passed.
    pub fn over_limit(&self, had: i64) -> Option<Refused> {
        let max = i64::from(self.max_boxes_per_phone?);
        let wanted = i64::from(self.order.quantity.get());
        (had + wanted > max).then(|| Refused::LimitReached {
            remaining: u32::try_from((max - had).max(0)).unwrap_or(0),
        })
    }

    /// What this order answers when its key placed `earlier`: a replay, or a refusal.
    pub fn replay(&self, earlier: KeyRecord) -> Outcome<Placed> {
        let order = earlier.replay(&self.fingerprint)?;
        Ok((Placed::Replayed(order), vec![]))
    }
}

/// What the writer reads of an order before moving it.
#[derive(Debug, Clone)]
pub struct OrderState {
    pub seq: i64,
    pub status: OrderStatus,
    pub box_id: String,
    pub quantity: u32,
    pub weight_kg: u32,
}

impl OrderState {
    /// Whether `change` may move this order (`id`), in the store's terms.
    pub fn check(&self, id: &str, change: &StatusMove) -> Result<(), Refused> {
        let (from, to) = (self.status, change.to);
        from.check_move(to, change.seen).map_err(|why| match why {
            MoveRefusal::Moved => Refused::StatusConflict {
                id: id.to_owned(),
                now: from,
            },
            MoveRefusal::NotAllowed => Refused::InvalidTransition {
                id: id.to_owned(),
                from,
                to,
            },
        })
    }

    /// What moving this order to `to` changes in the storefront: a cancel gives its boxes back.
    pub fn moved(self, to: OrderStatus) -> Vec<Delta> {
        if !to.returns_stock() {
            return vec![];
        }
        vec![Delta::Cancelled {
            box_id: self.box_id,
            quantity: self.quantity,
            weight_kg: self.weight_kg,
        }]
    }
}

/// What setting a box's stock answers and changes in the storefront.
pub fn stock_set(box_id: &str, stock: u32) -> Outcome<()> {
    let delta = Delta::Stock {
        box_id: box_id.to_owned(),
        stock,
    };
    Ok(((), vec![delta]))
}
