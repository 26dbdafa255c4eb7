//! Claim bodies are read a few at a time, server-wide and per client: a claim past its client's
//! share waits, then is answered 429 `rate_limited`; past the server's turns, 503 `overloaded`;
//! both with `Retry-After`, in the JSON shape, without a byte of their body read. Another client
//! is not held up by one client's share, and a turn given back is taken by the next claim. The
//! claims come through a trusted proxy: the client is the address it forwards.

use std::convert::Infallible;

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode};
use futures_util::{stream, StreamExt};
use serde_json::Value;
use tokio::sync::oneshot;

use crate::claim_kit::{damaged_with_photo, shipped, BOUNDARY};
use crate::helpers::{from, Reply, TestApp};

/// The reverse proxy every claim here comes through (`--trusted-proxy`).
const PROXY: &str = "10.0.0.1";

/// A claim whose body comes in two halves: the first as soon as the server reads it (`read`
/// says so: the claim has its turn), the second once `finish` is sent or dropped. If the server
/// never reads the body, `read` ends without a word.
struct HeldClaim {
    request: Request<Body>,
    read: oneshot::Receiver<()>,
    finish: oneshot::Sender<()>,
}

/// `order`'s claim with `key`, from `client`, its body held back after its first half.
fn held_claim(order: &Value, key: &str, client: &str) -> HeldClaim {
    let body = damaged_with_photo();
    let (first, rest) = body.split_at(body.len() / 2);
    let (first, rest) = (Bytes::copy_from_slice(first), Bytes::copy_from_slice(rest));
    let (read_tx, read) = oneshot::channel();
    let (finish, finish_rx) = oneshot::channel::<()>();
    let halves = stream::once(async move {
        let _ = read_tx.send(());
        Ok::<_, Infallible>(first)
    })
    .chain(stream::once(async move {
        let _ = finish_rx.await;
        Ok(rest)
    }));
    HeldClaim {
        request: claim_request(order, key, client, Body::from_stream(halves)),
        read,
        finish,
    }
}

/// `order`'s claim with `key` and `body`, from `client` through `PROXY`.
fn claim_request(order: &Value, key: &str, client: &str, body: Body) -> Request<Body> {
    let (id, token) = (
        order["id"].as_str().unwrap(),
        order["token"].as_str().unwrap(),
    );
    let request = Request::post(format!("/api/orders/{id}/claims"))
        .header("Authorization", format!("Bearer {token}"))
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .header("Idempotency-Key", key)
        .header("X-Forwarded-For", client)
        .body(body)
        .unwrap();
    from(PROXY, request)
}

/// The same claim, its body whole.
fn whole_claim(order: &Value, key: &str, client: &str) -> Request<Body> {
    claim_request(order, key, client, Body::from(damaged_with_photo()))
}

/// A refusal that says when to come back: `status` with `code`, `Retry-After`, the JSON shape.
fn assert_wait(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.text());
    assert_eq!(reply.content_type(), "application/json; charset=utf-8");
    assert_eq!(reply.json["error"]["code"], code);
    assert!(
        reply.json["error"]["message"].is_string(),
        "{}",
        reply.text()
    );
    let retry_after = reply.headers["retry-after"].to_str().unwrap();
    assert!(
        retry_after.parse::<u64>().is_ok_and(|s| s >= 1),
        "{retry_after}"
    );
}

#[tokio::test]
async fn past_its_clients_share_a_claim_waits_then_is_answered_429_with_retry_after() {
    let app = TestApp::open_with(&[
        "--max-claim-uploads",
        "4",
        "--max-claim-uploads-per-client",
        "1",
        "--trusted-proxy",
        PROXY,
    ])
    .await;
    let order = shipped(&app, "share").await;
    let HeldClaim {
        request,
        read,
        finish,
    } = held_claim(&order, "held", "198.51.100.7");
    // Its body is not held back: a server that read it would answer it, not wait forever.
    let second = held_claim(&order, "second", "198.51.100.7");
    drop(second.finish);
    let probe = async {
        read.await.expect("the first claim is read");
        let same = app.send(second.request).await;
        let other = app.send(whole_claim(&order, "other", "198.51.100.8")).await;
        drop(finish);
        (same, other)
    };
    let (held, (same, other)) = tokio::join!(app.send(request), probe);
    assert_wait(&same, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    assert!(
        second.read.await.is_err(),
        "the refused claim's body was never read"
    );
    assert_eq!(
        other.status,
        StatusCode::CREATED,
        "another client is served"
    );
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.text());
    let retried = app
        .send(whole_claim(&order, "second", "198.51.100.7"))
        .await;
    assert_eq!(
        retried.status,
        StatusCode::CREATED,
        "the turn came back: {}",
        retried.text()
    );
    let claims = app.buyer_view(&order).await["claims"].clone();
    assert_eq!(claims.as_array().unwrap().len(), 3, "{claims}");
}

#[tokio::test]
async fn when_every_turn_of_the_server_is_taken_a_claim_is_answered_503_with_retry_after() {
    let app = TestApp::open_with(&[
        "--max-claim-uploads",
        "2",
        "--max-claim-uploads-per-client",
        "1",
        "--trusted-proxy",
        PROXY,
    ])
    .await;
    let order = shipped(&app, "turns").await;
    let a = held_claim(&order, "a", "198.51.100.1");
    let b = held_claim(&order, "b", "198.51.100.2");
    let c = held_claim(&order, "c", "198.51.100.3");
    drop(c.finish);
    let (finish_a, finish_b) = (a.finish, b.finish);
    let (read_a, read_b) = (a.read, b.read);
    let probe = async {
        read_a.await.expect("a is read");
        read_b.await.expect("b is read");
        let shed = app.send(c.request).await;
        drop((finish_a, finish_b));
        shed
    };
    let (a, b, shed) = tokio::join!(app.send(a.request), app.send(b.request), probe);
    assert_wait(&shed, StatusCode::SERVICE_UNAVAILABLE, "overloaded");
    assert!(
        c.read.await.is_err(),
        "the shed claim's body was never read"
    );
    assert_eq!(
        (a.status, b.status),
        (StatusCode::CREATED, StatusCode::CREATED)
    );
    let retried = app.send(whole_claim(&order, "c", "198.51.100.3")).await;
    assert_eq!(retried.status, StatusCode::CREATED, "{}", retried.text());
}
