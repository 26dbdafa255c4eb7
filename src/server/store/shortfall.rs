//! A short harvest, planned once for both stores. A preview: the backend reads the newest
//! `received` orders of the box (at most as many as boxes are missing: each order has at least
//! one box) and `preview` names the fewest of them that free enough boxes
//! (`Shortfall::choose`). A confirm: the backend reads the orders the preview named (under their
//! row locks on PostgreSQL) and `confirm` cancels exactly those, or none if one of them is no
//! longer a received order of that box, with the reason `harvest_short`, in the same
//! transaction. Their boxes are not given back: they were never picked.

use std::collections::HashMap;

use super::bulk::Found;
use super::model::Refused;
use super::placement::OrderState;
use crate::domain::{OrderId, OrderStatus, Shortfall, ShortfallResult};
use crate::server::snapshot::Delta;

/// `$1`: a box's id, `$2`: its producer, `$3`: how many orders at most. The newest `received`
/// orders of that box (by the index on `producer, status, seq`), read as `Found::read` reads
/// them.
pub const NEWEST_RECEIVED: &str = concat!(
    "SELECT ",
    super::sql::order_columns!(),
    " FROM orders WHERE status = 'received' AND box_id = $1 AND producer = $2 \
     ORDER BY seq DESC LIMIT $3"
);
/// Cancels order `$1` (seq) of producer `$2` for a short harvest, if it is still `received`.
pub const CANCEL_SHORT: &str = "UPDATE orders SET status = 'cancelled', \
     cancel_reason = 'harvest_short' WHERE seq = $1 AND producer = $2 AND status = 'received'";

/// A shortfall decided: its answer and the orders it cancels (none for a dry run).
#[derive(Debug)]
pub struct Cut {
    pub answer: ShortfallResult,
    pub cancels: Vec<OrderState>,
}

impl Cut {
    /// The answer, and what the cancels change in the storefront: fewer orders and kilograms
    /// sold, the same stock.
    pub fn finish(self) -> (ShortfallResult, Vec<Delta>) {
        let deltas = self
            .cancels
            .into_iter()
            .map(|o| Delta::Withdrawn {
                quantity: o.quantity,
                weight_kg: o.weight_kg,
            })
            .collect();
        (self.answer, deltas)
    }
}

/// Names among `newest` (the newest first, as read) the orders a preview of `shortfall` would
/// cancel; it cancels nothing.
pub fn preview(shortfall: &Shortfall, newest: Vec<(String, Found)>) -> Cut {
    let received = newest
        .iter()
        .filter(|(_, f)| f.state.status == OrderStatus::Received)
        .map(|(id, f)| (id.as_str(), f.state.quantity));
    let (orders, boxes_freed) = shortfall.choose(received);
    Cut {
        answer: ShortfallResult {
            orders,
            boxes_freed,
        },
        cancels: vec![],
    }
}

/// Cancels exactly the orders `named` by a confirm for box `box_id`, as `found` (by id) holds
/// them now; if one of them is missing, no longer `received`, or of another box, nothing is
/// cancelled and the refusal names every such order.
pub fn confirm(
    box_id: &str,
    named: &[OrderId],
    mut found: HashMap<String, Found>,
) -> Result<Cut, Refused> {
    let mut cancels = Vec::with_capacity(named.len());
    let mut moved = Vec::new();
    for id in named {
        match found.remove(id.as_str()) {
            Some(f) if f.state.status == OrderStatus::Received && f.state.box_id == box_id => {
                cancels.push(f.state)
            }
            _ => moved.push(id.as_str().to_owned()),
        }
    }
    if !moved.is_empty() {
        return Err(Refused::ShortfallChanged { moved });
    }
    let boxes_freed = cancels
        .iter()
        .fold(0u32, |sum, s| sum.saturating_add(s.quantity));
    Ok(Cut {
        answer: ShortfallResult {
            orders: named.iter().map(|id| id.as_str().to_owned()).collect(),
            boxes_freed,
        },
        cancels,
    })
}
