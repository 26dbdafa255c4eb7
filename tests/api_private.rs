//! What stays private and cheap to refuse, through the real router (`oneshot`): private answers
//! are never cached, an order's token is never in the database, a wrong token reads nothing but
//! the token's hash, and the rate limit refuses before any database work.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use common::{at, content_toml, order_body, Sandbox};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

async fn send(
    app: &axum::Router,
    req: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Value) {
    let response = app.clone().oneshot(req).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        headers,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

fn post_order(key: &str, peer: &str) -> Request<Body> {
    let peer: SocketAddr = format!("{peer}:40000").parse().unwrap();
    Request::post("/api/orders")
        .header(header::CONTENT_TYPE, "application/json")
        .header("Idempotency-Key", key)
        .extension(ConnectInfo(peer))
        .body(Body::from(order_body("5kg", 1).to_string()))
        .unwrap()
}

fn lookup(id: &str, token: &str) -> Request<Body> {
    Request::get(format!("/api/orders/{id}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .unwrap()
}

/// Runs `sql` on the sandbox's SQLite file behind the server's back.
fn tamper(sandbox: &Sandbox, sql: &str) {
    let conn = rusqlite::Connection::open(sandbox.path().join("orchard.db")).unwrap();
    conn.execute_batch(sql).unwrap();
}

#[tokio::test]
async fn the_order_with_its_token_and_every_lookup_are_never_cached() {
    let sandbox = Sandbox::open_sale(10, 10);
    let app = orchard::server::app(sandbox.state(&["--rate-limit-per-minute", "0"]).await);
    let (status, headers, order) = send(&app, post_order("nocache-1", "203.0.113.1")).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        headers[header::CACHE_CONTROL],
        "no-store",
        "the 201 holds the token"
    );
    let id = order["id"].as_str().unwrap();
    let (status, headers, _) = send(&app, lookup(id, order["token"].as_str().unwrap())).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    let (status, headers, _) = send(&app, lookup(id, "wrong")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn no_token_nor_idempotency_key_is_kept_in_plain_yet_a_retry_gets_the_same_token() {
    let sandbox = Sandbox::open_sale(10, 10);
    let app = orchard::server::app(sandbox.state(&["--rate-limit-per-minute", "0"]).await);
    let key = "plain-key-that-must-not-be-stored";
    let (_, _, first) = send(&app, post_order(key, "203.0.113.2")).await;
    let (status, _, again) = send(&app, post_order(key, "203.0.113.2")).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(
        again["token"], first["token"],
        "the replay answers the same token"
    );
    assert_eq!(again["id"], first["id"]);
    let token = first["token"].as_str().unwrap();
    assert_eq!(token.len(), 48);

    let conn = rusqlite::Connection::open(sandbox.path().join("orchard.db")).unwrap();
    let mut every_text = String::new();
    let mut rows = conn.prepare("SELECT * FROM orders").unwrap();
    let columns = rows.column_count();
    let mut rows = rows.query([]).unwrap();
    while let Some(row) = rows.next().unwrap() {
        for c in 0..columns {
            match row.get_ref(c).unwrap() {
                rusqlite::types::ValueRef::Text(t) => {
                    every_text.push_str(std::str::from_utf8(t).unwrap())
                }
                rusqlite::types::ValueRef::Blob(b) => every_text.push_str(&hex(b)),
                _ => {}
            }
            every_text.push('|');
        }
    }
    assert!(
        every_text.contains(first["id"].as_str().unwrap()),
        "the order is there"
    );
    assert!(
        !every_text.contains(token),
        "the token is not stored: {every_text}"
    );
    assert!(!every_text.contains(key), "nor the idempotency key");
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[tokio::test]
async fn a_wrong_token_reads_nothing_of_the_order_but_its_token_hash() {
    let sandbox = Sandbox::open_sale(10, 10);
    let app = orchard::server::app(sandbox.state(&["--rate-limit-per-minute", "0"]).await);
    let (_, _, order) = send(&app, post_order("timing-1", "203.0.113.3")).await;
    let id = order["id"].as_str().unwrap();
    // Without the history table, any read of the history fails: only the right token reaches it.
    tamper(
        &sandbox,
        "ALTER TABLE order_events RENAME TO order_events_away",
    );
    let (status, _, body) = send(&app, lookup(id, "not-the-token")).await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a wrong token stops at the hash: {body}"
    );
    assert_eq!(body["error"]["code"], "not_found");
    let (status, _, _) = send(&app, lookup("NOSUCHORDER1", "not-the-token")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = send(&app, lookup(id, order["token"].as_str().unwrap())).await;
    assert_eq!(
        status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "the right token does read the history (here: the missing table)"
    );
}

#[tokio::test]
async fn before_the_opening_a_flood_is_rate_limited_without_reading_the_database() {
    let sandbox = Sandbox::new(&content_toml(&at(3600), None, 10, 10));
    let app = orchard::server::app(sandbox.state(&["--rate-limit-per-minute", "1"]).await);
    let (status, _, body) = send(&app, post_order("early-1", "203.0.113.4")).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["code"], "sale_not_open");
    // From here on, a read of the orders would fail with a 500.
    tamper(&sandbox, "ALTER TABLE orders RENAME TO orders_away");
    let (status, headers, body) = send(&app, post_order("early-2", "203.0.113.4")).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["error"]["code"], "rate_limited");
    assert!(headers.contains_key(header::RETRY_AFTER));
}

#[tokio::test]
async fn an_ipv6_client_cannot_dodge_the_rate_limit_by_rotating_inside_its_64() {
    let sandbox = Sandbox::open_sale(100, 10);
    let app = orchard::server::app(sandbox.state(&["--rate-limit-per-minute", "2"]).await);
    let mut statuses = Vec::new();
    for n in 1..=3 {
        let peer = format!("[2001:db8:5:5::{n}]");
        let (status, _, _) = send(&app, post_order(&format!("rot-{n}"), &peer)).await;
        statuses.push(status);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::CREATED,
            StatusCode::CREATED,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    let (status, _, _) = send(&app, post_order("rot-other", "[2001:db8:5:6::1]")).await;
    assert_eq!(status, StatusCode::CREATED, "the next /64 is someone else");
}
