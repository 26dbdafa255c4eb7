//! What a crowd meets, through the real router (`oneshot`): the storefront's ETag and 304, the
//! rate limit by client address (and who may name that address in `X-Forwarded-For`), the 503
//! when too many orders wait for the database, and `/metrics`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use common::{order_body, Sandbox};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

async fn send(app: &axum::Router, req: Request<Body>) -> Reply {
    let response = app.clone().oneshot(req).await.unwrap();
    Reply {
        status: response.status(),
        headers: response.headers().clone(),
        body: response
            .into_body()
            .collect()
            .await
            .unwrap()
            .to_bytes()
            .to_vec(),
    }
}

/// An order from TCP peer `peer`, with `X-Forwarded-For: forwarded` if given.
fn order_from(peer: &str, forwarded: Option<&str>, key: &str) -> Request<Body> {
    let mut req = Request::post("/api/orders")
        .header(header::CONTENT_TYPE, "application/json")
        .header("Idempotency-Key", key);
    if let Some(f) = forwarded {
        req = req.header("X-Forwarded-For", f);
    }
    let mut req = req
        .body(Body::from(order_body("5kg", 1).to_string()))
        .unwrap();
    let addr: SocketAddr = format!("{peer}:40000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(addr));
    req
}

fn get(path: &str, if_none_match: Option<&str>) -> Request<Body> {
    let mut req = Request::get(path);
    if let Some(tag) = if_none_match {
        req = req.header(header::IF_NONE_MATCH, tag);
    }
    req.body(Body::empty()).unwrap()
}

fn assert_refused(r: &Reply, status: StatusCode, code: &str) {
    assert_eq!(r.status, status, "{}", r.json());
    assert_eq!(r.json()["error"]["code"], code);
    let retry: u64 = r.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
}

#[tokio::test]
async fn the_storefront_answers_304_to_its_etag_until_an_order_changes_it() {
    let sandbox = Sandbox::open_sale(100, 10);
    let app = orchard::server::app(sandbox.state(&["--rate-limit-per-minute", "0"]).await);
    let first = send(&app, get("/api/storefront", None)).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.headers[header::CACHE_CONTROL], "public, max-age=2");
    let etag = first.headers[header::ETAG].to_str().unwrap().to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");
    for key in ["server_time", "sale", "boxes", "impact"] {
        assert!(!first.json()[key].is_null(), "the contract's {key} is kept");
    }

    let again = send(&app, get("/api/storefront", Some(&etag))).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert_eq!(again.headers[header::ETAG], etag.as_str());
    assert_eq!(again.headers[header::CACHE_CONTROL], "public, max-age=2");

    let placed = send(&app, order_from("203.0.113.5", None, "changes-it")).await;
    assert_eq!(placed.status, StatusCode::CREATED);
    let changed = send(&app, get("/api/storefront", Some(&etag))).await;
    assert_eq!(
        changed.status,
        StatusCode::OK,
        "the old tag no longer matches"
    );
    assert_ne!(changed.headers[header::ETAG], etag.as_str());
    assert_eq!(changed.json()["boxes"][0]["available"], 99);
    let other = send(&app, get("/api/storefront", Some("\"not-ours\""))).await;
    assert_eq!(other.status, StatusCode::OK);
}

