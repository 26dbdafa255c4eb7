//! The Alipay simulator (sim.rs) driven as a merchant drives Alipay, with the app's own signing
//! (`alipay_sign`) and answer verification (`alipay_answer`): the WAP pay redirect and the trade
//! query here, refused callers in callers.rs, closing in closing.rs, refunds in refunds.rs and
//! the asynchronous notifications in notifications.rs.
#![cfg(not(target_arch = "wasm32"))]

mod callers;
mod closing;
mod notifications;
mod refunds;
mod sim;

use orchard::domain::Money;
use orchard::server::payment::alipay_answer::{verify_answer, AnswerError, Refusal};
use orchard::server::payment::alipay_sign::{
    gateway_url, signed_request, wap_pay_content, Params, Request, WAP_PAY,
};
use orchard::server::payment::keys::{PrivateKey, PublicKey};
use serde_json::{json, Value};
use sim::{fixture, AlipaySim, TradeStatus};
use time::{Duration, OffsetDateTime};

const APP_ID: &str = "2021000000000001";

/// The app's key (signs requests).
fn merchant_key() -> PrivateKey {
    PrivateKey::from_pem(&fixture("merchant_key.pem")).unwrap()
}

/// Alipay's public key (verifies answers and notifications).
fn alipay_public() -> PublicKey {
    PublicKey::from_pem(&fixture("provider_pub.pem")).unwrap()
}

async fn start() -> AlipaySim {
    let app_public = PublicKey::from_pem(&fixture("merchant_pub.pem")).unwrap();
    let alipay_key = PrivateKey::from_pem(&fixture("provider_key.pem")).unwrap();
    AlipaySim::start(APP_ID, app_public, alipay_key).await
}

/// The WAP pay request's signed parameters for `out_trade_no` at `fen`, notifying `notify_url`.
fn wap_pay(out_trade_no: &str, fen: i64, notify_url: &str) -> Params {
    let expires_at = OffsetDateTime::now_utc() + Duration::minutes(15);
    wap_pay_until(out_trade_no, fen, notify_url, expires_at)
}

/// The same, Alipay to take the payment until `expires_at`.
fn wap_pay_until(
    out_trade_no: &str,
    fen: i64,
    notify_url: &str,
    expires_at: OffsetDateTime,
) -> Params {
    let now = OffsetDateTime::now_utc();
    let content = wap_pay_content(
        out_trade_no,
        Money::from_fen(fen),
        "卓玛的牦牛肉干 × 2",
        expires_at,
    );
    let request = Request {
        app_id: APP_ID,
        method: WAP_PAY,
        biz_content: content,
        notify_url: Some(notify_url),
        return_url: Some("https://orchard.example/orders/o1?token=t"),
        at: now,
    };
    signed_request(&request, &merchant_key())
}

/// The phone follows the redirect: the page's status and text.
async fn open(sim: &AlipaySim, params: &Params) -> (u16, String) {
    let answer = reqwest::get(gateway_url(&sim.gateway(), params))
        .await
        .unwrap();
    (answer.status().as_u16(), answer.text().await.unwrap())
}

/// A trade created by a good redirect.
async fn opened(sim: &AlipaySim, out_trade_no: &str, fen: i64) {
    let (_, page) = open(
        sim,
        &wap_pay(out_trade_no, fen, "http://127.0.0.1:9/notify"),
    )
    .await;
    assert!(page.contains("class=\"cashier\""), "{page}");
}

/// The raw answer to `method` with `content`, signed by the app as its server signs a call.
async fn call_raw(
    sim: &AlipaySim,
    method: &str,
    content: Value,
    key: Option<&PrivateKey>,
) -> String {
    let request = Request {
        app_id: APP_ID,
        method,
        biz_content: content.to_string(),
        notify_url: None,
        return_url: None,
        at: OffsetDateTime::now_utc(),
    };
    let mut params = signed_request(&request, key.unwrap_or(&merchant_key()));
    if key.is_none() {
        params.remove("sign");
    }
    let answer = reqwest::Client::new()
        .post(sim.gateway())
        .form(&params)
        .send()
        .await
        .unwrap();
    answer.text().await.unwrap()
}

/// A call's answer, verified with Alipay's public key and read.
async fn call(sim: &AlipaySim, method: &str, content: Value) -> Result<Value, AnswerError> {
    let body = call_raw(sim, method, content, Some(&merchant_key())).await;
    verify_answer::<Value>(method, &body, &alipay_public())
}

