//! The admin API through the real router: the token gate, the list, the CSV dispatch list,
//! status moves (forward only, cancelling gives stock back) and stock changes.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use common::{order_body, Sandbox, ADMIN_TOKEN};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

async fn call(
    app: &axum::Router,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, String) {
    call_from(app, "127.0.0.1", method, path, token, body).await
}

/// `call` from TCP peer `peer`.
async fn call_from(
    app: &axum::Router,
    peer: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> (StatusCode, String) {
    let peer: SocketAddr = format!("{peer}:40000").parse().unwrap();
    let mut req = Request::builder()
        .method(method)
        .uri(path)
        .extension(ConnectInfo(peer));
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let req = match body {
        Some(b) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string())),
        None => req.body(Body::empty()),
    };
    let response = app.clone().oneshot(req.unwrap()).await.unwrap();
    let status = response.status();
    (
        status,
        String::from_utf8(
            response
                .into_body()
                .collect()
                .await
                .unwrap()
                .to_bytes()
                .to_vec(),
        )
        .unwrap(),
    )
}

async fn json(
    app: &axum::Router,
    method: &str,
    path: &str,
    body: Option<Value>,
) -> (StatusCode, Value) {
    let (status, text) = call(app, method, path, Some(ADMIN_TOKEN), body).await;
    (status, serde_json::from_str(&text).unwrap())
}

async fn place(app: &axum::Router, key: &str, body: Value) -> Value {
    let req = Request::post("/api/orders")
        .header(header::CONTENT_TYPE, "application/json")
        .header("Idempotency-Key", key)
        .body(Body::from(body.to_string()))
        .unwrap();
    let response = app.clone().oneshot(req).await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap()
}

/// The order as its buyer sees it, with its private token.
async fn buyer_view(app: &axum::Router, order: &Value) -> Value {
    let lookup = Request::get(format!("/api/orders/{}", order["id"].as_str().unwrap()))
        .header(
            header::AUTHORIZATION,
            format!("Bearer {}", order["token"].as_str().unwrap()),
        )
        .body(Body::empty())
        .unwrap();
    let response = app.clone().oneshot(lookup).await.unwrap();
    serde_json::from_slice(&response.into_body().collect().await.unwrap().to_bytes()).unwrap()
}

async fn app_with_orders() -> (Sandbox, axum::Router, Value, Value) {
    let sandbox = Sandbox::open_sale(50, 10);
    let app = orchard::server::app(sandbox.state(&["--rate-limit-per-minute", "0"]).await);
    let first = place(&app, "a1", order_body("5kg", 2)).await;
    let mut body = order_body("10kg", 1);
    body["name"] = json!("=cmd|' /C calc'!A0");
    body["address"] = json!("卓玛家, \"苹果树\" 旁, 中德村");
    body["note"] = json!("请小心轻放");
    body["ref"] = json!("douyin-video-1");
    let second = place(&app, "a2", body).await;
    (sandbox, app, first, second)
}

#[tokio::test]
async fn every_admin_route_refuses_a_missing_or_wrong_token() {
    let (_s, app, first, _) = app_with_orders().await;
    let status_path = format!("/api/admin/orders/{}/status", first["id"].as_str().unwrap());
    let routes = [
        ("GET", "/api/admin/orders", None),
        ("GET", "/api/admin/orders.csv", None),
        (
            "POST",
            status_path.as_str(),
            Some(json!({"status": "packed"})),
        ),
        ("PUT", "/api/admin/boxes/5kg", Some(json!({"stock": 1}))),
    ];
    for (i, (method, path, body)) in routes.into_iter().enumerate() {
        let peer = format!("203.0.113.{i}");
        for token in [None, Some("wrong"), Some("")] {
            let (status, text) = call_from(&app, &peer, method, path, token, body.clone()).await;
            assert_eq!(
                status,
                StatusCode::UNAUTHORIZED,
                "{method} {path} with {token:?}"
            );
            let v: Value = serde_json::from_str(&text).unwrap();
            assert_eq!(v["error"]["code"], "unauthorized");
        }
    }
    let (_, orders) = json(&app, "GET", "/api/admin/orders", None).await;
    assert_eq!(orders["orders"][0]["status"], "received", "nothing moved");
}

