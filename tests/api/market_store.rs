//! The county market's store (issue #28): two producers on one database, on both stores, each
//! with a box called `5kg`. Each producer is served by its own app on the shared database (the
//! app's store and writer are scoped to the producer its content file names, as a market's shop
//! is), so every read and write here goes through the real routes of one producer.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use clap::Parser;
use orchard::server::{AppState, Config, Content};
use serde_json::{json, Value};

use crate::claim_kit::{claim_filed, damaged_with_photo, shipped};
use crate::common::{at, content_toml, order_body, postgres, Sandbox, ADMIN_TOKEN};
use crate::helpers::{Reply, TestApp};

/// Two producers of one market: `content` (the default one, 10 boxes of 5 kg) and `tashi` (3).
pub struct Market {
    pub a: TestApp,
    pub b: TestApp,
}

impl Market {
    /// On a fresh SQLite file (`postgres` false) or PostgreSQL database.
    pub async fn open(postgres: bool) -> Self {
        let mut first = Sandbox::open_sale(10, 10);
        if postgres {
            first = first.with_database(postgres::fresh_database().await);
        }
        let url = first.database();
        let a = TestApp::with(first, &["--rate-limit-per-minute", "0"]).await;
        let b = producer(&url, "tashi", 3).await;
        Self { a, b }
    }

    /// The market on each store, with the store's name.
    pub async fn on_both_stores() -> Vec<(&'static str, Self)> {
        vec![
            ("sqlite", Self::open(false).await),
            ("postgres", Self::open(true).await),
        ]
    }
}

/// The app of producer `slug` (its content file's name) on database `url`, with `stock_5` boxes
/// of 5 kg.
pub async fn producer(url: &str, slug: &str, stock_5: u32) -> TestApp {
    let sandbox = Sandbox::open_sale(stock_5, 10);
    let content = sandbox.path().join(format!("{slug}.toml"));
    std::fs::write(&content, content_toml(&at(-3600), None, stock_5, 10)).unwrap();
    let dist = sandbox.path().join("dist");
    let argv = [
        "orchard-server",
        "--database",
        url,
        "--content",
        content.to_str().unwrap(),
        "--dist",
        dist.to_str().unwrap(),
        "--rate-limit-per-minute",
        "0",
    ];
    let mut config = Config::parse_from(argv);
    config.admin_token = Some(ADMIN_TOKEN.into());
    let loaded = Content::load(&config.content).unwrap();
    let state = AppState::open(config, loaded).await.unwrap();
    TestApp::from_state(state, sandbox)
}

/// Places `quantity` boxes of 5 kg with `key`; the order must be taken.
pub async fn placed(app: &TestApp, key: &str, quantity: u32) -> Value {
    let order = app.place(key, &order_body("5kg", quantity)).await;
    order.assert_status(StatusCode::CREATED, app.store);
    order.json
}

/// The ids of the team's first page of orders.
async fn listed(app: &TestApp) -> Vec<String> {
    let page = app.admin("GET", "/api/admin/orders", None).await.json;
    let orders = page["orders"].as_array().unwrap();
    orders
        .iter()
        .map(|o| o["id"].as_str().unwrap().to_owned())
        .collect()
}

fn id(order: &Value) -> &str {
    order["id"].as_str().unwrap()
}

#[tokio::test]
async fn two_producers_with_the_same_box_id_keep_their_own_stock_numbers_and_team_pages() {
    for (store, m) in Market::on_both_stores().await {
        let a1 = placed(&m.a, "a1", 2).await;
        let a2 = placed(&m.a, "a2", 1).await;
        let b1 = placed(&m.b, "b1", 1).await;
        assert_eq!(m.a.available("5kg").await, 7, "{store}");
        assert_eq!(m.b.available("5kg").await, 2, "{store}");
        assert_eq!(m.a.storefront().await["impact"]["kg_sold"], 15, "{store}");
        assert_eq!(m.b.storefront().await["impact"]["kg_sold"], 5, "{store}");

        let (sa, sb) = (
            m.a.admin("GET", "/api/admin/summary", None).await.json,
            m.b.admin("GET", "/api/admin/summary", None).await.json,
        );
        assert_eq!(
            (&sa["orders"], &sa["kg_sold"]),
            (&json!(2), &json!(15)),
            "{store}: {sa}"
        );
        assert_eq!(
            (&sb["orders"], &sb["kg_sold"]),
            (&json!(1), &json!(5)),
            "{store}: {sb}"
        );
        let five = |s: &Value| {
            s["boxes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|b| b["id"] == "5kg")
                .cloned()
        };
        assert_eq!(five(&sa).unwrap()["available"], 7, "{store}: {sa}");
        assert_eq!(five(&sb).unwrap()["ordered"], 1, "{store}: {sb}");

        assert_eq!(listed(&m.a).await, [id(&a2), id(&a1)], "{store}");
        assert_eq!(listed(&m.b).await, [id(&b1)], "{store}");
        let pick = m.b.admin("GET", "/api/admin/picklist", None).await.json;
        let want = json!({"boxes": [{"id": "5kg", "orders": 1, "boxes": 1}], "orders": 1});
        assert_eq!(pick, want, "{store}");
        let csv = m.a.admin("GET", "/api/admin/orders.csv", None).await.text();
        assert!(
            csv.contains(id(&a1)) && csv.contains(id(&a2)),
            "{store}: {csv}"
        );
        assert!(
            !csv.contains(id(&b1)),
            "{store}: B's order in A's CSV: {csv}"
        );
    }
}

#[tokio::test]
async fn one_idempotency_key_places_an_order_with_each_producer() {
    for (store, m) in Market::on_both_stores().await {
        let a = placed(&m.a, "same-key", 1).await;
        let b = placed(&m.b, "same-key", 2).await;
        assert_ne!(id(&a), id(&b), "{store}");
        let again = placed(&m.b, "same-key", 2).await;
        assert_eq!(
            id(&again),
            id(&b),
            "{store}: a retry with B answers B's order"
        );
        assert_eq!(m.a.available("5kg").await, 9, "{store}");
        assert_eq!(m.b.available("5kg").await, 1, "{store}");
    }
}

#[tokio::test]
async fn the_buyer_finds_an_order_of_any_producer_by_its_token_and_sees_which_producer() {
    for (store, m) in Market::on_both_stores().await {
        let b = placed(&m.b, "b1", 1).await;
        let a = placed(&m.a, "a1", 1).await;
        let (id, token) = (id(&b), b["token"].as_str().unwrap());
        let seen = m.a.lookup(id, token).await;
        seen.assert_status(StatusCode::OK, store);
        assert_eq!(seen.json["producer"], "tashi", "{store}: {}", seen.json);
        assert_eq!(m.b.buyer_view(&a).await["producer"], "content", "{store}");
        let wrong = m.a.lookup(id, a["token"].as_str().unwrap()).await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND, "{store}");
    }
}

