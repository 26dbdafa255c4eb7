//! Generated bodies against the real router (proptest, bounded cases): whatever bytes a client
//! sends as JSON, the answer is the JSON error shape or an order, never a panic, a 5xx or a
//! body of another kind; and no refused body takes stock.

use axum::body::Body;
use axum::http::{header, Request};
use proptest::prelude::*;
use serde_json::Value;

use crate::common::ADMIN_TOKEN;
use crate::helpers::TestApp;

/// Bytes shaped like JSON bodies, and some that are not: broken syntax, deep nesting, odd
/// escapes, invalid UTF-8.
fn bodies() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..64),
        r#"\{("[a-z_]{1,8}": ?("[^"\\]{0,12}"|-?[0-9]{1,20}(\.[0-9]+)?|true|null|\[\]|\{\}),? ?){0,8}\}?"#
            .prop_map(String::into_bytes),
        r#"[\[\{"\\,:0-9a-z \u{0}\u{ffff}]{0,40}"#.prop_map(String::into_bytes),
        (1usize..200).prop_map(|depth| format!("{}1{}", "[".repeat(depth), "]".repeat(depth)).into_bytes()),
    ]
}

/// The answer is an order (201) or the error shape with a code and a message.
fn well_formed(status: u16, json: &Value) -> Result<(), String> {
    if status == 201 && json["id"].is_string() {
        return Ok(());
    }
    let error = &json["error"];
    if (400..500).contains(&status) && error["code"].is_string() && error["message"].is_string() {
        return Ok(());
    }
    Err(format!("{status} {json}"))
}

#[test]
fn any_bytes_sent_as_json_answer_an_order_or_the_error_shape() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let app = runtime.block_on(TestApp::open_sale(1_000, 0));
    let config = ProptestConfig::with_cases(256);
    let key = std::cell::Cell::new(0u32);
    proptest!(config, |(body in bodies(), admin in any::<bool>())| {
        key.set(key.get() + 1);
        let request = if admin {
            Request::post("/api/admin/orders/K7Q2M9XD4PRA/status")
                .header(header::AUTHORIZATION, format!("Bearer {ADMIN_TOKEN}"))
        } else {
            Request::post("/api/orders").header("Idempotency-Key", format!("prop-{}", key.get()))
        };
        let request = request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body))
            .unwrap();
        let reply = runtime.block_on(app.send(request));
        prop_assert!(reply.content_type().starts_with("application/json"));
        if let Err(why) = well_formed(reply.status.as_u16(), &reply.json) {
            return Err(TestCaseError::fail(why));
        }
    });
    // Only the orders that were answered 201 took boxes.
    let summary = runtime
        .block_on(app.admin("GET", "/api/admin/summary", None))
        .json;
    assert_eq!(summary["boxes"][0]["id"], "5kg");
    let boxes = summary["boxes"][0]["ordered"].as_u64().unwrap();
    assert_eq!(runtime.block_on(app.available("5kg")), 1_000 - boxes);
}
