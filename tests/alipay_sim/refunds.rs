//! Refunds at the simulator: idempotent by `out_request_no`, found by the refund query, refused
//! when set to fail, when over the amount or when the trade was never paid.

use serde_json::json;

use super::{call, opened, refused, start, TradeStatus};

#[tokio::test]
async fn a_refund_is_idempotent_by_its_request_number_and_found_by_the_refund_query() {
    let sim = start().await;
    opened(&sim, "ord_r1", 25800).await;
    sim.pay_quietly("ord_r1").unwrap();
    let content =
        json!({"out_trade_no": "ord_r1", "refund_amount": "258.00", "out_request_no": "claim_9"});
    let first = call(&sim, "alipay.trade.refund", content.clone())
        .await
        .unwrap();
    assert_eq!(
        (first["fund_change"].as_str(), first["refund_fee"].as_str()),
        (Some("Y"), Some("258.00"))
    );
    let again = call(&sim, "alipay.trade.refund", content).await.unwrap();
    assert_eq!(
        (again["fund_change"].as_str(), again["refund_fee"].as_str()),
        (Some("N"), Some("258.00"))
    );
    let trade = sim.trade("ord_r1").unwrap();
    assert_eq!(
        (trade.status, trade.refunded_fen()),
        (TradeStatus::TradeClosed, 25800)
    );
    let found = call(
        &sim,
        "alipay.trade.fastpay.refund.query",
        json!({"out_trade_no": "ord_r1", "out_request_no": "claim_9"}),
    )
    .await
    .unwrap();
    assert_eq!(
        (
            found["refund_amount"].as_str(),
            found["refund_status"].as_str()
        ),
        (Some("258.00"), Some("REFUND_SUCCESS"))
    );
    let more =
        json!({"out_trade_no": "ord_r1", "refund_amount": "0.01", "out_request_no": "claim_10"});
    let over = refused(call(&sim, "alipay.trade.refund", more).await);
    assert_eq!(
        over.sub_code.as_deref(),
        Some("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL")
    );
}

#[tokio::test]
async fn a_refund_set_to_fail_is_refused_and_leaves_no_refund_to_find() {
    let sim = start().await;
    opened(&sim, "ord_r2", 900).await;
    sim.pay_quietly("ord_r2").unwrap();
    sim.fail_refunds(true);
    let content =
        json!({"out_trade_no": "ord_r2", "refund_amount": "9.00", "out_request_no": "ord_r2"});
    let refusal = refused(call(&sim, "alipay.trade.refund", content.clone()).await);
    assert_eq!(
        (refusal.code.as_str(), refusal.sub_code.as_deref()),
        ("40004", Some("ACQ.SELLER_BALANCE_NOT_ENOUGH"))
    );
    let none = call(
        &sim,
        "alipay.trade.fastpay.refund.query",
        json!({"out_trade_no": "ord_r2", "out_request_no": "ord_r2"}),
    )
    .await
    .unwrap();
    assert_eq!(none.get("refund_amount"), None);
    assert_eq!(
        sim.trade("ord_r2").unwrap().status,
        TradeStatus::TradeSuccess
    );
    sim.fail_refunds(false);
    let retried = call(&sim, "alipay.trade.refund", content).await.unwrap();
    assert_eq!(retried["fund_change"], "Y");
}

#[tokio::test]
async fn a_refund_of_an_unpaid_trade_is_refused_with_a_status_error() {
    let sim = start().await;
    opened(&sim, "ord_r3", 900).await;
    let content = json!({"out_trade_no": "ord_r3", "refund_amount": "9.00"});
    let refusal = refused(call(&sim, "alipay.trade.refund", content).await);
    assert_eq!(refusal.sub_code.as_deref(), Some("ACQ.TRADE_STATUS_ERROR"));
}
