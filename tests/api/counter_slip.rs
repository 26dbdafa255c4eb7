//! The slip a service point prints for a villager's order at its counter
//! (`GET /api/orders/{id}/slip`): asked with the order's token, it names the producer, the
//! order and the villager, and its QR code, read back by the same decoder the team's camera
//! uses, is the order's full tracking link; a wrong token is 404 as an unknown id is, and a
//! slip with no origin to link to is refused by name.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{Reply, TestApp};
use crate::market_kit::{on_both_stores, WALNUT_PACKER};

/// The walnut family's packer places an order at the counter for Pema.
async fn at_the_counter(app: &TestApp) -> Value {
    let bearer = format!("Bearer {WALNUT_PACKER}");
    let body = json!({"box_id": "5kg", "quantity": 2, "name": "Pema Villager",
                      "phone": "13800138000", "address": "Zhongde village, Xiangcheng county",
                      "ref": "counter"});
    let headers = [
        ("Idempotency-Key", "counter-pema"),
        ("Authorization", &bearer),
    ];
    let placed = app
        .call(
            "POST",
            "/api/producers/walnuts/orders",
            &headers,
            Some(&body),
        )
        .await;
    placed.assert_status(StatusCode::CREATED, app.store);
    placed.json
}

async fn slip(app: &TestApp, id: &str, token: &str, query: &str) -> Reply {
    let bearer = format!("Bearer {token}");
    let path = format!("/api/orders/{id}/slip{query}");
    app.call("GET", &path, &[("Authorization", &bearer)], None)
        .await
}

/// The text of the QR code in a slip's SVG (`qr_svg`: one `M x y h1v1h-1z` square a dark
/// module in a `viewBox` of `side` modules), drawn 4 pixels a module and read by rqrr.
fn read_qr(page: &str) -> Option<String> {
    let svg = &page[page.find("<svg")?..];
    let view = &svg[svg.find("viewBox=\"0 0 ")? + 13..];
    let side: usize = view[..view.find(' ')?].parse().ok()?;
    let path = &svg[svg.find(" d=\"")? + 4..];
    let path = &path[..path.find('"')?];
    const SCALE: usize = 4;
    let width = side * SCALE;
    let mut grey = vec![255u8; width * width];
    for square in path.split('M').filter(|s| !s.is_empty()) {
        let corner = square.trim_end_matches("h1v1h-1z");
        let (x, y) = corner.split_once(' ')?;
        let (x, y): (usize, usize) = (x.parse().ok()?, y.parse().ok()?);
        for dy in 0..SCALE {
            let row = (y * SCALE + dy) * width;
            grey[row + x * SCALE..row + (x + 1) * SCALE].fill(0);
        }
    }
    orchard::qr::read_qr(&grey, width, width)
}

#[tokio::test]
async fn a_counter_orders_slip_names_the_order_and_its_qr_code_is_the_full_tracking_link_on_both_stores(
) {
    for app in on_both_stores().await {
        let order = at_the_counter(&app).await;
        let (id, token) = (
            order["id"].as_str().unwrap(),
            order["token"].as_str().unwrap(),
        );
        assert_eq!(order["producer"], "walnuts");
        let page = slip(
            &app,
            id,
            token,
            "?lang=en&origin=http%3A%2F%2F10.0.0.2%3A8080",
        )
        .await;
        page.assert_status(StatusCode::OK, app.store);
        assert!(
            page.content_type().starts_with("text/html"),
            "{}",
            page.content_type()
        );
        assert_eq!(page.headers["cache-control"], "no-store");
        let text = page.text();
        let link = format!("http://10.0.0.2:8080/orders/{id}#t={token}");
        for seen in [
            "<h1>Walnut family</h1>",
            id,
            "5kg × 2",
            "For Pema Villager",
            &link,
        ] {
            assert!(text.contains(seen), "{seen} is not on the slip: {text}");
        }
        assert_eq!(
            read_qr(&text).as_deref(),
            Some(link.as_str()),
            "{}",
            app.store
        );
        // The link opens the order, naming its producer.
        let opened = app.lookup(id, token).await;
        opened.assert_status(StatusCode::OK, app.store);
        assert_eq!(opened.json["producer"], "walnuts");
    }
}

#[tokio::test]
async fn a_slip_needs_the_orders_own_token_and_an_origin_to_link_to_on_both_stores() {
    for app in on_both_stores().await {
        let order = at_the_counter(&app).await;
        let (id, token) = (
            order["id"].as_str().unwrap(),
            order["token"].as_str().unwrap(),
        );
        let origin = "?origin=https%3A%2F%2Fapples.example";
        let wrong = slip(&app, id, &"0".repeat(token.len()), origin).await;
        wrong.assert_status(StatusCode::NOT_FOUND, app.store);
        let unknown = slip(&app, "NOSUCHORDER1", token, origin).await;
        unknown.assert_status(StatusCode::NOT_FOUND, app.store);
        assert_eq!(
            wrong.json, unknown.json,
            "a wrong token says no more than an unknown id"
        );
        let team = slip(&app, id, WALNUT_PACKER, origin).await;
        team.assert_status(StatusCode::NOT_FOUND, app.store);
        for bad in [
            "",
            "?origin=javascript%3Aalert(1)",
            "?origin=https%3A%2F%2Fa.example%2Fpath",
        ] {
            let refused = slip(&app, id, token, bad).await;
            refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY, app.store);
            assert!(
                refused.json["error"]["fields"]["origin"].is_string(),
                "{}",
                refused.json
            );
        }
    }
}
