//! The team's bulk writes at the sale's scale, measured in-process through the real router:
//! a shop filled with N received orders (default 5,000, written straight into the database),
//! then one bulk move of all of them to packed, one courier CSV shipping all of them, and one
//! bulk cancel of N more. Prints each answer's time. SQLite in a temporary folder by default;
//! `ORCHARD_TEST_POSTGRES=postgres://…` (as `scripts/with-postgres.sh` sets) for PostgreSQL.
//!
//! ```sh
//! cargo run --release --example team_bulk -- 5000
//! bash scripts/with-postgres.sh cargo run --release --example team_bulk -- 5000
//! ```

// The benchmark drives the native server in-process; for wasm32 (clippy on both targets) the
// example is empty.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::run();
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::net::SocketAddr;
    use std::time::Instant;

    use axum::body::Body;
    use axum::extract::connect_info::MockConnectInfo;
    use axum::http::Request;
    use clap::Parser;
    use http_body_util::BodyExt;
    use orchard::server::{app, AppState, Config, Content};
    use serde_json::{json, Value};
    use tower::ServiceExt;

    const TOKEN: &str = "bench-admin-token-of-32-characters-or-more";

    /// Writes `n` received orders of one 5 kg box, ids `000000000001`…, from `first`.
    async fn fill(database: &str, first: usize, n: usize) {
        let (from, to) = (first as i64, (first + n - 1) as i64);
        if let Some(path) = database.strip_prefix("sqlite://") {
            let conn = rusqlite::Connection::open(path).unwrap();
            conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2) \
             INSERT INTO orders (id, token_hash, idempotency_key, fingerprint, status, box_id, \
             weight_kg, quantity, total_fen, name, phone, address, created_ms, producer) \
             SELECT printf('%012d', i), randomblob(32), 'bench-' || i, 'f', 'received', '5kg', 5, 1, \
             6800, '卓玛', '13800138000', '中德村 12 号', 1, 1 FROM n",
            [from, to],
        )
        .unwrap();
        } else {
            use sqlx::{Connection, Executor};
            // Producer 1's rows (the default producer), behind row-level security.
            let mut conn = sqlx::PgConnection::connect(database).await.unwrap();
            conn.execute("SET orchard.producer = '1'").await.unwrap();
            sqlx::query(
            "INSERT INTO orders (id, token_hash, idempotency_key, fingerprint, status, box_id, \
             weight_kg, quantity, total_fen, name, phone, address, created_ms, producer) \
             SELECT lpad(i::text, 12, '0'), decode(md5(i::text), 'hex'), 'bench-' || i, 'f', \
             'received', '5kg', 5, 1, 6800, '卓玛', '13800138000', '中德村 12 号', 1, 1 \
             FROM generate_series($1::bigint, $2::bigint) AS i",
        )
        .bind(from)
        .bind(to)
        .execute(&mut conn)
        .await
        .unwrap();
            conn.close().await.ok();
        }
    }

    /// Sends `req` with the admin token; the answer's JSON and how long it took.
    async fn timed(
        router: &axum::Router,
        req: axum::http::request::Builder,
        body: Body,
    ) -> (Value, f64) {
        let req: Request<Body> = req
            .header("Authorization", format!("Bearer {TOKEN}"))
            .body(body)
            .unwrap();
        let started = Instant::now();
        let response = router.clone().oneshot(req).await.unwrap();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let took = started.elapsed().as_secs_f64() * 1000.0;
        (serde_json::from_slice(&bytes).unwrap(), took)
    }

    #[tokio::main]
    pub async fn run() {
        let n: usize = std::env::args().nth(1).map_or(5000, |a| a.parse().unwrap());
        let dir = tempfile::tempdir().unwrap();
        let database = std::env::var("ORCHARD_TEST_POSTGRES")
            .unwrap_or_else(|_| format!("sqlite://{}", dir.path().join("bench.db").display()));
        let store = if database.starts_with("sqlite") {
            "SQLite"
        } else {
            "PostgreSQL"
        };
        let mut config = Config::parse_from(["orchard-server", "--database", &database]);
        config.admin_token = Some(TOKEN.into());
        let content = Content::load(&config.content).unwrap();
        let state = AppState::open(config, content).await.unwrap();
        fill(&database, 1, n).await;
        fill(&database, n + 1, n).await;
        let peer: SocketAddr = "127.0.0.1:40000".parse().unwrap();
        let router = app(state.clone()).layer(MockConnectInfo(peer));
        let id = |i: usize| format!("{i:012}");

        let ids: Vec<String> = (1..=n).map(id).collect();
        let body = json!({"ids": ids, "from": "received", "status": "packed"}).to_string();
        let post =
            || Request::post("/api/admin/orders/status").header("Content-Type", "application/json");
        let (answer, ms) = timed(&router, post(), body.into()).await;
        let moved = answer["moved"].as_array().map_or(0, Vec::len);
        println!("{store}: bulk move of {n} orders to packed: {ms:.0} ms ({moved} moved)");

        let csv: String = ids.iter().map(|i| format!("{i},SF{i}\r\n")).collect();
        let upload =
            Request::post("/api/admin/tracking-numbers").header("Content-Type", "text/csv");
        let (answer, ms) = timed(&router, upload, csv.into()).await;
        println!(
            "{store}: courier CSV of {n} lines: {ms:.0} ms ({} shipped)",
            answer["shipped"]
        );

        let ids: Vec<String> = (n + 1..=2 * n).map(id).collect();
        let body = json!({"ids": ids, "from": "received", "status": "cancelled"}).to_string();
        let (answer, ms) = timed(&router, post(), body.into()).await;
        let moved = answer["moved"].as_array().map_or(0, Vec::len);
        println!("{store}: bulk cancel of {n} orders: {ms:.0} ms ({moved} cancelled)");
        state.writer_handle().shutdown().await;
    }
}
