//! The storefront's read of a placed order (the 201), natively: the address it follows for an
//! order paid online, and nothing for one paid on delivery (`client::json::created_wire`,
//! included from the client with the rule that uses it).
#![cfg(not(target_arch = "wasm32"))]

#[path = "../src/client/payment.rs"]
#[allow(dead_code)]
mod payment;

#[path = "../src/client/json/created_wire.rs"]
mod created_wire;

/// What the included files read as `crate::domain` in the client.
mod domain {
    pub use orchard::domain::*;
}

use payment::after_order;

#[test]
fn the_storefront_reads_a_201_for_the_address_it_follows_and_leaves_the_rest_to_the_tracking_page()
{
    let read = |payment: serde_json::Value| -> domain::OrderCreated {
        let mut created = serde_json::json!({
            "id": "K7Q2M9XD4PRA", "producer": "drolma", "token": "t", "status": "awaiting_payment",
            "box_id": "5kg", "quantity": 1, "total_fen": 6800, "created_at": "2026-11-11T00:00:00Z",
        });
        if !payment.is_null() {
            created["payment"] = payment;
        }
        let wire: created_wire::OrderCreatedWire = serde_json::from_value(created).unwrap();
        wire.into()
    };
    let h5 = read(serde_json::json!({"method": "wechat", "status": "pending",
        "expires_at": "2026-11-11T00:15:00Z", "next": {"kind": "redirect", "url": "https://wx/h5"}}));
    let tracking = "/orders/K7Q2M9XD4PRA";
    assert_eq!(
        after_order(h5.payment.as_deref(), tracking).as_deref(),
        Some("https://wx/h5")
    );
    let qr = read(serde_json::json!({"method": "wechat", "status": "pending",
        "expires_at": "2026-11-11T00:15:00Z", "next": {"kind": "qr", "code_url": "weixin://x"}}));
    assert_eq!(
        after_order(qr.payment.as_deref(), tracking).as_deref(),
        Some(tracking)
    );
    let oauth = read(serde_json::json!({"method": "wechat", "status": "pending",
        "next": {"kind": "wechat_oauth", "url": "https://open/oauth"}}));
    assert_eq!(
        after_order(oauth.payment.as_deref(), tracking).as_deref(),
        Some("https://open/oauth")
    );
    let cod = read(serde_json::Value::Null);
    assert_eq!(after_order(cod.payment.as_deref(), tracking), None);
    assert_eq!((cod.id.as_str(), cod.total_fen), ("K7Q2M9XD4PRA", 6800));
}
