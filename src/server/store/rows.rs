//! One row mapping for both drivers: sqlx (the reads on both stores, the PostgreSQL writes) and
//! rusqlite (the SQLite writer thread) read rows through `Columns`, so each shape — an order (and
//! what the writer needs of one it moves), a key's record, the totals — is read by position in
//! one place, next to the list of the columns it reads. A status the schema does not know is an
//! error on every path (a 500), never read as `received`.

use std::collections::HashMap;

use super::model::{KeyRecord, OrderState, Receipt};
use crate::domain::{
    AdminOrder, BoxTally, CancelReason, GiftRecipient, OrderStatus, OrderView, PickBox, Picklist,
    StatusChange, Stock, Summary,
};
use crate::server::snapshot::Totals;
use crate::server::time::rfc3339;

/// A row as either driver returns it, read by column position.
pub trait Columns {
    /// The driver's error.
    type Error;
    /// An integer column.
    fn int(&self, i: usize) -> Result<i64, Self::Error>;
    /// A text column, or NULL.
    fn maybe_text(&self, i: usize) -> Result<Option<String>, Self::Error>;
    /// An integer column, or NULL.
    fn maybe_int(&self, i: usize) -> Result<Option<i64>, Self::Error>;
    /// A byte column, or NULL.
    fn maybe_bytes(&self, i: usize) -> Result<Option<Vec<u8>>, Self::Error>;
    /// The driver's error for a column whose value breaks the schema's rules.
    fn broken(i: usize, why: String) -> Self::Error;

    /// A text column that is never NULL.
    fn text(&self, i: usize) -> Result<String, Self::Error> {
        self.maybe_text(i)?
            .ok_or_else(|| Self::broken(i, "NULL where text was expected".into()))
    }

    /// A count (boxes, kilograms) that the schema keeps within `u32`.
    fn count(&self, i: usize) -> Result<u32, Self::Error> {
        let n = self.int(i)?;
        u32::try_from(n).map_err(|_| Self::broken(i, format!("{n} is not a count")))
    }

    /// An order status as written by `OrderStatus::as_str`.
    fn status(&self, i: usize) -> Result<OrderStatus, Self::Error> {
        let raw = self.text(i)?;
        OrderStatus::parse(&raw).ok_or_else(|| Self::broken(i, format!("unknown status {raw:?}")))
    }

    /// A cancel reason as written by `CancelReason::as_str`, or NULL.
    fn cancel_reason(&self, i: usize) -> Result<Option<CancelReason>, Self::Error> {
        let Some(raw) = self.maybe_text(i)? else {
            return Ok(None);
        };
        let reason = CancelReason::parse(&raw);
        reason
            .map(Some)
            .ok_or_else(|| Self::broken(i, format!("unknown cancel reason {raw:?}")))
    }
}

impl<R> Columns for R
where
    R: sqlx::Row,
    usize: sqlx::ColumnIndex<R>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Vec<u8>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    type Error = sqlx::Error;

    fn int(&self, i: usize) -> Result<i64, sqlx::Error> {
        self.try_get(i)
    }

    fn maybe_text(&self, i: usize) -> Result<Option<String>, sqlx::Error> {
        self.try_get(i)
    }

    fn maybe_int(&self, i: usize) -> Result<Option<i64>, sqlx::Error> {
        self.try_get(i)
    }

    fn maybe_bytes(&self, i: usize) -> Result<Option<Vec<u8>>, sqlx::Error> {
        self.try_get(i)
    }

    fn broken(i: usize, why: String) -> sqlx::Error {
        sqlx::Error::ColumnDecode {
            index: i.to_string(),
            source: why.into(),
        }
    }
}

/// A rusqlite row (a wrapper, so that it cannot collide with the sqlx rows above).
pub struct Lite<'a, 'stmt>(pub &'a rusqlite::Row<'stmt>);

impl Columns for Lite<'_, '_> {
    type Error = rusqlite::Error;

    fn int(&self, i: usize) -> rusqlite::Result<i64> {
        self.0.get(i)
    }

