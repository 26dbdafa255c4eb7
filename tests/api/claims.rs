//! A buyer's claims on both stores: filed with the order's token once the order is shipped and
//! until 14 days after its delivery, at most 3 open at once, a retry with the same key answering
//! the same claim, and photos checked by their bytes (`claim_bodies.rs`: the bad bodies).

use axum::http::StatusCode;
use serde_json::json;

use crate::claim_kit::{
    claim, claim_filed, damaged_with_photo, form, order_moved, post_claim, shipped, tamper,
    BOUNDARY, JPEG,
};
use crate::helpers::TestApp;

#[tokio::test]
async fn a_buyer_claims_a_shipped_order_with_a_photo_and_sees_it_open_in_the_lookup() {
    for app in TestApp::on_both_stores(20).await {
        let order = shipped(&app, "claim-ship").await;
        let filed = claim_filed(&app, &order, "c-1", damaged_with_photo()).await;
        assert_eq!(filed.json["status"], "open");
        assert_eq!(filed.headers["cache-control"], "no-store");
        let view = app.buyer_view(&order).await;
        let claims = view["claims"].as_array().unwrap();
        assert_eq!(claims.len(), 1, "{}", app.store);
        let c = &claims[0];
        assert_eq!(c["id"], filed.json["id"]);
        assert_eq!(
            (
                &c["kind"],
                &c["apples"],
                &c["message"],
                &c["photos"],
                &c["status"]
            ),
            (
                &json!("damaged"),
                &json!(3),
                &json!("三个苹果压坏了"),
                &json!(1),
                &json!("open")
            ),
            "{}",
            app.store
        );
        assert!(c["outcome"].is_null() && c["resolved_at"].is_null());
    }
}

#[tokio::test]
async fn an_order_is_claimed_from_shipped_until_fourteen_days_after_delivery() {
    for app in TestApp::on_both_stores(20).await {
        let received = order_moved(&app, "w-received", &[]).await;
        let early = claim(&app, &received, "w-1", damaged_with_photo()).await;
        assert_eq!(early.status, StatusCode::CONFLICT, "{}", app.store);
        assert_eq!(early.json["error"]["code"], "claim_not_allowed");

        let delivered = order_moved(&app, "w-delivered", &["packed", "shipped", "delivered"]).await;
        let fresh = claim(&app, &delivered, "w-2", damaged_with_photo()).await;
        assert_eq!(fresh.status, StatusCode::CREATED, "{}", app.store);

        let old = order_moved(&app, "w-old", &["packed", "shipped", "delivered"]).await;
        let fifteen_days_ms = 15 * 24 * 3600 * 1000_i64;
        let id = old["id"].as_str().unwrap();
        tamper(
            &app,
            &format!(
                "UPDATE order_events SET at_ms = at_ms - {fifteen_days_ms} WHERE status = 'delivered' \
                 AND order_seq = (SELECT seq FROM orders WHERE id = '{id}')"
            ),
        )
        .await;
        let late = claim(&app, &old, "w-3", damaged_with_photo()).await;
        late.assert_status(StatusCode::CONFLICT, app.store);
        assert_eq!(late.json["error"]["code"], "claim_not_allowed");
    }
}

#[tokio::test]
async fn an_order_has_at_most_three_open_claims_and_a_retry_with_its_key_writes_nothing() {
    for app in TestApp::on_both_stores(20).await {
        let order = shipped(&app, "three").await;
        let mut ids = Vec::new();
        for key in ["k1", "k2", "k3"] {
            let filed = claim_filed(&app, &order, key, damaged_with_photo()).await;
            ids.push(filed.json["id"].clone());
        }
        let retry = claim(&app, &order, "k2", damaged_with_photo()).await;
        assert_eq!(
            retry.status,
            StatusCode::CREATED,
            "a retry is answered: {}",
            app.store
        );
        assert_eq!(retry.json["id"], ids[1], "the same claim: {}", app.store);
        let fourth = claim(&app, &order, "k4", damaged_with_photo()).await;
        assert_eq!(fourth.status, StatusCode::CONFLICT, "{}", app.store);
        assert_eq!(fourth.json["error"]["code"], "claim_not_allowed");
        let other = form(&[("kind", None, b"missing")]);
        let reused = claim(&app, &order, "k1", other).await;
        assert_eq!(
            reused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            app.store
        );
        assert_eq!(reused.json["error"]["code"], "idempotency_key_reused");
        let view = app.buyer_view(&order).await;
        assert_eq!(view["claims"].as_array().unwrap().len(), 3, "{}", app.store);
    }
}

#[tokio::test]
async fn a_claim_on_someone_elses_order_is_404_like_an_unknown_id() {
    let app = TestApp::open_sale(20, 10).await;
    let mine = shipped(&app, "mine").await;
    let theirs = shipped(&app, "theirs").await;
    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let (their_id, my_token) = (
        theirs["id"].as_str().unwrap(),
        mine["token"].as_str().unwrap(),
    );
    let wrong = post_claim(
        &app,
        their_id,
        my_token,
        Some("x"),
        &content_type,
        damaged_with_photo(),
    )
    .await;
    let unknown = post_claim(
        &app,
        "NOSUCHORDER1",
        my_token,
        Some("x"),
        &content_type,
        damaged_with_photo(),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::NOT_FOUND);
    assert_eq!(
        (wrong.status, wrong.body.clone()),
        (unknown.status, unknown.body.clone())
    );
    assert_eq!(app.buyer_view(&theirs).await["claims"], json!([]));
}

#[tokio::test]
async fn a_photo_is_judged_by_its_bytes_not_its_name() {
    let app = TestApp::open_sale(20, 10).await;
    let order = shipped(&app, "bytes").await;
    let text = form(&[
        ("kind", None, b"damaged"),
        ("photo", Some("apple.jpg"), b"not an image at all"),
    ]);
    let refused = claim(&app, &order, "b-1", text).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        refused.json["error"]["fields"]["photo"].is_string(),
        "{}",
        refused.text()
    );
    let named_png = form(&[("kind", None, b"wrong"), ("photo", Some("photo.png"), JPEG)]);
    let accepted = claim(&app, &order, "b-2", named_png).await;
    assert_eq!(accepted.status, StatusCode::CREATED, "{}", accepted.text());
}

#[tokio::test]
async fn five_racing_claims_on_one_order_leave_exactly_three_open() {
    for app in TestApp::on_both_stores(20).await {
        let order = shipped(&app, "race").await;
        let keys: Vec<String> = (0..5).map(|n| format!("race-{n}")).collect();
        let replies = futures_util::future::join_all(
            keys.iter()
                .map(|key| claim(&app, &order, key, damaged_with_photo())),
        )
        .await;
        let statuses: Vec<StatusCode> = replies.iter().map(|r| r.status).collect();
        let filed = statuses
            .iter()
            .filter(|s| **s == StatusCode::CREATED)
            .count();
        let refused = statuses
            .iter()
            .filter(|s| **s == StatusCode::CONFLICT)
            .count();
        assert_eq!((filed, refused), (3, 2), "{}: {statuses:?}", app.store);
        let view = app.buyer_view(&order).await;
        assert_eq!(view["claims"].as_array().unwrap().len(), 3, "{}", app.store);
    }
}
