//! An order's refunds on both stores: the claims of one order never refund more than its total
//! together, whatever the concurrency (409 `refund_too_large` with what is left), and the owner's
//! list shows beside each claim what its order's claims refunded already.

use axum::http::StatusCode;
use futures_util::future::join_all;
use serde_json::{json, Value};

use crate::claim_kit::{claim, form, shipped};
use crate::helpers::{Reply, TestApp};

async fn resolve(app: &TestApp, id: &Value, body: Value) -> Reply {
    let path = format!("/api/admin/claims/{}", id.as_str().unwrap());
    app.admin("POST", &path, Some(&body)).await
}

/// Files `n` claims on `order`; answers their ids.
async fn claims_on(app: &TestApp, order: &Value, n: usize) -> Vec<Value> {
    let mut ids = Vec::new();
    for i in 0..n {
        let key = format!("refund-{i}");
        let filed = claim(app, order, &key, form(&[("kind", None, b"damaged")])).await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", app.store);
        ids.push(filed.json["id"].clone());
    }
    ids
}

#[tokio::test]
async fn an_orders_refunds_never_pass_its_total_and_the_owner_sees_what_was_refunded() {
    for app in TestApp::on_both_stores(20).await {
        let order = shipped(&app, "refunds").await;
        let ids = claims_on(&app, &order, 3).await;
        let refund = |fen: i64| json!({"outcome": "refund", "refund_fen": fen});
        let first = resolve(&app, &ids[0], refund(5000)).await;
        assert_eq!(first.status, StatusCode::OK, "{}", app.store);

        let list = app
            .admin("GET", "/api/admin/claims?status=open", None)
            .await;
        for c in list.json["claims"].as_array().unwrap() {
            assert_eq!(
                (&c["total_fen"], &c["refunded_fen"]),
                (&json!(6800), &json!(5000)),
                "{}: the earlier refund beside each open claim",
                app.store
            );
        }
        let past = resolve(&app, &ids[1], refund(2000)).await;
        past.assert_status(StatusCode::CONFLICT, app.store);
        assert_eq!(past.json["error"]["code"], "refund_too_large");
        assert_eq!(past.json["error"]["remaining_fen"], 1800, "{}", app.store);
        let exactly = resolve(&app, &ids[1], refund(1800)).await;
        assert_eq!(
            exactly.status,
            StatusCode::OK,
            "{}: the whole total is fine",
            app.store
        );
        assert_eq!(exactly.json["refunded_fen"], 6800);
        let nothing_left = resolve(&app, &ids[2], refund(1)).await;
        assert_eq!(
            nothing_left.json["error"]["remaining_fen"], 0,
            "{}",
            app.store
        );
        let resend = resolve(&app, &ids[2], json!({"outcome": "resend"})).await;
        assert_eq!(resend.status, StatusCode::OK, "a new box costs no refund");

        let seen = app.buyer_view(&order).await;
        let refunds: Vec<&Value> = seen["claims"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| &c["refund_fen"])
            .collect();
        assert_eq!(refunds, [&json!(5000), &json!(1800), &Value::Null]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn refunds_resolved_at_once_on_one_order_never_both_pass_its_total() {
    for app in TestApp::on_both_stores(20).await {
        // Three claims on each of six orders, each asking 40 of the order's 68 yuan, all at once.
        let mut claims = Vec::new();
        for n in 0..6 {
            let order = shipped(&app, &format!("race-{n}")).await;
            claims.extend(
                claims_on(&app, &order, 3)
                    .await
                    .into_iter()
                    .map(|id| (n, id)),
            );
        }
        let body = json!({"outcome": "refund", "refund_fen": 4000});
        let replies = join_all(claims.iter().map(|(_, id)| resolve(&app, id, body.clone()))).await;
        let mut paid = [0; 6];
        for ((n, _), reply) in claims.iter().zip(&replies) {
            if reply.status == StatusCode::OK {
                paid[*n] += 1;
                continue;
            }
            let error = &reply.json["error"];
            assert_eq!(
                error["code"],
                "refund_too_large",
                "{}: {}",
                app.store,
                reply.text()
            );
            assert_eq!(error["remaining_fen"], 2800);
        }
        assert_eq!(
            paid, [1; 6],
            "{}: one refund of 40 yuan per order",
            app.store
        );
    }
}
