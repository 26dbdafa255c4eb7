//! Rows as read from the database, turned into the API's shapes.

use std::collections::HashMap;

use sqlx::FromRow;

use crate::domain::{AdminOrder, OrderCreated, OrderStatus, OrderView, StatusChange};
use crate::server::time::rfc3339;
use crate::server::tokens;

/// What an idempotency key remembers: the order's fingerprint and, while its replay salt is
/// kept (48 hours), the exact answer to give a retry.
#[derive(Debug)]
pub struct KeyRecord {
    pub fingerprint: String,
    pub created: Option<OrderCreated>,
}

/// The columns of `orders` that an answer needs.
#[derive(Debug, FromRow)]
pub struct OrderRow {
    pub seq: i64,
    pub id: String,
    pub fingerprint: String,
    pub replay_salt: Option<Vec<u8>>,
    pub status: String,
    pub box_id: String,
    pub weight_kg: i64,
    pub quantity: i64,
    pub total_fen: i64,
    pub name: String,
    pub phone: String,
    pub address: String,
    pub note: Option<String>,
    #[sqlx(rename = "ref")]
    pub ref_tag: Option<String>,
    pub created_ms: i64,
    pub tracking_number: Option<String>,
}

/// The column list matching `OrderRow`.
pub const ORDER_COLUMNS: &str =
    "seq, id, fingerprint, replay_salt, status, box_id, weight_kg, quantity, \
     total_fen, name, phone, address, note, ref, created_ms, tracking_number";

pub fn status(raw: &str) -> OrderStatus {
    OrderStatus::parse(raw).unwrap_or(OrderStatus::Received)
}

impl KeyRecord {
    /// What the order placed with idempotency key `key` (as the client sent it) answers a retry:
    /// its token is made again from the salt and the key (`tokens::order_token`).
    pub fn new(key: &str, fingerprint: String, salt: Option<&[u8]>, placed: Placed) -> Self {
        let created = salt.map(|salt| OrderCreated {
            token: tokens::order_token(salt, &placed.id, key),
            id: placed.id,
            status: OrderStatus::Received,
            box_id: placed.box_id,
            quantity: placed.quantity,
            total_fen: placed.total_fen,
            created_at: rfc3339(placed.created_ms),
        });
        KeyRecord {
            fingerprint,
            created,
        }
    }
}

/// The columns of an order that its first answer (the 201) repeats.
#[derive(Debug)]
pub struct Placed {
    pub id: String,
    pub box_id: String,
    pub quantity: u32,
    pub total_fen: i64,
    pub created_ms: i64,
}

impl OrderRow {
    /// The key record of this order, for a retry that presents `key`.
    pub fn key_record(self, key: &str) -> KeyRecord {
        let placed = Placed {
            id: self.id,
            box_id: self.box_id,
            quantity: self.quantity as u32,
            total_fen: self.total_fen,
            created_ms: self.created_ms,
        };
        KeyRecord::new(key, self.fingerprint, self.replay_salt.as_deref(), placed)
    }

    /// The buyer's view, with `events` = the moves after `received` as (status, ms).
    pub fn view(&self, events: &[(String, i64)]) -> OrderView {
        let mut history = vec![StatusChange {
            status: OrderStatus::Received,
            at: rfc3339(self.created_ms),
        }];
        history.extend(events.iter().map(|(s, at)| StatusChange {
            status: status(s),
            at: rfc3339(*at),
        }));
        OrderView {
            id: self.id.clone(),
            status: status(&self.status),
            box_id: self.box_id.clone(),
            weight_kg: self.weight_kg as u32,
            quantity: self.quantity as u32,
            total_fen: self.total_fen,
            created_at: rfc3339(self.created_ms),
            history,
            tracking_number: self.tracking_number.clone(),
        }
    }

    pub fn admin(self, events: &[(String, i64)]) -> AdminOrder {
        AdminOrder {
            order: self.view(events),
            name: self.name,
            phone: self.phone,
            address: self.address,
            note: self.note,
            ref_tag: self.ref_tag,
        }
    }
}

/// The moves after `received` of some orders, as (status, ms) in the order they happened, by
/// order `seq`: what both stores read from `order_events`.
#[derive(Debug, Default)]
pub struct Histories(HashMap<i64, Vec<(String, i64)>>);

impl Histories {
    /// Groups `(order_seq, status, at_ms)` rows, kept in the order given.
    pub fn from_rows(rows: impl IntoIterator<Item = (i64, String, i64)>) -> Self {
        let mut by_order: HashMap<i64, Vec<(String, i64)>> = HashMap::new();
        for (seq, status, at) in rows {
            by_order.entry(seq).or_default().push((status, at));
        }
        Self(by_order)
    }

    /// One order's moves (none if it has not moved).
    pub fn of(&self, seq: i64) -> &[(String, i64)] {
        self.0.get(&seq).map(Vec::as_slice).unwrap_or_default()
    }

    /// The orders as the team sees them, each with its history, in the order given.
    pub fn admin_orders(&self, rows: Vec<OrderRow>) -> Vec<AdminOrder> {
        rows.into_iter()
            .map(|r| {
                let seq = r.seq;
                r.admin(self.of(seq))
            })
            .collect()
    }
}
