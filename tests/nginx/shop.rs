//! The shop the nginx tests run: the real server on a fresh SQLite database behind Debian's
//! nginx, requests through nginx read whole, and the bodies they send (a courier's CSV of a
//! given size, a claim's form with its photos).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common::{client, order_body, place, Sandbox, Server, ADMIN_TOKEN};
use crate::proxy::Nginx;
use orchard::domain::{MAX_PHOTOS, MAX_PHOTO_BYTES};

/// The server's body limits (src/server/error.rs, private there): nginx must match each one.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
pub const MAX_BULK_BODY_BYTES: usize = 512 * 1024;
pub const MAX_CSV_BODY_BYTES: usize = 2 * 1024 * 1024;
pub const MAX_CLAIM_BODY_BYTES: usize = MAX_PHOTOS * MAX_PHOTO_BYTES + 64 * 1024;
/// nginx's limit for every other route: room over the server's 16 KiB, which answers itself.
pub const DEFAULT_NGINX_BYTES: usize = 64 * 1024;
const _: () = assert!(
    DEFAULT_NGINX_BYTES > MAX_BODY_BYTES,
    "the server refuses orders itself"
);

/// The content type of every JSON answer, the server's and nginx's.
pub const JSON_UTF8: &str = "application/json; charset=utf-8";
/// The boundary of the claim forms written here.
pub const BOUNDARY: &str = "orchard-nginx-claim-boundary";
/// A new idempotency key for each request the tests send.
static KEYS: AtomicUsize = AtomicUsize::new(0);

/// The real server (nginx's only upstream) and nginx in front; both are stopped when it is
/// dropped, nginx first.
pub struct Shop {
    pub nginx: Nginx,
    pub server: Server,
    _sandbox: Sandbox,
    pub client: reqwest::Client,
}

impl Shop {
    /// A sale open now with `stock` boxes of 5 kg, no order rate limit, nginx trusted.
    pub fn open(stock: u32) -> Self {
        let sandbox = Sandbox::open_sale(stock, 0);
        let flags = [
            "--trusted-proxy",
            "127.0.0.1",
            "--rate-limit-per-minute",
            "0",
        ];
        let server = sandbox.spawn(&flags);
        let nginx = Nginx::start(&server.base);
        Self {
            nginx,
            server,
            _sandbox: sandbox,
            client: client(),
        }
    }

    /// `n` orders of one 5 kg box placed through nginx: their 201s' bodies.
    pub async fn place_orders(&self, n: usize) -> Vec<Value> {
        let mut orders = Vec::new();
        for i in 0..n {
            let key = format!("order-{i}");
            let body = order_body("5kg", 1);
            let (status, order) = place(&self.client, &self.nginx.base, &key, &body)
                .await
                .unwrap();
            assert_eq!(status, 201, "{order}");
            orders.push(order);
        }
        orders
    }

    /// `POST path` through nginx with `token` (the admin's unless given), `body` as `content_type`
    /// and an idempotency key of its own.
    pub async fn post(
        &self,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: Vec<u8>,
    ) -> Reply {
        let key = format!("nginx-{}", KEYS.fetch_add(1, Ordering::Relaxed));
        let started = Instant::now();
        let r = self
            .client
            .post(self.nginx.url(path))
            .bearer_auth(token.unwrap_or(ADMIN_TOKEN))
            .header("Content-Type", content_type)
            .header("Idempotency-Key", key)
            .body(body)
            .send()
            .await
            .unwrap();
        Reply::read(r, started).await
    }

    /// `GET path` through nginx, as a browser asks for a page.
    /// Packs and ships order `id` through nginx, as the team does (a bulk move, then a courier
    /// CSV line).
    pub async fn ship(&self, id: &str) {
        let moving = json!({"ids": [id], "from": "received", "status": "packed"});
        let moving = serde_json::to_vec(&moving).unwrap();
        let packed = self
            .post("/api/admin/orders/status", None, "application/json", moving)
            .await;
        assert_eq!(packed.json()["moved"], json!([id]));
        let line = format!("{id},SF0000000001\n").into_bytes();
        let shipped = self
            .post("/api/admin/tracking-numbers", None, "text/csv", line)
            .await;
        assert_eq!(shipped.json()["shipped"], 1, "{}", shipped.text);
    }

    pub async fn get(&self, path: &str) -> Reply {
        let started = Instant::now();
        let r = self
            .client
            .get(self.nginx.url(path))
            .header("Accept", "text/html");
        Reply::read(r.send().await.unwrap(), started).await
    }
}

/// An answer through nginx, read whole, and how long it took from the request's start.
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub retry_after: Option<String>,
    pub text: String,
    pub took: Duration,
}

impl Reply {
    async fn read(r: reqwest::Response, started: Instant) -> Self {
        let header = |name: &str| {
            let value = r.headers().get(name);
            value.map(|v| v.to_str().unwrap().to_owned())
        };
        let content_type = header("content-type").unwrap_or_default();
        let retry_after = header("retry-after");
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        Self {
            status,
            content_type,
            retry_after,
            text,
            took: started.elapsed(),
        }
    }

    /// The body as JSON (fails the test if it is not).
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {} {}", self.status, self.text))
    }

    /// Asserts that this is the JSON error `code` with `status`.
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_json_error(status, code, self.status, &self.content_type, &self.json());
    }
}

/// Asserts an answer (`got` status, `content_type`, `body`) is the JSON error `code` with `status`.
pub fn assert_json_error(status: u16, code: &str, got: u16, content_type: &str, body: &Value) {
    assert_eq!((got, content_type), (status, JSON_UTF8), "{body}");
    assert_eq!(body["error"]["code"], code, "{body}");
    let message = body["error"]["message"].as_str();
    assert!(message.is_some_and(|m| !m.is_empty()), "{body}");
}

/// The `n`th order id that no order has: `n` in Crockford's base32, 12 symbols.
pub fn unknown_id(n: usize) -> String {
    let alphabet = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    (0..12)
        .rev()
        .map(|i| alphabet[(n >> (5 * i)) % 32] as char)
        .collect()
}

/// A courier's CSV of exactly `size` bytes: a line for each of `ids`, then lines naming no order
/// (and blank lines to make up the size). Also how many lines name no order.
pub fn courier_csv(ids: &[String], size: usize) -> (Vec<u8>, usize) {
    let mut csv = String::from("order_id,tracking_number\n");
    for (i, id) in ids.iter().enumerate() {
        csv.push_str(&format!("{id},SF{:010}\n", i + 1));
    }
    let mut unknown = 0;
    loop {
        let line = format!("{},YT{:010}\n", unknown_id(unknown), unknown);
        if csv.len() + line.len() > size {
            break;
        }
        csv.push_str(&line);
        unknown += 1;
    }
    csv.push_str(&"\n".repeat(size - csv.len()));
    (csv.into_bytes(), unknown)
}

/// A `multipart/form-data` claim (with `BOUNDARY`): bruised apples, `photos` as JPEG files.
pub fn claim_form(photos: &[Vec<u8>]) -> Vec<u8> {
    let mut body = Vec::new();
    let texts = [
        ("kind", "damaged"),
        ("apples", "4"),
        ("message", "四个苹果压坏了"),
    ];
    for (name, value) in texts {
        let part = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        );
        body.extend_from_slice(part.as_bytes());
    }
    for (i, photo) in photos.iter().enumerate() {
        let head = format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"photo\"; \
             filename=\"IMG_{i}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
        );
        body.extend_from_slice(head.as_bytes());
        body.extend_from_slice(photo);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    body
}
