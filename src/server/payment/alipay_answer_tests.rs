//! Alipay's answers checked against another implementation's known answers
//! (tests/fixtures/payment/alipay_vectors.json, made by python-alipay-sdk through
//! alipay_vectors.py), then their verification proved by breaking each answer.

use serde_json::Value;

use super::*;
use crate::server::payment::test_fixtures::fixture;

fn private(name: &str) -> PrivateKey {
    PrivateKey::from_pem(&fixture(name)).unwrap()
}

fn public(name: &str) -> PublicKey {
    PublicKey::from_pem(&fixture(name)).unwrap()
}

/// The vectors' response text and whole body of the answer to `method`.
fn answer(method: &str) -> (String, String) {
    let vectors: Value = serde_json::from_str(&fixture("alipay_vectors.json")).unwrap();
    let answer = vectors["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|answer| answer["method"] == method)
        .unwrap();
    let text = |name: &str| answer[name].as_str().unwrap().to_owned();
    (text("response"), text("body"))
}

#[test]
fn a_methods_answer_member_has_underscores_for_dots() {
    assert_eq!(
        response_member("alipay.trade.query"),
        "alipay_trade_query_response"
    );
}

#[test]
fn an_accepted_answer_signed_by_the_sdk_verifies_and_ours_is_the_same() {
    let (response, body) = answer("alipay.trade.query");
    let read: Value =
        verify_answer("alipay.trade.query", &body, &public("provider_pub.pem")).unwrap();
    assert_eq!(read["trade_status"], "TRADE_SUCCESS");
    assert_eq!(read["note"], "卓玛 {收到}");
    let ours = signed_answer(
        "alipay.trade.query",
        &response,
        &private("provider_key.pem"),
    );
    assert_eq!(ours, body);
}

#[test]
fn a_refusal_is_verified_then_reported_with_its_reason() {
    let (_, body) = answer("alipay.trade.close");
    let read = verify_answer::<Value>("alipay.trade.close", &body, &public("provider_pub.pem"));
    let refusal = Refusal {
        code: "40004".into(),
        msg: "Business Failed".into(),
        sub_code: Some("ACQ.TRADE_NOT_EXIST".into()),
        sub_msg: Some("交易不存在".into()),
    };
    assert_eq!(read, Err(AnswerError::Refused(refusal)));
    let forged = body.replace("ACQ.TRADE_NOT_EXIST", "ACQ.SYSTEM_ERROR");
    assert_eq!(
        verify_answer::<Value>("alipay.trade.close", &forged, &public("provider_pub.pem")),
        Err(AnswerError::Unverified(VerifyError::BadSignature))
    );
}

#[test]
fn an_answer_broken_in_any_way_or_checked_with_another_key_is_refused() {
    let (response, body) = answer("alipay.trade.query");
    let sign = body
        .rsplit("\"sign\":\"")
        .next()
        .unwrap()
        .trim_end_matches("\"}");
    let flipped = format!(
        "{}{}",
        if sign.starts_with('A') { 'B' } else { 'A' },
        &sign[1..]
    );
    let member = r#"{"alipay_trade_query_response":"#;
    use VerifyError::*;
    let cases = [
        (
            "re-spaced",
            body.replacen(r#""msg":"Success""#, r#""msg": "Success""#, 1),
            BadSignature,
        ),
        (
            "re-ordered",
            body.replacen(
                r#""code":"10000","msg":"Success""#,
                r#""msg":"Success","code":"10000""#,
                1,
            ),
            BadSignature,
        ),
        (
            "a changed field",
            body.replace("TRADE_SUCCESS", "TRADE_FINISHED"),
            BadSignature,
        ),
        (
            "an added field",
            body.replacen(r#""code":"#, r#""extra":"1","code":"#, 1),
            BadSignature,
        ),
        (
            "a changed signature",
            body.replace(sign, &flipped),
            BadSignature,
        ),
        ("no sign", format!("{member}{response}}}"), MissingSign),
        ("an empty sign", body.replace(sign, ""), MissingSign),
        (
            "another method's member",
            body.replace("alipay_trade_query", "alipay_trade_close"),
            MissingResponse,
        ),
        ("not JSON", body[..body.len() - 1].to_owned(), NotJson),
    ];
    let alipay = public("provider_pub.pem");
    for (case, broken, error) in cases {
        let read = verify_answer::<Value>("alipay.trade.query", &broken, &alipay);
        assert_eq!(read, Err(AnswerError::Unverified(error)), "{case}");
    }
    assert_eq!(
        verify_answer::<Value>("alipay.trade.query", &body, &public("merchant_pub.pem")),
        Err(AnswerError::Unverified(BadSignature)),
        "another key"
    );
}

#[test]
fn an_accepted_answer_that_is_not_what_the_caller_reads_is_unreadable() {
    #[derive(Debug, Deserialize)]
    struct Refund {
        #[allow(dead_code)]
        refund_fee: String,
    }
    let (_, body) = answer("alipay.trade.query");
    let read = verify_answer::<Refund>("alipay.trade.query", &body, &public("provider_pub.pem"));
    assert_eq!(read.unwrap_err(), AnswerError::Unreadable);
}