/// `POST /api/admin/tracking-numbers` of a courier CSV.
async fn courier(app: &TestApp, csv: String) -> Reply {
    let req = Request::post("/api/admin/tracking-numbers")
        .header("Authorization", format!("Bearer {ADMIN_TOKEN}"))
        .header("Content-Type", "text/csv")
        .body(Body::from(csv))
        .unwrap();
    app.send(req).await
}

#[tokio::test]
async fn a_producer_never_reads_nor_moves_another_producers_orders() {
    for (store, m) in Market::on_both_stores().await {
        let b = placed(&m.b, "b1", 1).await;
        let b_packed = placed(&m.b, "b2", 1).await;
        m.b.move_to(id(&b_packed), "packed").await;
        let a = placed(&m.a, "a1", 1).await;

        let search =
            m.a.admin("GET", &format!("/api/admin/orders?q={}", id(&b)), None)
                .await;
        assert_eq!(
            search.json["orders"],
            json!([]),
            "{store}: {}",
            search.text()
        );
        let path = format!("/api/admin/orders/{}/status", id(&b));
        let moved =
            m.a.admin("POST", &path, Some(&json!({"status": "packed"})))
                .await;
        assert_eq!(
            moved.status,
            StatusCode::NOT_FOUND,
            "{store}: {}",
            moved.text()
        );
        let body = json!({"ids": [id(&b), id(&a)], "from": "received", "status": "packed"});
        let bulk =
            m.a.admin("POST", "/api/admin/orders/status", Some(&body))
                .await;
        assert_eq!(
            bulk.json["refused"],
            json!({id(&b): "not_found"}),
            "{store}: {}",
            bulk.json
        );
        assert_eq!(bulk.json["moved"], json!([id(&a)]), "{store}");
        let csv = format!("order_id,tracking_number\n{},SF1234567890\n", id(&b_packed));
        let shipped = courier(&m.a, csv).await;
        assert_eq!(
            shipped.json,
            json!({"shipped": 0, "refused": {"2": "not_found"}}),
            "{store}"
        );
        let path = format!("/api/admin/labels?ids={},{}", id(&a), id(&b));
        let printed = m.a.admin("GET", &path, None).await.text();
        assert!(printed.contains(id(&a)), "{store}: {printed}");
        assert!(
            !printed.contains(id(&b)),
            "{store}: B's label in A's: {printed}"
        );

        let cut = json!({"boxes": 1, "dry_run": true});
        let preview =
            m.a.admin("POST", "/api/admin/boxes/5kg/shortfall", Some(&cut))
                .await;
        assert!(
            !preview.text().contains(id(&b)),
            "{store}: {}",
            preview.text()
        );
        let stock = json!({"stock": 50});
        m.a.admin("PUT", "/api/admin/boxes/5kg", Some(&stock))
            .await
            .assert_status(StatusCode::OK, store);
        assert_eq!(
            m.b.available("5kg").await,
            1,
            "{store}: A's stock moved B's"
        );

        assert_eq!(m.b.buyer_view(&b).await["status"], "received", "{store}");
        assert_eq!(
            m.b.buyer_view(&b_packed).await["status"],
            "packed",
            "{store}"
        );
    }
}

#[tokio::test]
async fn a_producer_sees_only_its_own_claims() {
    for (store, m) in Market::on_both_stores().await {
        let b = shipped(&m.b, "b1").await;
        m.b.move_to(id(&b), "delivered").await;
        let filed = claim_filed(&m.b, &b, "c1", damaged_with_photo()).await;
        let claim = filed.json["id"].as_str().unwrap();
        let theirs = m.b.admin("GET", "/api/admin/claims", None).await.json;
        assert_eq!(theirs["claims"][0]["id"], claim, "{store}: {theirs}");
        let mine = m.a.admin("GET", "/api/admin/claims", None).await.json;
        assert_eq!(mine["claims"], json!([]), "{store}: {mine}");
        let resolve = json!({"outcome": "resend"});
        let path = format!("/api/admin/claims/{claim}");
        let one = m.a.admin("POST", &path, Some(&resolve)).await;
        assert_eq!(one.status, StatusCode::NOT_FOUND, "{store}: {}", one.text());
        let photo = format!("/api/admin/claims/{claim}/photos/1");
        assert_eq!(
            m.a.admin("GET", &photo, None).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            m.b.admin("GET", &photo, None).await.status,
            StatusCode::OK,
            "{store}"
        );
    }
}
