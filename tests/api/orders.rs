//! The order API: every status and error code of the contract for placing and looking up
//! orders.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};

use crate::common::{at, content_toml, order_body, Sandbox};
use crate::helpers::{request, Reply, TestApp};

/// An order with idempotency key `key`, or without the header.
fn post_order(key: Option<&str>, body: &Value) -> Request<Body> {
    let headers: Vec<(&str, &str)> = key.map(|k| ("Idempotency-Key", k)).into_iter().collect();
    request("POST", "/api/orders", &headers, Some(body))
}

/// `reply` is the JSON error `code` with `status` and a message.
pub(crate) fn assert_error(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.json);
    assert_eq!(reply.json["error"]["code"], code, "{}", reply.json);
    assert!(reply.json["error"]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
    assert!(
        reply.content_type().starts_with("application/json"),
        "error bodies are JSON"
    );
}

#[tokio::test]
async fn a_valid_order_is_created_with_a_secret_token_and_takes_stock() {
    let app = TestApp::open_sale(100, 10).await;
    let r = app.place("first-order", &order_body("5kg", 2)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(r.json["status"], "received");
    assert_eq!(r.json["box_id"], "5kg");
    assert_eq!(r.json["quantity"], 2);
    assert_eq!(r.json["total_fen"], 13600);
    assert!(
        r.json["token"].as_str().unwrap().len() >= 32,
        "at least 128 bits of token"
    );
    assert!(r.json["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(app.available("5kg").await, 98);
    let impact = app.storefront().await["impact"].clone();
    assert_eq!(
        impact,
        json!({"orders": 1, "kg_sold": 10, "kg_per_family": 2000, "families_lifted": 0})
    );
}

#[tokio::test]
async fn the_total_is_computed_by_the_server_whatever_the_body_claims() {
    let app = TestApp::open_sale(100, 10).await;
    let mut body = order_body("10kg", 3);
    body["total_fen"] = json!(1);
    body["price_fen"] = json!(1);
    body["status"] = json!("delivered");
    let r = app.place("sneaky", &body).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.json["total_fen"], 38400);
    assert_eq!(r.json["status"], "received");
}

#[tokio::test]
async fn a_retry_with_the_same_key_answers_the_same_order_and_takes_no_more_stock() {
    let app = TestApp::open_sale(100, 10).await;
    let first = app.place("retry-me", &order_body("5kg", 1)).await;
    // Same meaning, other spelling: key order, spaces and dashes in the phone.
    let same = json!({"address": "12 Chunxi Road, Jinjiang, Chengdu", "phone": "13800138000", "name": " Tashi Dorje ", "quantity": 1, "box_id": "5kg"});
    let second = app.place("retry-me", &same).await;
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(first.json, second.json);
    assert_eq!(app.available("5kg").await, 99);
}

#[tokio::test]
async fn the_same_key_with_another_order_is_refused() {
    let app = TestApp::open_sale(100, 10).await;
    app.place("one-key", &order_body("5kg", 1)).await;
    let r = app.place("one-key", &order_body("5kg", 2)).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    );
    assert_eq!(app.available("5kg").await, 99);
}

#[tokio::test]
async fn an_order_without_a_usable_idempotency_key_is_refused() {
    let app = TestApp::open_sale(100, 10).await;
    for key in [
        None,
        Some(""),
        Some("has space"),
        Some(&"k".repeat(65)[..]),
        Some("ключ"),
    ] {
        let r = app.send(post_order(key, &order_body("5kg", 1))).await;
        assert_error(&r, StatusCode::BAD_REQUEST, "idempotency_key_required");
    }
    let ok = app.place(&"k".repeat(64), &order_body("5kg", 1)).await;
    assert_eq!(ok.status, StatusCode::CREATED);
}

#[tokio::test]
async fn malformed_mistyped_and_oversized_bodies_answer_the_json_error_shape() {
    let app = TestApp::open_sale(100, 10).await;
    let raw = |ct: Option<&str>, body: Vec<u8>| {
        let mut req = Request::post("/api/orders").header("Idempotency-Key", "bad-bodies");
        if let Some(ct) = ct {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        req.body(Body::from(body)).unwrap()
    };
    assert_error(
        &app.send(raw(Some("application/json"), b"{\"box_id\": ".to_vec()))
            .await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    assert_error(
        &app.send(raw(Some("application/json"), b"[1,2]".to_vec()))
            .await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    assert_error(
        &app.send(raw(Some("text/plain"), b"{}".to_vec())).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    assert_error(
        &app.send(raw(None, b"{}".to_vec())).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    let mut big = order_body("5kg", 1);
    big["note"] = json!("x".repeat(17 * 1024));
    let r = app
        .send(raw(Some("application/json"), big.to_string().into_bytes()))
        .await;
    assert_error(&r, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    let charset = app
        .send(raw(
            Some("application/json; charset=utf-8"),
            order_body("5kg", 1).to_string().into_bytes(),
        ))
        .await;
    assert_eq!(charset.status, StatusCode::CREATED);
    let left = app.available("5kg").await;
    assert_eq!(left, 99, "only the valid request took stock");
}

#[tokio::test]
async fn invalid_fields_are_all_named_and_nothing_is_stored() {
    let app = TestApp::open_sale(100, 10).await;
    let body = json!({"box_id": "3kg", "quantity": 21, "name": "  ", "phone": "12345", "address": "abc", "note": "n".repeat(201), "ref": "bad ref!"});
    let r = app.place("invalid", &body).await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let fields = r.json["error"]["fields"].as_object().unwrap();
    let mut named: Vec<&str> = fields.keys().map(String::as_str).collect();
    named.sort();
    assert_eq!(
        named,
        ["address", "box_id", "name", "note", "phone", "quantity", "ref"]
    );
    let missing = app.place("empty", &json!({})).await;
    assert_error(&missing, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let typed = app.place("typed", &json!({"box_id": 5, "quantity": "2", "name": ["x"], "phone": 13800138000u64, "address": null})).await;
    assert_eq!(typed.json["error"]["fields"].as_object().unwrap().len(), 5);
    assert_eq!(app.available("5kg").await, 100);
    let admin = app.admin("GET", "/api/admin/orders", None).await;
    assert_eq!(admin.json["orders"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn an_order_over_the_stock_is_refused_with_what_is_left() {
    let app = TestApp::open_sale(3, 10).await;
    let r = app.place("too-many", &order_body("5kg", 5)).await;
    assert_error(&r, StatusCode::CONFLICT, "insufficient_stock");
    assert_eq!(r.json["error"]["available"], 3);
    assert_eq!(
        app.place("all-three", &order_body("5kg", 3)).await.status,
        StatusCode::CREATED
    );
    let gone = app.place("one-more", &order_body("5kg", 1)).await;
    assert_error(&gone, StatusCode::CONFLICT, "sold_out");
    assert_eq!(app.available("5kg").await, 0);
}

#[tokio::test]
async fn the_sale_state_follows_the_clock_and_the_stock() {
    let upcoming = Sandbox::new(&content_toml(&at(3600), None, 5, 5));
    let app = TestApp::with(upcoming, &[]).await;
    let s = app.storefront().await;
    assert_eq!(s["sale"]["state"], "upcoming");
    let r = app.place("early", &order_body("5kg", 1)).await;
    assert_error(&r, StatusCode::CONFLICT, "sale_not_open");
    assert_eq!(r.json["error"]["opens_at"], s["sale"]["opens_at"]);

    let closed = Sandbox::new(&content_toml(&at(-7200), Some(&at(-60)), 5, 5));
    let app = TestApp::with(closed, &[]).await;
    assert_eq!(app.storefront().await["sale"]["state"], "closed");
    assert_error(
        &app.place("late", &order_body("5kg", 1)).await,
        StatusCode::CONFLICT,
        "sale_closed",
    );

    let app = TestApp::with(Sandbox::open_sale(0, 0), &[]).await;
    assert_eq!(app.storefront().await["sale"]["state"], "sold_out");
    assert_error(
        &app.place("none", &order_body("5kg", 1)).await,
        StatusCode::CONFLICT,
        "sold_out",
    );
}

#[tokio::test]
async fn an_order_is_found_only_with_its_own_token() {
    let app = TestApp::open_sale(100, 10).await;
    let created = app.place("lookup", &order_body("5kg", 2)).await.json;
    let (id, token) = (
        created["id"].as_str().unwrap(),
        created["token"].as_str().unwrap(),
    );
    let ok = app.lookup(id, token).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.json["id"], created["id"]);
    assert_eq!(ok.json["history"][0]["status"], "received");
    assert_eq!(ok.json["history"][0]["at"], created["created_at"]);
    let wrong = app.lookup(id, "0000").await;
    let missing = app.get(&format!("/api/orders/{id}")).await;
    let unknown = app.lookup("NOSUCHORDER", token).await;
    for r in [&wrong, &missing, &unknown] {
        assert_error(r, StatusCode::NOT_FOUND, "not_found");
    }
    assert_eq!(
        wrong.json, unknown.json,
        "a wrong token reads exactly like an unknown id"
    );
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after() {
    let app = TestApp::open_with(&["--rate-limit-per-minute", "2"]).await;
    assert_eq!(
        app.place("r1", &order_body("5kg", 1)).await.status,
        StatusCode::CREATED
    );
    assert_eq!(
        app.place("r2", &order_body("5kg", 1)).await.status,
        StatusCode::CREATED
    );
    let r = app.place("r3", &order_body("5kg", 1)).await;
    assert_error(&r, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    assert!(
        r.headers[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    // A retry of a placed order waits like any attempt: answering it would need a database read,
    // which is what the limit saves. After Retry-After it gets its order (the key is kept).
    let replay = app.place("r1", &order_body("5kg", 1)).await;
    assert_error(&replay, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    assert_eq!(app.available("5kg").await, 98, "nothing more was taken");
}

#[tokio::test]
async fn unknown_api_paths_and_methods_answer_json_errors_while_other_paths_get_the_client() {
    let app = TestApp::open_sale(1, 10).await;
    assert_error(
        &app.get("/api/nothing/here").await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let delete = Request::builder()
        .method(Method::DELETE)
        .uri("/api/storefront")
        .body(Body::empty())
        .unwrap();
    assert_error(
        &app.send(delete).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    );
    let page = app.get("/orders/ABC?t=x").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.content_type().starts_with("text/html"));
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-cache");
    let health = app.get("/healthz").await;
    assert_eq!(health.status, StatusCode::OK);
}
