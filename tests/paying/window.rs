//! The payment window: an order not paid in it is closed at its provider and cancelled
//! `unpaid`, its box back on sale; a payment that arrives after that is refunded in full.

use serde_json::Value;

use crate::shop::{Shop, PHONE};
use crate::wechat_sim::Tamper;

#[tokio::test]
async fn an_order_not_paid_in_its_window_is_closed_at_wechat_pay_and_cancelled_unpaid_by_the_sweep()
{
    for shop in Shop::on_both_stores(r#"["wechat", "cod"]"#, 15).await {
        let store = shop.store;
        let (_, order) = shop.place(PHONE, "left-unpaid", "wechat").await;
        let id = order["id"].as_str().unwrap();
        assert_eq!(shop.left().await, 39, "{store}");
        shop.end_window(id).await;
        // The sweep (every second here) closes it, with no lookup asking.
        let mut closed = false;
        for _ in 0..100 {
            if shop.wechat.trade_state(id) == Some("CLOSED") && shop.left().await == 40 {
                closed = true;
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert!(
            closed,
            "{store}: closed at WeChat Pay and the box back on sale"
        );
        let view = shop.lookup(PHONE, &order).await;
        assert_eq!(view["status"], "cancelled", "{store}: {view}");
        assert_eq!(view["cancel_reason"], "unpaid", "{store}: {view}");
        assert_eq!(view["payment"]["status"], "closed", "{store}: {view}");
        assert!(view.get("refund").is_none(), "{store}: nothing was paid");
        // The team's labels never count it.
        let labels = shop.admin(&format!("/api/admin/labels?ids={id}")).await;
        let labels = labels.text().await.unwrap();
        assert!(
            !labels.contains(id),
            "{store}: an unpaid order has no label"
        );
    }
}

#[tokio::test]
async fn a_payment_after_the_order_closed_is_refunded_in_full_once_however_often_it_is_told() {
    for shop in Shop::on_both_stores(r#"["wechat"]"#, 15).await {
        let store = shop.store;
        let (_, order) = shop.place(PHONE, "paid-too-late", "wechat").await;
        let id = order["id"].as_str().unwrap();
        shop.end_window(id).await;
        let closed = shop.until(&order, |v| v["status"] == "cancelled").await;
        assert_eq!(closed["cancel_reason"], "unpaid", "{store}");
        // The buyer's payment raced the close: WeChat Pay took it and says so, twice.
        shop.wechat.mark_paid(id);
        for _ in 0..2 {
            let told = shop.wechat.notify(id, Tamper::None).await;
            assert_eq!(told.status, 204, "{store}: {}", told.answer);
        }
        let view = shop.lookup(PHONE, &order).await;
        assert_eq!(view["status"], "cancelled", "{store}: {view}");
        assert_eq!(
            view["refund"]["status"], "refund_pending",
            "{store}: {view}"
        );
        assert_eq!(view["refund"]["fen"], 6800, "{store}: {view}");
        // WeChat Pay ends the refund and tells the server.
        let ended = shop
            .wechat
            .finish_refund(id)
            .await
            .expect("a refund notify_url");
        assert_eq!(ended.status, 204, "{store}: {}", ended.answer);
        let view = shop.lookup(PHONE, &order).await;
        assert_eq!(view["refund"]["status"], "refunded", "{store}: {view}");
        assert_eq!(view["payment"]["status"], "refunded", "{store}: {view}");
        assert_eq!(shop.left().await, 40, "{store}: the box stays on sale");
        let csv = shop
            .admin("/api/admin/orders.csv")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            csv.contains("\"wechat refunded, refunded 68.00\""),
            "{store}: {csv}"
        );
    }
}

#[tokio::test]
async fn a_refund_wechat_pay_cannot_make_shows_refund_failed() {
    let shop = Shop::open(r#"["wechat"]"#, 15).await;
    let (_, order) = shop.place(PHONE, "late-and-failing", "wechat").await;
    let id = order["id"].as_str().unwrap();
    shop.end_window(id).await;
    shop.until(&order, |v| v["status"] == "cancelled").await;
    shop.wechat.fail_refunds(true);
    shop.wechat.mark_paid(id);
    assert_eq!(shop.wechat.notify(id, Tamper::None).await.status, 204);
    shop.wechat
        .finish_refund(id)
        .await
        .expect("a refund notify_url");
    let view: Value = shop.lookup(PHONE, &order).await;
    assert_eq!(view["refund"]["status"], "refund_failed", "{view}");
    assert_eq!(view["payment"]["status"], "paid", "{view}");
}
