//! A shop from before the market keeps everything when the market's code opens it (a market of
//! one), on both stores; and the database itself refuses a row that names another producer's
//! box or order, whatever the code.

use axum::http::StatusCode;
use sha2::{Digest, Sha256};
use sqlx::{Connection, Executor, PgConnection};

use crate::common::black_png::black_png;
use crate::common::{order_body, postgres, Sandbox};
use crate::helpers::TestApp;
use crate::market_store::Market;

const OLD_ID: &str = "OLD000000001";
const OLD_TOKEN: &str = "the-token-its-buyer-kept-in-a-link";

/// The schema as the last release made it: the migrations before the market's, applied the way
/// `sqlx` applies them (so the market's code finds them applied and runs only its own).
async fn old_schema(store: &str, folder: &std::path::Path) -> sqlx::migrate::Migrator {
    let last = if store == "sqlite" { 11 } else { 10 };
    let old = folder.join("old-migrations");
    std::fs::create_dir_all(&old).unwrap();
    let dir = format!("{}/migrations/{store}", env!("CARGO_MANIFEST_DIR"));
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if name[..4].parse::<u32>().unwrap() <= last {
            std::fs::copy(&path, old.join(name)).unwrap();
        }
    }
    sqlx::migrate::Migrator::new(old).await.unwrap()
}

/// An order delivered after three moves with a claim and its photo, another received, and the
/// stock left, as the last release wrote them; `bytes` writes a literal of hex bytes.
fn old_rows(bytes: fn(&str) -> String) -> Vec<String> {
    let token = bytes(&hex::encode(Sha256::digest(OLD_TOKEN)));
    let other = bytes("00");
    let key = hex::encode(Sha256::digest("old-key"));
    vec![
        "INSERT INTO boxes (id, weight_kg, price_fen, stock) \
         VALUES ('5kg', 5, 6800, 7), ('10kg', 10, 12800, 9)"
            .into(),
        format!(
            "INSERT INTO orders (id, token_hash, idempotency_key, fingerprint, status, box_id, \
             weight_kg, quantity, total_fen, name, phone, address, created_ms) VALUES \
             ('{OLD_ID}', {token}, '{key}', 'fp', 'delivered', '5kg', 5, 3, 20400, \
              'Tashi', '13800138000', '12 Chunxi Road', 1764547200000), \
             ('OLD000000002', {other}, 'other-key', 'fp', 'received', '10kg', 10, 1, 12800, \
              'Dawa', '13900139000', '3 Apple Lane', 1764547201000)"
        ),
        "INSERT INTO order_events (order_seq, status, at_ms, by_member) VALUES \
         (1, 'packed', 1764633600000, 'ana'), (1, 'shipped', 1764720000000, 'owner'), \
         (1, 'delivered', 1764806400000, 'owner')"
            .into(),
        "INSERT INTO claims (id, order_seq, idempotency_key, fingerprint, kind, apples, message, \
         status, created_ms) VALUES ('CLM000000001', 1, 'ck', 'cf', 'damaged', 3, 'bruised', \
         'open', 1764806500000)"
            .into(),
    ]
}

/// The old rows written on `app`'s database, before the market's code opens it.
async fn write_old_shop(store: &str, sandbox: &Sandbox) {
    let png = black_png(8, 8);
    let migrator = old_schema(store, sandbox.path()).await;
    let photo = "INSERT INTO claim_photos (claim_seq, n, content_type, bytes) \
                 VALUES (1, 1, 'image/png', $1)";
    if let Some(url) = &sandbox.database {
        let mut conn = PgConnection::connect(url).await.unwrap();
        migrator.run(&mut conn).await.unwrap();
        for sql in old_rows(|hex| format!("decode('{hex}', 'hex')")) {
            conn.execute(sql.as_str()).await.unwrap();
        }
        sqlx::query(photo)
            .bind(&png)
            .execute(&mut conn)
            .await
            .unwrap();
        return;
    }
    let url = format!("{}?mode=rwc", sandbox.database());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    migrator.run(&mut conn).await.unwrap();
    for sql in old_rows(|hex| format!("X'{hex}'")) {
        conn.execute(sql.as_str()).await.unwrap();
    }
    sqlx::query(photo)
        .bind(&png)
        .execute(&mut conn)
        .await
        .unwrap();
    // The keys were hashed by the release that stored them in plain (`sqlite::hash_plain_keys`).
    conn.execute("PRAGMA user_version = 1").await.unwrap();
}

