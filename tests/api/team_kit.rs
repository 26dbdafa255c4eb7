//! A shop filled for the team's reads: orders placed with chosen buyers and tags, moved, and
//! read back as the admin.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;

/// An order of `quantity` boxes of `box_id` by `name`, phone `phone`, through tag `tag`.
pub(crate) fn body(
    box_id: &str,
    quantity: u32,
    name: &str,
    phone: &str,
    tag: Option<&str>,
) -> Value {
    let mut b = json!({
        "box_id": box_id, "quantity": quantity, "name": name, "phone": phone,
        "address": "12 Chunxi Road, Jinjiang, Chengdu",
    });
    if let Some(tag) = tag {
        b["ref"] = json!(tag);
    }
    b
}

/// Places `n` orders of one 5 kg box (keys `{prefix}{i}`) and returns their ids, oldest first.
pub(crate) async fn place_many(app: &TestApp, prefix: &str, n: usize) -> Vec<String> {
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let b = body("5kg", 1, "Tashi Dorje", "13800138000", None);
        let r = app.place(&format!("{prefix}{i}"), &b).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", app.store, r.json);
        ids.push(r.json["id"].as_str().unwrap().to_owned());
    }
    ids
}

/// Places each of `bodies` (keys `{prefix}{i}`) and returns their ids, in order.
pub(crate) async fn place_all(app: &TestApp, prefix: &str, bodies: &[Value]) -> Vec<String> {
    let mut ids = Vec::with_capacity(bodies.len());
    for (i, b) in bodies.iter().enumerate() {
        let r = app.place(&format!("{prefix}{i}"), b).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", app.store, r.json);
        ids.push(r.json["id"].as_str().unwrap().to_owned());
    }
    ids
}

/// The ids of a list answer, in its order.
pub(crate) fn ids_of(list: &Value) -> Vec<String> {
    let orders = list["orders"].as_array().expect("orders");
    orders
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Moves order `id` as `change` says.
pub(crate) async fn move_order(app: &TestApp, id: &str, change: Value) {
    let path = format!("/api/admin/orders/{id}/status");
    let r = app.admin("POST", &path, Some(&change)).await;
    assert_eq!(r.status, StatusCode::OK, "{}: {}", app.store, r.json);
}

/// `GET path` as the admin, which must answer 200.
pub(crate) async fn read(app: &TestApp, path: &str) -> Value {
    let r = app.admin("GET", path, None).await;
    assert_eq!(r.status, StatusCode::OK, "{} {path}: {}", app.store, r.json);
    r.json
}
