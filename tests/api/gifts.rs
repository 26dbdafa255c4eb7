//! Gifts on both stores: a recipient checked by the buyer's own rules and a gift message; the
//! team's list, CSV and labels address the box to the recipient with the message; the buyer's
//! lookup shows neither phone.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::common::order_body;
use crate::helpers::TestApp;

const RECIPIENT_PHONE: &str = "13900139000";

fn gift() -> Value {
    let mut body = order_body("5kg", 2);
    body["recipient"] = json!({
        "name": "王妈妈",
        "phone": "139-0013-9000",
        "address": "北京市海淀区中关村大街 27 号",
    });
    body["gift_message"] = json!("妈妈，尝尝卓玛奶奶的苹果！");
    body
}

#[tokio::test]
async fn a_gift_goes_to_its_recipient_and_the_buyer_never_sees_a_phone() {
    for app in TestApp::on_both_stores(20).await {
        let placed = app.place("gift-1", &gift()).await;
        assert_eq!(placed.status, StatusCode::CREATED, "{}", app.store);
        let id = placed.json["id"].as_str().unwrap().to_owned();

        let view = app.buyer_view(&placed.json).await;
        assert_eq!(view["recipient"]["name"], "王妈妈", "{}", app.store);
        assert_eq!(view["recipient"]["address"], "北京市海淀区中关村大街 27 号");
        assert_eq!(view["gift_message"], "妈妈，尝尝卓玛奶奶的苹果！");
        let text = view.to_string();
        assert!(!text.contains(RECIPIENT_PHONE), "{text}");
        assert!(!text.contains("13800138000"), "{text}");

        let list = app.admin("GET", "/api/admin/orders", None).await;
        assert_eq!(list.status, StatusCode::OK, "{}", app.store);
        let team = &list.json["orders"][0];
        assert_eq!(team["recipient"]["name"], "王妈妈");
        assert_eq!(team["recipient"]["phone"], RECIPIENT_PHONE);
        assert_eq!(team["phone"], "13800138000", "the buyer's, for the team");
        assert_eq!(team["gift_message"], "妈妈，尝尝卓玛奶奶的苹果！");

        let csv = app.admin("GET", "/api/admin/orders.csv", None).await.text();
        let line = csv.lines().find(|l| l.contains(&id)).unwrap();
        assert!(
            line.contains(r#""王妈妈","13900139000","北京市海淀区中关村大街 27 号""#),
            "{line}"
        );
        assert!(
            line.contains(r#""礼物，来自 Tashi Dorje 13800138000：妈妈，尝尝卓玛奶奶的苹果！""#),
            "{line}"
        );

        let labels = app
            .admin("GET", &format!("/api/admin/labels?ids={id}"), None)
            .await
            .text();
        assert!(
            labels.contains("王妈妈<br>13900139000<br>北京市海淀区中关村大街 27 号"),
            "{labels}"
        );
        assert!(
            labels.contains("来自 Tashi Dorje<br>妈妈，尝尝卓玛奶奶的苹果！"),
            "{labels}"
        );
    }
}

#[tokio::test]
async fn a_recipient_breaking_the_buyers_rules_is_refused_field_by_field() {
    let app = TestApp::open_sale(20, 10).await;
    let mut body = gift();
    body["recipient"] = json!({"name": "   ", "phone": "12345", "address": 7});
    body["gift_message"] = json!("苹".repeat(101));
    let refused = app.place("gift-bad", &body).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields = &refused.json["error"]["fields"];
    for field in [
        "recipient.name",
        "recipient.phone",
        "recipient.address",
        "gift_message",
    ] {
        assert!(fields[field].is_string(), "{field}: {fields}");
    }
    assert_eq!(fields["gift_message"], "Use at most 100 characters.");

    body["recipient"] = json!("王妈妈");
    let not_an_object = app.place("gift-bad-2", &body).await;
    assert!(not_an_object.json["error"]["fields"]["recipient"].is_string());

    body["recipient"] = json!({"name": "王妈妈", "address": "北京市海淀区中关村大街 27 号"});
    body["gift_message"] = json!("生日快乐");
    let no_phone = app.place("gift-bad-3", &body).await;
    assert_eq!(
        no_phone.json["error"]["fields"],
        json!({"recipient.phone": "This field is required."})
    );
    assert_eq!(app.available("5kg").await, 20, "nothing was taken");
}

#[tokio::test]
async fn a_retry_of_a_gift_must_mean_the_same_gift() {
    let app = TestApp::open_sale(20, 10).await;
    let first = app.place("gift-retry", &gift()).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let again = app.place("gift-retry", &gift()).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.json["id"], first.json["id"]);
    let mut other = gift();
    other["gift_message"] = json!("另一句话");
    let reused = app.place("gift-retry", &other).await;
    assert_eq!(reused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(reused.json["error"]["code"], "idempotency_key_reused");
    let plain = app.place("plain-order", &order_body("5kg", 1)).await;
    let view = app.buyer_view(&plain.json).await;
    assert!(
        view.get("recipient").is_none() && view.get("gift_message").is_none(),
        "{view}"
    );
}
