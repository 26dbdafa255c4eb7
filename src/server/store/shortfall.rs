//! A short harvest, planned once for both stores: the backend reads the newest `received`
//! orders of the box (at most as many as boxes are missing: each order has at least one box),
//! `plan` chooses the fewest of them that free enough boxes (`Shortfall::choose`), and, unless
//! it is a dry run, the backend cancels those with the reason `harvest_short` in the same
//! transaction. Their boxes are not given back: they were never picked.

use super::bulk::Found;
use super::model::OrderState;
use crate::domain::{OrderStatus, Shortfall, ShortfallResult};
use crate::server::snapshot::Delta;

/// `$1`: a box's id, `$2`: how many orders at most. The newest `received` orders of that box
/// (by the index on `status, seq`), read as `Found::read` reads them.
pub const NEWEST_RECEIVED: &str = concat!(
    "SELECT ",
    super::rows::order_columns!(),
    " FROM orders WHERE status = 'received' AND box_id = $1 ORDER BY seq DESC LIMIT $2"
);
/// Cancels order `$1` (seq) for a short harvest, if it is still `received`.
pub const CANCEL_SHORT: &str = "UPDATE orders SET status = 'cancelled', \
     cancel_reason = 'harvest_short' WHERE seq = $1 AND status = 'received'";

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

/// Chooses among `newest` (the newest first, as read; any no longer `received` skipped) the
/// orders that `shortfall` cancels.
pub fn plan(shortfall: &Shortfall, newest: Vec<(String, Found)>) -> Cut {
    let received: Vec<(String, OrderState)> = newest
        .into_iter()
        .filter(|(_, f)| f.state.status == OrderStatus::Received)
        .map(|(id, f)| (id, f.state))
        .collect();
    let (orders, boxes_freed) =
        shortfall.choose(received.iter().map(|(id, s)| (id.as_str(), s.quantity)));
    let cancels = if shortfall.dry_run {
        vec![]
    } else {
        received
            .into_iter()
            .take(orders.len())
            .map(|(_, s)| s)
            .collect()
    };
    Cut {
        answer: ShortfallResult {
            orders,
            boxes_freed,
        },
        cancels,
    }
}
