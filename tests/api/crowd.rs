//! What a crowd meets: the storefront's ETag and 304, the rate limit by client address (and who
//! may name that address in `X-Forwarded-For`), the 503 when too many orders wait for the
//! database, and `/metrics`.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};

use crate::common::order_body;
use crate::helpers::{from, request, Reply, TestApp};

/// An order from TCP peer `peer`, with `X-Forwarded-For: forwarded` if given.
fn order_from(peer: &str, forwarded: Option<&str>, key: &str) -> Request<Body> {
    let mut headers = vec![("Idempotency-Key", key)];
    headers.extend(forwarded.map(|f| ("X-Forwarded-For", f)));
    let body = order_body("5kg", 1);
    from(peer, request("POST", "/api/orders", &headers, Some(&body)))
}

/// The storefront, revalidating `if_none_match` if given.
fn storefront(if_none_match: Option<&str>) -> Request<Body> {
    let headers: Vec<(&str, &str)> = if_none_match
        .map(|tag| ("If-None-Match", tag))
        .into_iter()
        .collect();
    request("GET", "/api/storefront", &headers, None)
}

fn assert_refused(r: &Reply, status: StatusCode, code: &str) {
    assert_eq!(r.status, status, "{}", r.json);
    assert_eq!(r.json["error"]["code"], code);
    let retry: u64 = r.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
}

#[tokio::test]
async fn the_storefront_answers_304_to_its_etag_until_an_order_changes_it() {
    let app = TestApp::open_sale(100, 10).await;
    let first = app.send(storefront(None)).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.headers[header::CACHE_CONTROL], "public, max-age=2");
    let etag = first.headers[header::ETAG].to_str().unwrap().to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");
    for key in ["server_time", "sale", "boxes", "impact"] {
        assert!(!first.json[key].is_null(), "the contract's {key} is kept");
    }

    let again = app.send(storefront(Some(&etag))).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert_eq!(again.headers[header::ETAG], etag.as_str());
    assert_eq!(again.headers[header::CACHE_CONTROL], "public, max-age=2");

    let placed = app
        .send(order_from("203.0.113.5", None, "changes-it"))
        .await;
    assert_eq!(placed.status, StatusCode::CREATED);
    let changed = app.send(storefront(Some(&etag))).await;
    assert_eq!(
        changed.status,
        StatusCode::OK,
        "the old tag no longer matches"
    );
    assert_ne!(changed.headers[header::ETAG], etag.as_str());
    assert_eq!(changed.json["boxes"][0]["available"], 99);
    let other = app.send(storefront(Some("\"not-ours\""))).await;
    assert_eq!(other.status, StatusCode::OK);
}

#[tokio::test]
async fn x_forwarded_for_from_an_untrusted_peer_cannot_dodge_the_rate_limit() {
    let app = TestApp::open_with(&["--rate-limit-per-minute", "2"]).await;
    for (i, fake) in ["1.1.1.1", "2.2.2.2"].iter().enumerate() {
        let r = app
            .send(order_from("203.0.113.7", Some(fake), &format!("u{i}")))
            .await;
        assert_eq!(r.status, StatusCode::CREATED);
    }
    let r = app
        .send(order_from("203.0.113.7", Some("3.3.3.3"), "u3"))
        .await;
    assert_refused(&r, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    let neighbour = app.send(order_from("203.0.113.8", None, "n1")).await;
    assert_eq!(
        neighbour.status,
        StatusCode::CREATED,
        "another peer is not limited"
    );
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_buyer_has_their_own_limit() {
    let flags = [
        "--rate-limit-per-minute",
        "2",
        "--trusted-proxy",
        "10.0.0.1,10.0.0.2",
    ];
    let app = TestApp::open_with(&flags).await;
    // Two buyers behind the same proxy, two orders each: nobody is limited.
    for buyer in ["198.51.100.1", "198.51.100.2"] {
        for n in 0..2 {
            let key = format!("{buyer}-{n}").replace('.', "_");
            let r = app.send(order_from("10.0.0.1", Some(buyer), &key)).await;
            assert_eq!(r.status, StatusCode::CREATED, "{buyer} order {n}");
        }
    }
    // The first buyer's third order is limited, whatever address they prepend themselves.
    let forged = "7.7.7.7, 198.51.100.1, 10.0.0.2";
    let r = app
        .send(order_from("10.0.0.1", Some(forged), "forged"))
        .await;
    assert_refused(&r, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
}

#[tokio::test]
async fn a_normal_buyer_placing_a_few_orders_is_never_rate_limited() {
    let app = TestApp::open_with(&[]).await;
    for n in 0..5 {
        let r = app
            .send(order_from("203.0.113.9", None, &format!("family-{n}")))
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
    let flags = ["--rate-limit-per-minute", "0", "--max-pending-orders", "1"];
    let app = TestApp::open_with(&flags).await;
    let waiting = app
        .state
        .limits
        .pending(app.state.shops.default_shop().id)
        .await
        .unwrap();
    let r = app.send(order_from("203.0.113.10", None, "shed")).await;
    assert_refused(&r, StatusCode::SERVICE_UNAVAILABLE, "overloaded");
    drop(waiting);
    let r = app.send(order_from("203.0.113.10", None, "shed")).await;
    assert_eq!(
        r.status,
        StatusCode::CREATED,
        "the same key succeeds once there is room"
    );
    assert_eq!(
        app.available("5kg").await,
        99,
        "the refused try took nothing"
    );
}

#[tokio::test]
async fn metrics_show_orders_latency_batches_stock_and_refusals() {
    let flags = ["--rate-limit-per-minute", "1", "--max-pending-orders", "1"];
    let app = TestApp::open_with(&flags).await;
    assert_eq!(
        app.send(order_from("203.0.113.20", None, "m1"))
            .await
            .status,
        StatusCode::CREATED
    );
    let limited = app.send(order_from("203.0.113.20", None, "m2")).await;
    assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
    let waiting = app
        .state
        .limits
        .pending(app.state.shops.default_shop().id)
        .await
        .unwrap();
    let shed = app.send(order_from("203.0.113.21", None, "m3")).await;
    assert_eq!(shed.status, StatusCode::SERVICE_UNAVAILABLE);
    drop(waiting);
    app.get("/api/orders/NOSUCHORDER").await;

    let r = app.get("/metrics").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.content_type().starts_with("text/plain"));
    let text = r.text();
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
