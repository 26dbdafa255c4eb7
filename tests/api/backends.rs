//! The order contract's essentials run against both stores: SQLite in a temporary folder and
//! PostgreSQL in a fresh database of its own (the server that `scripts/with-postgres.sh`
//! starts). Each test says `on_both_stores` and runs its body once a store.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use serde_json::json;

use crate::common::{order_body, postgres, Sandbox};
use crate::helpers::{Reply, TestApp};

/// Asserts that `r` is the refusal `status` with error `code`, on `store`.
fn assert_refused(r: &Reply, status: StatusCode, code: &str, store: &str) {
    assert_eq!(
        (r.status, &r.json["error"]["code"]),
        (status, &json!(code)),
        "{store}: {}",
        r.json
    );
}

/// A shop on the PostgreSQL database at `url`, as another instance would open it.
async fn instance(url: &str) -> TestApp {
    let sandbox = Sandbox::open_sale(10, 10).with_database(url.to_owned());
    TestApp::with(sandbox, &["--rate-limit-per-minute", "0"]).await
}

#[tokio::test]
async fn an_order_takes_stock_and_is_found_only_with_its_token_on_both_stores() {
    for app in TestApp::on_both_stores(20).await {
        let store = app.store;
        let order = app.place("k1", &order_body("5kg", 3)).await;
        assert_eq!(order.status, StatusCode::CREATED, "{store}: {}", order.json);
        let order = order.json;
        assert_eq!(order["total_fen"], 3 * 6800, "{store}");
        assert_eq!(app.available("5kg").await, 17, "{store}");
        let id = order["id"].as_str().unwrap();
        let view = app.lookup(id, order["token"].as_str().unwrap()).await;
        assert_eq!(
            (view.status, &view.json["status"]),
            (StatusCode::OK, &json!("received")),
            "{store}"
        );
        let wrong = app.lookup(id, "x").await;
        assert_eq!(wrong.status, StatusCode::NOT_FOUND, "{store}");
        assert_eq!(wrong.json["error"]["code"], "not_found", "{store}");
    }
}

#[tokio::test]
async fn a_retry_answers_the_same_order_and_a_reused_key_is_refused_on_both_stores() {
    for app in TestApp::on_both_stores(20).await {
        let store = app.store;
        let first = app.place("same", &order_body("5kg", 2)).await.json;
        let again = app.place("same", &order_body("5kg", 2)).await;
        assert_eq!(again.status, StatusCode::CREATED, "{store}");
        assert_eq!(
            (&again.json["id"], &again.json["token"]),
            (&first["id"], &first["token"]),
            "{store}"
        );
        assert_eq!(
            app.available("5kg").await,
            18,
            "{store}: a replay takes no stock"
        );
        let reused = app.place("same", &order_body("10kg", 1)).await;
        assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY, "{store}");
        assert_eq!(
            reused.json["error"]["code"], "idempotency_key_reused",
            "{store}"
        );
    }
}

#[tokio::test]
async fn orders_over_the_stock_are_refused_with_what_is_left_on_both_stores() {
    for app in TestApp::on_both_stores(3).await {
        let store = app.store;
        let over = app.place("o1", &order_body("5kg", 5)).await;
        assert_eq!(over.status, StatusCode::CONFLICT, "{store}");
        assert_eq!(over.json["error"]["code"], "insufficient_stock", "{store}");
        assert_eq!(over.json["error"]["available"], 3, "{store}: {}", over.json);
        assert_eq!(
            app.place("o2", &order_body("5kg", 3)).await.status,
            StatusCode::CREATED
        );
        let gone = app.place("o3", &order_body("5kg", 1)).await;
        assert_refused(&gone, StatusCode::CONFLICT, "sold_out", store);
        // The refused key did not place anything: it can still be used.
        assert_eq!(
            app.place("o1", &order_body("10kg", 1)).await.status,
            StatusCode::CREATED,
            "{store}"
        );
    }
}

