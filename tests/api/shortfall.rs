//! A short harvest on both stores: the owner previews which orders of a box would be cancelled
//! (the newest `received` ones, just enough of them), then cancels exactly those with the
//! reason `harvest_short`; their boxes do not return to the stock, nothing else changes, and
//! their buyers' lookups say why.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::common::order_body;
use crate::helpers::TestApp;

/// Places orders of `quantities` boxes of 5 kg, oldest first; answers their 201 bodies.
async fn place_all(app: &TestApp, quantities: &[u32]) -> Vec<Value> {
    let mut placed = Vec::new();
    for (n, quantity) in quantities.iter().enumerate() {
        let reply = app
            .place(&format!("short-{n}"), &order_body("5kg", *quantity))
            .await;
        assert_eq!(reply.status, StatusCode::CREATED, "{}", app.store);
        placed.push(reply.json);
    }
    placed
}

fn ids(orders: &[&Value]) -> Value {
    orders.iter().map(|o| o["id"].clone()).collect()
}

#[tokio::test]
async fn a_short_harvest_cancels_the_newest_received_orders_that_free_enough_boxes() {
    for app in TestApp::on_both_stores(100).await {
        let o = place_all(&app, &[2, 3, 1, 4, 2]).await;
        // The oldest is packed already: it has left the shortfall's reach.
        app.move_to(o[0]["id"].as_str().unwrap(), "packed").await;
        let left = app.available("5kg").await;
        let preview = app
            .admin(
                "POST",
                "/api/admin/boxes/5kg/shortfall",
                Some(&json!({"boxes": 5, "dry_run": true})),
            )
            .await;
        assert_eq!(
            preview.status,
            StatusCode::OK,
            "{}: {}",
            app.store,
            preview.text()
        );
        // Newest first: 2 (o[4]) + 4 (o[3]) = 6 ≥ 5.
        assert_eq!(
            preview.json,
            json!({"orders": ids(&[&o[4], &o[3]]), "boxes_freed": 6})
        );
        assert_eq!(
            app.buyer_view(&o[4]).await["status"],
            "received",
            "a dry run writes nothing"
        );

        let done = app
            .admin(
                "POST",
                "/api/admin/boxes/5kg/shortfall",
                Some(&json!({"boxes": 5})),
            )
            .await;
        assert_eq!(done.json, preview.json, "{}", app.store);
        for order in [&o[4], &o[3]] {
            let view = app.buyer_view(order).await;
            assert_eq!(view["status"], "cancelled", "{}", app.store);
            assert_eq!(view["cancel_reason"], "harvest_short");
        }
        for order in [&o[0], &o[1], &o[2]] {
            let view = app.buyer_view(order).await;
            assert_ne!(view["status"], "cancelled", "{}", app.store);
            assert_eq!(view["cancel_reason"], Value::Null);
        }
        assert_eq!(
            app.available("5kg").await,
            left,
            "no box returns to the stock"
        );
        let impact = app.storefront().await["impact"].clone();
        assert_eq!(impact["orders"], 3, "{}: {impact}", app.store);
        assert_eq!(impact["kg_sold"], (2 + 3 + 1) * 5);

        // More missing than received: every received order goes, and the answer says so.
        let rest = app
            .admin(
                "POST",
                "/api/admin/boxes/5kg/shortfall",
                Some(&json!({"boxes": 50})),
            )
            .await;
        assert_eq!(
            rest.json,
            json!({"orders": ids(&[&o[2], &o[1]]), "boxes_freed": 4})
        );
        let none = app
            .admin(
                "POST",
                "/api/admin/boxes/5kg/shortfall",
                Some(&json!({"boxes": 1})),
            )
            .await;
        assert_eq!(
            none.json,
            json!({"orders": [], "boxes_freed": 0}),
            "{}",
            app.store
        );
    }
}

#[tokio::test]
async fn a_shortfall_needs_a_known_box_and_a_whole_number_of_boxes() {
    let app = TestApp::open_sale(100, 10).await;
    let path = "/api/admin/boxes/5kg/shortfall";
    for (body, field) in [
        (json!({"boxes": 0}), "boxes"),
        (json!({"boxes": "3"}), "boxes"),
        (json!({}), "boxes"),
        (json!({"boxes": 2, "dry_run": "yes"}), "dry_run"),
    ] {
        let refused = app.admin("POST", path, Some(&body)).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert!(
            refused.json["error"]["fields"][field].is_string(),
            "{body}: {}",
            refused.text()
        );
    }
    let unknown = app
        .admin(
            "POST",
            "/api/admin/boxes/20kg/shortfall",
            Some(&json!({"boxes": 1})),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.json["error"]["code"], "not_found");
    let anonymous = app
        .call("POST", path, &[], Some(&json!({"boxes": 1})))
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}
