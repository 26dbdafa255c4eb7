//! WeChat Pay's request and answer signatures against the known answers the Python SDK
//! `wechatpayv3` made (tests/fixtures/payment/wechat_vectors.py), and each check of an answer
//! proved by breaking it.

use serde_json::Value;

use super::*;
use crate::server::payment::test_fixtures::fixture;

fn vectors() -> Value {
    serde_json::from_str(&fixture("wechat_vectors.json")).unwrap()
}

fn text(value: &Value) -> &str {
    value.as_str().expect("a string in the vectors")
}

fn merchant_key() -> PrivateKey {
    PrivateKey::from_pem(&fixture("merchant_key.pem")).unwrap()
}

fn platform_key() -> PublicKey {
    PublicKey::from_pem(&fixture("provider_pub.pem")).unwrap()
}

/// The SDK's signed notification: its headers, its body and the time it was made.
fn notification() -> (SignedHeaders, String, i64) {
    let n = &vectors()["notification"];
    let headers = SignedHeaders {
        timestamp: text(&n["timestamp"]).to_owned(),
        nonce: text(&n["nonce"]).to_owned(),
        signature: text(&n["signature"]).to_owned(),
        serial: text(&n["serial"]).to_owned(),
    };
    let at = headers.timestamp.parse().unwrap();
    (headers, text(&n["body"]).to_owned(), at)
}

/// `verify` with the configured platform key and id of the vectors.
fn check(headers: &SignedHeaders, body: &str, now: i64) -> Result<(), Refusal> {
    let v = vectors();
    let key = platform_key();
    let platform = Platform {
        key_id: text(&v["platform_key_id"]),
        key: &key,
    };
    headers.verify(platform, body.as_bytes(), now)
}

#[test]
fn our_authorization_header_is_the_python_sdks_byte_for_byte() {
    let v = vectors();
    let key = merchant_key();
    let merchant = Merchant {
        mchid: text(&v["mchid"]),
        serial_no: text(&v["merchant_serial"]),
        key: &key,
    };
    let requests = v["requests"].as_array().unwrap();
    assert_eq!(
        requests.len(),
        2,
        "a POST with a body and a GET with a query"
    );
    for r in requests {
        let stamp = Stamp {
            timestamp: text(&r["timestamp"]).parse().unwrap(),
            nonce: text(&r["nonce"]),
        };
        let ours = authorization(
            merchant,
            text(&r["method"]),
            text(&r["url"]),
            stamp,
            text(&r["body"]),
        );
        assert_eq!(ours, text(&r["authorization"]), "{}", text(&r["url"]));
    }
}

#[test]
fn the_sdks_authorization_header_reads_back_and_verifies_with_the_merchants_public_key() {
    let v = vectors();
    let public = PublicKey::from_pem(&fixture("merchant_pub.pem")).unwrap();
    for r in v["requests"].as_array().unwrap() {
        let header = Authorization::parse(text(&r["authorization"])).unwrap();
        assert_eq!(header.mchid, text(&v["mchid"]));
        assert_eq!(header.serial_no, text(&v["merchant_serial"]));
        assert_eq!(header.timestamp, text(&r["timestamp"]));
        assert_eq!(header.nonce_str, text(&r["nonce"]));
        let (method, url, body) = (text(&r["method"]), text(&r["url"]), text(&r["body"]));
        assert!(header.verifies(&public, method, url, body), "{url}");
        assert!(
            !header.verifies(&public, method, url, &format!("{body} ")),
            "{url}: body changed"
        );
        assert!(
            !header.verifies(&public, method, "/v3/pay/transactions/h5", body),
            "{url}: URL changed"
        );
    }
}

#[test]
fn an_authorization_header_of_another_scheme_or_missing_a_field_does_not_read() {
    let v = vectors();
    let good = text(&v["requests"][0]["authorization"]);
    assert!(Authorization::parse(good).is_some());
    let other_scheme = good.replace(SCHEME, "WECHATPAY2-SM2-WITH-SM3");
    let no_serial = good.split(",serial_no=").next().unwrap().to_owned();
    let unquoted = good.replace("mchid=\"1900000109\"", "mchid=1900000109");
    for bad in [other_scheme, no_serial, unquoted, String::new()] {
        assert_eq!(Authorization::parse(&bad), None, "{bad}");
    }
}

#[test]
fn the_platforms_answers_and_notification_signed_by_the_sdk_verify() {
    let v = vectors();
    let mut signed: Vec<&Value> = v["answers"].as_array().unwrap().iter().collect();
    signed.push(&v["notification"]);
    assert!(
        signed.iter().any(|a| text(&a["body"]).is_empty()),
        "a 204's empty body is covered"
    );
    for a in signed {
        let found = |name: &str| match name {
            TIMESTAMP => a["timestamp"].as_str(),
            NONCE => a["nonce"].as_str(),
            SIGNATURE => a["signature"].as_str(),
            SERIAL => a["serial"].as_str(),
            SIGNATURE_TYPE => Some(SCHEME),
            _ => None,
        };
        let headers = SignedHeaders::read(found).unwrap();
        let now = headers.timestamp.parse::<i64>().unwrap() + 2;
        assert_eq!(
            check(&headers, text(&a["body"]), now),
            Ok(()),
            "{}",
            text(&a["body"])
        );
    }
}

