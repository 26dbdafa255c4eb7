//! The JSON shapes of claims: the 201 of a new claim, a claim as its buyer follows it (in the
//! order's lookup) and as the team sees it (with the order and the photos' addresses).

use serde::{Deserialize, Serialize};

use super::claim::ClaimKind;
use super::claim_outcome::{ClaimStatus, OutcomeKind};

/// `201` to `POST /api/orders/{id}/claims`.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimCreated {
    pub id: String,
    pub status: ClaimStatus,
}

/// A claim and, once resolved, its outcome.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimView {
    pub id: String,
    pub kind: ClaimKind,
    /// How many apples, if the buyer said.
    pub apples: Option<u32>,
    pub message: Option<String>,
    /// How many photos came with it.
    #[serde(default)]
    pub photos: u32,
    pub status: ClaimStatus,
    pub outcome: Option<OutcomeKind>,
    /// With a refund: the fen given back.
    pub refund_fen: Option<i64>,
    /// The team's word for the buyer (a rejection's reason).
    pub outcome_message: Option<String>,
    pub created_at: String,
    pub resolved_at: Option<String>,
    /// A refund of an order paid online, given back through its provider: where it stands.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refund: Option<super::RefundView>,
}

/// A claim as the team sees it: with its order and where its photos are.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
// The browser reads it field by field, without serde's buffering of a flattened struct: its
// `Deserialize` is the client's (`client::json::flat_wire`).
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
pub struct AdminClaim {
    #[serde(flatten)]
    pub claim: ClaimView,
    pub order_id: String,
    pub box_id: String,
    pub quantity: u32,
    pub total_fen: i64,
    /// What the order's resolved claims refunded so far (this one's refund included once it is
    /// resolved): a new refund may give back at most `total_fen - refunded_fen`.
    #[serde(default)]
    pub refunded_fen: i64,
    /// The buyer's name.
    pub buyer_name: String,
    /// `/api/admin/claims/{id}/photos/{n}` for each photo, n from 1 (with the team's token).
    pub photo_urls: Vec<String>,
}

impl AdminClaim {
    /// The address of photo `n` (from 1) of claim `id`.
    pub fn photo_url(id: &str, n: u32) -> String {
        format!("/api/admin/claims/{id}/photos/{n}")
    }

    /// What may still be refunded on this claim's order (`refund_room`).
    pub fn refund_room(&self) -> i64 {
        super::claim_outcome::refund_room(self.total_fen, self.refunded_fen)
    }
}

/// `GET /api/admin/claims`: one page of claims, oldest first.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AdminClaimList {
    pub claims: Vec<AdminClaim>,
    /// The `cursor` of the next page; `null` on the last one.
    #[serde(default)]
    pub next_cursor: Option<String>,
}