#[tokio::test]
async fn x_forwarded_for_from_an_untrusted_peer_cannot_dodge_the_rate_limit() {
    let sandbox = Sandbox::open_sale(100, 10);
    let app = orchard::server::app(sandbox.state(&["--rate-limit-per-minute", "2"]).await);
    for (i, fake) in ["1.1.1.1", "2.2.2.2"].iter().enumerate() {
        let r = send(
            &app,
            order_from("203.0.113.7", Some(fake), &format!("u{i}")),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let r = send(&app, order_from("203.0.113.7", Some("3.3.3.3"), "u3")).await;
    assert_refused(&r, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    let neighbour = send(&app, order_from("203.0.113.8", None, "n1")).await;
    assert_eq!(
        neighbour.status,
        StatusCode::CREATED,
        "another peer is not limited"
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_buyer_has_their_own_limit() {
    let sandbox = Sandbox::open_sale(100, 10);
    let state = sandbox
        .state(&[
            "--rate-limit-per-minute",
            "2",
            "--trusted-proxy",
            "10.0.0.1,10.0.0.2",
        ])
        .await;
    let app = orchard::server::app(state);
    // Two buyers behind the same proxy, two orders each: nobody is limited.
    for buyer in ["198.51.100.1", "198.51.100.2"] {
        for n in 0..2 {
            let key = format!("{buyer}-{n}").replace('.', "_");
            let r = send(&app, order_from("10.0.0.1", Some(buyer), &key)).await;
            assert_eq!(r.status, StatusCode::CREATED, "{buyer} order {n}");
        }
    }
    // The first buyer's third order is limited, whatever address they prepend themselves.
    let forged = "7.7.7.7, 198.51.100.1, 10.0.0.2";
    let r = send(&app, order_from("10.0.0.1", Some(forged), "forged")).await;
    assert_refused(&r, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
}

#[tokio::test]
async fn a_normal_buyer_placing_a_few_orders_is_never_rate_limited() {
    let sandbox = Sandbox::open_sale(100, 10);
    let app = orchard::server::app(sandbox.state(&[]).await);
    for n in 0..5 {
        let r = send(
            &app,
            order_from("203.0.113.9", None, &format!("family-{n}")),
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::CREATED,
            "order {n} at the default limit"
        );
    }
}

#[tokio::test]
async fn when_too_many_orders_wait_for_the_database_the_next_is_refused_at_once() {
    let sandbox = Sandbox::open_sale(100, 10);
    let state = sandbox
        .state(&["--rate-limit-per-minute", "0", "--max-pending-orders", "1"])
        .await;
    let app = orchard::server::app(state.clone());
    let waiting = state.limits.pending().unwrap();
    let r = send(&app, order_from("203.0.113.10", None, "shed")).await;
    assert_refused(&r, StatusCode::SERVICE_UNAVAILABLE, "overloaded");
    drop(waiting);
    let r = send(&app, order_from("203.0.113.10", None, "shed")).await;
    assert_eq!(
        r.status,
        StatusCode::CREATED,
        "the same key succeeds once there is room"
    );
    let front = send(&app, get("/api/storefront", None)).await.json();
    assert_eq!(
        front["boxes"][0]["available"], 99,
        "the refused try took nothing"
    );
}

#[tokio::test]
async fn metrics_show_orders_latency_batches_stock_and_refusals() {
    let sandbox = Sandbox::open_sale(100, 10);
    let state = sandbox
        .state(&["--rate-limit-per-minute", "1", "--max-pending-orders", "1"])
        .await;
    let app = orchard::server::app(state.clone());
    assert_eq!(
        send(&app, order_from("203.0.113.20", None, "m1"))
            .await
            .status,
        StatusCode::CREATED
    );
    let limited = send(&app, order_from("203.0.113.20", None, "m2")).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    let waiting = state.limits.pending().unwrap();
    let shed = send(&app, order_from("203.0.113.21", None, "m3")).await;
    assert_eq!(shed.status, StatusCode::SERVICE_UNAVAILABLE);
    drop(waiting);
    send(&app, get("/api/orders/NOSUCHORDER", None)).await;

    let r = send(&app, get("/metrics", None)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/plain"));
    let text = String::from_utf8(r.body).unwrap();
    for expected in [
        "orchard_orders_total{outcome=\"created\"}",
        "orchard_orders_total{outcome=\"rate_limited\"}",
        "orchard_orders_total{outcome=\"overloaded\"}",
        "orchard_http_request_duration_seconds_bucket{method=\"POST\",route=\"/api/orders\"",
        "route=\"/api/orders/{id}\"",
        "orchard_writer_batch_size_bucket",
        "orchard_writer_commit_seconds_bucket",
        "orchard_boxes_left{box_id=\"5kg\"}",
        "orchard_requests_shed_total",
        "orchard_requests_rate_limited_total",
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }
    assert!(
        !text.contains("NOSUCHORDER"),
        "raw paths never become labels"
    );
}
