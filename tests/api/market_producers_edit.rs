//! Editing a producer's content from a phone (issue #28), on both stores: the owner changes
//! their texts, a price (orders placed before keep theirs) and the sale's dates, and the
//! storefront, its ETag and its page show it at once; another producer's owner and a packer are
//! refused; a box's stock stays with the stock endpoint; and a server restarted on the same
//! database with the older file keeps the edits, and serves the producers put on the market.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::common::at;
use crate::market_kit::{
    as_member, on_both_stores, order_at, DROLMA_OWNER, DROLMA_PACKER, OPERATOR, WALNUT_BUYER,
    WALNUT_OWNER,
};
use crate::market_producers::tsering;
use crate::market_store::producer;

const CONTENT: &str = "/api/producers/drolma/admin/content";

fn five_kg(storefront: &Value) -> Value {
    let boxes = storefront["boxes"].as_array().unwrap();
    boxes.iter().find(|b| b["id"] == "5kg").unwrap().clone()
}

#[tokio::test]
async fn the_owner_edits_texts_a_price_and_dates_and_old_orders_keep_their_price() {
    for app in on_both_stores().await {
        let s = app.store;
        let earlier = order_at(&app, Some("drolma"), "d-1", ("卓玛的老顾客", "13700000000")).await;
        let before = app.get("/api/producers/drolma/storefront").await;
        let old_price = five_kg(&before.json)["price_fen"].as_i64().unwrap();
        let edit = json!({
            "name": {"en": "Grandma Drolma"},
            "story": {"fr": ["Drolma vit à Zhongde, près de son pommier."]},
            "sale": {"closes_at": at(30 * 86_400)},
            "boxes": [{"id": "5kg", "price_fen": old_price + 400}]
        });
        let edited = as_member(&app, DROLMA_OWNER, "PUT", CONTENT, Some(&edit)).await;
        edited.assert_status(StatusCode::OK, s);
        let now = app.get("/api/producers/drolma/storefront").await;
        assert_ne!(now.headers["etag"], before.headers["etag"], "{s}");
        let producer = &now.json["producer"];
        assert_eq!(producer["name"]["en"], "Grandma Drolma", "{s}");
        assert_eq!(
            producer["name"]["zh"], before.json["producer"]["name"]["zh"],
            "{s}"
        );
        assert_eq!(
            producer["story"]["fr"][0], "Drolma vit à Zhongde, près de son pommier.",
            "{s}"
        );
        assert_eq!(
            producer["story"]["en"], before.json["producer"]["story"]["en"],
            "{s}"
        );
        assert!(now.json["sale"]["closes_at"].is_string(), "{s}");
        assert_eq!(five_kg(&now.json)["price_fen"], old_price + 400, "{s}");
        assert_eq!(
            five_kg(&now.json)["available"],
            five_kg(&before.json)["available"],
            "{s}"
        );
        let later = order_at(&app, Some("drolma"), "d-2", ("新顾客", "13700000001")).await;
        assert_eq!(later["total_fen"], old_price + 400, "{s}");
        let kept = app.buyer_view(&earlier).await;
        assert_eq!(
            kept["total_fen"], old_price,
            "{s}: an order keeps the price it was placed at"
        );
        let page = app.get("/p/drolma?lang=en").await.text();
        assert!(
            page.contains("Grandma Drolma"),
            "{s}: the page is rendered again"
        );
    }
}

#[tokio::test]
async fn another_producers_owner_and_a_packer_may_not_edit_and_the_operator_may() {
    for app in on_both_stores().await {
        let s = app.store;
        let edit = json!({"greeting": "Tashi delek"});
        for token in [WALNUT_OWNER, DROLMA_PACKER] {
            let refused = as_member(&app, token, "PUT", CONTENT, Some(&edit)).await;
            refused.assert_status(StatusCode::FORBIDDEN, s);
        }
        let shown = app.get("/api/producers/drolma/storefront").await.json;
        assert_ne!(shown["producer"]["greeting"], "Tashi delek", "{s}");
        let operator = as_member(&app, OPERATOR, "PUT", CONTENT, Some(&edit)).await;
        operator.assert_status(StatusCode::OK, s);
        assert_eq!(operator.json["producer"]["greeting"], "Tashi delek", "{s}");
    }
}

