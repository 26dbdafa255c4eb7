//! The storefront's numbers in memory (boxes left, orders, kilograms sold), read by every
//! storefront request and changed only by the writer, right after each commit (`Delta`), or
//! replaced by totals the store read again (`Totals`).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::RwLock;

use super::content::Content;
use super::time::rfc3339;
use crate::domain::{families_lifted, BoxOffer, Impact, SaleInfo, SaleState, Stock, Storefront};

/// The numbers the storefront needs, as read from the database: at start, and (PostgreSQL)
/// again every second, since other instances write too.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    /// Box id → boxes left, for every box in the database.
    pub stock: Vec<(String, u32)>,
    /// Orders not cancelled.
    pub orders: u64,
    /// Kilograms in those orders.
    pub kg_sold: u64,
}

/// What one committed write changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delta {
    /// An order took `quantity` boxes of `weight_kg`.
    Ordered {
        box_id: String,
        quantity: u32,
        weight_kg: u32,
    },
    /// A cancelled order gave them back.
    Cancelled {
        box_id: String,
        quantity: u32,
        weight_kg: u32,
    },
    /// An order cancelled for a short harvest: no longer sold, and its boxes never existed
    /// (the stock stays as it is).
    Withdrawn { quantity: u32, weight_kg: u32 },
    /// The team set the boxes left.
    Stock { box_id: String, stock: u32 },
    /// An order paid online took `quantity` boxes to hold while it waits for its payment: not
    /// sold yet (the impact does not count it).
    Held { box_id: String, quantity: u32 },
    /// A held order was paid: now it is sold.
    Sold { quantity: u32, weight_kg: u32 },
    /// A held order was closed unpaid: its boxes are back, and it was never sold.
    Released { box_id: String, quantity: u32 },
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Numbers {
    stock: HashMap<String, u32>,
    orders: u64,
    kg_sold: u64,
}

impl Numbers {
    /// One order of `quantity` boxes of `weight_kg` no longer sold (cancelled or withdrawn).
    fn unsell(&mut self, quantity: u32, weight_kg: u32) {
        self.orders = self.orders.saturating_sub(1);
        let kg = u64::from(quantity) * u64::from(weight_kg);
        self.kg_sold = self.kg_sold.saturating_sub(kg);
    }
}

/// The live numbers behind `GET /api/storefront`.
#[derive(Debug, Default)]
pub struct Snapshot {
    numbers: RwLock<Numbers>,
    /// Bumped after every commit that changed the numbers: the storefront's ETag and its cached
    /// body are keyed on it.
    version: AtomicU64,
    /// Writes of this instance between their commit and their `apply` (PostgreSQL): totals read
    /// meanwhile may already count them, so they must not replace the numbers.
    in_flight: AtomicU64,
}

/// Held by a write from just before its commit until its deltas are applied (`Snapshot::writing`).
pub struct Writing<'a>(&'a Snapshot);

impl Writing<'_> {
    /// Applies the write's deltas, and ends it.
    pub fn apply(self, deltas: &[Delta]) {
        self.0.apply(deltas);
    }
}

impl Drop for Writing<'_> {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

impl Snapshot {
    /// The numbers as read from the database at start.
    pub fn new(totals: Totals) -> Self {
        let numbers = Numbers {
            stock: totals.stock.into_iter().collect(),
            orders: totals.orders,
            kg_sold: totals.kg_sold,
        };
        publish_stock(&numbers);
        Self {
            numbers: RwLock::new(numbers),
            version: AtomicU64::new(0),
            in_flight: AtomicU64::new(0),
        }
    }

