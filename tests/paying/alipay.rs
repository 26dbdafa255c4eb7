//! Alipay's WAP pay: the phone is sent to Alipay's cashier with RSA2-signed parameters; a
//! verified notification pays the order once (answered `success`); a tampered, unsigned, wrong
//! or other app's notification is answered anything but `success` and changes nothing.

use crate::alipay_sim::Twist;
use crate::shop::{Shop, PHONE};

#[tokio::test]
async fn an_order_paid_with_alipay_is_received_once_and_a_bad_notification_changes_nothing() {
    for shop in Shop::on_both_stores(r#"["alipay", "cod"]"#, 15).await {
        let store = shop.store;
        let (status, order) = shop.place(PHONE, "alipay-1", "alipay").await;
        assert_eq!(status, 201, "{store}: {order}");
        let next = &order["payment"]["next"];
        assert_eq!(next["kind"], "redirect", "{store}: {next}");
        let url = next["url"].as_str().unwrap();
        assert!(url.starts_with(&shop.alipay.gateway()), "{store}: {url}");
        // The phone opens Alipay's cashier: the trade exists from then on.
        let cashier = reqwest::get(url).await.unwrap();
        assert_eq!(cashier.status(), 200, "{store}");
        let id = order["id"].as_str().unwrap();
        assert!(shop.alipay.pay_quietly(id).is_ok(), "{store}");
        for twist in [
            Twist::Tampered,
            Twist::Unsigned,
            Twist::WrongAmount,
            Twist::WrongAppId,
        ] {
            let bad = shop.alipay.notification(id, twist).unwrap();
            let told = shop.alipay.deliver(&bad).await.unwrap();
            assert!(!told.acknowledged, "{store}: {twist:?}: {}", told.body);
        }
        let summary = shop.admin("/api/admin/summary").await.text().await.unwrap();
        assert!(
            summary.contains("\"awaiting_payment\":1"),
            "{store}: {summary}"
        );

        for _ in 0..3 {
            let good = shop.alipay.notification(id, Twist::Honest).unwrap();
            let told = shop.alipay.deliver(&good).await.unwrap();
            assert!(told.acknowledged, "{store}: {told:?}");
        }
        let view = shop.lookup(PHONE, &order).await;
        assert_eq!(view["status"], "received", "{store}: {view}");
        assert_eq!(view["payment"]["status"], "paid", "{store}: {view}");
        assert_eq!(
            view["history"].as_array().unwrap().len(),
            2,
            "{store}: {view}"
        );
    }
}

#[tokio::test]
async fn an_alipay_order_left_unpaid_is_closed_and_its_box_goes_back() {
    let shop = Shop::open(r#"["alipay"]"#, 15).await;
    let (_, never_opened) = shop.place(PHONE, "alipay-unpaid", "alipay").await;
    let (_, opened) = shop.place(PHONE, "alipay-opened", "alipay").await;
    let cashier = opened["payment"]["next"]["url"].as_str().unwrap();
    assert_eq!(reqwest::get(cashier).await.unwrap().status(), 200);
    // One never opened (Alipay has no trade for it, and the close is all the same), one whose
    // trade waits at Alipay: both closed.
    for order in [&never_opened, &opened] {
        shop.end_window(order["id"].as_str().unwrap()).await;
        let view = shop.until(order, |v| v["status"] == "cancelled").await;
        assert_eq!(view["cancel_reason"], "unpaid", "{view}");
    }
    let id = opened["id"].as_str().unwrap();
    assert_eq!(
        shop.alipay.trade(id).unwrap().status.as_str(),
        "TRADE_CLOSED"
    );
    assert_eq!(shop.left().await, 40);
}
