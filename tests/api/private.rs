//! What stays private and cheap to refuse: private answers are never cached, an order's token is
//! never in the database, a wrong token reads nothing but the token's hash, the rate limit
//! refuses before any database work, and a status the database should never hold is a fault,
//! never shown as an order's status.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};

use crate::common::{at, content_toml, order_body, Sandbox};
use crate::helpers::{from, request, TestApp};

/// An order with key `key` from TCP peer `peer`.
fn post_order(key: &str, peer: &str) -> Request<Body> {
    let body = order_body("5kg", 1);
    let headers = [("Idempotency-Key", key)];
    from(peer, request("POST", "/api/orders", &headers, Some(&body)))
}

#[tokio::test]
async fn the_order_with_its_token_and_every_lookup_are_never_cached() {
    let app = TestApp::open_sale(10, 10).await;
    let order = app.send(post_order("nocache-1", "203.0.113.1")).await;
    assert_eq!(order.status, StatusCode::CREATED);
    assert_eq!(
        order.headers[header::CACHE_CONTROL],
        "no-store",
        "the 201 holds the token"
    );
    let id = order.json["id"].as_str().unwrap();
    let r = app.lookup(id, order.json["token"].as_str().unwrap()).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers[header::CACHE_CONTROL], "no-store");
    let r = app.lookup(id, "wrong").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(r.headers[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn no_token_nor_idempotency_key_is_kept_in_plain_yet_a_retry_gets_the_same_token() {
    let app = TestApp::open_sale(10, 10).await;
    let key = "plain-key-that-must-not-be-stored";
    let first = app.send(post_order(key, "203.0.113.2")).await.json;
    let again = app.send(post_order(key, "203.0.113.2")).await;
    assert_eq!(again.status, StatusCode::CREATED);
    let again = again.json;
    assert_eq!(
        again["token"], first["token"],
        "the replay answers the same token"
    );
    assert_eq!(again["id"], first["id"]);
    let token = first["token"].as_str().unwrap();
    assert_eq!(token.len(), 48);

    let conn = rusqlite::Connection::open(app.sandbox.path().join("orchard.db")).unwrap();
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
    let app = TestApp::open_sale(10, 10).await;
    let order = app.send(post_order("timing-1", "203.0.113.3")).await.json;
    let id = order["id"].as_str().unwrap();
    // Without the history table, any read of the history fails: only the right token reaches it.
    app.tamper("ALTER TABLE order_events RENAME TO order_events_away");
    let r = app.lookup(id, "not-the-token").await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "a wrong token stops at the hash: {}",
        r.json
    );
    assert_eq!(r.json["error"]["code"], "not_found");
    let r = app.lookup("NOSUCHORDER1", "not-the-token").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.lookup(id, order["token"].as_str().unwrap()).await;
    assert_eq!(
        r.status,
        StatusCode::INTERNAL_SERVER_ERROR,
        "the right token does read the history (here: the missing table)"
    );
}

#[tokio::test]
async fn before_the_opening_a_flood_is_rate_limited_without_reading_the_database() {
    let sandbox = Sandbox::new(&content_toml(&at(3600), None, 10, 10));
    let app = TestApp::with(sandbox, &["--rate-limit-per-minute", "1"]).await;
    let r = app.send(post_order("early-1", "203.0.113.4")).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json["error"]["code"], "sale_not_open");
    // From here on, a read of the orders would fail with a 500.
    app.tamper("ALTER TABLE orders RENAME TO orders_away");
    let r = app.send(post_order("early-2", "203.0.113.4")).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.json);
    assert_eq!(r.json["error"]["code"], "rate_limited");
    assert!(r.headers.contains_key(header::RETRY_AFTER));
}

#[tokio::test]
async fn an_ipv6_client_cannot_dodge_the_rate_limit_by_rotating_inside_its_64() {
    let app = TestApp::open_with(&["--rate-limit-per-minute", "2"]).await;
    let mut statuses = Vec::new();
    for n in 1..=3 {
        let peer = format!("[2001:db8:5:5::{n}]");
        let r = app.send(post_order(&format!("rot-{n}"), &peer)).await;
        statuses.push(r.status);
    }
    assert_eq!(
        statuses,
        [
            StatusCode::CREATED,
            StatusCode::CREATED,
            StatusCode::TOO_MANY_REQUESTS
        ]
    );
    let r = app.send(post_order("rot-other", "[2001:db8:5:6::1]")).await;
    assert_eq!(
        r.status,
        StatusCode::CREATED,
        "the next /64 is someone else"
    );
}

#[tokio::test]
async fn a_status_the_database_should_never_hold_is_a_fault_not_an_order_received() {
    let app = TestApp::open_sale(10, 10).await;
    let order = app.place("odd-status", &order_body("5kg", 1)).await.json;
    let id = order["id"].as_str().unwrap();
    let packed = serde_json::json!({"status": "packed"});
    let path = format!("/api/admin/orders/{id}/status");
    assert_eq!(
        app.admin("POST", &path, Some(&packed)).await.status,
        StatusCode::OK
    );
    // order_events has no CHECK on its status: write one the journey does not know.
    app.tamper("UPDATE order_events SET status = 'lost'");
    let lookup = app.lookup(id, order["token"].as_str().unwrap()).await;
    let list = app.admin("GET", "/api/admin/orders", None).await;
    for r in [&lookup, &list] {
        assert_eq!(r.status, StatusCode::INTERNAL_SERVER_ERROR, "{}", r.json);
        assert_eq!(r.json["error"]["code"], "internal");
    }
}
