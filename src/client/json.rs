//! JSON in the browser: the browser's own `JSON.parse`/`JSON.stringify` with serde-wasm-bindgen
//! between JavaScript values and Rust types. The same serde types as the server, without
//! carrying a JSON parser and number formatter in the buyer's download (serde_json is the
//! server's). Plain objects, never JavaScript `Map`s; integers as numbers. Values are read by
//! our own small deserializer (`de`), written as serde-wasm-bindgen's serializer writes them.

mod created_wire;
mod de;
mod flat_wire;
mod next_wire;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

use crate::domain::{AdminClaim, AdminOrder, OrderCreated, PaymentNext};

/// A JSON text as a Rust value, or why not.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|_| "not JSON".to_owned())?;
    T::deserialize(de::Deserializer(value)).map_err(|e| e.to_string())
}

/// A Rust value as JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    let value = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| e.to_string())?;
    js_sys::JSON::stringify(&value)
        .map(String::from)
        .map_err(|_| "not serializable".to_owned())
}

/// The browser's read of a placed order: what the storefront follows (`created_wire`).
impl<'de> Deserialize<'de> for OrderCreated {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        created_wire::OrderCreatedWire::deserialize(deserializer).map(Self::from)
    }
}

/// The browser's read of a team order: field by field (`flat_wire`), not flattened.
impl<'de> Deserialize<'de> for AdminOrder {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        flat_wire::AdminOrderWire::deserialize(deserializer).map(Self::from)
    }
}

/// The browser's read of a team claim: field by field (`flat_wire`), not flattened.
impl<'de> Deserialize<'de> for AdminClaim {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        flat_wire::AdminClaimWire::deserialize(deserializer).map(Self::from)
    }
}

/// The browser's read of a payment's next step: by its `kind`, without serde's buffering
/// (`next_wire`).
impl<'de> Deserialize<'de> for PaymentNext {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = next_wire::PaymentNextWire::deserialize(deserializer)?;
        wire.step().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{OrderRequest, Storefront};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn an_order_request_goes_out_as_a_plain_object_and_comes_back_the_same() {
        let request = OrderRequest::from_form("5kg", 2, "Lin", "13800138000", "Chengdu", "", "");
        let text = to_string(&request).unwrap();
        assert!(
            text.starts_with('{') && text.contains(r#""quantity":2"#),
            "{text}"
        );
        assert!(
            !text.contains("note"),
            "blank optional fields are left out: {text}"
        );
        assert_eq!(parse::<OrderRequest>(&text).unwrap(), request);
    }

    #[wasm_bindgen_test]
    fn numbers_options_lists_maps_and_enums_read_as_serde_writes_them() {
        use crate::domain::OrderStatus;
        use std::collections::BTreeMap;
        assert_eq!(
            parse::<Vec<Option<u32>>>("[1, null, 3]").unwrap(),
            [Some(1), None, Some(3)]
        );
        assert_eq!(parse::<i64>("-3").unwrap(), -3);
        assert_eq!(parse::<f64>("2.5").unwrap(), 2.5);
        assert_eq!(parse::<f64>("2").unwrap(), 2.0);
        assert_eq!(
            parse::<OrderStatus>(r#""packed""#).unwrap(),
            OrderStatus::Packed
        );
        let map = parse::<BTreeMap<String, String>>(r#"{"b": "2", "a": "1"}"#).unwrap();
        assert_eq!(
            map.into_iter().collect::<Vec<_>>(),
            [("a".into(), "1".into()), ("b".into(), "2".into())]
        );
        #[derive(serde::Deserialize, Debug, PartialEq)]
        enum Shape {
            Dot,
            Size(u32),
            Box { side: u8 },
        }
        let shapes = parse::<Vec<Shape>>(r#"["Dot", {"Size": 3}, {"Box": {"side": 2}}]"#).unwrap();
        assert_eq!(shapes, [Shape::Dot, Shape::Size(3), Shape::Box { side: 2 }]);
    }

    #[wasm_bindgen_test]
    fn a_value_of_the_wrong_kind_names_what_was_expected() {
        assert_eq!(
            parse::<u8>("300").unwrap_err(),
            "invalid value: expected u8"
        );
        assert_eq!(
            parse::<u32>("1.5").unwrap_err(),
            "invalid type: expected u32"
        );
        assert_eq!(
            parse::<String>("[]").unwrap_err(),
            "invalid type: expected a string"
        );
        assert!(parse::<Vec<u32>>(r#"{"0": 1}"#).is_err());
    }

    #[wasm_bindgen_test]
    fn a_team_order_written_flat_is_read_whole_with_its_order_and_its_buyer() {
        use crate::domain::{AdminClaimList, AdminOrderList, CancelReason, OrderStatus};
        let text = r#"{"orders": [{"id": "A1B2C3D4E5F6", "status": "packed", "box_id": "5kg",
            "weight_kg": 5, "quantity": 2, "total_fen": 13600, "created_at": "2026-11-11T02:00:00Z",
            "history": [{"status": "packed", "at": "2026-11-11T03:00:00Z", "by": "Pema"}],
            "cancel_reason": null, "name": "Tashi", "phone": "13800138000",
            "address": "12 Chunxi Road", "note": null, "ref": "wechat"}],
            "total": 1, "next_cursor": null}"#;
        let list: AdminOrderList = parse(text).unwrap();
        let order = &list.orders[0];
        assert_eq!(
            (order.order.status, order.order.quantity),
            (OrderStatus::Packed, 2)
        );
        assert_eq!(order.order.history[0].by.as_deref(), Some("Pema"));
        assert_eq!(
            (order.name.as_str(), order.ref_tag.as_deref()),
            ("Tashi", Some("wechat"))
        );
        assert!(order.order.claims.is_empty() && order.order.cancel_reason.is_none());
        let cut = parse::<CancelReason>(r#""harvest_short""#).unwrap();
        assert_eq!(cut, CancelReason::HarvestShort);
        let claims: AdminClaimList = parse(
            r#"{"claims": [{"id": "C1", "kind": "missing",
            "apples": null, "message": null, "status": "open", "outcome": null, "refund_fen": null,
            "outcome_message": null, "created_at": "2026-11-14T02:00:00Z", "resolved_at": null,
            "order_id": "A1B2C3D4E5F6", "box_id": "5kg", "quantity": 2, "total_fen": 13600,
            "buyer_name": "Tashi", "photo_urls": []}]}"#,
        )
        .unwrap();
        assert_eq!(claims.claims[0].claim.id, "C1");
        assert_eq!(claims.claims[0].buyer_name, "Tashi");
    }

    #[wasm_bindgen_test]
    fn a_wrong_or_malformed_answer_is_an_error_not_a_panic() {
        assert!(parse::<Storefront>("{").is_err());
        assert!(parse::<Storefront>(r#"{"producer": 3}"#).is_err());
        assert!(parse::<u32>("-1").is_err());
    }
}
