//! One test app for every API test: the real router (`orchard::server::app`) on a fresh
//! temporary database, called with `oneshot`, behind axum's `MockConnectInfo` as if every
//! request came from one TCP peer (a request may carry its own `ConnectInfo` to come from
//! another). `TestApp::open_sale` is the usual shop; `on_both_stores` gives one on SQLite and one
//! on PostgreSQL (the server `scripts/with-postgres.sh` starts).

use std::net::SocketAddr;

use axum::body::{Body, Bytes};
use axum::extract::connect_info::MockConnectInfo;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use orchard::server::AppState;
use serde_json::Value;
use tower::ServiceExt;

use crate::common::{postgres, Sandbox, ADMIN_TOKEN};

/// The peer every request comes from unless it carries its own `ConnectInfo`.
pub const PEER: &str = "127.0.0.1";

/// A shop: its folder and database, its state and its router.
pub struct TestApp {
    /// `sqlite` or `postgres`, for assertion messages.
    pub store: &'static str,
    pub sandbox: Sandbox,
    pub state: AppState,
    router: Router,
}

/// An answer, with its body as bytes and (when it is JSON) as a value.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    /// The body as JSON, or `Null`.
    pub json: Value,
}

impl Reply {
    /// Asserts the answer's status, with the store and the body when it is another.
    #[track_caller]
    pub fn assert_status(&self, status: StatusCode, store: &str) {
        assert_eq!(self.status, status, "{store}: {}", self.text());
    }

    /// The `Content-Type` header.
    pub fn content_type(&self) -> &str {
        self.headers[header::CONTENT_TYPE].to_str().unwrap()
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8(self.body.to_vec()).unwrap()
    }
}

impl TestApp {
    /// The shop of `sandbox`, started with the server's `flags` and the admin token set.
    pub async fn with(sandbox: Sandbox, flags: &[&str]) -> Self {
        Self::from_state(sandbox.state(flags).await, sandbox)
    }

    /// The shop of a ready `state` (for a configuration the flags cannot give).
    pub fn from_state(state: AppState, sandbox: Sandbox) -> Self {
        let peer: SocketAddr = format!("{PEER}:40000").parse().unwrap();
        let router = orchard::server::app(state.clone()).layer(MockConnectInfo(peer));
        let store = if sandbox.database.is_some() {
            "postgres"
        } else {
            "sqlite"
        };
        Self {
            store,
            sandbox,
            state,
            router,
        }
    }

    /// A sale open now with `stock_5` boxes of 5 kg and `stock_10` of 10 kg, on SQLite, without
    /// a rate limit.
    pub async fn open_sale(stock_5: u32, stock_10: u32) -> Self {
        let sandbox = Sandbox::open_sale(stock_5, stock_10);
        Self::with(sandbox, &["--rate-limit-per-minute", "0"]).await
    }

    /// A sale open now with 100 boxes of 5 kg and 10 of 10 kg, on SQLite, started with `flags`
    /// (the rate limit is the default unless they say).
    pub async fn open_with(flags: &[&str]) -> Self {
        Self::with(Sandbox::open_sale(100, 10), flags).await
    }

    /// The same shop (`stock_5` boxes of 5 kg, 10 of 10 kg) on SQLite and on a fresh PostgreSQL
    /// database.
    pub async fn on_both_stores(stock_5: u32) -> Vec<Self> {
        Self::on_both_stores_with(stock_5, &[]).await
    }

    /// As `on_both_stores`, both started with the server's `flags` too.
    pub async fn on_both_stores_with(stock_5: u32, flags: &[&str]) -> Vec<Self> {
        let flags = [&["--rate-limit-per-minute", "0"], flags].concat();
        let postgres =
            Sandbox::open_sale(stock_5, 10).with_database(postgres::fresh_database().await);
        vec![
            Self::with(Sandbox::open_sale(stock_5, 10), &flags).await,
            Self::with(postgres, &flags).await,
        ]
    }

    /// Sends a request as it is.
    pub async fn send(&self, req: Request<Body>) -> Reply {
        let response = self.router.clone().oneshot(req).await.unwrap();
        let (parts, body) = response.into_parts();
        let body = body.collect().await.unwrap().to_bytes();
        let json = serde_json::from_slice(&body).unwrap_or(Value::Null);
        Reply {
            status: parts.status,
            headers: parts.headers,
            body,
            json,
        }
    }

    /// `method path` with `headers` and, if given, a JSON body.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Reply {
        self.send(request(method, path, headers, body)).await
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> Reply {
        self.call("GET", path, &[], None).await
    }

    /// Places an order with idempotency key `key`.
    pub async fn place(&self, key: &str, body: &Value) -> Reply {
        let headers = [("Idempotency-Key", key)];
        self.call("POST", "/api/orders", &headers, Some(body)).await
    }

    /// The buyer's lookup of order `id` with `token`.
    pub async fn lookup(&self, id: &str, token: &str) -> Reply {
        let bearer = format!("Bearer {token}");
        let path = format!("/api/orders/{id}");
        self.call("GET", &path, &[("Authorization", &bearer)], None)
            .await
    }

    /// `order` (a 201's body) as its buyer sees it.
    pub async fn buyer_view(&self, order: &Value) -> Value {
        let (id, token) = (
            order["id"].as_str().unwrap(),
            order["token"].as_str().unwrap(),
        );
        self.lookup(id, token).await.json
    }

    /// An admin call with the admin token.
    pub async fn admin(&self, method: &str, path: &str, body: Option<&Value>) -> Reply {
        let bearer = format!("Bearer {ADMIN_TOKEN}");
        self.call(method, path, &[("Authorization", &bearer)], body)
            .await
    }

    /// Moves order `id` to `status` with the admin token; the move must succeed.
    pub async fn move_to(&self, id: &str, status: &str) {
        let path = format!("/api/admin/orders/{id}/status");
        let moved = self
            .admin("POST", &path, Some(&serde_json::json!({"status": status})))
            .await;
        moved.assert_status(StatusCode::OK, self.store);
    }

    /// The storefront's JSON.
    pub async fn storefront(&self) -> Value {
        self.get("/api/storefront").await.json
    }

    /// The boxes left of `box_id` as the storefront shows them.
    pub async fn available(&self, box_id: &str) -> u64 {
        let storefront = self.storefront().await;
        let boxes = storefront["boxes"].as_array().unwrap();
        let offer = boxes.iter().find(|b| b["id"] == box_id).unwrap();
        offer["available"].as_u64().unwrap()
    }

    /// Runs `sql` on the shop's SQLite file behind the server's back.
    pub fn tamper(&self, sql: &str) {
        let conn = rusqlite::Connection::open(self.sandbox.path().join("orchard.db")).unwrap();
        conn.execute_batch(sql).unwrap();
    }
}

/// A request: `method path` with `headers` and, if given, a JSON body.
pub fn request(
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Request<Body> {
    let mut req = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    }
    .unwrap()
}

/// `req` as if it came from TCP peer `peer` (an address without port, `[…]` for IPv6).
pub fn from(peer: &str, mut req: Request<Body>) -> Request<Body> {
    let addr: SocketAddr = format!("{peer}:40000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(addr));
    req
}
