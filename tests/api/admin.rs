//! The admin API (its token gate is in `admin_gate`): the list, the CSV dispatch list, status moves (forward only,
//! cancelling gives stock back) and stock changes.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::common::order_body;
use crate::helpers::{Reply, TestApp};

/// A shop with two orders: 2 boxes of 5 kg, and a 10 kg box whose buyer's details need care
/// in a spreadsheet.
pub(crate) async fn app_with_orders() -> (TestApp, Value, Value) {
    let app = TestApp::open_sale(50, 10).await;
    let first = app.place("a1", &order_body("5kg", 2)).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let mut body = order_body("10kg", 1);
    body["name"] = json!("=cmd|' /C calc'!A0");
    body["address"] = json!("卓玛家, \"苹果树\" 旁, 中德村");
    body["note"] = json!("请小心轻放");
    body["ref"] = json!("douyin-video-1");
    let second = app.place("a2", &body).await;
    assert_eq!(second.status, StatusCode::CREATED);
    (app, first.json, second.json)
}

/// The status path of `order`.
pub(crate) fn status_path(order: &Value) -> String {
    format!("/api/admin/orders/{}/status", order["id"].as_str().unwrap())
}

/// Moves `order` (a 201's body) as `change` says, with the admin token.
async fn move_order(app: &TestApp, order: &Value, change: Value) -> Reply {
    app.admin("POST", &status_path(order), Some(&change)).await
}

#[tokio::test]
async fn stock_is_bounded_at_a_million_boxes_and_cancels_never_pass_the_bound() {
    let (app, first, _) = app_with_orders().await;
    for stock in [
        json!(1_000_001),
        json!(4_294_967_295u64),
        json!(-1),
        json!(2.5),
        json!("7"),
    ] {
        let body = json!({ "stock": stock });
        let r = app.admin("PUT", "/api/admin/boxes/5kg", Some(&body)).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "stock {stock}");
        assert!(r.json["error"]["fields"]["stock"].is_string(), "{}", r.json);
    }
    let body = json!({"stock": 1_000_000});
    let r = app.admin("PUT", "/api/admin/boxes/5kg", Some(&body)).await;
    assert_eq!(r.status, StatusCode::OK);
    let cancel = json!({"status": "cancelled"});
    let r = move_order(&app, &first, cancel).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "a cancel on a full shelf is not refused"
    );
    assert_eq!(
        app.available("5kg").await,
        1_000_000,
        "held at the bound, never wrapped"
    );
}

