//! A claim the order cannot take is answered before its body is read, on both stores: the router
//! served over real TCP, a raw client sends a claim's headers (a 15 MB body declared) and its
//! first megabyte, never the rest, and reads the answer: 409 `claim_not_allowed` for an order not
//! shipped yet, one delivered more than 14 days ago and one with three claims open. A server that
//! read the body first would wait for the rest (here: forever; the test gives up after a minute).
//! A retry of the claim that made the third one open is still answered that claim.

use std::net::SocketAddr;
use std::time::Duration;

use axum::http::StatusCode;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::claim_kit::{claim, damaged_with_photo, order_moved, shipped, tamper, BOUNDARY, JPEG};
use crate::helpers::TestApp;

/// The body a claim says it sends: three photos of 5 MB.
const DECLARED: usize = 15_000_000;
/// What the client sends of it before it waits for the answer.
const SENT: usize = 1_000_000;
/// How long the client waits for an answer before it calls the server stuck.
const STUCK: Duration = Duration::from_secs(60);

/// The shop's router served on a free loopback port, until the test ends.
async fn serve(app: &TestApp) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = orchard::server::app(app.state.clone());
    let service = router.into_make_service_with_connect_info::<SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await });
    addr
}

/// A raw claim on `order` with `key`: the headers of a `DECLARED`-byte body and its first `SENT`
/// bytes (a JPEG's header, then filler), never the rest; what the server answered (status line,
/// headers, body), read while the body is still being written.
async fn partial_claim(server: SocketAddr, order: &Value, key: &str) -> (u16, Value) {
    let (id, token) = (
        order["id"].as_str().unwrap(),
        order["token"].as_str().unwrap(),
    );
    let head = format!(
        "POST /api/orders/{id}/claims HTTP/1.1\r\nHost: orchard\r\n\
         Authorization: Bearer {token}\r\nIdempotency-Key: {key}\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n\
         Content-Length: {DECLARED}\r\n\r\n\
         --{BOUNDARY}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"box.jpg\"\r\n\
         Content-Type: image/jpeg\r\n\r\n"
    );
    let mut sent = head.into_bytes();
    sent.extend_from_slice(&JPEG[..JPEG.len() - 2]);
    sent.resize(sent.len() + SENT, 0x5A);
    let stream = TcpStream::connect(server).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    // The writer may block once the server stops reading: it runs beside the reader, and is
    // dropped (closing nothing: the read half keeps the socket) when the answer is in.
    let writing = tokio::spawn(async move {
        let _ = writer.write_all(&sent).await;
        writer
    });
    let mut answer = Vec::new();
    let read = tokio::time::timeout(STUCK, async {
        let mut buf = [0u8; 4096];
        while !complete(&answer) {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    writing.abort();
    assert!(
        read.is_ok(),
        "no answer within {STUCK:?}: the server waits for the body"
    );
    parse(&answer)
}

/// Whether `answer` holds a whole response (headers and a body of its `Content-Length`).
fn complete(answer: &[u8]) -> bool {
    let text = String::from_utf8_lossy(answer);
    let Some((head, body)) = text.split_once("\r\n\r\n") else {
        return false;
    };
    let length = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse::<usize>().ok())?
        })
        .unwrap_or(0);
    body.len() >= length
}

/// The status and JSON body of a raw response.
fn parse(answer: &[u8]) -> (u16, Value) {
    let text = String::from_utf8_lossy(answer);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP answer: {text:?}"));
    let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

/// An order delivered 15 days ago.
async fn delivered_long_ago(app: &TestApp, key: &str) -> Value {
    let order = order_moved(app, key, &["packed", "shipped", "delivered"]).await;
    let id = order["id"].as_str().unwrap();
    let fifteen_days_ms = 15 * 24 * 3600 * 1000_i64;
    tamper(
        app,
        &format!(
            "UPDATE order_events SET at_ms = at_ms - {fifteen_days_ms} WHERE status = 'delivered' \
             AND order_seq = (SELECT seq FROM orders WHERE id = '{id}')"
        ),
    )
    .await;
    order
}

/// A shipped order with three claims open.
async fn three_open(app: &TestApp, key: &str) -> Value {
    let order = shipped(app, key).await;
    for n in 1..=3 {
        let filed = claim(app, &order, &format!("{key}-{n}"), damaged_with_photo()).await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", app.store);
    }
    order
}

#[tokio::test]
async fn a_claim_the_order_cannot_take_is_refused_before_its_body_is_sent() {
    for app in TestApp::on_both_stores(20).await {
        let server = serve(&app).await;
        let cases = [
            (
                "not shipped yet",
                order_moved(&app, "early", &["packed"]).await,
            ),
            (
                "delivered 15 days ago",
                delivered_long_ago(&app, "late").await,
            ),
            ("three claims open", three_open(&app, "full").await),
        ];
        for (case, order) in cases {
            let (status, body) = partial_claim(server, &order, "new-claim").await;
            assert_eq!(status, 409, "{case} on {}: {body}", app.store);
            assert_eq!(body["error"]["code"], "claim_not_allowed", "{case}");
            assert!(body["error"]["message"].is_string(), "{case}: {body}");
            let claims = app.buyer_view(&order).await["claims"].clone();
            let expected = if case == "three claims open" { 3 } else { 0 };
            assert_eq!(claims.as_array().unwrap().len(), expected, "{case}");
        }
    }
}

#[tokio::test]
async fn a_retry_of_the_claim_that_made_three_open_is_still_answered_that_claim() {
    for app in TestApp::on_both_stores(20).await {
        let order = three_open(&app, "retry").await;
        let first = app.buyer_view(&order).await["claims"][2]["id"].clone();
        let retry = claim(&app, &order, "retry-3", damaged_with_photo()).await;
        retry.assert_status(StatusCode::CREATED, app.store);
        assert_eq!(retry.json["id"], first, "{}", app.store);
        let fourth = claim(&app, &order, "retry-4", damaged_with_photo()).await;
        assert_eq!(fourth.status, StatusCode::CONFLICT, "{}", app.store);
        assert_eq!(fourth.json["error"]["code"], "claim_not_allowed");
    }
}
