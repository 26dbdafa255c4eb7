//! The store's aggregates read by column name, on both drivers (`Columns`): the storefront's
//! totals, the team's summary and pick list.

use std::collections::HashMap;

use super::columns::Columns;
use crate::domain::{BoxTally, OrderStatus, PickBox, Picklist, Stock, Summary};
use crate::server::snapshot::Totals;

/// Reads the rows of `sql::TOTALS` (`box_id, stock, orders, kg_sold`, one row a box).
pub fn totals<R: Columns>(rows: &[R]) -> Result<Totals, R::Error> {
    let mut totals = Totals::default();
    for r in rows {
        totals.orders = r.int("orders")? as u64;
        totals.kg_sold = r.int("kg_sold")? as u64;
        if let Some(id) = r.maybe_text("box_id")? {
            totals.stock.push((id, stock_of(r.int("stock")?)));
        }
    }
    Ok(totals)
}

/// Boxes left as read from the database (whose CHECK keeps them within `Stock::MAX`).
pub fn stock_of(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0).min(Stock::MAX)
}

/// Adds up the rows of `Dialect::ORDER_TALLIES` (`status, box_id, ref, orders, boxes, kg, fen`)
/// and of `sql::BOX_STOCK` (`id, stock`): cancelled orders, and orders still awaiting their
/// payment (nothing sold yet), count in `orders` and `by_status` only.
pub fn summary<R: Columns>(tallies: &[R], boxes: &[R]) -> Result<Summary, R::Error> {
    let mut summary = Summary::default();
    let mut ordered: HashMap<String, u64> = HashMap::new();
    for r in tallies {
        let status = r.status("status")?;
        let orders = r.int("orders")? as u64;
        summary.orders += orders;
        *summary.by_status.of_mut(status) += orders;
        if matches!(
            status,
            OrderStatus::Cancelled | OrderStatus::AwaitingPayment
        ) {
            continue;
        }
        *ordered.entry(r.text("box_id")?).or_default() += r.int("boxes")? as u64;
        summary.kg_sold += r.int("kg")? as u64;
        summary.revenue_fen += r.int("fen")?;
        if let Some(tag) = r.maybe_text("ref")? {
            *summary.by_ref.entry(tag).or_default() += orders;
        }
    }
    for r in boxes {
        let id = r.text("id")?;
        summary.boxes.push(BoxTally {
            ordered: ordered.get(&id).copied().unwrap_or(0),
            available: stock_of(r.int("stock")?),
            id,
        });
    }
    Ok(summary)
}

/// Reads the pick list's rows (`box_id, orders, boxes`, one a box).
pub fn picklist<R: Columns>(rows: &[R]) -> Result<Picklist, R::Error> {
    let mut list = Picklist::default();
    for r in rows {
        let pick = PickBox {
            id: r.text("box_id")?,
            orders: r.int("orders")? as u64,
            boxes: r.int("boxes")? as u64,
        };
        list.orders += pick.orders;
        list.boxes.push(pick);
    }
    Ok(list)
}
