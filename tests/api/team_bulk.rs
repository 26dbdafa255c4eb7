//! The team's bulk writes on both stores: a bulk move of a mix of orders (moved, moved before,
//! moved by someone else, unknown) answers the same when retried; a bulk cancel gives the stock
//! back once; the courier's CSV ships packed orders by line, refusing bad lines by number.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};

use crate::common::{order_body, ADMIN_TOKEN};
use crate::helpers::{Reply, TestApp};

/// Places `n` orders of `quantity` boxes of 5 kg; their ids.
pub async fn place_orders(app: &TestApp, n: usize, quantity: u32) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..n {
        let order = app
            .place(&format!("bulk-{i}"), &order_body("5kg", quantity))
            .await;
        assert_eq!(
            order.status,
            StatusCode::CREATED,
            "{}: {}",
            app.store,
            order.json
        );
        ids.push(order.json["id"].as_str().unwrap().to_owned());
    }
    ids
}

/// `POST /api/admin/orders/status` with the admin token.
pub async fn bulk(app: &TestApp, ids: &[&str], from: &str, status: &str) -> Reply {
    let body = json!({"ids": ids, "from": from, "status": status});
    app.admin("POST", "/api/admin/orders/status", Some(&body))
        .await
}

/// The team's view of order `id`.
pub async fn team_view(app: &TestApp, id: &str) -> Value {
    let orders = app.admin("GET", "/api/admin/orders", None).await.json;
    let orders = orders["orders"].as_array().unwrap().clone();
    orders.into_iter().find(|o| o["id"] == id).unwrap()
}

#[tokio::test]
async fn a_bulk_move_moves_what_is_still_there_reports_the_rest_and_a_retry_answers_the_same() {
    for app in TestApp::on_both_stores(50).await {
        let store = app.store;
        let ids = place_orders(&app, 4, 1).await;
        let [a, b, c, d] = [&ids[0], &ids[1], &ids[2], &ids[3]].map(String::as_str);
        app.move_to(c, "packed").await;
        app.move_to(d, "packed").await;
        app.move_to(d, "shipped").await;
        let unknown = "ZZZZZZZZZZZZ";
        let request = [a, b, c, d, unknown, a];
        let want = json!({
            "moved": [a, b, c],
            "refused": {d: "status_conflict", unknown: "not_found"},
        });
        let first = bulk(&app, &request, "received", "packed").await;
        assert_eq!(
            (first.status, &first.json),
            (StatusCode::OK, &want),
            "{store}"
        );
        let again = bulk(&app, &request, "received", "packed").await;
        assert_eq!(
            (again.status, &again.json),
            (StatusCode::OK, &want),
            "{store}"
        );
        for id in [a, b, c] {
            assert_eq!(team_view(&app, id).await["status"], "packed", "{store}");
        }
        let history = &team_view(&app, a).await["history"];
        assert_eq!(
            history.as_array().unwrap().len(),
            2,
            "{store}: one move, {history}"
        );
        assert_eq!(team_view(&app, d).await["status"], "shipped", "{store}");
        let backwards = bulk(&app, &[d], "shipped", "cancelled").await;
        assert_eq!(
            backwards.json,
            json!({"moved": [], "refused": {d: "invalid_transition"}}),
            "{store}"
        );
    }
}

#[tokio::test]
async fn a_bulk_cancel_gives_the_boxes_back_once_on_the_storefront() {
    for app in TestApp::on_both_stores(20).await {
        let store = app.store;
        let ids = place_orders(&app, 3, 3).await;
        assert_eq!(app.available("5kg").await, 11, "{store}");
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        app.move_to(ids[2], "packed").await;
        let cancel = bulk(&app, &ids[..2], "received", "cancelled").await;
        assert_eq!(
            cancel.json["moved"],
            json!(ids[..2]),
            "{store}: {}",
            cancel.json
        );
        assert_eq!(app.available("5kg").await, 17, "{store}");
        let retry = bulk(&app, &ids[..2], "received", "cancelled").await;
        assert_eq!(retry.json, cancel.json, "{store}");
        assert_eq!(app.available("5kg").await, 17, "{store}: given back once");
        let packed = bulk(&app, &ids[2..], "packed", "cancelled").await;
        assert_eq!(packed.json["moved"], json!(ids[2..]), "{store}");
        assert_eq!(app.available("5kg").await, 20, "{store}");
        let storefront = app.storefront().await;
        assert_eq!(storefront["impact"]["orders"], 0, "{store}: {storefront}");
    }
}

/// The `n`th order id (that no order has): `n` in Crockford's base32, 12 symbols.
fn unknown_id(n: usize) -> String {
    let alphabet = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    (0..12)
        .rev()
        .map(|i| alphabet[(n >> (5 * i)) % 32] as char)
        .collect()
}

