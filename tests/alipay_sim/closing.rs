//! Closing: by the merchant (`alipay.trade.close`, only while the buyer has not paid) and by
//! Alipay itself once a trade is left unpaid past its `time_expire`.

use std::time::Duration as StdDuration;

use serde_json::json;
use time::{Duration, OffsetDateTime};

use super::sim::SimError;
use super::{call, open, opened, refused, start, wap_pay_until, TradeStatus};

#[tokio::test]
async fn a_closed_trade_answers_closed_and_can_no_longer_be_paid() {
    let sim = start().await;
    opened(&sim, "ord_c1", 500).await;
    let closed = call(
        &sim,
        "alipay.trade.close",
        json!({"out_trade_no": "ord_c1"}),
    )
    .await
    .unwrap();
    assert_eq!(closed["out_trade_no"], "ord_c1");
    let query = call(
        &sim,
        "alipay.trade.query",
        json!({"out_trade_no": "ord_c1"}),
    )
    .await
    .unwrap();
    assert_eq!(query["trade_status"], "TRADE_CLOSED");
    assert_eq!(
        sim.pay_quietly("ord_c1"),
        Err(SimError::NotWaiting(TradeStatus::TradeClosed))
    );
    let again = refused(
        call(
            &sim,
            "alipay.trade.close",
            json!({"out_trade_no": "ord_c1"}),
        )
        .await,
    );
    assert_eq!(again.sub_code.as_deref(), Some("ACQ.TRADE_STATUS_ERROR"));
}

#[tokio::test]
async fn a_trade_left_unpaid_past_its_time_expire_is_closed_by_alipay() {
    let sim = start().await;
    let soon = OffsetDateTime::now_utc() + Duration::seconds(2);
    let (_, page) = open(
        &sim,
        &wap_pay_until("ord_c2", 500, "http://127.0.0.1:9/n", soon),
    )
    .await;
    assert!(page.contains("cashier"), "{page}");
    assert_eq!(
        sim.trade("ord_c2").unwrap().status,
        TradeStatus::WaitBuyerPay
    );
    tokio::time::sleep(StdDuration::from_millis(3100)).await;
    let query = call(
        &sim,
        "alipay.trade.query",
        json!({"out_trade_no": "ord_c2"}),
    )
    .await
    .unwrap();
    assert_eq!(query["trade_status"], "TRADE_CLOSED");
    let paid = sim.pay_quietly("ord_c2");
    assert_eq!(paid, Err(SimError::NotWaiting(TradeStatus::TradeClosed)));
}

#[tokio::test]
async fn a_redirect_whose_time_expire_has_passed_is_refused() {
    let sim = start().await;
    let past = OffsetDateTime::now_utc() - Duration::minutes(1);
    let (_, page) = open(
        &sim,
        &wap_pay_until("ord_c3", 500, "http://127.0.0.1:9/n", past),
    )
    .await;
    assert!(page.contains("data-code=\"invalid-parameter\""), "{page}");
    assert_eq!(sim.trade("ord_c3"), None);
}
