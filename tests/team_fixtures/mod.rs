//! What the team's page's browser tests share: one order as the team's list shows it.
#![cfg(target_arch = "wasm32")]

use orchard::domain::{AdminOrder, OrderStatus, OrderView};

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
        },
        name: "Pema".into(),
        phone: "13912345678".into(),
        address: "88 Renmin Road".into(),
        note: None,
        ref_tag: None,
    }
}
