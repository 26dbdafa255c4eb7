//! An order in the store's words, for both backends: a placement ready to be written
//! (`Placement`) and the row it writes (`NewRow`), what its 201 repeats (`Receipt`), what its
//! idempotency key remembers (`KeyRecord`), and what the writer knows of an order it moves
//! (`OrderState`). `rows.rs` reads them from the database.

use super::model::{KeyReuse, Outcome, Placed, Refused};
pub use super::payment_row::Hold;
use super::payment_row::PaymentRow;
use crate::domain::{MoveRefusal, NewOrder, OrderCreated, OrderStatus, StatusMove};
use crate::server::snapshot::Delta;
use crate::server::time::{now_ms, rfc3339};
use crate::server::tokens;

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
    /// For an order paid online: its boxes held until it is paid or its window passes (boxed:
    /// most orders have none, and the writer's queue carries every placement).
    pub hold: Option<Box<Hold>>,
}

impl Placement {
    /// The status the order is written in.
    pub fn status(&self) -> OrderStatus {
        match self.hold {
            Some(_) => OrderStatus::AwaitingPayment,
            None => OrderStatus::Received,
        }
    }
}

/// The columns of an order that its first answer (the 201) repeats.
#[derive(Debug)]
pub struct Receipt {
    pub id: String,
    pub status: OrderStatus,
    pub box_id: String,
    pub quantity: u32,
    pub total_fen: i64,
    pub created_ms: i64,
    pub payment: Option<PaymentRow>,
}

impl Receipt {
    /// The 201's body for this order, with its token (the only place one is assembled).
    pub fn answer(self, token: String) -> OrderCreated {
        OrderCreated {
            producer: String::new(),
            id: self.id,
            token,
            status: self.status,
            box_id: self.box_id,
            quantity: self.quantity,
            total_fen: self.total_fen,
            created_at: rfc3339(self.created_ms),
            payment: self.payment.map(|p| Box::new(p.view(self.status, false))),
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
            status: self.status(),
            box_id: self.order.box_id.to_string(),
            quantity: self.order.quantity.get(),
            total_fen: self.total_fen,
            created_ms: row.created_ms,
            payment: self.hold.as_deref().map(PaymentRow::held),
        };
        let (box_id, quantity) = (receipt.box_id.clone(), receipt.quantity);
        // Paid online, it only holds its boxes until it is paid (`Delta::Sold`).
        let delta = match self.hold {
            Some(_) => Delta::Held { box_id, quantity },
            None => Delta::Ordered {
                box_id,
                quantity,
                weight_kg: self.weight_kg,
            },
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
    pub total_fen: i64,
    pub payment: Option<PaymentRow>,
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
