//! An order's rows read by column name, on both drivers (`Columns`): the order as the buyer and
//! the team see it, what the writer needs of one it moves, what its idempotency key remembers,
//! and its moves. The names are those `sql::order_columns!()` and `sql::key_columns!()` list;
//! the order they come in does not matter.

use std::collections::HashMap;

use super::columns::Columns;
use super::model::ProducerId;
use super::payment_row::PaymentRow;
use super::placement::{KeyRecord, OrderState, Receipt};
use crate::domain::{
    AdminOrder, GiftRecipient, OrderStatus, OrderView, RefundStatus, RefundView, StatusChange,
};
use crate::server::time::rfc3339;

/// A gift's recipient (`recipient_name`, `recipient_phone`, `recipient_address`), if the order
/// is a gift.
fn recipient<R: Columns>(r: &R) -> Result<Option<GiftRecipient>, R::Error> {
    let Some(name) = r.maybe_text("recipient_name")? else {
        return Ok(None);
    };
    Ok(Some(GiftRecipient {
        name,
        phone: Some(r.text("recipient_phone")?),
        address: r.text("recipient_address")?,
    }))
}

/// The order's own refund through its provider (`refund_fen`, `refund_status`), if any.
fn order_refund<R: Columns>(r: &R) -> Result<Option<RefundView>, R::Error> {
    let Some(fen) = r.maybe_int("refund_fen")? else {
        return Ok(None);
    };
    let status = r.parsed("refund_status", "refund status", RefundStatus::parse)?;
    Ok(Some(RefundView { status, fen }))
}

/// An order as the buyer and the team see it, before its history is added.
#[derive(Debug)]
pub struct OrderRow {
    pub seq: i64,
    /// The producer it was placed with (its slug is read apart: `reads::slug`).
    pub producer: ProducerId,
    view: OrderView,
    name: String,
    phone: String,
    address: String,
    note: Option<String>,
    ref_tag: Option<String>,
    /// Its payment, if paid online.
    pub payment: Option<PaymentRow>,
}

impl Receipt {
    /// Reads the columns `order_columns!()` and `key_columns!()` share.
    fn read<R: Columns>(r: &R) -> Result<Self, R::Error> {
        Ok(Self {
            id: r.text("id")?,
            status: r.status("status")?,
            box_id: r.text("box_id")?,
            quantity: r.count("quantity")?,
            total_fen: r.int("total_fen")?,
            created_ms: r.int("created_ms")?,
            payment: PaymentRow::read(r)?,
        })
    }
}

impl OrderRow {
    /// Reads `order_columns!()`.
    pub fn read<R: Columns>(r: &R) -> Result<Self, R::Error> {
        let Receipt {
            id,
            status,
            box_id,
            quantity,
            total_fen,
            created_ms,
            payment,
        } = Receipt::read(r)?;
        // An order paid online starts awaiting its payment; its `received` is a move, made when
        // it was paid.
        let first = match payment {
            Some(_) => OrderStatus::AwaitingPayment,
            None => OrderStatus::Received,
        };
        let received = StatusChange {
            status: first,
            at: rfc3339(created_ms),
            by: None,
        };
        let view = OrderView {
            id,
            status,
            box_id,
            weight_kg: r.count("weight_kg")?,
            quantity,
            total_fen,
            created_at: received.at.clone(),
            history: vec![received],
            tracking_number: r.maybe_text("tracking_number")?,
            cancel_reason: r.cancel_reason("cancel_reason")?,
            recipient: recipient(r)?,
            gift_message: r.maybe_text("gift_message")?,
            claims: vec![],
            producer: String::new(),
            payment: None,
            refund: order_refund(r)?,
        };
        let view = OrderView {
            payment: payment
                .as_ref()
                .map(|p| p.view(status, view.refund_whole())),
            ..view
        };
        Ok(Self {
            seq: r.int("seq")?,
            producer: ProducerId(r.int("producer")?),
            view,
            name: r.text("name")?,
            phone: r.text("phone")?,
            address: r.text("address")?,
            note: r.maybe_text("note")?,
            ref_tag: r.maybe_text("ref")?,
            payment,
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
            producer: _,
            mut view,
            name,
            phone,
            address,
            note,
            ref_tag,
            payment: _,
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
        let salt = r.maybe_bytes("replay_salt")?;
        Ok(Self::new(
            key,
            r.text("fingerprint")?,
            salt.as_deref(),
            Receipt::read(r)?,
        ))
    }
}

impl OrderState {
    /// Reads `order_columns!()`: what the writer needs of an order before moving it.
    pub fn read<R: Columns>(r: &R) -> Result<Self, R::Error> {
        // The whole row, so that a value the schema does not know fails here as in a read.
        let OrderRow {
            seq, view, payment, ..
        } = OrderRow::read(r)?;
        Ok(Self {
            seq,
            status: view.status,
            box_id: view.box_id,
            quantity: view.quantity,
            weight_kg: view.weight_kg,
            total_fen: view.total_fen,
            payment,
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
                status: r.status("status")?,
                at: rfc3339(r.int("at_ms")?),
                by: r.maybe_text("by_member")?,
            };
            by_order
                .entry(r.int("order_seq")?)
                .or_default()
                .push(change);
        }
        Ok(Self(by_order))
    }

    /// One order's moves (none if it has not moved).
    fn of(&self, seq: i64) -> &[StatusChange] {
        self.0.get(&seq).map(Vec::as_slice).unwrap_or_default()
    }
}
