//! A notification's resource and the JSAPI parameters against the known answers of the Python
//! SDK `wechatpayv3` (tests/fixtures/payment/wechat_vectors.py), and each refusal of a resource
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

fn apiv3_key() -> ApiV3Key {
    ApiV3Key::parse(text(&vectors()["apiv3_key"])).unwrap()
}

/// The resource of the SDK's notification, as a notification's body carries it.
fn resource() -> Resource {
    let body: Value = serde_json::from_str(text(&vectors()["notification"]["body"])).unwrap();
    serde_json::from_value(body["resource"].clone()).unwrap()
}

#[test]
fn the_sdks_resource_decrypts_to_its_transaction() {
    let plain = decrypt(&apiv3_key(), &resource()).unwrap();
    assert_eq!(plain, text(&vectors()["transaction"]));
    let transaction: Value = serde_json::from_str(&plain).unwrap();
    assert_eq!(transaction["amount"]["total"], 16800);
}

#[test]
fn our_encryption_is_the_sdks_so_the_simulator_seals_as_wechat_pay_does() {
    let sdk = resource();
    let ours = encrypt(
        &apiv3_key(),
        &sdk.original_type,
        &sdk.nonce,
        &sdk.associated_data,
        text(&vectors()["transaction"]),
    )
    .unwrap();
    assert_eq!(ours, sdk);
    assert_eq!(
        serde_json::to_value(&ours).unwrap()["algorithm"],
        "AEAD_AES_256_GCM"
    );
}

#[test]
fn a_resource_under_another_apiv3_key_is_refused() {
    let other = ApiV3Key::parse("Orch4rdTestApiV3Key0123456789abd").unwrap();
    assert_eq!(
        decrypt(&other, &resource()),
        Err(ResourceError::NotAuthentic)
    );
}

#[test]
fn a_resource_with_a_changed_ciphertext_is_refused() {
    use base64::Engine;
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut changed = resource();
    let mut bytes = b64.decode(&changed.ciphertext).unwrap();
    bytes[0] ^= 1;
    changed.ciphertext = b64.encode(&bytes);
    assert_eq!(
        decrypt(&apiv3_key(), &changed),
        Err(ResourceError::NotAuthentic)
    );
    let mut cut = resource();
    cut.ciphertext = b64.encode(&bytes[..bytes.len() - 1]);
    assert_eq!(
        decrypt(&apiv3_key(), &cut),
        Err(ResourceError::NotAuthentic)
    );
}

#[test]
fn a_resource_with_a_changed_nonce_is_refused() {
    let mut changed = resource();
    changed.nonce = changed.nonce.replace('f', "g");
    assert_eq!(changed.nonce.len(), 12);
    assert_eq!(
        decrypt(&apiv3_key(), &changed),
        Err(ResourceError::NotAuthentic)
    );
    changed.nonce.push('x');
    assert_eq!(
        decrypt(&apiv3_key(), &changed),
        Err(ResourceError::NonceNot12Bytes)
    );
}

#[test]
fn a_resource_with_changed_associated_data_is_refused() {
    let mut changed = resource();
    changed.associated_data = "refund".to_owned();
    assert_eq!(
        decrypt(&apiv3_key(), &changed),
        Err(ResourceError::NotAuthentic)
    );
    changed.associated_data = String::new();
    assert_eq!(
        decrypt(&apiv3_key(), &changed),
        Err(ResourceError::NotAuthentic)
    );
}

#[test]
fn a_resource_of_another_algorithm_is_refused() {
    let mut changed = resource();
    changed.algorithm = "AEAD_SM4_GCM".to_owned();
    assert_eq!(
        decrypt(&apiv3_key(), &changed),
        Err(ResourceError::UnsupportedAlgorithm)
    );
}

#[test]
fn a_resource_whose_ciphertext_is_not_base64_is_refused() {
    let mut changed = resource();
    changed.ciphertext = "不是 base64".to_owned();
    assert_eq!(
        decrypt(&apiv3_key(), &changed),
        Err(ResourceError::NotBase64)
    );
}

#[test]
fn an_apiv3_key_of_other_than_32_bytes_does_not_read_and_never_prints() {
    for bad in [
        "",
        "Orch4rdTestApiV3Key0123456789ab",
        "Orch4rdTestApiV3Key0123456789abcd",
        "苹果苹果苹果苹果苹果苹果",
    ] {
        assert_eq!(
            ApiV3Key::parse(bad).err(),
            Some(ResourceError::KeyNot32Bytes),
            "{bad}"
        );
    }
    let shown = format!("{:?}", apiv3_key());
    assert!(!shown.contains("Orch4rd"), "{shown}");
}

#[test]
fn our_jsapi_parameters_are_the_sdks_with_the_names_weixinjsbridge_wants() {
    let v = vectors();
    let sdk = &v["jsapi"];
    let key = PrivateKey::from_pem(&fixture("merchant_key.pem")).unwrap();
    let prepay_id = text(&sdk["package"]).strip_prefix("prepay_id=").unwrap();
    let timestamp = text(&sdk["timeStamp"]).parse().unwrap();
    let ours = JsapiParams::sign(
        &key,
        text(&sdk["appId"]),
        prepay_id,
        timestamp,
        text(&sdk["nonceStr"]),
    );
    assert_eq!(&serde_json::to_value(&ours).unwrap(), sdk);
    let public = PublicKey::from_pem(&fixture("merchant_pub.pem")).unwrap();
    assert!(ours.verifies(&public));
}

#[test]
fn jsapi_parameters_changed_after_signing_do_not_verify() {
    let sdk: JsapiParams = serde_json::from_value(vectors()["jsapi"].clone()).unwrap();
    let public = PublicKey::from_pem(&fixture("merchant_pub.pem")).unwrap();
    assert!(sdk.verifies(&public));
    let mut other_order = sdk.clone();
    other_order.package = "prepay_id=wx07130000999999999abcdef0123456789".to_owned();
    let mut other_type = sdk.clone();
    other_type.sign_type = "HMAC-SHA256".to_owned();
    let mut other_key = sdk;
    other_key.pay_sign = PrivateKey::from_pem(&fixture("provider_key.pem"))
        .unwrap()
        .sign_base64(other_key.message().as_bytes());
    for changed in [other_order, other_type, other_key] {
        assert!(!changed.verifies(&public), "{changed:?}");
    }
}
