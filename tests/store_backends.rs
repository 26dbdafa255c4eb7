//! The order contract's essentials through the real router (`oneshot`), run against both stores:
//! SQLite in a temporary folder and PostgreSQL in a fresh database of its own (the server that
//! `scripts/with-postgres.sh` starts). Each test says `on_both_stores` and runs its body twice.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::{order_body, postgres, Sandbox, ADMIN_TOKEN};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

/// The two stores, each with a sale open, `stock_5` boxes of 5 kg and 10 of 10 kg.
async fn sandboxes(stock_5: u32) -> Vec<(&'static str, Sandbox)> {
    vec![
        ("sqlite", Sandbox::open_sale(stock_5, 10)),
        (
            "postgres",
            Sandbox::open_sale(stock_5, 10).with_database(postgres::fresh_database().await),
        ),
    ]
}

async fn app(sandbox: &Sandbox) -> axum::Router {
    orchard::server::app(sandbox.state(&["--rate-limit-per-minute", "0"]).await)
}

async fn call(
    app: &axum::Router,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<Value>,
) -> (StatusCode, Value) {
    let mut req = Request::builder().method(method).uri(path);
    for (name, value) in headers {
        req = req.header(*name, *value);
    }
    let req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    };
    let response = app.clone().oneshot(req.unwrap()).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

async fn place(app: &axum::Router, key: &str, body: Value) -> (StatusCode, Value) {
    call(
        app,
        "POST",
        "/api/orders",
        &[("Idempotency-Key", key)],
        Some(body),
    )
    .await
}

async fn admin(app: &axum::Router, method: &str, path: &str, body: Value) -> (StatusCode, Value) {
    let bearer = format!("Bearer {ADMIN_TOKEN}");
    call(app, method, path, &[("Authorization", &bearer)], Some(body)).await
}

