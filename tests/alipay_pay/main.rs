//! Our Alipay client (src/server/payment/alipay_client.rs) against the local simulator
//! (tests/alipay_sim): the WAP pay address the phone opens, then the trade asked, closed and
//! refunded, every answer verified, and an answer we cannot verify never read.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../alipay_sim/sim.rs"]
mod alipay_sim;

use alipay_sim::{fixture, AlipaySim};
use orchard::domain::Money;
use orchard::server::payment::alipay_answer::AnswerError;
use orchard::server::payment::alipay_client::{Alipay, CallError, WapPay};
use orchard::server::payment::alipay_sign::VerifyError;
use orchard::server::payment::file::AlipayMerchant;
use orchard::server::payment::keys::{PrivateKey, PublicKey};
use time::{Duration, OffsetDateTime};

const APP_ID: &str = "2021000000000001";

async fn start() -> AlipaySim {
    let app_public = PublicKey::from_pem(&fixture("merchant_pub.pem")).unwrap();
    let alipay_key = PrivateKey::from_pem(&fixture("provider_key.pem")).unwrap();
    AlipaySim::start(APP_ID, app_public, alipay_key).await
}

/// The app as the payment file would give it, Alipay's public key read from `alipay_public`.
fn app(sim: &AlipaySim, alipay_public: &str) -> AlipayMerchant {
    AlipayMerchant {
        app_id: APP_ID.to_owned(),
        app_private_key: PrivateKey::from_pem(&fixture("merchant_key.pem")).unwrap(),
        alipay_public_key: PublicKey::from_pem(&fixture(alipay_public)).unwrap(),
        gateway: sim.gateway(),
    }
}

/// The phone opens the WAP pay address for `out_trade_no` (¥99.00): Alipay's cashier, the
/// trade recorded.
async fn opened(pay: &Alipay<'_>, out_trade_no: &str) {
    let now = OffsetDateTime::now_utc();
    let order = WapPay {
        out_trade_no,
        subject: "卓玛的苹果 5 kg",
        total: Money::from_fen(9900),
        notify_url: "http://127.0.0.1:9/api/pay/alipay/drolma",
        return_url: "https://orchard.example/orders/o1",
        expires_at: now + Duration::minutes(15),
    };
    let page = reqwest::get(pay.wap_pay_url(&order, now)).await.unwrap();
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("cashier"), "the cashier opens: {page}");
}

#[tokio::test]
async fn a_trade_opened_by_the_phone_is_asked_unpaid_then_paid_and_one_left_unpaid_is_closed() {
    let sim = start().await;
    let a = app(&sim, "provider_pub.pem");
    let pay = Alipay::new(&a, reqwest::Client::new());
    opened(&pay, "order_alipay_01").await;
    opened(&pay, "order_alipay_02").await;
    let waiting = pay.query("order_alipay_01").await.unwrap();
    assert_eq!(
        (waiting.trade_status.as_str(), waiting.total_amount.as_str()),
        ("WAIT_BUYER_PAY", "99.00")
    );
    sim.pay_quietly("order_alipay_01").unwrap();
    assert_eq!(
        pay.query("order_alipay_01").await.unwrap().trade_status,
        "TRADE_SUCCESS"
    );
    pay.close("order_alipay_02").await.unwrap();
    assert_eq!(
        pay.query("order_alipay_02").await.unwrap().trade_status,
        "TRADE_CLOSED"
    );
    sim.stop().await;
}

#[tokio::test]
async fn a_refund_moves_money_once_however_often_asked_and_an_unknown_trade_is_refused() {
    let sim = start().await;
    let a = app(&sim, "provider_pub.pem");
    let pay = Alipay::new(&a, reqwest::Client::new());
    opened(&pay, "order_alipay_r1").await;
    sim.pay_quietly("order_alipay_r1").unwrap();
    let half = Money::from_fen(4950);
    let first = pay
        .refund("order_alipay_r1", "claim-000001", half)
        .await
        .unwrap();
    let again = pay
        .refund("order_alipay_r1", "claim-000001", half)
        .await
        .unwrap();
    assert_eq!(
        (first.fund_change.as_str(), again.fund_change.as_str()),
        ("Y", "N")
    );
    assert_eq!(again.refund_fee, "49.50", "one refund, however often asked");
    match pay.query("order_nowhere_01").await {
        Err(CallError::Answer(AnswerError::Refused(r))) => {
            assert_eq!(r.sub_code.as_deref(), Some("ACQ.TRADE_NOT_EXIST"))
        }
        other => panic!("an unknown trade: {other:?}"),
    }
    sim.stop().await;
}

#[tokio::test]
async fn an_answer_that_does_not_verify_with_alipays_key_is_never_read() {
    let sim = start().await;
    let honest = app(&sim, "provider_pub.pem");
    opened(
        &Alipay::new(&honest, reqwest::Client::new()),
        "order_alipay_u1",
    )
    .await;
    // The app's own public key stands for an Alipay key that is not the one signing.
    let a = app(&sim, "merchant_pub.pem");
    let pay = Alipay::new(&a, reqwest::Client::new());
    let answer = pay.query("order_alipay_u1").await;
    assert_eq!(
        answer,
        Err(CallError::Answer(AnswerError::Unverified(
            VerifyError::BadSignature
        )))
    );
    sim.stop().await;
}

#[tokio::test]
async fn a_gateway_that_does_not_answer_is_a_transport_error() {
    let sim = start().await;
    let mut a = app(&sim, "provider_pub.pem");
    sim.stop().await;
    a.gateway = "http://127.0.0.1:9/gateway.do".into();
    let pay = Alipay::new(&a, reqwest::Client::new());
    assert!(matches!(
        pay.query("order_alipay_x1").await,
        Err(CallError::Transport(_))
    ));
}