#[tokio::test]
async fn a_shop_from_before_the_market_keeps_every_order_token_claim_and_box_on_both_stores() {
    for store in ["sqlite", "postgres"] {
        let mut sandbox = Sandbox::open_sale(100, 100);
        if store == "postgres" {
            sandbox = sandbox.with_database(postgres::fresh_database().await);
        }
        write_old_shop(store, &sandbox).await;
        let app = TestApp::with(sandbox, &["--rate-limit-per-minute", "0"]).await;

        let seen = app.lookup(OLD_ID, OLD_TOKEN).await;
        seen.assert_status(StatusCode::OK, store);
        let order = seen.json;
        assert_eq!(order["status"], "delivered", "{store}: {order}");
        assert_eq!(
            order["history"].as_array().unwrap().len(),
            4,
            "{store}: {order}"
        );
        assert_eq!(order["claims"][0]["id"], "CLM000000001", "{store}: {order}");
        assert_eq!(order["claims"][0]["photos"], 1, "{store}: {order}");
        assert_eq!(
            order["producer"], "content",
            "{store}: the first producer took its rows"
        );

        assert_eq!(
            app.available("5kg").await,
            7,
            "{store}: seeding kept the stock"
        );
        assert_eq!(app.available("10kg").await, 9, "{store}");
        assert_eq!(app.storefront().await["impact"]["kg_sold"], 25, "{store}");
        let summary = app.admin("GET", "/api/admin/summary", None).await.json;
        assert_eq!(summary["orders"], 2, "{store}: {summary}");
        let photo = app
            .admin("GET", "/api/admin/claims/CLM000000001/photos/1", None)
            .await;
        photo.assert_status(StatusCode::OK, store);

        let replay = app.place("old-key", &order_body("5kg", 3)).await;
        assert_eq!(
            replay.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{store}: the key still holds"
        );
        let new = app.place("new-key", &order_body("5kg", 1)).await;
        new.assert_status(StatusCode::CREATED, store);
        let listed = app.admin("GET", "/api/admin/orders", None).await.json;
        let ids: Vec<&str> = listed["orders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap())
            .collect();
        let new_id = new.json["id"].as_str().unwrap();
        assert_eq!(
            ids,
            [new_id, "OLD000000002", OLD_ID],
            "{store}: newest first, after the old"
        );
    }
}

/// Runs `sql` on `market`'s database behind the server's back, with its foreign keys enforced.
async fn raw(market: &Market, sql: &str) -> Result<(), String> {
    if let Some(url) = &market.a.sandbox.database {
        let mut conn = postgres::market_connection(url).await;
        return conn.execute(sql).await.map(drop).map_err(|e| e.to_string());
    }
    let conn = rusqlite::Connection::open(market.a.sandbox.path().join("orchard.db")).unwrap();
    conn.pragma_update(None, "foreign_keys", "ON").unwrap();
    conn.execute_batch(sql).map_err(|e| e.to_string())
}

#[tokio::test]
async fn the_database_refuses_a_row_naming_another_producers_box_or_order_on_both_stores() {
    for (store, m) in Market::on_both_stores().await {
        let b = m.b.place("b1", &order_body("5kg", 1)).await.json;
        let b_id = b["id"].as_str().unwrap();
        raw(
            &m,
            "INSERT INTO boxes (producer, id, weight_kg, price_fen, stock) \
                 SELECT id, '20kg', 20, 30000, 5 FROM producers WHERE slug = 'tashi'",
        )
        .await
        .unwrap();
        let blob = if store == "postgres" {
            "'\\x00'::bytea"
        } else {
            "X'00'"
        };
        let line = |slug: &str, id: &str| {
            format!(
                "INSERT INTO orders (producer, id, token_hash, idempotency_key, fingerprint, \
                 status, box_id, weight_kg, quantity, total_fen, name, phone, address, created_ms) \
                 SELECT id, '{id}', {blob}, '{id}', 'f', 'received', '20kg', 20, 1, 30000, 'n', \
                 '13800138000', 'a', 1 FROM producers WHERE slug = '{slug}'"
            )
        };
        let crossed = raw(&m, &line("content", "RAW000000001")).await;
        assert!(
            crossed.is_err(),
            "{store}: A's order on B's box was written"
        );
        raw(&m, &line("tashi", "RAW000000002")).await.unwrap();
        let event = |slug: &str| {
            format!(
                "INSERT INTO order_events (producer, order_seq, status, at_ms, by_member) \
                 SELECT p.id, o.seq, 'packed', 1, 'x' FROM producers AS p, orders AS o \
                 WHERE p.slug = '{slug}' AND o.id = '{b_id}'"
            )
        };
        let crossed = raw(&m, &event("content")).await;
        assert!(
            crossed.is_err(),
            "{store}: A's event on B's order was written"
        );
        raw(&m, &event("tashi")).await.unwrap();
        let history = m.b.buyer_view(&b).await["history"].clone();
        assert_eq!(history.as_array().unwrap().len(), 2, "{store}: {history}");
    }
}