async fn available(app: &axum::Router, box_id: &str) -> u64 {
    let (_, s) = call(app, "GET", "/api/storefront", &[], None).await;
    s["boxes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == box_id)
        .unwrap()["available"]
        .as_u64()
        .unwrap()
}

#[tokio::test]
async fn an_order_takes_stock_and_is_found_only_with_its_token_on_both_stores() {
    for (store, sandbox) in sandboxes(20).await {
        let app = app(&sandbox).await;
        let (status, order) = place(&app, "k1", order_body("5kg", 3)).await;
        assert_eq!(status, StatusCode::CREATED, "{store}: {order}");
        assert_eq!(order["total_fen"], 3 * 6800, "{store}");
        assert_eq!(available(&app, "5kg").await, 17, "{store}");
        let path = format!("/api/orders/{}", order["id"].as_str().unwrap());
        let bearer = format!("Bearer {}", order["token"].as_str().unwrap());
        let (status, view) = call(&app, "GET", &path, &[("Authorization", &bearer)], None).await;
        assert_eq!(
            (status, &view["status"]),
            (StatusCode::OK, &json!("received")),
            "{store}"
        );
        let (status, wrong) =
            call(&app, "GET", &path, &[("Authorization", "Bearer x")], None).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{store}");
        assert_eq!(wrong["error"]["code"], "not_found", "{store}");
    }
}

#[tokio::test]
async fn a_retry_answers_the_same_order_and_a_reused_key_is_refused_on_both_stores() {
    for (store, sandbox) in sandboxes(20).await {
        let app = app(&sandbox).await;
        let (_, first) = place(&app, "same", order_body("5kg", 2)).await;
        let (status, again) = place(&app, "same", order_body("5kg", 2)).await;
        assert_eq!(status, StatusCode::CREATED, "{store}");
        assert_eq!(
            (&again["id"], &again["token"]),
            (&first["id"], &first["token"]),
            "{store}"
        );
        assert_eq!(
            available(&app, "5kg").await,
            18,
            "{store}: a replay takes no stock"
        );
        let (status, reused) = place(&app, "same", order_body("10kg", 1)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{store}");
        assert_eq!(reused["error"]["code"], "idempotency_key_reused", "{store}");
    }
}

#[tokio::test]
async fn orders_over_the_stock_are_refused_with_what_is_left_on_both_stores() {
    for (store, sandbox) in sandboxes(3).await {
        let app = app(&sandbox).await;
        let (status, over) = place(&app, "o1", order_body("5kg", 5)).await;
        assert_eq!(status, StatusCode::CONFLICT, "{store}");
        assert_eq!(over["error"]["code"], "insufficient_stock", "{store}");
        assert_eq!(over["error"]["available"], 3, "{store}: {over}");
        assert_eq!(
            place(&app, "o2", order_body("5kg", 3)).await.0,
            StatusCode::CREATED
        );
        let (status, gone) = place(&app, "o3", order_body("5kg", 1)).await;
        assert_eq!(
            (status, &gone["error"]["code"]),
            (StatusCode::CONFLICT, &json!("sold_out")),
            "{store}"
        );
        // The refused key did not place anything: it can still be used.
        assert_eq!(
            place(&app, "o1", order_body("10kg", 1)).await.0,
            StatusCode::CREATED,
            "{store}"
        );
    }
}

#[tokio::test]
async fn status_moves_go_forward_refuse_conflicts_and_cancelling_returns_stock_on_both_stores() {
    for (store, sandbox) in sandboxes(10).await {
        let app = app(&sandbox).await;
        let (_, order) = place(&app, "m1", order_body("5kg", 4)).await;
        let path = format!("/api/admin/orders/{}/status", order["id"].as_str().unwrap());
        let packed = admin(
            &app,
            "POST",
            &path,
            json!({"status": "packed", "from": "received"}),
        )
        .await;
        assert_eq!(packed.0, StatusCode::OK, "{store}: {}", packed.1);
        let conflict = admin(
            &app,
            "POST",
            &path,
            json!({"status": "cancelled", "from": "received"}),
        )
        .await;
        assert_eq!(conflict.1["error"]["code"], "status_conflict", "{store}");
        let again = admin(&app, "POST", &path, json!({"status": "packed"})).await;
        assert_eq!(again.1["error"]["code"], "invalid_transition", "{store}");
        assert_eq!(available(&app, "5kg").await, 6, "{store}");
        let cancelled = admin(&app, "POST", &path, json!({"status": "cancelled"})).await;
        assert_eq!(cancelled.0, StatusCode::OK, "{store}: {}", cancelled.1);
        assert_eq!(
            available(&app, "5kg").await,
            10,
            "{store}: cancelling gives the boxes back"
        );

        let (_, second) = place(&app, "m2", order_body("10kg", 1)).await;
        let path = format!(
            "/api/admin/orders/{}/status",
            second["id"].as_str().unwrap()
        );
        let body = json!({"status": "shipped", "tracking_number": "SF1234567890"});
        let shipped = admin(&app, "POST", &path, body).await;
        assert_eq!(
            shipped.1["tracking_number"], "SF1234567890",
            "{store}: {}",
            shipped.1
        );
        let bearer = format!("Bearer {ADMIN_TOKEN}");
        let (_, list) = call(
            &app,
            "GET",
            "/api/admin/orders",
            &[("Authorization", &bearer)],
            None,
        )
        .await;
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
    for (store, sandbox) in sandboxes(10).await {
        let app = app(&sandbox).await;
        let (status, _) = admin(&app, "PUT", "/api/admin/boxes/5kg", json!({"stock": 2})).await;
        assert_eq!(status, StatusCode::OK, "{store}");
        assert_eq!(available(&app, "5kg").await, 2, "{store}");
        let (status, v) = admin(&app, "PUT", "/api/admin/boxes/nope", json!({"stock": 2})).await;
        assert_eq!(
            (status, &v["error"]["code"]),
            (StatusCode::NOT_FOUND, &json!("not_found")),
            "{store}"
        );
        assert_eq!(
            place(&app, "s1", order_body("5kg", 3)).await.0,
            StatusCode::CONFLICT,
            "{store}"
        );
    }
}

#[tokio::test]
async fn an_instance_sees_what_another_instance_sold_within_a_few_seconds() {
    let url = postgres::fresh_database().await;
    let a = Sandbox::open_sale(10, 10).with_database(url.clone());
    let b = Sandbox::open_sale(10, 10).with_database(url);
    let (app_a, app_b) = (app(&a).await, app(&b).await);
    assert_eq!(
        place(&app_a, "x1", order_body("5kg", 4)).await.0,
        StatusCode::CREATED
    );
    let started = Instant::now();
    while available(&app_b, "5kg").await != 6 {
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "instance B never saw the order"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (_, storefront) = call(&app_b, "GET", "/api/storefront", &[], None).await;
    assert_eq!(storefront["impact"]["kg_sold"], 20);
}

#[tokio::test]
async fn restarting_on_the_same_postgres_database_keeps_the_stock() {
    let url = postgres::fresh_database().await;
    let first = Sandbox::open_sale(10, 10).with_database(url.clone());
    let app_1 = app(&first).await;
    assert_eq!(
        place(&app_1, "r1", order_body("5kg", 7)).await.0,
        StatusCode::CREATED
    );
    let again = Sandbox::open_sale(10, 10).with_database(url);
    assert_eq!(available(&app(&again).await, "5kg").await, 3);
}
