//! The teams of a county market on both stores: a producer's member works for that producer
//! only (403 `forbidden` anywhere else, the unscoped routes being the default producer's); an
//! order id of another producer in a bulk move or a courier CSV is `not_found`; every team
//! endpoint answered to a member of Drolma on a market holding the walnut family's orders
//! names none of their ids, buyers or phones; the operator sees the market's numbers.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{json, Value};

use crate::common::ADMIN_TOKEN;
use crate::market_kit::{
    as_member, on_both_stores, order_at, DROLMA_OWNER, DROLMA_PACKER, OPERATOR, WALNUT_BUYER,
    WALNUT_OWNER, WALNUT_PACKER,
};

#[tokio::test]
async fn a_producers_member_is_forbidden_everything_of_another_producer() {
    for app in on_both_stores().await {
        let s = app.store;
        order_at(&app, Some("walnuts"), "w1", WALNUT_BUYER).await;
        let own = as_member(
            &app,
            WALNUT_PACKER,
            "GET",
            "/api/producers/walnuts/admin/orders",
            None,
        )
        .await;
        own.assert_status(StatusCode::OK, s);
        assert_eq!(own.json["orders"].as_array().unwrap().len(), 1, "{s}");
        for path in ["/api/producers/drolma/admin/orders", "/api/admin/orders"] {
            let other = as_member(&app, WALNUT_PACKER, "GET", path, None).await;
            other.assert_status(StatusCode::FORBIDDEN, s);
            assert_eq!(other.json["error"]["code"], "forbidden", "{s} {path}");
        }
        let theirs = as_member(
            &app,
            DROLMA_PACKER,
            "GET",
            "/api/producers/walnuts/admin/orders",
            None,
        )
        .await;
        theirs.assert_status(StatusCode::FORBIDDEN, s);
        let me = as_member(
            &app,
            WALNUT_OWNER,
            "GET",
            "/api/producers/walnuts/admin/me",
            None,
        )
        .await;
        assert_eq!(me.json["role"], "owner", "{s}");
        assert_eq!(me.json["producer"], "walnuts", "{s}");
        // Who they are is theirs at any address: their page asks it before it knows where
        // they work (`/admin` asks the unscoped one).
        for path in ["/api/admin/me", "/api/producers/drolma/admin/me"] {
            let me = as_member(&app, WALNUT_PACKER, "GET", path, None).await;
            me.assert_status(StatusCode::OK, s);
            assert_eq!(me.json["producer"], "walnuts", "{s} {path}");
        }
        let market = as_member(&app, WALNUT_OWNER, "GET", "/api/admin/market", None).await;
        market.assert_status(StatusCode::FORBIDDEN, s);
    }
}

#[tokio::test]
async fn another_producers_order_in_a_bulk_move_or_a_courier_csv_is_not_found() {
    for app in on_both_stores().await {
        let s = app.store;
        let walnut = order_at(&app, Some("walnuts"), "w1", WALNUT_BUYER).await;
        let ours = order_at(&app, Some("drolma"), "d1", ("Pema", "13800000000")).await;
        let (w, d) = (walnut["id"].as_str().unwrap(), ours["id"].as_str().unwrap());
        let body = json!({"ids": [w, d], "from": "received", "status": "packed"});
        let moved = as_member(
            &app,
            DROLMA_PACKER,
            "POST",
            "/api/admin/orders/status",
            Some(&body),
        )
        .await;
        moved.assert_status(StatusCode::OK, s);
        assert_eq!(moved.json["moved"], json!([d]), "{s}");
        assert_eq!(moved.json["refused"], json!({w: "not_found"}), "{s}");
        let one = format!("/api/admin/orders/{w}/status");
        let single = as_member(
            &app,
            DROLMA_PACKER,
            "POST",
            &one,
            Some(&json!({"status": "packed"})),
        )
        .await;
        single.assert_status(StatusCode::NOT_FOUND, s);
        let csv = format!("order_id,tracking_number\n{d},SF1234567890\n{w},SF1234567891\n");
        let req = Request::post("/api/admin/tracking-numbers")
            .header("Authorization", format!("Bearer {DROLMA_PACKER}"))
            .header("Content-Type", "text/csv")
            .body(Body::from(csv))
            .unwrap();
        let shipped = app.send(req).await;
        assert_eq!(
            shipped.json,
            json!({"shipped": 1, "refused": {"3": "not_found"}}),
            "{s}"
        );
        let view = app.lookup(w, walnut["token"].as_str().unwrap()).await;
        assert_eq!(
            view.json["status"], "received",
            "{s}: the walnut order never moved"
        );
    }
}