#[tokio::test]
async fn a_bad_edit_changes_nothing_and_stock_stays_with_its_own_endpoint() {
    for app in on_both_stores().await {
        let s = app.store;
        let before = app.get("/api/producers/walnuts/storefront").await.json;
        let path = "/api/producers/walnuts/admin/content";
        for (edit, field) in [
            (
                json!({"name": {"en": "Walnuts"}, "boxes": [{"id": "5kg", "stock": 999}]}),
                "boxes[0].stock",
            ),
            (json!({"name": {"zh": ""}, "greeting": "hi"}), "name.zh"),
            (
                json!({"sale": {"closes_at": at(-7200)}, "greeting": "hi"}),
                "sale.closes_at",
            ),
            (
                json!({"media": {"picture": "https://elsewhere.example/p.jpg"}}),
                "media.picture",
            ),
        ] {
            let refused = as_member(&app, WALNUT_OWNER, "PUT", path, Some(&edit)).await;
            refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY, s);
            assert!(
                refused.json["error"]["fields"][field].is_string(),
                "{s}: {}",
                refused.json
            );
        }
        let after = app.get("/api/producers/walnuts/storefront").await.json;
        assert_eq!(after["producer"], before["producer"], "{s}");
        assert_eq!(after["boxes"], before["boxes"], "{s}");
        let new_box =
            json!({"boxes": [{"id": "1kg", "weight_kg": 1, "price_fen": 1800, "stock": 12}]});
        let added = as_member(&app, WALNUT_OWNER, "PUT", path, Some(&new_box)).await;
        added.assert_status(StatusCode::OK, s);
        let one = added.json["boxes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["id"] == "1kg")
            .cloned();
        assert_eq!(one.unwrap()["available"], 12, "{s}");
    }
}

#[tokio::test]
async fn a_restart_on_the_same_database_keeps_the_edits_and_the_new_producers() {
    for app in on_both_stores().await {
        let s = app.store;
        order_at(&app, Some("walnuts"), "w-1", WALNUT_BUYER).await;
        let edit = json!({"name": {"en": "Grandma Drolma"}, "boxes": [{"id": "5kg", "price_fen": 7100}],
                          "sale": {"harvest_at": "2027-10-20T00:00:00+08:00"}});
        as_member(&app, DROLMA_OWNER, "PUT", CONTENT, Some(&edit))
            .await
            .assert_status(StatusCode::OK, s);
        as_member(
            &app,
            OPERATOR,
            "POST",
            "/api/admin/producers",
            Some(&tsering()),
        )
        .await
        .assert_status(StatusCode::CREATED, s);
        // The same database, opened again with Drolma's file as it was (older texts and price).
        let again = producer(&app.sandbox.database(), "drolma", 100).await;
        let shown = again.storefront().await;
        assert_eq!(shown["producer"]["name"]["en"], "Grandma Drolma", "{s}");
        assert_eq!(five_kg(&shown)["price_fen"], 7100, "{s}");
        assert_eq!(shown["sale"]["harvest_at"], "2027-10-19T16:00:00Z", "{s}");
        let tsering = again.get("/api/producers/tsering/storefront").await;
        tsering.assert_status(StatusCode::OK, s);
        assert_eq!(tsering.json["producer"]["name"]["zh"], "次仁", "{s}");
    }
}

#[tokio::test]
async fn an_edit_on_one_instance_reaches_another_on_the_same_postgres_database() {
    let app = crate::market_kit::market(true).await;
    let other = producer(&app.sandbox.database(), "drolma", 100).await;
    let edit =
        json!({"name": {"en": "Grandma Drolma"}, "boxes": [{"id": "5kg", "price_fen": 7300}]});
    as_member(&app, DROLMA_OWNER, "PUT", CONTENT, Some(&edit))
        .await
        .assert_status(StatusCode::OK, app.store);
    let mut shown = other.storefront().await;
    for _ in 0..40 {
        if shown["producer"]["name"]["en"] == "Grandma Drolma" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        shown = other.storefront().await;
    }
    assert_eq!(shown["producer"]["name"]["en"], "Grandma Drolma");
    assert_eq!(five_kg(&shown)["price_fen"], 7300);
    let order = other
        .place("o-1", &crate::common::order_body("5kg", 1))
        .await;
    assert_eq!(
        order.json["total_fen"], 7300,
        "the other instance takes the new price"
    );
}
