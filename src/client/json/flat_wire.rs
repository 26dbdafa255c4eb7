//! How the browser reads the two answers whose JSON is one object made of two structs
//! (`AdminOrder` = an `OrderView` and the buyer's details; `AdminClaim` = a `ClaimView` and its
//! order). The server writes them with `#[serde(flatten)]`, but reading a flattened struct
//! makes serde buffer every field in its private `Content` tree first: about 19 KB of the
//! team's wasm for two types. The browser reads each from a plain struct of every field
//! instead (`client::json` gives the domain types their browser `Deserialize` from these);
//! building the parts names every field of both, so a field added to `OrderView` or
//! `ClaimView` does not compile until it is read here too. A wire workaround, not a rule: the
//! client's, not the domain's. Its only import is the domain, so the native tests include this
//! file to check it reads what the server writes.

use serde::Deserialize;

use crate::domain::{
    AdminClaim, AdminOrder, CancelReason, ClaimKind, ClaimStatus, ClaimView, GiftRecipient,
    OrderStatus, OrderView, OutcomeKind, PaymentView, RefundView, StatusChange,
};

/// Every field of an `AdminOrder`, side by side.
#[derive(Deserialize)]
pub struct AdminOrderWire {
    id: String,
    status: OrderStatus,
    box_id: String,
    weight_kg: u32,
    quantity: u32,
    total_fen: i64,
    created_at: String,
    history: Vec<StatusChange>,
    #[serde(default)]
    tracking_number: Option<String>,
    #[serde(default)]
    cancel_reason: Option<CancelReason>,
    #[serde(default)]
    recipient: Option<GiftRecipient>,
    #[serde(default)]
    gift_message: Option<String>,
    #[serde(default)]
    claims: Vec<ClaimView>,
    #[serde(default)]
    producer: String,
    #[serde(default)]
    payment: Option<PaymentView>,
    #[serde(default)]
    refund: Option<RefundView>,
    name: String,
    phone: String,
    address: String,
    note: Option<String>,
    #[serde(rename = "ref")]
    ref_tag: Option<String>,
}

impl From<AdminOrderWire> for AdminOrder {
    fn from(w: AdminOrderWire) -> Self {
        let order = OrderView {
            id: w.id,
            status: w.status,
            box_id: w.box_id,
            weight_kg: w.weight_kg,
            quantity: w.quantity,
            total_fen: w.total_fen,
            created_at: w.created_at,
            history: w.history,
            tracking_number: w.tracking_number,
            cancel_reason: w.cancel_reason,
            recipient: w.recipient,
            gift_message: w.gift_message,
            claims: w.claims,
            producer: w.producer,
            payment: w.payment,
            refund: w.refund,
        };
        AdminOrder {
            order,
            name: w.name,
            phone: w.phone,
            address: w.address,
            note: w.note,
            ref_tag: w.ref_tag,
        }
    }
}

/// Every field of an `AdminClaim`, side by side.
#[derive(Deserialize)]
pub struct AdminClaimWire {
    id: String,
    kind: ClaimKind,
    apples: Option<u32>,
    message: Option<String>,
    #[serde(default)]
    photos: u32,
    status: ClaimStatus,
    outcome: Option<OutcomeKind>,
    refund_fen: Option<i64>,
    outcome_message: Option<String>,
    created_at: String,
    resolved_at: Option<String>,
    order_id: String,
    box_id: String,
    quantity: u32,
    total_fen: i64,
    #[serde(default)]
    refunded_fen: i64,
    buyer_name: String,
    photo_urls: Vec<String>,
    #[serde(default)]
    refund: Option<RefundView>,
}

impl From<AdminClaimWire> for AdminClaim {
    fn from(w: AdminClaimWire) -> Self {
        let claim = ClaimView {
            id: w.id,
            kind: w.kind,
            apples: w.apples,
            message: w.message,
            photos: w.photos,
            status: w.status,
            outcome: w.outcome,
            refund_fen: w.refund_fen,
            outcome_message: w.outcome_message,
            created_at: w.created_at,
            resolved_at: w.resolved_at,
            refund: w.refund,
        };
        AdminClaim {
            claim,
            order_id: w.order_id,
            box_id: w.box_id,
            quantity: w.quantity,
            total_fen: w.total_fen,
            refunded_fen: w.refunded_fen,
            buyer_name: w.buyer_name,
            photo_urls: w.photo_urls,
        }
    }
}