#[tokio::test]
async fn a_bulk_move_takes_10000_ids_and_refuses_more_or_a_bad_status_with_fields() {
    for app in TestApp::on_both_stores(5).await {
        let store = app.store;
        let ids: Vec<String> = (0..10_001).map(unknown_id).collect();
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let most = bulk(&app, &ids[..10_000], "received", "packed").await;
        assert_eq!(
            most.status,
            StatusCode::OK,
            "{store}: {}",
            most.json["error"]
        );
        assert_eq!(most.json["refused"].as_object().unwrap().len(), 10_000);
        let over = bulk(&app, &ids, "received", "packed").await;
        assert_eq!(over.status, StatusCode::UNPROCESSABLE_ENTITY, "{store}");
        assert_eq!(over.json["error"]["code"], "invalid");
        assert!(
            over.json["error"]["fields"]["ids"].is_string(),
            "{}",
            over.json
        );
        for (from, status, field) in [
            ("received", "lost", "status"),
            ("received", "received", "status"),
            ("nowhere", "packed", "from"),
        ] {
            let bad = bulk(&app, &ids[..1], from, status).await;
            assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{store}");
            let fields = bad.json["error"]["fields"].as_object().unwrap();
            assert_eq!(fields.keys().collect::<Vec<_>>(), [field], "{}", bad.json);
        }
        let bad_id = bulk(&app, &["not an id"], "received", "packed").await;
        assert!(
            bad_id.json["error"]["fields"]["ids"].is_string(),
            "{}",
            bad_id.json
        );
    }
}

/// `POST /api/admin/tracking-numbers` with `body` as `content_type`.
pub async fn upload(app: &TestApp, content_type: &str, body: impl Into<Body>) -> Reply {
    let req = Request::post("/api/admin/tracking-numbers")
        .header("Authorization", format!("Bearer {ADMIN_TOKEN}"))
        .header("Content-Type", content_type)
        .body(body.into())
        .unwrap();
    app.send(req).await
}

#[tokio::test]
async fn a_courier_csv_ships_the_packed_orders_and_refuses_bad_lines_by_number() {
    for app in TestApp::on_both_stores(20).await {
        let store = app.store;
        let ids = place_orders(&app, 3, 1).await;
        let [a, b, c] = [&ids[0], &ids[1], &ids[2]].map(String::as_str);
        let packed = bulk(&app, &[a, b], "received", "packed").await;
        assert_eq!(packed.json["moved"], json!([a, b]), "{store}");
        let csv = format!(
            "\u{feff}order_id,tracking_number\r\n{a},SF1234567890\r\n{b},SF 12\r\n{c},YT0000000001\r\n\
             ZZZZZZZZZZZZ,YT0000000002\r\n\r\n{a},SF1234567890\r\n"
        );
        let want = json!({"shipped": 2, "refused": {"3": "invalid", "4": "status_conflict", "5": "not_found"}});
        let first = upload(&app, "text/csv; charset=utf-8", csv.clone()).await;
        assert_eq!(
            (first.status, &first.json),
            (StatusCode::OK, &want),
            "{store}"
        );
        let view = team_view(&app, a).await;
        assert_eq!(
            (&view["status"], &view["tracking_number"]),
            (&json!("shipped"), &json!("SF1234567890")),
            "{store}"
        );
        assert_eq!(team_view(&app, b).await["status"], "packed", "{store}");
        let retry = upload(&app, "text/csv", csv).await;
        assert_eq!(retry.json, want, "{store}: a retry answers the same");
        let other = upload(&app, "text/csv", format!("{a},SF0000000000\n")).await;
        assert_eq!(
            other.json,
            json!({"shipped": 0, "refused": {"1": "status_conflict"}}),
            "{store}"
        );
        assert_eq!(team_view(&app, a).await["tracking_number"], "SF1234567890");
    }
}

#[tokio::test]
async fn a_courier_csv_over_2_mib_or_not_text_csv_is_refused() {
    let app = TestApp::open_sale(5, 5).await;
    let line = "7KQ2M9XD4PRA,SF1234567890\n";
    let big = line.repeat(2 * 1024 * 1024 / line.len() + 1);
    let over = upload(&app, "text/csv", big).await;
    assert_eq!(over.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", over.json);
    assert_eq!(over.json["error"]["code"], "payload_too_large");
    let just = line.repeat(2 * 1024 * 1024 / line.len());
    let fits = upload(&app, "text/csv", just).await;
    assert_eq!(fits.status, StatusCode::OK, "{}", fits.json["error"]);
    let json_body = upload(&app, "application/json", r#"{"lines":[]}"#).await;
    assert_eq!(json_body.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(json_body.json["error"]["code"], "unsupported_media_type");
}

#[tokio::test]
async fn two_helpers_sending_the_same_bulk_move_at_once_move_each_order_once() {
    for app in TestApp::on_both_stores(50).await {
        let store = app.store;
        let ids = place_orders(&app, 20, 1).await;
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        let mut reversed = ids.clone();
        reversed.reverse();
        let (one, two) = tokio::join!(
            bulk(&app, &ids, "received", "cancelled"),
            bulk(&app, &reversed, "received", "cancelled"),
        );
        for answer in [&one, &two] {
            assert_eq!(answer.status, StatusCode::OK, "{store}: {}", answer.json);
            let moved = answer.json["moved"].as_array().unwrap();
            assert_eq!(moved.len(), 20, "{store}: {}", answer.json);
        }
        assert_eq!(
            app.available("5kg").await,
            50,
            "{store}: each given back once"
        );
        for id in &ids {
            let history = &team_view(&app, id).await["history"];
            assert_eq!(history.as_array().unwrap().len(), 2, "{store}: {history}");
        }
    }
}
