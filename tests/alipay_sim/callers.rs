//! Calls the gateway does not take from the app: unsigned, signed with another key, naming
//! another app, or signed with the old `RSA` (SHA-1) type. Each is answered 40001/40002 with the
//! public error code's `sub_code`, unsigned, and changes nothing.

use orchard::server::payment::alipay_sign::{signed_request, Request};
use orchard::server::payment::keys::PrivateKey;
use serde_json::{json, Value};
use time::OffsetDateTime;

use super::{call_raw, fixture, merchant_key, opened, start, TradeStatus, APP_ID};

#[tokio::test]
async fn an_unsigned_or_wrongly_signed_call_is_refused_with_invalid_signature() {
    let sim = start().await;
    opened(&sim, "ord_s1", 100).await;
    let content = json!({"out_trade_no": "ord_s1"});
    let unsigned = call_raw(&sim, "alipay.trade.query", content.clone(), None).await;
    let answer: Value = serde_json::from_str(&unsigned).unwrap();
    assert_eq!(
        answer["alipay_trade_query_response"]["sub_code"],
        "isv.missing-signature"
    );
    let other_key = PrivateKey::from_pem(&fixture("provider_key.pem")).unwrap();
    let forged = call_raw(&sim, "alipay.trade.close", content, Some(&other_key)).await;
    let answer: Value = serde_json::from_str(&forged).unwrap();
    let response = &answer["alipay_trade_close_response"];
    assert_eq!(
        (response["code"].as_str(), response["msg"].as_str()),
        (Some("40002"), Some("Invalid Arguments"))
    );
    assert_eq!(response["sub_code"], "isv.invalid-signature");
    assert_eq!(
        sim.trade("ord_s1").unwrap().status,
        TradeStatus::WaitBuyerPay
    );
}

#[tokio::test]
async fn a_call_for_another_app_or_signed_with_the_old_rsa_type_is_refused() {
    let sim = start().await;
    opened(&sim, "ord_s2", 100).await;
    let request = Request {
        app_id: "2021009999999999",
        method: "alipay.trade.query",
        biz_content: json!({"out_trade_no": "ord_s2"}).to_string(),
        notify_url: None,
        return_url: None,
        at: OffsetDateTime::now_utc(),
    };
    let other_app = signed_request(&request, &merchant_key());
    let mut old_type = signed_request(
        &Request {
            app_id: APP_ID,
            ..request
        },
        &merchant_key(),
    );
    old_type.insert("sign_type".into(), "RSA".into());
    for (params, sub_code) in [
        (other_app, "isv.invalid-app-id"),
        (old_type, "isv.invalid-signature-type"),
    ] {
        let answer = reqwest::Client::new()
            .post(sim.gateway())
            .form(&params)
            .send()
            .await;
        let body: Value = answer.unwrap().json().await.unwrap();
        let response = &body["alipay_trade_query_response"];
        assert_eq!(
            (response["code"].as_str(), response["sub_code"].as_str()),
            (Some("40002"), Some(sub_code))
        );
    }
}
