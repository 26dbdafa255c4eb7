//! The JSON shapes of the API, shared by the server that writes them and the client that reads
//! them. Times are RFC 3339 text in UTC; money is integer fen.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::error_code::ErrorCode;
use super::gift::GiftRecipient;
use super::sale::SaleState;
use super::shortfall::CancelReason;
use super::status::OrderStatus;
use super::{PaymentMethod, PaymentView, RefundView};

/// Text in several languages, keyed by language tag (`zh`, `en`, `fr`).
pub type Localized = BTreeMap<String, String>;

/// `GET /api/storefront`: everything the page shows.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Storefront {
    pub server_time: String,
    pub sale: SaleInfo,
    pub boxes: Vec<BoxOffer>,
    pub impact: Impact,
    pub producer: Producer,
    /// The ways the producer is paid, in the order its content gives them.
    #[serde(default = "cod_only")]
    pub payment_methods: Vec<PaymentMethod>,
}

/// A storefront that says nothing of payment is paid on delivery, as every shop before it.
fn cod_only() -> Vec<PaymentMethod> {
    vec![PaymentMethod::Cod]
}

/// The sale's state and milestones.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SaleInfo {
    pub state: SaleState,
    pub opens_at: String,
    pub closes_at: Option<String>,
    pub harvest_at: String,
}

/// One box on offer and how many are left.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BoxOffer {
    pub id: String,
    pub weight_kg: u32,
    pub price_fen: i64,
    pub available: u32,
}

/// What the sale has done so far.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Impact {
    pub orders: u64,
    pub kg_sold: u64,
    pub kg_per_family: u64,
    pub families_lifted: u64,
}

/// Who grows the fruit, and her story in each language.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Producer {
    pub name: Localized,
    pub place: Localized,
    pub greeting: String,
    pub story: BTreeMap<String, Vec<String>>,
    pub media: StoryMedia,
}

/// The story's picture and video (site-relative paths).
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct StoryMedia {
    pub picture: String,
    pub video: Option<String>,
    pub poster: Option<String>,
    /// Language tag → WebVTT captions path.
    pub captions: BTreeMap<String, String>,
}

/// `201` to `POST /api/orders`: the order and its private token.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
// The browser reads only what the storefront acts on (`client::json::created_wire`).
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
pub struct OrderCreated {
    pub id: String,
    /// The producer's slug (`drolma`): whose order it is, in a market of several.
    #[serde(default)]
    pub producer: String,
    pub token: String,
    pub status: OrderStatus,
    pub box_id: String,
    pub quantity: u32,
    pub total_fen: i64,
    pub created_at: String,
    /// An order paid online: its payment, pending, and what the phone does next to pay it
    /// (boxed: most orders have none, and the writer's answers stay small).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<PaymentView>))]
    pub payment: Option<Box<PaymentView>>,
}

/// One step of an order's journey.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange {
    pub status: OrderStatus,
    pub at: String,
    /// The team member who made the move: in the team's answers only, never the buyer's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<String>,
}

/// `GET /api/orders/{id}`: the order as its buyer follows it.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub id: String,
    pub status: OrderStatus,
    pub box_id: String,
    pub weight_kg: u32,
    pub quantity: u32,
    pub total_fen: i64,
    pub created_at: String,
    pub history: Vec<StatusChange>,
    /// The courier's tracking number once the team has set it.
    #[serde(default)]
    pub tracking_number: Option<String>,
    /// Why the producer cancelled it, when the buyer is owed a reason (a short harvest).
    #[serde(default)]
    pub cancel_reason: Option<CancelReason>,
    /// For a gift: who receives the box (the phone in the team's answers only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<GiftRecipient>,
    /// For a gift: the few words on the label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gift_message: Option<String>,
    /// The buyer's claims about this order (bad fruit, a missing box) and their outcome.
    #[serde(default)]
    pub claims: Vec<super::claim_view::ClaimView>,
    /// The slug of the producer it was placed with (the market's `/p/{slug}`).
    #[serde(default)]
    pub producer: String,
    /// An order paid online: its payment's state and, while pending, the way to pay it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment: Option<PaymentView>,
    /// The money given back through the provider for the whole order (cancelled once paid,
    /// a short harvest, a payment that came after the order closed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund: Option<RefundView>,
}

impl OrderView {
    /// Whether the whole order was given back through its provider.
    pub fn refund_whole(&self) -> bool {
        self.refund
            .as_ref()
            .is_some_and(|r| r.status == super::RefundStatus::Refunded && r.fen >= self.total_fen)
    }

    /// The order as its buyer may see it: without who in the team moved it, nor the phone of
    /// a gift's recipient.
    pub fn for_buyer(mut self) -> Self {
        for change in &mut self.history {
            change.by = None;
        }
        if let Some(recipient) = &mut self.recipient {
            recipient.phone = None;
        }
        self
    }
}

/// An order as the producer's team sees it, with the buyer's details.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
// The browser reads it field by field, without serde's buffering of a flattened struct: its
// `Deserialize` is the client's (`client::json::flat_wire`).
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
pub struct AdminOrder {
    #[serde(flatten)]
    pub order: OrderView,
    pub name: String,
    pub phone: String,
    pub address: String,
    pub note: Option<String>,
    #[serde(rename = "ref")]
    pub ref_tag: Option<String>,
}

impl AdminOrder {
    /// Who the box goes to: name, phone and address of a gift's recipient, else the buyer's.
    pub fn ship_to(&self) -> [&str; 3] {
        match &self.order.recipient {
            Some(to) => [
                to.name.as_str(),
                to.phone.as_deref().unwrap_or_default(),
                to.address.as_str(),
            ],
            None => [&self.name, &self.phone, &self.address],
        }
    }

    /// For a gift, who sent it (the buyer's name and phone), else `None`.
    pub fn gift_from(&self) -> Option<[&str; 2]> {
        self.order
            .recipient
            .as_ref()
            .map(|_| [self.name.as_str(), self.phone.as_str()])
    }
}

/// `GET /api/admin/orders`: one page of the orders the filter matches, newest first.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdminOrderList {
    pub orders: Vec<AdminOrder>,
    /// Every order the filter matches, on every page.
    #[serde(default)]
    pub total: u64,
    /// The `cursor` of the next page; `null` on the last one.
    #[serde(default)]
    pub next_cursor: Option<String>,
}

/// `PUT /api/admin/boxes/{id}`.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StockUpdate {
    /// The boxes left, 0–1,000,000.
    #[serde(default)]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = u32, maximum = 1_000_000, required = true))]
    pub stock: serde_json::Value,
}

/// Every error answer: `{"error": {...}}`.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

/// What went wrong, for a program (`code`) and for a person (`message`).
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
    /// Field → message, only for `invalid`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
    /// With `sale_not_open`: when orders open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<String>,
    /// With `insufficient_stock`: how many boxes are left.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<u32>,
    /// With `limit_reached`: how many more boxes this buyer's phone may order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining: Option<u32>,
    /// With `refund_too_large`: the fen the order's earlier refunds leave to refund.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remaining_fen: Option<i64>,
    /// With `shortfall_changed`: the previewed orders that are no longer received orders of
    /// that box (moved, cancelled, or unknown).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moved: Option<Vec<String>>,
}