    fn maybe_text(&self, i: usize) -> rusqlite::Result<Option<String>> {
        self.0.get(i)
    }

    fn maybe_int(&self, i: usize) -> rusqlite::Result<Option<i64>> {
        self.0.get(i)
    }

    fn maybe_bytes(&self, i: usize) -> rusqlite::Result<Option<Vec<u8>>> {
        self.0.get(i)
    }

    fn broken(i: usize, why: String) -> rusqlite::Error {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, why.into())
    }
}

/// The columns `OrderRow::read` reads, in its order.
macro_rules! order_columns {
    () => {
        "id, box_id, quantity, total_fen, created_ms, seq, status, weight_kg, name, phone, \
         address, note, ref, tracking_number, cancel_reason, recipient_name, recipient_phone, \
         recipient_address, gift_message"
    };
}
/// The columns `KeyRecord::read` reads, in its order.
macro_rules! key_columns {
    () => {
        "id, box_id, quantity, total_fen, created_ms, fingerprint, replay_salt"
    };
}
pub(super) use {key_columns, order_columns};

/// A gift's recipient (columns 15–17 of `order_columns!()`), if the order is a gift.
fn recipient<R: Columns>(r: &R) -> Result<Option<GiftRecipient>, R::Error> {
    let Some(name) = r.maybe_text(15)? else {
        return Ok(None);
    };
    Ok(Some(GiftRecipient {
        name,
        phone: Some(r.text(16)?),
        address: r.text(17)?,
    }))
}

/// An order as the buyer and the team see it, before its history is added.
#[derive(Debug)]
pub struct OrderRow {
    pub seq: i64,
    view: OrderView,
    name: String,
    phone: String,
    address: String,
    note: Option<String>,
    ref_tag: Option<String>,
}

impl Receipt {
    /// Reads the first five columns of `order_columns!()` and `key_columns!()`.
    fn read<R: Columns>(r: &R) -> Result<Self, R::Error> {
        Ok(Self {
            id: r.text(0)?,
            box_id: r.text(1)?,
            quantity: r.count(2)?,
            total_fen: r.int(3)?,
            created_ms: r.int(4)?,
        })
    }
}

impl OrderRow {
    /// Reads `order_columns!()`.
    pub fn read<R: Columns>(r: &R) -> Result<Self, R::Error> {
        let Receipt {
            id,
            box_id,
            quantity,
            total_fen,
            created_ms,
        } = Receipt::read(r)?;
        let received = StatusChange {
            status: OrderStatus::Received,
            at: rfc3339(created_ms),
            by: None,
        };
        let view = OrderView {
            id,
            status: r.status(6)?,
            box_id,
            weight_kg: r.count(7)?,
            quantity,
            total_fen,
            created_at: received.at.clone(),
            history: vec![received],
            tracking_number: r.maybe_text(13)?,
            cancel_reason: r.cancel_reason(14)?,
            recipient: recipient(r)?,
            gift_message: r.maybe_text(18)?,
            claims: vec![],
        };
        Ok(Self {
            seq: r.int(5)?,
            view,
            name: r.text(8)?,
            phone: r.text(9)?,
            address: r.text(10)?,
            note: r.maybe_text(11)?,
            ref_tag: r.maybe_text(12)?,
        })
    }

    /// The buyer's view, its history completed with `moves`.
    pub fn view(self, moves: &Histories) -> OrderView {
        self.admin(moves).order
    }

    /// The team's view, with the buyer's details.
    pub fn admin(self, moves: &Histories) -> AdminOrder {
        let Self {
            seq,
            mut view,
            name,
            phone,
            address,
            note,
            ref_tag,
        } = self;
        view.history.extend(moves.of(seq).iter().cloned());
        AdminOrder {
            order: view,
            name,
            phone,
            address,
            note,
            ref_tag,
        }
    }
}

