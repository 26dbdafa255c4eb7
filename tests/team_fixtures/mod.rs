//! What the team's page's browser tests share: one order as the team's list shows it, a bulk
//! move, and a refusal from the shop.
// Each test binary uses a part of these.
#![allow(dead_code)]
#![cfg(target_arch = "wasm32")]

use orchard::client::api::ApiError;
use orchard::domain::{AdminOrder, BulkMoveRequest, ErrorDetail, OrderStatus, OrderView};

/// A received order of one 5 kg box, with the buyer's details, under `id`.
pub fn order(id: &str) -> AdminOrder {
    AdminOrder {
        order: OrderView {
            id: id.to_owned(),
            status: OrderStatus::Received,
            box_id: "5kg".into(),
            weight_kg: 5,
            quantity: 1,
            total_fen: 6800,
            created_at: "2026-11-11T00:00:00Z".into(),
            history: Vec::new(),
            tracking_number: None,
            cancel_reason: None,
            recipient: None,
            gift_message: None,
            claims: vec![],
            producer: String::new(),
            payment: None,
            refund: None,
        },
        name: "Pema".into(),
        phone: "13912345678".into(),
        address: "88 Renmin Road".into(),
        note: None,
        ref_tag: None,
    }
}

/// A bulk move of `ids` from `from` to `to`.
pub fn change(ids: &[&str], from: &str, to: &str) -> BulkMoveRequest {
    BulkMoveRequest {
        ids: ids.iter().map(|id| id.to_string()).collect(),
        from: from.to_owned(),
        status: to.to_owned(),
    }
}

/// The shop's refusal `code` with `status`.
pub fn refused(status: u16, code: &str) -> ApiError {
    let detail = ErrorDetail {
        code: code.into(),
        ..ErrorDetail::default()
    };
    ApiError::Refused {
        status,
        detail,
        retry_after: None,
    }
}
