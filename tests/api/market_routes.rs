//! A county market of two producers on both stores: each producer's storefront and orders at
//! `/api/producers/{slug}/…` with its own stock under the same box id, the unscoped routes
//! meaning the default producer, an idempotency key scoped to its producer, the order's answers
//! naming their producer, an unknown producer 404 on the API and as a page, and the producer's
//! own storefront page at `/p/{slug}`.

use axum::http::StatusCode;

use crate::market_kit::{on_both_stores, order_at, WALNUT_BUYER};

#[tokio::test]
async fn each_producer_sells_its_own_stock_under_the_same_box_id() {
    for app in on_both_stores().await {
        let walnuts = order_at(&app, Some("walnuts"), "walnut-key-1", WALNUT_BUYER).await;
        assert_eq!(walnuts["producer"], "walnuts", "{}", app.store);
        let shelf = |json: &serde_json::Value| json["boxes"][0]["available"].as_u64().unwrap();
        let theirs = app.get("/api/producers/walnuts/storefront").await;
        theirs.assert_status(StatusCode::OK, app.store);
        assert_eq!(shelf(&theirs.json), 39, "{}", app.store);
        let drolma = app.get("/api/producers/drolma/storefront").await;
        assert_eq!(
            shelf(&drolma.json),
            100,
            "{}: Drolma's stock is hers",
            app.store
        );
        assert_eq!(
            shelf(&app.get("/api/storefront").await.json),
            100,
            "{}: the unscoped storefront is the default producer's",
            app.store
        );
        let unscoped = order_at(&app, None, "drolma-key-1", ("Pema", "13800000000")).await;
        assert_eq!(unscoped["producer"], "drolma", "{}", app.store);
    }
}

#[tokio::test]
async fn one_idempotency_key_at_two_producers_places_two_orders() {
    for app in on_both_stores().await {
        let key = "the-same-key-twice";
        let at_drolma = order_at(&app, Some("drolma"), key, ("Pema", "13800000000")).await;
        let at_walnuts = order_at(&app, Some("walnuts"), key, WALNUT_BUYER).await;
        assert_ne!(at_drolma["id"], at_walnuts["id"], "{}", app.store);
        let again = order_at(&app, Some("walnuts"), key, WALNUT_BUYER).await;
        assert_eq!(
            again["id"], at_walnuts["id"],
            "{}: a retry is the same order",
            app.store
        );
    }
}

#[tokio::test]
async fn a_buyer_follows_an_order_of_any_producer_at_the_usual_address() {
    for app in on_both_stores().await {
        let order = order_at(&app, Some("walnuts"), "follow-me", WALNUT_BUYER).await;
        let (id, token) = (
            order["id"].as_str().unwrap(),
            order["token"].as_str().unwrap(),
        );
        let seen = app.lookup(id, token).await;
        seen.assert_status(StatusCode::OK, app.store);
        assert_eq!(seen.json["producer"], "walnuts", "{}", app.store);
        assert_eq!(seen.json["id"], id, "{}", app.store);
        let wrong = app.lookup(id, "not-the-token").await;
        wrong.assert_status(StatusCode::NOT_FOUND, app.store);
    }
}

#[tokio::test]
async fn an_unknown_producer_is_not_found_on_the_api_and_as_a_page() {
    for app in on_both_stores().await {
        for path in ["/api/producers/nope/storefront", "/api/producers/walnuts"] {
            let missing = app.get(path).await;
            missing.assert_status(StatusCode::NOT_FOUND, app.store);
            assert_eq!(missing.json["error"]["code"], "not_found", "{path}");
        }
        let page = app.get("/p/nope").await;
        page.assert_status(StatusCode::NOT_FOUND, app.store);
    }
}

#[tokio::test]
async fn a_producers_page_is_its_storefront_with_its_own_share_card() {
    let app = crate::market_kit::market(false).await;
    let page = app.get("/p/walnuts").await;
    page.assert_status(StatusCode::OK, app.store);
    let html = page.text();
    assert!(
        html.contains("<meta name=\"orchard-producer\" content=\"walnuts\">"),
        "{html}"
    );
    assert!(html.contains("Walnut family"), "{html}");
    assert!(
        html.contains("/p/walnuts\">"),
        "the share card's og:url: {html}"
    );
    let default = app.get("/p/drolma").await.text();
    assert!(default.contains("content=\"drolma\""), "{default}");
    assert!(!default.contains("Walnut family"), "{default}");
}
