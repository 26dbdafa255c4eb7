//! Our WeChat Pay API v3 client (src/server/payment/wechat_client.rs) against the local
//! simulator (tests/wechat_sim): orders of each kind placed, asked, closed and refunded, every
//! answer verified, and an answer we cannot verify never read.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../wechat_sim/sim.rs"]
mod wechat_sim;

use orchard::server::payment::file::WechatMerchant;
use orchard::server::payment::keys::{PrivateKey, PublicKey};
use orchard::server::payment::wechat_client::{
    CallError, Created, Kind, NewTransaction, WechatPay,
};
use orchard::server::payment::wechat_sign::Refusal;
use wechat_sim::{fixture, Config, WechatSim};

/// The simulator's merchant as the payment file would give it, its platform key `platform`.
fn merchant(sim: &WechatSim, platform: &str) -> WechatMerchant {
    let c = sim.config();
    WechatMerchant {
        appid: c.appid.clone(),
        mchid: c.mchid.clone(),
        app_secret: c.app_secret.clone(),
        merchant_serial: c.merchant_serial.clone(),
        merchant_key: PrivateKey::from_pem(&fixture("merchant_key.pem")).unwrap(),
        apiv3_key: wechat_sim::APIV3_KEY.as_bytes().try_into().unwrap(),
        platform_key: PublicKey::from_pem(&fixture(platform)).unwrap(),
        platform_key_id: c.platform_key_id.clone(),
        api_base: sim.base().to_owned(),
        oauth_base: sim.base().to_owned(),
        sns_base: sim.base().to_owned(),
    }
}

fn order(no: &str) -> NewTransaction<'_> {
    NewTransaction {
        out_trade_no: no,
        description: "卓玛的苹果 5 kg",
        total_fen: 9900,
        notify_url: "http://127.0.0.1:9/api/pay/wechat/drolma",
        time_expire: "2030-11-11T00:15:00+08:00",
    }
}

#[tokio::test]
async fn an_order_of_each_kind_is_placed_and_its_answer_verified() {
    let sim = WechatSim::start(Config::fixtures()).await;
    let m = merchant(&sim, "provider_pub.pem");
    let pay = WechatPay::new(&m, reqwest::Client::new());
    let jsapi = Kind::Jsapi {
        openid: "oSimBuyer0000000000000000001".into(),
    };
    assert!(
        matches!(pay.create(&jsapi, &order("order-jsapi-01")).await, Ok(Created::PrepayId(id)) if !id.is_empty())
    );
    let h5 = Kind::H5 {
        client_ip: "203.0.113.7".into(),
    };
    assert!(
        matches!(pay.create(&h5, &order("order-h5-0001")).await, Ok(Created::H5Url(url)) if url.starts_with("http"))
    );
    let native = pay
        .create(&Kind::Native, &order("order-native-01"))
        .await
        .unwrap();
    assert!(matches!(native, Created::CodeUrl(code) if code.starts_with("weixin://")));
    sim.stop().await;
}

#[tokio::test]
async fn an_order_is_asked_paid_or_not_and_one_left_unpaid_is_closed() {
    let sim = WechatSim::start(Config::fixtures()).await;
    let m = merchant(&sim, "provider_pub.pem");
    let pay = WechatPay::new(&m, reqwest::Client::new());
    pay.create(&Kind::Native, &order("order-paid-001"))
        .await
        .unwrap();
    pay.create(&Kind::Native, &order("order-unpaid-01"))
        .await
        .unwrap();
    assert_eq!(
        pay.query("order-paid-001").await.unwrap().trade_state,
        "NOTPAY"
    );
    sim.mark_paid("order-paid-001");
    let paid = pay.query("order-paid-001").await.unwrap();
    assert_eq!(paid.trade_state, "SUCCESS");
    assert_eq!(paid.amount.and_then(|a| a.total), Some(9900));
    assert!(paid.transaction_id.is_some());
    pay.close("order-unpaid-01").await.unwrap();
    assert_eq!(
        pay.query("order-unpaid-01").await.unwrap().trade_state,
        "CLOSED"
    );
    sim.stop().await;
}

#[tokio::test]
async fn a_paid_order_is_refunded_once_however_often_asked_and_too_much_is_refused() {
    let sim = WechatSim::start(Config::fixtures()).await;
    let m = merchant(&sim, "provider_pub.pem");
    let pay = WechatPay::new(&m, reqwest::Client::new());
    pay.create(&Kind::Native, &order("order-refund-1"))
        .await
        .unwrap();
    sim.mark_paid("order-refund-1");
    let first = pay
        .refund("order-refund-1", "claim-000001", 4950, 9900, None)
        .await
        .unwrap();
    let again = pay
        .refund("order-refund-1", "claim-000001", 4950, 9900, None)
        .await
        .unwrap();
    assert_eq!(
        (first.out_refund_no.as_str(), first.status.as_str()),
        ("claim-000001", "PROCESSING")
    );
    assert_eq!(
        again, first,
        "the claim's id is the refund's: a retry is the same refund"
    );
    match pay
        .refund("order-refund-1", "claim-000002", 99_000, 9900, None)
        .await
    {
        Err(CallError::Refused {
            status: 400, code, ..
        }) => assert!(!code.is_empty()),
        other => panic!("refunding more than was paid: {other:?}"),
    }
    sim.stop().await;
}

#[tokio::test]
async fn an_answer_that_does_not_verify_with_the_platform_key_is_never_read() {
    let sim = WechatSim::start(Config::fixtures()).await;
    // The merchant's own public key stands for a platform key that is not the one signing.
    let m = merchant(&sim, "merchant_pub.pem");
    let pay = WechatPay::new(&m, reqwest::Client::new());
    let answer = pay.create(&Kind::Native, &order("order-unverif-1")).await;
    assert_eq!(answer, Err(CallError::Unverified(Refusal::BadSignature)));
    sim.stop().await;
}

#[tokio::test]
async fn a_provider_that_does_not_answer_is_a_transport_error() {
    let sim = WechatSim::start(Config::fixtures()).await;
    let mut m = merchant(&sim, "provider_pub.pem");
    sim.stop().await;
    m.api_base = "http://127.0.0.1:9".into();
    let pay = WechatPay::new(&m, reqwest::Client::new());
    assert!(matches!(
        pay.query("order-nowhere-1").await,
        Err(CallError::Transport(_))
    ));
}