#[tokio::test]
async fn the_list_is_newest_first_with_the_buyers_details() {
    let (app, first, second) = app_with_orders().await;
    let r = app.admin("GET", "/api/admin/orders", None).await;
    assert_eq!(r.status, StatusCode::OK);
    let orders = r.json["orders"].as_array().unwrap();
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
    let (app, first, _) = app_with_orders().await;
    for next in ["packed", "shipped"] {
        let r = move_order(&app, &first, json!({"status": next})).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.json);
        assert_eq!(r.json["status"], next);
    }
    for back in ["packed", "shipped", "cancelled"] {
        let r = move_order(&app, &first, json!({"status": back})).await;
        assert_eq!(r.status, StatusCode::CONFLICT, "shipped → {back}");
        assert_eq!(r.json["error"]["code"], "invalid_transition");
    }
    let r = move_order(&app, &first, json!({"status": "received"})).await;
    assert_eq!(
        (r.status, r.json["error"]["code"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("invalid"))
    );
    let v = move_order(&app, &first, json!({"status": "delivered"}))
        .await
        .json;
    let history: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(history, ["received", "packed", "shipped", "delivered"]);
    let buyer = app.buyer_view(&first).await;
    assert_eq!(buyer["status"], "delivered");
    assert_eq!(buyer["history"].as_array().unwrap().len(), 4);
    let packed = json!({"status": "packed"});
    let r = app
        .admin("POST", "/api/admin/orders/NOPE/status", Some(&packed))
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn cancelling_gives_the_boxes_back_and_the_impact_drops() {
    let (app, first, _) = app_with_orders().await;
    let before = app.storefront().await;
    assert_eq!(before["boxes"][0]["available"], 48);
    assert_eq!(before["impact"]["kg_sold"], 20);
    let cancel = json!({"status": "cancelled"});
    move_order(&app, &first, json!({"status": "packed"})).await;
    let r = move_order(&app, &first, cancel.clone()).await;
    assert_eq!(
        (r.status, r.json["status"].clone()),
        (StatusCode::OK, json!("cancelled"))
    );
    let after = app.storefront().await;
    assert_eq!(after["boxes"][0]["available"], 50);
    assert_eq!(after["impact"]["kg_sold"], 10);
    assert_eq!(after["impact"]["orders"], 1);
    let r = move_order(&app, &first, cancel.clone()).await;
    assert_eq!(
        r.status,
        StatusCode::CONFLICT,
        "a cancelled order stays cancelled and gives nothing back twice"
    );
    assert_eq!(app.storefront().await["boxes"][0]["available"], 50);
}

#[tokio::test]
async fn the_dispatch_list_is_csv_safe_for_spreadsheets() {
    let (app, first, second) = app_with_orders().await;
    let r = app.admin("GET", "/api/admin/orders.csv", None).await;
    assert_eq!(r.status, StatusCode::OK);
    let csv = r.text();
    assert!(csv.starts_with(
        "\u{feff}\"order_id\",\"created_at\",\"status\",\"box\",\"quantity\",\"name\",\"phone\",\"address\",\"note\",\"total_yuan\",\"payment\"\r\n"
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
    assert!(lines[2].ends_with(",\"136.00\",\"cod\""));
    let shipped_only = app
        .admin("GET", "/api/admin/orders.csv?status=shipped", None)
        .await
        .text();
    assert_eq!(
        shipped_only.trim_end().split("\r\n").count(),
        1,
        "only the header"
    );
}

#[tokio::test]
async fn the_team_sets_the_stock_and_the_storefront_shows_it_at_once() {
    let (app, _, _) = app_with_orders().await;
    let r = app
        .admin("PUT", "/api/admin/boxes/10kg", Some(&json!({"stock": 250})))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json["available"], 250);
    assert_eq!(app.storefront().await["boxes"][1]["available"], 250);
    for bad in [
        json!({"stock": -1}),
        json!({"stock": "9"}),
        json!({"stock": 1.5}),
        json!({}),
    ] {
        let r = app.admin("PUT", "/api/admin/boxes/10kg", Some(&bad)).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            r.json
        );
        assert!(r.json["error"]["fields"]["stock"].is_string());
    }
    let r = app
        .admin("PUT", "/api/admin/boxes/3kg", Some(&json!({"stock": 1})))
        .await;
    assert_eq!(
        (r.status, r.json["error"]["code"].clone()),
        (StatusCode::NOT_FOUND, json!("not_found"))
    );
}

#[tokio::test]
async fn a_move_that_conflicts_with_a_newer_state_is_refused_not_overwritten() {
    let (app, first, _) = app_with_orders().await;
    // Two helpers look at the order while it is received; the first packs it.
    let seen = json!({"status": "packed", "from": "received"});
    let r = move_order(&app, &first, seen).await;
    assert_eq!(r.status, StatusCode::OK);
    // The second, still seeing "received", tries to cancel it: refused, nothing changes.
    let stale = json!({"status": "cancelled", "from": "received"});
    let r = move_order(&app, &first, stale).await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json["error"]["code"], "status_conflict");
    assert!(r.json["error"]["message"]
        .as_str()
        .unwrap()
        .contains("packed"));
    let list = app.admin("GET", "/api/admin/orders", None).await.json;
    let order = list["orders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == first["id"])
        .unwrap()
        .clone();
    assert_eq!(order["status"], "packed");
    assert_eq!(order["history"].as_array().unwrap().len(), 2);
    let nonsense = json!({"status": "shipped", "from": "nonsense"});
    let r = move_order(&app, &first, nonsense).await;
    assert_eq!(
        (r.status, r.json["error"]["fields"]["from"].is_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, true)
    );
}

#[tokio::test]
async fn the_tracking_number_given_at_shipping_reaches_the_buyer() {
    let (app, first, _) = app_with_orders().await;
    let controlled = json!({"status": "shipped", "tracking_number": "\nSF1234567890"});
    let r = move_order(&app, &first, controlled).await;
    assert_eq!(
        r.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "control characters are refused: {}",
        r.json
    );
    let r = move_order(
        &app,
        &first,
        json!({"status": "shipped", "tracking_number": " SF1234567890 "}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.json);
    assert_eq!(r.json["tracking_number"], "SF1234567890");
    let buyer = app.buyer_view(&first).await;
    assert_eq!(buyer["tracking_number"], "SF1234567890");
    assert_eq!(buyer["status"], "shipped");
}
