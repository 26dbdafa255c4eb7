//! A short harvest on both stores: the owner previews which orders of a box would be cancelled
//! (the newest `received` ones, just enough of them), then confirms with the previewed ids and
//! cancels exactly those with the reason `harvest_short`, or nothing if one of them moved since;
//! their boxes do not return to the stock, nothing else changes, and their buyers' lookups say
//! why.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::common::order_body;
use crate::helpers::{Reply, TestApp};

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

const PATH: &str = "/api/admin/boxes/5kg/shortfall";

/// The preview of `boxes` missing 5 kg boxes.
async fn preview(app: &TestApp, boxes: u32) -> Reply {
    let body = json!({"boxes": boxes, "dry_run": true});
    let reply = app.admin("POST", PATH, Some(&body)).await;
    reply.assert_status(StatusCode::OK, app.store);
    reply
}

/// The confirm of `boxes` missing 5 kg boxes, naming the previewed `orders`.
async fn confirm(app: &TestApp, boxes: u32, orders: &Value) -> Reply {
    let body = json!({"boxes": boxes, "dry_run": false, "orders": orders});
    app.admin("POST", PATH, Some(&body)).await
}

#[tokio::test]
async fn a_short_harvest_cancels_the_newest_received_orders_that_free_enough_boxes() {
    for app in TestApp::on_both_stores(100).await {
        let o = place_all(&app, &[2, 3, 1, 4, 2]).await;
        // The oldest is packed already: it has left the shortfall's reach.
        app.move_to(o[0]["id"].as_str().unwrap(), "packed").await;
        let left = app.available("5kg").await;
        let seen = preview(&app, 5).await;
        // Newest first: 2 (o[4]) + 4 (o[3]) = 6 ≥ 5.
        assert_eq!(
            seen.json,
            json!({"orders": ids(&[&o[4], &o[3]]), "boxes_freed": 6})
        );
        assert_eq!(
            app.buyer_view(&o[4]).await["status"],
            "received",
            "a dry run writes nothing"
        );

        let done = confirm(&app, 5, &seen.json["orders"]).await;
        assert_eq!(done.json, seen.json, "{}", app.store);
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
        let rest = preview(&app, 50).await;
        assert_eq!(
            rest.json,
            json!({"orders": ids(&[&o[2], &o[1]]), "boxes_freed": 4})
        );
        let done = confirm(&app, 50, &rest.json["orders"]).await;
        assert_eq!(done.json, rest.json, "{}", app.store);
        let none = preview(&app, 1).await;
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
    let too_many: Vec<String> = (0..10_001).map(|n| format!("A{n:0>11}")).collect();
    for (body, field) in [
        (json!({"boxes": 0, "dry_run": true}), "boxes"),
        (json!({"boxes": "3", "dry_run": true}), "boxes"),
        (json!({"dry_run": true}), "boxes"),
        (json!({"boxes": 2, "dry_run": "yes"}), "dry_run"),
        (json!({"boxes": 2}), "orders"),
        (json!({"boxes": 2, "dry_run": false}), "orders"),
        (json!({"boxes": 2, "orders": []}), "orders"),
        (json!({"boxes": 2, "orders": ["not-an-id"]}), "orders"),
        (json!({"boxes": 2, "orders": too_many}), "orders"),
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
            Some(&json!({"boxes": 1, "dry_run": true})),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(unknown.json["error"]["code"], "not_found");
    let anonymous = app
        .call("POST", path, &[], Some(&json!({"boxes": 1})))
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_order_placed_between_the_preview_and_the_confirm_is_not_cancelled() {
    for app in TestApp::on_both_stores(100).await {
        let o = place_all(&app, &[2, 3]).await;
        let seen = preview(&app, 2).await;
        assert_eq!(seen.json["orders"], ids(&[&o[1]]), "{}", app.store);
        let newer = app.place("short-newer", &order_body("5kg", 4)).await.json;
        let done = confirm(&app, 2, &seen.json["orders"]).await;
        done.assert_status(StatusCode::OK, app.store);
        assert_eq!(
            done.json,
            json!({"orders": ids(&[&o[1]]), "boxes_freed": 3})
        );
        assert_eq!(app.buyer_view(&o[1]).await["status"], "cancelled");
        for unseen in [&newer, &o[0]] {
            let view = app.buyer_view(unseen).await;
            assert_eq!(view["status"], "received", "{}: never previewed", app.store);
        }
    }
}

#[tokio::test]
async fn a_previewed_order_moved_before_the_confirm_cancels_nothing() {
    for app in TestApp::on_both_stores(100).await {
        let o = place_all(&app, &[1, 1, 1]).await;
        let seen = preview(&app, 3).await;
        assert_eq!(
            seen.json["orders"],
            ids(&[&o[2], &o[1], &o[0]]),
            "{}",
            app.store
        );
        app.move_to(o[1]["id"].as_str().unwrap(), "packed").await;
        let refused = confirm(&app, 3, &seen.json["orders"]).await;
        refused.assert_status(StatusCode::CONFLICT, app.store);
        assert_eq!(refused.json["error"]["code"], "shortfall_changed");
        assert_eq!(
            refused.json["error"]["moved"],
            ids(&[&o[1]]),
            "{}",
            app.store
        );
        for order in [&o[0], &o[2]] {
            let view = app.buyer_view(order).await;
            assert_eq!(
                view["status"], "received",
                "{}: nothing cancelled",
                app.store
            );
        }
        assert_eq!(app.storefront().await["impact"]["orders"], 3);

        // An order of another size, or one nobody placed, was never this box's to cancel.
        let other = app.place("short-10kg", &order_body("10kg", 1)).await.json;
        for stranger in [other["id"].clone(), json!("ABCDEFGHJKMN")] {
            let named = json!([o[0]["id"], stranger]);
            let refused = confirm(&app, 1, &named).await;
            assert_eq!(refused.status, StatusCode::CONFLICT, "{}", app.store);
            assert_eq!(refused.json["error"]["moved"], json!([stranger]));
        }
        assert_eq!(app.buyer_view(&o[0]).await["status"], "received");
        assert_eq!(app.buyer_view(&other).await["status"], "received");
    }
}
