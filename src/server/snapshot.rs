//! The storefront's numbers in memory (boxes left, orders, kilograms sold), read by every
//! storefront request and changed only by the writer, right after each commit.

use std::collections::HashMap;
use std::sync::RwLock;

use super::content::Content;
use super::store::Totals;
use super::time::rfc3339;
use crate::domain::{families_lifted, BoxOffer, Impact, SaleInfo, SaleState, Storefront};

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
    /// The team set the boxes left.
    Stock { box_id: String, stock: u32 },
}

#[derive(Debug, Clone, Default)]
struct Numbers {
    stock: HashMap<String, u32>,
    orders: u64,
    kg_sold: u64,
}

/// The live numbers behind `GET /api/storefront`.
#[derive(Debug, Default)]
pub struct Snapshot {
    numbers: RwLock<Numbers>,
}

impl Snapshot {
    /// The numbers as read from the database at start.
    pub fn new(totals: Totals) -> Self {
        let numbers = Numbers {
            stock: totals.stock.into_iter().collect(),
            orders: totals.orders,
            kg_sold: totals.kg_sold,
        };
        Self {
            numbers: RwLock::new(numbers),
        }
    }

    /// Applies what a commit changed.
    pub fn apply(&self, deltas: &[Delta]) {
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
                    *n.stock.entry(box_id.clone()).or_default() += quantity;
                    n.orders = n.orders.saturating_sub(1);
                    n.kg_sold = n
                        .kg_sold
                        .saturating_sub(u64::from(*quantity) * u64::from(*weight_kg));
                }
                Delta::Stock { box_id, stock } => {
                    n.stock.insert(box_id.clone(), *stock);
                }
            }
        }
    }

    /// Boxes left of one kind.
    pub fn available(&self, box_id: &str) -> u32 {
        let n = self.numbers.read().unwrap_or_else(|p| p.into_inner());
        n.stock.get(box_id).copied().unwrap_or(0)
    }

    /// The storefront at `now_ms`.
    pub fn storefront(&self, content: &Content, now_ms: i64) -> Storefront {
        let n = self
            .numbers
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
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
        Storefront {
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
        }
    }
}