fn refused(answer: Result<Value, AnswerError>) -> Refusal {
    match answer {
        Err(AnswerError::Refused(refusal)) => refusal,
        other => panic!("expected a verified refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn a_signed_wap_pay_redirect_opens_the_cashier_and_records_the_trade_waiting() {
    let sim = start().await;
    let (status, page) = open(&sim, &wap_pay("ord_a1", 25800, "http://127.0.0.1:9/n")).await;
    assert_eq!(status, 200);
    assert!(page.contains("data-out-trade-no=\"ord_a1\""), "{page}");
    let trade = sim.trade("ord_a1").expect("the trade is recorded");
    assert_eq!(trade.status, TradeStatus::WaitBuyerPay);
    assert_eq!((trade.total_amount.as_str(), trade.fen), ("258.00", 25800));
    assert_eq!(trade.notify_url.as_deref(), Some("http://127.0.0.1:9/n"));
    assert_eq!(trade.trade_no.len(), 28);
    sim.stop().await;
}

#[tokio::test]
async fn a_tampered_wap_pay_redirect_answers_an_error_page_and_records_nothing() {
    let sim = start().await;
    let mut params = wap_pay("ord_a2", 25800, "http://127.0.0.1:9/n");
    let content = params["biz_content"].replace("258.00", "0.01");
    params.insert("biz_content".into(), content);
    let (status, page) = open(&sim, &params).await;
    assert_eq!(status, 200);
    assert!(page.contains("data-code=\"invalid-signature\""), "{page}");
    assert!(!page.contains("cashier"));
    assert_eq!(sim.trade("ord_a2"), None);
}

#[tokio::test]
async fn a_well_signed_redirect_with_a_bad_amount_or_product_code_is_refused() {
    let sim = start().await;
    for (amount, product) in [
        ("12.345", "QUICK_WAP_WAY"),
        ("0.00", "QUICK_WAP_WAY"),
        ("1.00", "FAST_INSTANT_TRADE_PAY"),
    ] {
        let content = json!({"out_trade_no": "ord_a3", "total_amount": amount, "subject": "s", "product_code": product});
        let request = Request {
            app_id: APP_ID,
            method: WAP_PAY,
            biz_content: content.to_string(),
            notify_url: None,
            return_url: None,
            at: OffsetDateTime::now_utc(),
        };
        let (_, page) = open(&sim, &signed_request(&request, &merchant_key())).await;
        assert!(
            page.contains("data-code=\"invalid-parameter\""),
            "{amount} {product}: {page}"
        );
    }
    assert_eq!(sim.trade("ord_a3"), None);
}

#[tokio::test]
async fn a_query_answers_the_trade_status_and_amount_signed_by_alipay() {
    let sim = start().await;
    opened(&sim, "ord_q1", 1234).await;
    let waiting = call(
        &sim,
        "alipay.trade.query",
        json!({"out_trade_no": "ord_q1"}),
    )
    .await
    .unwrap();
    assert_eq!(waiting["trade_status"], "WAIT_BUYER_PAY");
    assert_eq!(waiting["total_amount"], "12.34");
    sim.pay_quietly("ord_q1").unwrap();
    let paid = call(
        &sim,
        "alipay.trade.query",
        json!({"out_trade_no": "ord_q1"}),
    )
    .await
    .unwrap();
    assert_eq!(paid["trade_status"], "TRADE_SUCCESS");
    assert_eq!(
        paid["trade_no"],
        sim.trade("ord_q1").unwrap().trade_no.as_str()
    );
    let body = call_raw(
        &sim,
        "alipay.trade.query",
        json!({"out_trade_no": "ord_q1"}),
        Some(&merchant_key()),
    )
    .await;
    let not_alipays = PublicKey::from_pem(&fixture("merchant_pub.pem")).unwrap();
    let checked = verify_answer::<Value>("alipay.trade.query", &body, &not_alipays);
    assert!(
        matches!(checked, Err(AnswerError::Unverified(_))),
        "{checked:?}"
    );
}

#[tokio::test]
async fn a_query_of_an_unknown_trade_is_refused_with_trade_not_exist() {
    let sim = start().await;
    let refusal = refused(call(&sim, "alipay.trade.query", json!({"out_trade_no": "nope"})).await);
    assert_eq!(
        (refusal.code.as_str(), refusal.sub_code.as_deref()),
        ("40004", Some("ACQ.TRADE_NOT_EXIST"))
    );
}