#[tokio::test]
async fn status_moves_go_forward_refuse_conflicts_and_cancelling_returns_stock_on_both_stores() {
    for app in TestApp::on_both_stores(10).await {
        let store = app.store;
        let order = app.place("m1", &order_body("5kg", 4)).await.json;
        let path = format!("/api/admin/orders/{}/status", order["id"].as_str().unwrap());
        let pack = json!({"status": "packed", "from": "received"});
        let packed = app.admin("POST", &path, Some(&pack)).await;
        assert_eq!(packed.status, StatusCode::OK, "{store}: {}", packed.json);
        let cancel = json!({"status": "cancelled", "from": "received"});
        let conflict = app.admin("POST", &path, Some(&cancel)).await;
        assert_eq!(conflict.json["error"]["code"], "status_conflict", "{store}");
        let again = app
            .admin("POST", &path, Some(&json!({"status": "packed"})))
            .await;
        assert_eq!(again.json["error"]["code"], "invalid_transition", "{store}");
        assert_eq!(app.available("5kg").await, 6, "{store}");
        let cancelled = app
            .admin("POST", &path, Some(&json!({"status": "cancelled"})))
            .await;
        assert_eq!(
            cancelled.status,
            StatusCode::OK,
            "{store}: {}",
            cancelled.json
        );
        assert_eq!(
            app.available("5kg").await,
            10,
            "{store}: cancelling gives the boxes back"
        );

        let second = app.place("m2", &order_body("10kg", 1)).await.json;
        let path = format!(
            "/api/admin/orders/{}/status",
            second["id"].as_str().unwrap()
        );
        let body = json!({"status": "shipped", "tracking_number": "SF1234567890"});
        let shipped = app.admin("POST", &path, Some(&body)).await;
        assert_eq!(
            shipped.json["tracking_number"], "SF1234567890",
            "{store}: {}",
            shipped.json
        );
        let list = app.admin("GET", "/api/admin/orders", None).await.json;
        let histories: Vec<usize> = list["orders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["history"].as_array().unwrap().len())
            .collect();
        assert_eq!(
            histories,
            [2, 3],
            "{store}: newest first, each move recorded: {list}"
        );
    }
}

#[tokio::test]
async fn the_team_sets_the_stock_of_known_boxes_only_on_both_stores() {
    for app in TestApp::on_both_stores(10).await {
        let store = app.store;
        let two = json!({"stock": 2});
        let r = app.admin("PUT", "/api/admin/boxes/5kg", Some(&two)).await;
        assert_eq!(r.status, StatusCode::OK, "{store}");
        assert_eq!(app.available("5kg").await, 2, "{store}");
        let r = app.admin("PUT", "/api/admin/boxes/nope", Some(&two)).await;
        assert_refused(&r, StatusCode::NOT_FOUND, "not_found", store);
        let three = app.place("s1", &order_body("5kg", 3)).await;
        assert_refused(&three, StatusCode::CONFLICT, "insufficient_stock", store);
    }
}

#[tokio::test]
async fn an_instance_sees_what_another_instance_sold_within_a_few_seconds() {
    let url = postgres::fresh_database().await;
    let (app_a, app_b) = (instance(&url).await, instance(&url).await);
    assert_eq!(
        app_a.place("x1", &order_body("5kg", 4)).await.status,
        StatusCode::CREATED
    );
    let started = Instant::now();
    while app_b.available("5kg").await != 6 {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "instance B never saw the order"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(app_b.storefront().await["impact"]["kg_sold"], 20);
}

#[tokio::test]
async fn restarting_on_the_same_postgres_database_keeps_the_stock() {
    let url = postgres::fresh_database().await;
    let first = instance(&url).await;
    assert_eq!(
        first.place("r1", &order_body("5kg", 7)).await.status,
        StatusCode::CREATED
    );
    assert_eq!(instance(&url).await.available("5kg").await, 3);
}