/// Every team read a member of Drolma can make, with what they need.
fn drolma_reads(order: &str) -> Vec<String> {
    let mut paths: Vec<String> = [
        "/api/admin/orders",
        "/api/admin/orders?q=1391",
        "/api/admin/orders?q=Lhamo",
        "/api/admin/orders.csv",
        "/api/admin/summary",
        "/api/admin/picklist",
        "/api/admin/labels?status=received",
        "/api/admin/claims",
        "/api/admin/me",
    ]
    .map(str::to_owned)
    .to_vec();
    paths.push(format!("/api/admin/orders?q={order}"));
    paths.push(format!("/api/admin/labels?ids={order}"));
    paths
        .iter()
        .map(|p| p.replace("/api/", "/api/producers/drolma/"))
        .chain(paths.clone())
        .collect()
}

#[tokio::test]
async fn nothing_of_another_producer_appears_in_any_team_answer() {
    for app in on_both_stores().await {
        let s = app.store;
        let walnut = order_at(&app, Some("walnuts"), "w1", WALNUT_BUYER).await;
        order_at(&app, Some("drolma"), "d1", ("Pema", "13800000000")).await;
        let w = walnut["id"].as_str().unwrap();
        let secrets = [w, WALNUT_BUYER.0, WALNUT_BUYER.1, "Walnut family"];
        for path in drolma_reads(w) {
            for token in [DROLMA_PACKER, DROLMA_OWNER, ADMIN_TOKEN] {
                let answer = as_member(&app, token, "GET", &path, None).await;
                let text = answer.text();
                // A packer may be refused what only the owner reads; never anything else.
                let packers_refusal =
                    token == DROLMA_PACKER && answer.status == StatusCode::FORBIDDEN;
                assert!(
                    answer.status.is_success() || packers_refusal,
                    "{s} {path} as {token}: {}",
                    answer.status
                );
                for secret in secrets {
                    assert!(
                        !text.contains(secret),
                        "{s}: {path} names {secret:?}: {text}"
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn the_operator_sees_every_producers_numbers_and_the_markets_totals() {
    for app in on_both_stores().await {
        let s = app.store;
        order_at(&app, Some("walnuts"), "w1", WALNUT_BUYER).await;
        order_at(&app, Some("walnuts"), "w2", WALNUT_BUYER).await;
        order_at(&app, Some("drolma"), "d1", ("Pema", "13800000000")).await;
        for token in [OPERATOR, ADMIN_TOKEN] {
            let market = as_member(&app, token, "GET", "/api/admin/market", None).await;
            market.assert_status(StatusCode::OK, s);
            let slugs: Vec<&Value> = market.json["producers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| &p["slug"])
                .collect();
            assert_eq!(slugs, [&json!("drolma"), &json!("walnuts")], "{s}");
            assert_eq!(market.json["producers"][1]["summary"]["orders"], 2, "{s}");
            assert_eq!(market.json["totals"]["orders"], 3, "{s}");
            assert_eq!(market.json["totals"]["kg_sold"], 15, "{s}");
            assert_eq!(market.json["totals"]["revenue_fen"], 3 * 6800, "{s}");
        }
        let me = as_member(
            &app,
            OPERATOR,
            "GET",
            "/api/producers/walnuts/admin/orders",
            None,
        )
        .await;
        me.assert_status(StatusCode::OK, s);
    }
}