    /// How many times the numbers have changed since the server started.
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }

    /// Applies what a commit changed.
    pub fn apply(&self, deltas: &[Delta]) {
        if deltas.is_empty() {
            return;
        }
        let mut n = self.numbers.write().unwrap_or_else(|p| p.into_inner());
        for d in deltas {
            match d {
                Delta::Ordered {
                    box_id,
                    quantity,
                    weight_kg,
                } => {
                    let left = n.stock.entry(box_id.clone()).or_default();
                    *left = left.saturating_sub(*quantity);
                    n.orders += 1;
                    n.kg_sold += u64::from(*quantity) * u64::from(*weight_kg);
                }
                Delta::Cancelled {
                    box_id,
                    quantity,
                    weight_kg,
                } => {
                    // As the database does it: given back up to the shelf's bound.
                    let left = n.stock.entry(box_id.clone()).or_default();
                    *left = left.saturating_add(*quantity).min(Stock::MAX);
                    n.unsell(*quantity, *weight_kg);
                }
                Delta::Withdrawn {
                    quantity,
                    weight_kg,
                } => n.unsell(*quantity, *weight_kg),
                Delta::Stock { box_id, stock } => {
                    n.stock.insert(box_id.clone(), *stock);
                }
                Delta::Held { box_id, quantity } => {
                    let left = n.stock.entry(box_id.clone()).or_default();
                    *left = left.saturating_sub(*quantity);
                }
                Delta::Sold {
                    quantity,
                    weight_kg,
                } => {
                    n.orders += 1;
                    n.kg_sold += u64::from(*quantity) * u64::from(*weight_kg);
                }
                Delta::Released { box_id, quantity } => {
                    let left = n.stock.entry(box_id.clone()).or_default();
                    *left = left.saturating_add(*quantity).min(Stock::MAX);
                }
            }
        }
        publish_stock(&n);
        // Still under the write lock: whoever sees the new version also sees the new numbers.
        self.version.fetch_add(1, Ordering::AcqRel);
    }

    /// Marks a write about to commit; keep it until its deltas are applied.
    pub fn writing(&self) -> Writing<'_> {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        Writing(self)
    }

    /// Replaces the numbers with totals reloaded from a database that other instances also
    /// write to, read after `version()` answered `seen`; the version changes only if the
    /// numbers did. Returns false, changing nothing, if an own write was applied since `seen`
    /// or is between its commit and its `apply`: the totals may count it and its delta too.
    pub fn replace(&self, seen: u64, totals: Totals) -> bool {
        let fresh = Numbers {
            stock: totals.stock.into_iter().collect(),
            orders: totals.orders,
            kg_sold: totals.kg_sold,
        };
        let mut n = self.numbers.write().unwrap_or_else(|p| p.into_inner());
        if self.version() != seen || self.in_flight.load(Ordering::SeqCst) > 0 {
            return false;
        }
        if *n == fresh {
            return true;
        }
        *n = fresh;
        publish_stock(&n);
        self.version.fetch_add(1, Ordering::AcqRel);
        true
    }

    /// Boxes left of one kind.
    pub fn available(&self, box_id: &str) -> u32 {
        let n = self.numbers.read().unwrap_or_else(|p| p.into_inner());
        n.stock.get(box_id).copied().unwrap_or(0)
    }

    /// The storefront at `now_ms`, with the version of the numbers it shows.
    pub fn storefront(&self, content: &Content, now_ms: i64) -> (u64, Storefront) {
        let (version, n) = {
            let n = self.numbers.read().unwrap_or_else(|p| p.into_inner());
            (self.version(), n.clone())
        };
        let boxes: Vec<BoxOffer> = content
            .boxes
            .iter()
            .map(|b| BoxOffer {
                id: b.id.to_string(),
                weight_kg: b.weight_kg,
                price_fen: b.price.fen(),
                available: n.stock.get(b.id.as_str()).copied().unwrap_or(0),
            })
            .collect();
        let left: u64 = boxes.iter().map(|b| u64::from(b.available)).sum();
        let storefront = Storefront {
            server_time: rfc3339(now_ms),
            sale: SaleInfo {
                state: SaleState::at(now_ms, content.opens_ms, content.closes_ms, left),
                opens_at: rfc3339(content.opens_ms),
                closes_at: content.closes_ms.map(rfc3339),
                harvest_at: rfc3339(content.harvest_ms),
            },
            boxes,
            impact: Impact {
                orders: n.orders,
                kg_sold: n.kg_sold,
                kg_per_family: content.kg_per_family,
                families_lifted: families_lifted(n.kg_sold, content.kg_per_family),
            },
            producer: content.producer.clone(),
            payment_methods: content.payment.methods.clone(),
        };
        (version, storefront)
    }
}

/// The boxes-left gauge of `/metrics`.
fn publish_stock(n: &Numbers) {
    for (box_id, left) in &n.stock {
        metrics::gauge!("orchard_boxes_left", "box_id" => box_id.clone()).set(f64::from(*left));
    }
}

#[cfg(test)]
#[path = "snapshot_tests.rs"]
mod tests;
