//! `[limits] max_boxes_per_phone`: the boxes of one buyer's phone over its orders not cancelled
//! never pass the limit, whatever the spelling of the phone and whatever the concurrency, on
//! both stores.

use axum::http::StatusCode;
use futures_util::future::join_all;
use serde_json::{json, Value};

use crate::common::{at, content_toml, order_body, postgres, Sandbox};
use crate::helpers::TestApp;

/// A sale open now, 100 boxes of 5 kg, at most `max` boxes per phone.
fn limited(max: u32) -> String {
    let usual = content_toml(&at(-3600), None, 100, 10);
    let boxes = usual.find("[[boxes]]").unwrap();
    format!(
        "{}[limits]\nmax_boxes_per_phone = {max}\n\n{}",
        &usual[..boxes],
        &usual[boxes..]
    )
}

async fn on_both_stores(max: u32) -> Vec<TestApp> {
    let flags = ["--rate-limit-per-minute", "0"];
    let pg = Sandbox::new(&limited(max)).with_database(postgres::fresh_database().await);
    vec![
        TestApp::with(Sandbox::new(&limited(max)), &flags).await,
        TestApp::with(pg, &flags).await,
    ]
}

fn with_phone(quantity: u32, phone: &str) -> Value {
    let mut body = order_body("5kg", quantity);
    body["phone"] = json!(phone);
    body
}

#[tokio::test]
async fn one_phone_however_it_is_written_may_not_pass_the_limit_and_is_told_what_remains() {
    for app in on_both_stores(5).await {
        let first = app.place("limit-1", &with_phone(3, "13800138000")).await;
        assert_eq!(first.status, StatusCode::CREATED, "{}", app.store);
        let again = app
            .place("limit-2", &with_phone(3, "+86 138-0013-8000"))
            .await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", app.store);
        assert_eq!(again.json["error"]["code"], "limit_reached");
        assert_eq!(again.json["error"]["remaining"], 2, "{}", app.store);
        let fits = app.place("limit-3", &with_phone(2, "+8613800138000")).await;
        assert_eq!(fits.status, StatusCode::CREATED, "{}", app.store);
        let full = app.place("limit-4", &with_phone(1, "138 0013 8000")).await;
        assert_eq!(full.json["error"]["remaining"], 0, "{}", app.store);
        let other = app.place("limit-5", &with_phone(5, "13900139000")).await;
        assert_eq!(
            other.status,
            StatusCode::CREATED,
            "another buyer: {}",
            app.store
        );
        assert_eq!(
            app.available("5kg").await,
            90,
            "refusals took no stock: {}",
            app.store
        );
        let replay = app.place("limit-1", &with_phone(3, "13800138000")).await;
        assert_eq!(
            replay.status,
            StatusCode::CREATED,
            "a retry is answered: {}",
            app.store
        );
        assert_eq!(replay.json["id"], first.json["id"]);
    }
}

#[tokio::test]
async fn a_cancelled_order_gives_its_boxes_back_to_the_phone() {
    for app in on_both_stores(4).await {
        let first = app.place("cancel-1", &with_phone(4, "13800138000")).await;
        let id = first.json["id"].as_str().unwrap();
        let refused = app.place("cancel-2", &with_phone(1, "13800138000")).await;
        assert_eq!(
            refused.json["error"]["code"], "limit_reached",
            "{}",
            app.store
        );
        let path = format!("/api/admin/orders/{id}/status");
        let cancel = app
            .admin("POST", &path, Some(&json!({"status": "cancelled"})))
            .await;
        assert_eq!(cancel.status, StatusCode::OK, "{}", cancel.text());
        let after = app.place("cancel-3", &with_phone(4, "13800138000")).await;
        assert_eq!(after.status, StatusCode::CREATED, "{}", app.store);
    }
}

#[tokio::test]
async fn twenty_racing_orders_of_one_phone_place_exactly_the_limit() {
    for app in on_both_stores(7).await {
        let body = with_phone(1, "13800138000");
        let keys: Vec<String> = (0..20).map(|n| format!("race-{n}")).collect();
        let replies = join_all(keys.iter().map(|key| app.place(key, &body))).await;
        let placed = replies
            .iter()
            .filter(|r| r.status == StatusCode::CREATED)
            .count();
        let limited = replies
            .iter()
            .filter(|r| r.json["error"]["code"] == "limit_reached")
            .count();
        assert_eq!((placed, limited), (7, 13), "{}", app.store);
        assert_eq!(app.available("5kg").await, 93, "{}", app.store);
    }
}

#[tokio::test]
async fn a_limit_of_zero_is_refused_at_start() {
    let content = limited(0);
    let why = orchard::server::Content::parse(&content).unwrap_err();
    assert_eq!(why.0.as_deref(), Some("limits.max_boxes_per_phone"));
}
