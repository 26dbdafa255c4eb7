//! Refunds through the provider: a claim resolved with a refund on a paid order, a paid order
//! the team cancels, a short harvest; each refund named by the claim or the order (a retry never
//! pays twice) and shown `refund_pending`, then `refunded` or `refund_failed`.

use serde_json::{json, Value};

use crate::common::ADMIN_TOKEN;
use crate::shop::{Shop, PHONE};

/// A paid WeChat Pay order of `shop` (paid through the simulator): its 201 body.
pub(crate) async fn paid_order(shop: &Shop, key: &str) -> Value {
    let (status, order) = shop.place(PHONE, key, "wechat").await;
    assert_eq!(status, 201, "{order}");
    let told = shop.wechat.pay(order["id"].as_str().unwrap()).await;
    assert_eq!(told.status, 204, "{}", told.answer);
    order
}

/// The owner's `method path` with `body`.
pub(crate) async fn owner(shop: &Shop, method: reqwest::Method, path: &str, body: &Value) -> Value {
    let answer = reqwest::Client::new()
        .request(method, format!("{}{path}", shop.base))
        .bearer_auth(ADMIN_TOKEN)
        .json(body)
        .send()
        .await
        .unwrap();
    assert!(answer.status().is_success(), "{path}: {}", answer.status());
    answer.json().await.unwrap()
}

#[tokio::test]
async fn a_paid_order_the_team_cancels_is_refunded_whole_through_wechat_pay_once() {
    for shop in Shop::on_both_stores(r#"["wechat"]"#, 15).await {
        let store = shop.store;
        let order = paid_order(&shop, "cancel-paid").await;
        let id = order["id"].as_str().unwrap();
        let path = format!("/api/admin/orders/{id}/status");
        let cancelled = owner(
            &shop,
            reqwest::Method::POST,
            &path,
            &json!({"status": "cancelled"}),
        )
        .await;
        assert_eq!(
            cancelled["refund"],
            json!({"status": "refund_pending", "fen": 6800}),
            "{store}"
        );
        let ended = shop
            .wechat
            .finish_refund(id)
            .await
            .expect("a refund notify_url");
        assert_eq!(ended.status, 204, "{store}: {}", ended.answer);
        let view = shop.lookup(PHONE, &order).await;
        assert_eq!(
            view["refund"],
            json!({"status": "refunded", "fen": 6800}),
            "{store}"
        );
        assert_eq!(view["payment"]["status"], "refunded", "{store}");
        assert_eq!(shop.left().await, 40, "{store}: its box is back on sale");
    }
}

#[tokio::test]
async fn a_claim_resolved_with_a_refund_on_a_paid_order_is_given_back_under_the_claims_id() {
    let shop = Shop::open(r#"["wechat"]"#, 15).await;
    let order = paid_order(&shop, "claimed-paid").await;
    let id = order["id"].as_str().unwrap();
    for to in ["packed", "shipped"] {
        let path = format!("/api/admin/orders/{id}/status");
        owner(&shop, reqwest::Method::POST, &path, &json!({"status": to})).await;
    }
    let boundary = "orchard-paying-claim";
    let form = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\nmissing\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\n少了一箱\r\n\
         --{boundary}--\r\n"
    );
    let filed = reqwest::Client::new()
        .post(format!("{}/api/orders/{id}/claims", shop.base))
        .bearer_auth(order["token"].as_str().unwrap())
        .header("Idempotency-Key", "claim-paid-1")
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(filed.status(), 201);
    let claim: Value = filed.json().await.unwrap();
    let claim_id = claim["id"].as_str().unwrap();
    let resolve = json!({"outcome": "refund", "refund_fen": 2000});
    let path = format!("/api/admin/claims/{claim_id}");
    let resolved = owner(&shop, reqwest::Method::POST, &path, &resolve).await;
    assert_eq!(
        resolved["refund"],
        json!({"status": "refund_pending", "fen": 2000}),
        "{resolved}"
    );
    shop.wechat
        .finish_refund(claim_id)
        .await
        .expect("a refund notify_url");
    let view = shop.lookup(PHONE, &order).await;
    let claims = view["claims"].as_array().unwrap();
    assert_eq!(
        claims[0]["refund"],
        json!({"status": "refunded", "fen": 2000}),
        "{view}"
    );
    assert_eq!(view["payment"]["status"], "paid", "part of it only: {view}");
    assert!(
        view.get("refund").is_none(),
        "the order's own refund is none: {view}"
    );
}

#[tokio::test]
async fn a_short_harvest_refunds_the_paid_orders_it_cancels() {
    let shop = Shop::open(r#"["alipay", "cod"]"#, 15).await;
    let (_, order) = shop.place(PHONE, "harvest-paid", "alipay").await;
    let id = order["id"].as_str().unwrap();
    let url = order["payment"]["next"]["url"].as_str().unwrap();
    assert_eq!(reqwest::get(url).await.unwrap().status(), 200);
    assert!(shop.alipay.pay(id).await.unwrap().acknowledged);
    let (_, cod) = shop.place(PHONE, "harvest-cod", "cod").await;
    let preview = json!({"boxes": 2, "dry_run": true});
    let path = "/api/admin/boxes/5kg/shortfall";
    let named = owner(&shop, reqwest::Method::POST, path, &preview).await;
    let confirm = json!({"boxes": 2, "orders": named["orders"]});
    owner(&shop, reqwest::Method::POST, path, &confirm).await;
    // Alipay gives the money back at once; the refund runs after the team's answer.
    let view = shop
        .until(&order, |v| v["refund"]["status"] == "refunded")
        .await;
    assert_eq!(view["cancel_reason"], "harvest_short", "{view}");
    assert_eq!(view["payment"]["status"], "refunded", "{view}");
    assert_eq!(shop.alipay.trade(id).unwrap().refunded_fen(), 6800);
    let cod = shop.lookup(PHONE, &cod).await;
    assert_eq!(cod["cancel_reason"], "harvest_short", "{cod}");
    assert!(cod.get("refund").is_none(), "nothing was paid: {cod}");
}
