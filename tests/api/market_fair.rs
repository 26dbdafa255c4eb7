//! One producer's rush against another producer's buyers, through the API: the queue to the
//! database is shared fairly (server/limits/fair.rs).

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::TestApp;
use crate::market_kit::{market, order_at};

/// An order of one 5 kg box at producer `slug`, with key `key`.
async fn order(app: &TestApp, slug: &str, key: &str) -> crate::helpers::Reply {
    let body = json!({"box_id": "5kg", "quantity": 1, "name": "Dawa", "phone": "13700000000",
                      "address": "Zhongde village, Xiangcheng county"});
    let path = format!("/api/producers/{slug}/orders");
    app.call("POST", &path, &[("Idempotency-Key", key)], Some(&body))
        .await
}

#[tokio::test]
async fn while_one_producer_s_orders_fill_the_queue_another_s_buyer_still_orders() {
    let app = market(false).await;
    let shops = app.state.shops.all();
    let drolma = shops.iter().find(|s| s.slug == "drolma").unwrap().id;
    let mut rush = Vec::new();
    for _ in 0..app.state.config.max_pending_orders {
        rush.push(app.state.limits.pending(drolma).await.unwrap());
    }

    let shed = order(&app, "drolma", "one-more-for-drolma").await;
    shed.assert_status(StatusCode::SERVICE_UNAVAILABLE, app.store);
    assert_eq!(shed.json["error"]["code"], "overloaded");

    // The walnut buyer's order waits in line; once two producers sell at once the writer's queue
    // is a few places (fair::WINDOW), and the first place that frees below it goes to the
    // walnuts, not to Drolma's rush.
    let (walnut, ()) = tokio::join!(order(&app, "walnuts", "walnuts-in-the-rush"), async {
        for _ in 0..100 {
            tokio::task::yield_now().await;
        }
        let again = order(&app, "drolma", "drolma-while-walnuts-waits").await;
        assert_eq!(
            again.status,
            StatusCode::SERVICE_UNAVAILABLE,
            "Drolma holds its share"
        );
        rush.truncate(1); // Drolma's orders commit, down to one left in the writer's queue
    });
    walnut.assert_status(StatusCode::CREATED, app.store);
    assert_eq!(walnut.json["producer"], "walnuts");

    drop(rush);
    let after = order_at(
        &app,
        Some("drolma"),
        "drolma-after-the-rush",
        ("Pema", "13800000000"),
    )
    .await;
    assert_eq!(after["producer"], "drolma", "the places came back");
}