#[test]
fn our_platform_signature_is_the_sdks_so_the_simulator_signs_as_wechat_pay_does() {
    let (sdk, body, at) = notification();
    let key = PrivateKey::from_pem(&fixture("provider_key.pem")).unwrap();
    let stamp = Stamp {
        timestamp: at,
        nonce: &sdk.nonce,
    };
    let ours = SignedHeaders::sign(&key, &sdk.serial, stamp, body.as_bytes());
    assert_eq!(ours, sdk);
    let pairs = ours.pairs();
    assert!(pairs.contains(&(SIGNATURE_TYPE, SCHEME)));
    assert!(pairs.contains(&(SIGNATURE, sdk.signature.as_str())));
}

#[test]
fn headers_are_read_from_an_http_map_whatever_their_case() {
    let (sdk, body, at) = notification();
    let mut map = axum::http::HeaderMap::new();
    for (name, value) in sdk.pairs() {
        map.insert(
            axum::http::HeaderName::try_from(name.to_lowercase()).unwrap(),
            value.parse().unwrap(),
        );
    }
    let read = SignedHeaders::from_map(&map).unwrap();
    assert_eq!(read, sdk);
    assert_eq!(check(&read, &body, at), Ok(()));
}

#[test]
fn a_notification_missing_any_of_the_four_headers_is_refused_naming_it() {
    let (sdk, _, _) = notification();
    for missing in [TIMESTAMP, NONCE, SIGNATURE, SERIAL] {
        let found = |name: &str| {
            (name != missing).then_some(()).and_then(|()| {
                sdk.pairs()
                    .into_iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v)
            })
        };
        assert_eq!(
            SignedHeaders::read(found),
            Err(Refusal::MissingHeader(missing))
        );
    }
}

#[test]
fn a_notification_of_another_signature_type_is_refused() {
    let (sdk, _, _) = notification();
    let found = |name: &str| match name {
        SIGNATURE_TYPE => Some("WECHATPAY2-SM2-WITH-SM3"),
        _ => sdk
            .pairs()
            .into_iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v),
    };
    assert_eq!(
        SignedHeaders::read(found),
        Err(Refusal::UnsupportedSignatureType)
    );
}

#[test]
fn a_tampered_body_is_refused() {
    let (sdk, body, at) = notification();
    let tampered = body.replace("TRANSACTION.SUCCESS", "REFUND.SUCCESS");
    assert_ne!(tampered, body);
    assert_eq!(check(&sdk, &tampered, at), Err(Refusal::BadSignature));
    assert_eq!(
        check(&sdk, &format!("{body}\n"), at),
        Err(Refusal::BadSignature)
    );
}

#[test]
fn a_tampered_signature_is_refused() {
    let (mut sdk, body, at) = notification();
    let first = sdk.signature.remove(0);
    sdk.signature
        .insert(0, if first == 'A' { 'B' } else { 'A' });
    assert_eq!(check(&sdk, &body, at), Err(Refusal::BadSignature));
    sdk.signature = "not base64 at all!".to_owned();
    assert_eq!(check(&sdk, &body, at), Err(Refusal::BadSignature));
}

#[test]
fn wechat_pays_signtest_probe_is_refused_as_the_document_requires() {
    let (mut sdk, body, at) = notification();
    sdk.signature = format!("WECHATPAY/SIGNTEST/{}", &sdk.signature[19..]);
    assert_eq!(check(&sdk, &body, at), Err(Refusal::BadSignature));
}

#[test]
fn a_notification_signed_by_another_key_than_the_platforms_is_refused() {
    let (sdk, body, at) = notification();
    let stamp = Stamp {
        timestamp: at,
        nonce: &sdk.nonce,
    };
    let forged = SignedHeaders::sign(&merchant_key(), &sdk.serial, stamp, body.as_bytes());
    assert_eq!(check(&forged, &body, at), Err(Refusal::BadSignature));
}

#[test]
fn a_serial_that_is_not_the_platform_key_id_is_refused() {
    let (mut sdk, body, at) = notification();
    sdk.serial = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1".to_owned();
    assert_eq!(check(&sdk, &body, at), Err(Refusal::UnknownSerial));
}

#[test]
fn a_timestamp_more_than_five_minutes_old_is_refused_and_five_minutes_is_not() {
    let (sdk, body, at) = notification();
    assert_eq!(check(&sdk, &body, at + MAX_SKEW_SECONDS), Ok(()));
    assert_eq!(
        check(&sdk, &body, at + MAX_SKEW_SECONDS + 1),
        Err(Refusal::StaleTimestamp)
    );
}

#[test]
fn a_timestamp_more_than_five_minutes_ahead_is_refused_and_five_minutes_is_not() {
    let (sdk, body, at) = notification();
    assert_eq!(check(&sdk, &body, at - MAX_SKEW_SECONDS), Ok(()));
    assert_eq!(
        check(&sdk, &body, at - MAX_SKEW_SECONDS - 1),
        Err(Refusal::FutureTimestamp)
    );
}

#[test]
fn a_timestamp_that_is_not_a_number_is_refused() {
    let (mut sdk, body, at) = notification();
    sdk.timestamp = format!("{at}.0");
    assert_eq!(check(&sdk, &body, at), Err(Refusal::UnreadableTimestamp));
}