#[tokio::test]
async fn a_client_guessing_admin_tokens_is_refused_with_429_before_its_guess_is_compared() {
    let (_s, app, _, _) = app_with_orders().await;
    let from_guesser = |token| {
        call_from(
            &app,
            "198.51.100.66",
            "GET",
            "/api/admin/orders",
            Some(token),
            None,
        )
    };
    for n in 0..10 {
        let (status, _) = from_guesser("guess").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "guess {n}");
    }
    let (status, text) = from_guesser("guess").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap()["error"]["code"],
        "rate_limited"
    );
    let (status, _) = from_guesser(ADMIN_TOKEN).await;
    assert_eq!(
        status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right token waits: a guess that happens to be right is never told apart"
    );
    let (status, _) = call(&app, "GET", "/api/admin/orders", Some(ADMIN_TOKEN), None).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "the team elsewhere is not locked out"
    );
}

#[tokio::test]
async fn stock_is_bounded_at_a_million_boxes_and_cancels_never_pass_the_bound() {
    let (_s, app, first, _) = app_with_orders().await;
    for stock in [
        json!(1_000_001),
        json!(4_294_967_295u64),
        json!(-1),
        json!(2.5),
        json!("7"),
    ] {
        let (status, text) = call(
            &app,
            "PUT",
            "/api/admin/boxes/5kg",
            Some(ADMIN_TOKEN),
            Some(json!({ "stock": stock })),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "stock {stock}");
        let v: Value = serde_json::from_str(&text).unwrap();
        assert!(v["error"]["fields"]["stock"].is_string(), "{v}");
    }
    let (status, _) = json(
        &app,
        "PUT",
        "/api/admin/boxes/5kg",
        Some(json!({"stock": 1_000_000})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let cancel = format!("/api/admin/orders/{}/status", first["id"].as_str().unwrap());
    let (status, _) = json(&app, "POST", &cancel, Some(json!({"status": "cancelled"}))).await;
    assert_eq!(
        status,
        StatusCode::OK,
        "a cancel on a full shelf is not refused"
    );
    let (_, front) = json(&app, "GET", "/api/storefront", None).await;
    let five = front["boxes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == "5kg")
        .unwrap()
        .clone();
    assert_eq!(
        five["available"], 1_000_000,
        "held at the bound, never wrapped"
    );
}

#[tokio::test]
async fn the_admin_api_is_off_without_a_configured_token() {
    let sandbox = Sandbox::open_sale(5, 5);
    let mut state = sandbox.state(&[]).await;
    let mut config = (*state.config).clone();
    config.admin_token = None;
    state.config = std::sync::Arc::new(config);
    let app = orchard::server::app(state);
    let (status, _) = call(&app, "GET", "/api/admin/orders", Some(ADMIN_TOKEN), None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_list_is_newest_first_with_the_buyers_details() {
    let (_s, app, first, second) = app_with_orders().await;
    let (status, v) = json(&app, "GET", "/api/admin/orders", None).await;
    assert_eq!(status, StatusCode::OK);
    let orders = v["orders"].as_array().unwrap();
    assert_eq!(orders.len(), 2);
    assert_eq!(orders[0]["id"], second["id"]);
    assert_eq!(orders[1]["id"], first["id"]);
    assert_eq!(orders[0]["phone"], "13800138000");
    assert_eq!(orders[0]["ref"], "douyin-video-1");
    assert_eq!(orders[0]["note"], "请小心轻放");
    assert_eq!(orders[1]["address"], "12 Chunxi Road, Jinjiang, Chengdu");
}

#[tokio::test]
async fn orders_move_forward_only_and_each_move_is_in_the_history() {
    let (_s, app, first, _) = app_with_orders().await;
    let path = format!("/api/admin/orders/{}/status", first["id"].as_str().unwrap());
    for next in ["packed", "shipped"] {
        let (status, v) = json(&app, "POST", &path, Some(json!({"status": next}))).await;
        assert_eq!(status, StatusCode::OK, "{v}");
        assert_eq!(v["status"], next);
    }
    for back in ["packed", "shipped", "cancelled"] {
        let (status, v) = json(&app, "POST", &path, Some(json!({"status": back}))).await;
        assert_eq!(status, StatusCode::CONFLICT, "shipped → {back}");
        assert_eq!(v["error"]["code"], "invalid_transition");
    }
    let (status, v) = json(&app, "POST", &path, Some(json!({"status": "received"}))).await;
    assert_eq!(
        (status, v["error"]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("invalid"))
    );
    let (_, v) = json(&app, "POST", &path, Some(json!({"status": "delivered"}))).await;
    let history: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["received", "packed", "shipped", "delivered"]);
    let buyer = buyer_view(&app, &first).await;
    assert_eq!(buyer["status"], "delivered");
    assert_eq!(buyer["history"].as_array().unwrap().len(), 4);
    let (status, _) = json(
        &app,
        "POST",
        "/api/admin/orders/NOPE/status",
        Some(json!({"status": "packed"})),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn cancelling_gives_the_boxes_back_and_the_impact_drops() {
    let (_s, app, first, _) = app_with_orders().await;
    let storefront = |app: axum::Router| async move {
        let r = app
            .oneshot(Request::get("/api/storefront").body(Body::empty()).unwrap())
            .await
            .unwrap();
        serde_json::from_slice::<Value>(&r.into_body().collect().await.unwrap().to_bytes()).unwrap()
    };
    let before = storefront(app.clone()).await;
    assert_eq!(before["boxes"][0]["available"], 48);
    assert_eq!(before["impact"]["kg_sold"], 20);
    let path = format!("/api/admin/orders/{}/status", first["id"].as_str().unwrap());
    json(&app, "POST", &path, Some(json!({"status": "packed"}))).await;
    let (status, v) = json(&app, "POST", &path, Some(json!({"status": "cancelled"}))).await;
    assert_eq!(
        (status, v["status"].clone()),
        (StatusCode::OK, json!("cancelled"))
    );
    let after = storefront(app.clone()).await;
    assert_eq!(after["boxes"][0]["available"], 50);
    assert_eq!(after["impact"]["kg_sold"], 10);
    assert_eq!(after["impact"]["orders"], 1);
    let (status, _) = json(&app, "POST", &path, Some(json!({"status": "cancelled"}))).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a cancelled order stays cancelled and gives nothing back twice"
    );
    assert_eq!(storefront(app).await["boxes"][0]["available"], 50);
}

#[tokio::test]
async fn the_dispatch_list_is_csv_safe_for_spreadsheets() {
    let (_s, app, first, second) = app_with_orders().await;
    let (status, csv) = call(
        &app,
        "GET",
        "/api/admin/orders.csv",
        Some(ADMIN_TOKEN),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(csv.starts_with(
        "\u{feff}\"order_id\",\"created_at\",\"status\",\"box\",\"quantity\",\"name\",\"phone\",\"address\",\"note\",\"total_yuan\"\r\n"
    ));
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 3);
    assert!(lines[1].starts_with(&format!("\"{}\",", second["id"].as_str().unwrap())));
    assert!(
        lines[1].contains(",\"'=cmd|' /C calc'!A0\","),
        "formula defused: {}",
        lines[1]
    );
    assert!(
        lines[1].contains(",\"卓玛家, \"\"苹果树\"\" 旁, 中德村\",\"请小心轻放\",\"128.00\""),
        "{}",
        lines[1]
    );
    assert!(lines[2].starts_with(&format!("\"{}\",", first["id"].as_str().unwrap())));
    assert!(lines[2].ends_with(",\"136.00\""));
    let (_, shipped_only) = call(
        &app,
        "GET",
        "/api/admin/orders.csv?status=shipped",
        Some(ADMIN_TOKEN),
        None,
    )
    .await;
    assert_eq!(
        shipped_only.trim_end().split("\r\n").count(),
        1,
        "only the header"
    );
}

#[tokio::test]
async fn the_team_sets_the_stock_and_the_storefront_shows_it_at_once() {
    let (_s, app, _, _) = app_with_orders().await;
    let (status, v) = json(
        &app,
        "PUT",
        "/api/admin/boxes/10kg",
        Some(json!({"stock": 250})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(v["available"], 250);
    let r = app
        .clone()
        .oneshot(Request::get("/api/storefront").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let s: Value =
        serde_json::from_slice(&r.into_body().collect().await.unwrap().to_bytes()).unwrap();
    assert_eq!(s["boxes"][1]["available"], 250);
    for bad in [
        json!({"stock": -1}),
        json!({"stock": "9"}),
        json!({"stock": 1.5}),
        json!({}),
    ] {
        let (status, v) = json(&app, "PUT", "/api/admin/boxes/10kg", Some(bad.clone())).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}: {v}");
        assert!(v["error"]["fields"]["stock"].is_string());
    }
    let (status, v) = json(
        &app,
        "PUT",
        "/api/admin/boxes/3kg",
        Some(json!({"stock": 1})),
    )
    .await;
    assert_eq!(
        (status, v["error"]["code"].clone()),
        (StatusCode::NOT_FOUND, json!("not_found"))
    );
}

#[tokio::test]
async fn a_move_that_conflicts_with_a_newer_state_is_refused_not_overwritten() {
    let (_s, app, first, _) = app_with_orders().await;
    let path = format!("/api/admin/orders/{}/status", first["id"].as_str().unwrap());
    // Two helpers look at the order while it is received; the first packs it.
    let (status, _) = json(
        &app,
        "POST",
        &path,
        Some(json!({"status": "packed", "from": "received"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    // The second, still seeing "received", tries to cancel it: refused, nothing changes.
    let (status, v) = json(
        &app,
        "POST",
        &path,
        Some(json!({"status": "cancelled", "from": "received"})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(v["error"]["code"], "status_conflict");
    assert!(v["error"]["message"].as_str().unwrap().contains("packed"));
    let (_, list) = json(&app, "GET", "/api/admin/orders", None).await;
    let order = list["orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == first["id"])
        .unwrap()
        .clone();
    assert_eq!(order["status"], "packed");
    assert_eq!(order["history"].as_array().unwrap().len(), 2);
    let (status, v) = json(
        &app,
        "POST",
        &path,
        Some(json!({"status": "shipped", "from": "nonsense"})),
    )
    .await;
    assert_eq!(
        (status, v["error"]["fields"]["from"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );
}

#[tokio::test]
async fn the_tracking_number_given_at_shipping_reaches_the_buyer() {
    let (_s, app, first, _) = app_with_orders().await;
    let path = format!("/api/admin/orders/{}/status", first["id"].as_str().unwrap());
    let (status, v) = json(
        &app,
        "POST",
        &path,
        Some(json!({"status": "shipped", "tracking_number": "\nSF1234567890"})),
    )
    .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "control characters are refused: {v}"
    );
    let (status, v) = json(
        &app,
        "POST",
        &path,
        Some(json!({"status": "shipped", "tracking_number": " SF1234567890 "})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{v}");
    assert_eq!(v["tracking_number"], "SF1234567890");
    let buyer = buyer_view(&app, &first).await;
    assert_eq!(buyer["tracking_number"], "SF1234567890");
    assert_eq!(buyer["status"], "shipped");
}
