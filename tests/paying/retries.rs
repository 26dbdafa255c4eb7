//! Refunds not given back are asked again by the sweep (`--refund-retry-seconds`, one second
//! here), under their own ids: one that failed for a reason that passes, one whose provider's
//! notification was lost. Each ends `refunded`, and the money goes back once.

use serde_json::json;

use crate::refunds::{owner, paid_order};
use crate::shop::{Shop, PHONE};

/// Asks a refund again one second after it was last asked.
const RETRY_SOON: &[&str] = &["--refund-retry-seconds", "1"];

/// The team cancels order `id`: the answer's `refund`.
async fn cancel(shop: &Shop, id: &str) -> serde_json::Value {
    let path = format!("/api/admin/orders/{id}/status");
    let body = json!({"status": "cancelled"});
    owner(shop, reqwest::Method::POST, &path, &body).await["refund"].clone()
}

#[tokio::test]
async fn a_refund_alipay_refused_for_the_sellers_balance_is_asked_again_and_given_back_once() {
    for shop in Shop::on_both_stores_with(r#"["alipay"]"#, 15, RETRY_SOON).await {
        let store = shop.store;
        let (status, order) = shop.place(PHONE, "retry-alipay", "alipay").await;
        assert_eq!(status, 201, "{store}: {order}");
        let id = order["id"].as_str().unwrap();
        let cashier = order["payment"]["next"]["url"].as_str().unwrap();
        assert_eq!(reqwest::get(cashier).await.unwrap().status(), 200);
        assert!(shop.alipay.pay(id).await.unwrap().acknowledged, "{store}");
        shop.alipay.fail_refunds(true);
        let refund = cancel(&shop, id).await;
        assert_eq!(
            refund,
            json!({"status": "refund_failed", "fen": 6800}),
            "{store}"
        );
        // The merchant's balance is topped up: the sweep's next asking gives the money back.
        shop.alipay.fail_refunds(false);
        let view = shop
            .until(&order, |v| v["refund"]["status"] == "refunded")
            .await;
        assert_eq!(view["payment"]["status"], "refunded", "{store}: {view}");
        // Asked again after that, it stays refunded, and Alipay gave it back once.
        tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
        let view = shop.lookup(PHONE, &order).await;
        assert_eq!(view["refund"]["status"], "refunded", "{store}: {view}");
        assert_eq!(
            shop.alipay.trade(id).unwrap().refunded_fen(),
            6800,
            "{store}"
        );
    }
}

#[tokio::test]
async fn a_wechat_refund_whose_notification_was_lost_ends_refunded_when_the_sweep_asks_again() {
    for shop in Shop::on_both_stores_with(r#"["wechat"]"#, 15, RETRY_SOON).await {
        let store = shop.store;
        let order = paid_order(&shop, "retry-wechat").await;
        let id = order["id"].as_str().unwrap();
        let refund = cancel(&shop, id).await;
        assert_eq!(
            refund,
            json!({"status": "refund_pending", "fen": 6800}),
            "{store}"
        );
        shop.wechat.finish_refund_unannounced(id);
        let view = shop
            .until(&order, |v| v["refund"]["status"] == "refunded")
            .await;
        assert_eq!(view["payment"]["status"], "refunded", "{store}: {view}");
    }
}
