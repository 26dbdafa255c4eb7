//! What the claim tests share: real image bytes (a PNG and a JPEG that decode), a
//! `multipart/form-data` body written by hand (so a test can break it), an order moved along its
//! journey, a claim filed with the order's token, and SQL run behind either store's back.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::Value;
use sqlx::Executor;

use crate::common::{order_body, postgres};
use crate::helpers::{Reply, TestApp};

/// A 1×1 PNG (signature, IHDR, IDAT, IEND, with their CRCs).
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

/// A 16×16 baseline JPEG (a red apple on white) as an encoder writes it: it decodes.
pub const JPEG: &[u8] = include_bytes!("fixtures/bruised-apple.jpg");

/// The boundary of every form written here.
pub const BOUNDARY: &str = "orchard-claim-boundary-7f3a";

/// One part of a form: its name, an optional file name, its bytes.
pub type Part<'a> = (&'a str, Option<&'a str>, &'a [u8]);

/// A `multipart/form-data` body of `parts`.
pub fn form(parts: &[Part<'_>]) -> Vec<u8> {
    let mut body = Vec::new();
    for (name, file, bytes) in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        let disposition = match file {
            Some(file) => format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\n\
                 Content-Type: image/jpeg\r\n"
            ),
            None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n"),
        };
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}

/// A damaged-fruit claim of 3 apples with one PNG photo.
pub fn damaged_with_photo() -> Vec<u8> {
    form(&[
        ("kind", None, b"damaged"),
        ("apples", None, b"3"),
        ("message", None, "三个苹果压坏了".as_bytes()),
        ("photo", Some("box.png"), PNG),
    ])
}

/// An order placed and moved through `moves` by the owner; its 201's body.
pub async fn order_moved(app: &TestApp, key: &str, moves: &[&str]) -> Value {
    let order = app.place(key, &order_body("5kg", 1)).await;
    assert_eq!(order.status, StatusCode::CREATED, "{}", app.store);
    for status in moves {
        app.move_to(order.json["id"].as_str().unwrap(), status)
            .await;
    }
    order.json
}

/// An order placed and shipped.
pub async fn shipped(app: &TestApp, key: &str) -> Value {
    order_moved(app, key, &["packed", "shipped"]).await
}

/// `POST /api/orders/{id}/claims` with `token`, key `key` and body `body` of `content_type`.
pub async fn post_claim(
    app: &TestApp,
    id: &str,
    token: &str,
    key: Option<&str>,
    content_type: &str,
    body: Vec<u8>,
) -> Reply {
    let mut req = Request::post(format!("/api/orders/{id}/claims"))
        .header("Authorization", format!("Bearer {token}"))
        .header("Content-Type", content_type);
    if let Some(key) = key {
        req = req.header("Idempotency-Key", key);
    }
    app.send(req.body(Body::from(body)).unwrap()).await
}

/// Files `body` (a form with `BOUNDARY`) on `order` (a 201's body) with key `key`.
pub async fn claim(app: &TestApp, order: &Value, key: &str, body: Vec<u8>) -> Reply {
    let (id, token) = (
        order["id"].as_str().unwrap(),
        order["token"].as_str().unwrap(),
    );
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    post_claim(app, id, token, Some(key), &content_type, body).await
}

/// Files a claim of `body` with `key` on `order`, which the shop must take (201).
pub async fn claim_filed(app: &TestApp, order: &Value, key: &str, body: Vec<u8>) -> Reply {
    let filed = claim(app, order, key, body).await;
    filed.assert_status(StatusCode::CREATED, app.store);
    filed
}

/// Runs `sql` on the shop's database behind the server's back, whichever the store.
pub async fn tamper(app: &TestApp, sql: &str) {
    match &app.sandbox.database {
        Some(url) => {
            let mut conn = postgres::market_connection(url).await;
            conn.execute(sql).await.unwrap();
        }
        None => app.tamper(sql),
    }
}