impl KeyRecord {
    /// Reads `key_columns!()` of the order placed with `key` (as the client sent it).
    pub fn read<R: Columns>(r: &R, key: &str) -> Result<Self, R::Error> {
        let salt = r.maybe_bytes(6)?;
        Ok(Self::new(
            key,
            r.text(5)?,
            salt.as_deref(),
            Receipt::read(r)?,
        ))
    }
}

impl OrderState {
    /// Reads `order_columns!()`: what the writer needs of an order before moving it.
    pub fn read<R: Columns>(r: &R) -> Result<Self, R::Error> {
        let OrderRow { seq, view, .. } = OrderRow::read(r)?;
        Ok(Self {
            seq,
            status: view.status,
            box_id: view.box_id,
            quantity: view.quantity,
            weight_kg: view.weight_kg,
        })
    }
}

/// The moves after `received` of some orders, by order `seq`, in the order they happened.
#[derive(Debug, Default)]
pub struct Histories(HashMap<i64, Vec<StatusChange>>);

impl Histories {
    /// Groups rows of `order_seq, status, at_ms, by_member`, kept in the order given.
    pub fn read<R: Columns>(rows: &[R]) -> Result<Self, R::Error> {
        let mut by_order: HashMap<i64, Vec<StatusChange>> = HashMap::new();
        for r in rows {
            let change = StatusChange {
                status: r.status(1)?,
                at: rfc3339(r.int(2)?),
                by: r.maybe_text(3)?,
            };
            by_order.entry(r.int(0)?).or_default().push(change);
        }
        Ok(Self(by_order))
    }

    /// One order's moves (none if it has not moved).
    fn of(&self, seq: i64) -> &[StatusChange] {
        self.0.get(&seq).map(Vec::as_slice).unwrap_or_default()
    }
}

/// Reads the rows of `sql::TOTALS` (`id, stock, orders, kg_sold`, one row a box).
pub fn totals<R: Columns>(rows: &[R]) -> Result<Totals, R::Error> {
    let mut totals = Totals::default();
    for r in rows {
        totals.orders = r.int(2)? as u64;
        totals.kg_sold = r.int(3)? as u64;
        if let Some(id) = r.maybe_text(0)? {
            totals.stock.push((id, stock_of(r.int(1)?)));
        }
    }
    Ok(totals)
}

/// Boxes left as read from the database (whose CHECK keeps them within `Stock::MAX`).
pub fn stock_of(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0).min(Stock::MAX)
}

/// Reads a `COUNT(*)`'s one row.
pub fn count_of<R: Columns>(rows: &[R]) -> Result<u64, R::Error> {
    rows.first().map_or(Ok(0), |r| Ok(r.int(0)?.max(0) as u64))
}

/// Adds up the rows of `Dialect::ORDER_TALLIES` (`status, box_id, ref, orders, boxes, kg, fen`)
/// and of `sql::BOX_STOCK`: cancelled orders count in `orders` and `by_status` only.
pub fn summary<R: Columns>(tallies: &[R], boxes: &[R]) -> Result<Summary, R::Error> {
    let mut summary = Summary::default();
    let mut ordered: HashMap<String, u64> = HashMap::new();
    for r in tallies {
        let status = r.status(0)?;
        let orders = r.int(3)? as u64;
        summary.orders += orders;
        *summary.by_status.of_mut(status) += orders;
        if status == OrderStatus::Cancelled {
            continue;
        }
        *ordered.entry(r.text(1)?).or_default() += r.int(4)? as u64;
        summary.kg_sold += r.int(5)? as u64;
        summary.revenue_fen += r.int(6)?;
        if let Some(tag) = r.maybe_text(2)? {
            *summary.by_ref.entry(tag).or_default() += orders;
        }
    }
    for r in boxes {
        let id = r.text(0)?;
        summary.boxes.push(BoxTally {
            ordered: ordered.get(&id).copied().unwrap_or(0),
            available: stock_of(r.int(1)?),
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
            id: r.text(0)?,
            orders: r.int(1)? as u64,
            boxes: r.int(2)? as u64,
        };
        list.orders += pick.orders;
        list.boxes.push(pick);
    }
    Ok(list)
}
