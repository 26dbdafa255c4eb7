//! The payment file read, refused by the key at fault, and never printed with a secret.

use super::*;

const APIV3: &str = "0123456789abcdefghijklmnopqrstuv";

/// A folder holding the fixture keys and a payment file of `text`; the file's path.
fn payment_file(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/payment");
    for name in ["merchant_key.pem", "provider_pub.pem", "merchant_pub.pem"] {
        std::fs::copy(fixtures.join(name), dir.path().join(name)).unwrap();
    }
    let path = dir.path().join("payment.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn both(wechat_extra: &str) -> String {
    format!(
        "[wechat.drolma]\nappid = \"wx8888888888888888\"\nmchid = \"1900000001\"\n\
         app_secret = \"the-secret-of-the-account\"\nmerchant_serial = \"5157F09EFDC096DE15EBE81A47057A72\"\n\
         merchant_key = \"merchant_key.pem\"\napiv3_key = \"{APIV3}\"\nplatform_key = \"provider_pub.pem\"\n\
         platform_key_id = \"PUB_KEY_ID_0114232134912410000000000000\"\n{wechat_extra}\n\
         [alipay.tsering]\napp_id = \"2021000000000000\"\napp_private_key = \"merchant_key.pem\"\n\
         alipay_public_key = \"provider_pub.pem\"\ngateway = \"http://127.0.0.1:9/gateway.do\"\n"
    )
}

fn refusal(text: &str) -> PaymentFileError {
    let (_dir, path) = payment_file(text);
    PaymentFile::load(&path).unwrap_err()
}

#[test]
fn a_file_with_both_providers_reads_with_the_official_addresses_unless_it_names_others() {
    let (_dir, path) = payment_file(&both(""));
    let file = PaymentFile::load(&path).unwrap();
    let w = &file.wechat["drolma"];
    assert_eq!(
        (w.appid.as_str(), w.mchid.as_str()),
        ("wx8888888888888888", "1900000001")
    );
    assert_eq!(&w.apiv3_key, APIV3.as_bytes());
    assert_eq!(
        (
            w.api_base.as_str(),
            w.oauth_base.as_str(),
            w.sns_base.as_str()
        ),
        (WECHAT_API_BASE, WECHAT_OAUTH_BASE, WECHAT_SNS_BASE)
    );
    assert_eq!(
        file.alipay["tsering"].gateway,
        "http://127.0.0.1:9/gateway.do"
    );
    assert!(
        !w.platform_key.verifies(b"x", &w.merchant_key.sign(b"x")),
        "two pairs read"
    );
    assert_eq!(file.unknown_slugs(&["drolma"]), vec!["tsering"]);
    assert!(file.unknown_slugs(&["drolma", "tsering"]).is_empty());
}

#[test]
fn an_address_given_is_kept_without_its_trailing_slash_and_a_bad_one_is_refused_by_name() {
    let (_dir, path) = payment_file(&both("api_base = \"http://127.0.0.1:5000/\""));
    assert_eq!(
        PaymentFile::load(&path).unwrap().wechat["drolma"].api_base,
        "http://127.0.0.1:5000"
    );
    let e = refusal(&both("oauth_base = \"open.weixin.qq.com\""));
    assert_eq!(e.key.as_deref(), Some("wechat.drolma.oauth_base"));
}

#[test]
fn a_key_file_missing_or_of_the_wrong_kind_is_refused_naming_its_key() {
    let e = refusal(&both("").replace("\"merchant_key.pem\"\napiv3", "\"nowhere.pem\"\napiv3"));
    assert_eq!(e.key.as_deref(), Some("wechat.drolma.merchant_key"));
    assert!(e.message.contains("nowhere.pem cannot be read"), "{e}");
    let e = refusal(&both("").replace(
        "alipay_public_key = \"provider_pub.pem\"",
        "alipay_public_key = \"merchant_key.pem\"",
    ));
    assert_eq!(e.key.as_deref(), Some("alipay.tsering.alipay_public_key"));
    assert!(e.message.contains("not an RSA public key"), "{e}");
}

#[test]
fn an_apiv3_key_of_another_length_an_empty_id_or_an_unknown_field_is_refused() {
    let e = refusal(&both("").replace(APIV3, "too-short"));
    assert_eq!(e.key.as_deref(), Some("wechat.drolma.apiv3_key"));
    assert_eq!(e.message, "has 9 bytes; the APIv3 key has 32");
    let e = refusal(&both("").replace("mchid = \"1900000001\"", "mchid = \" \""));
    assert_eq!(e.key.as_deref(), Some("wechat.drolma.mchid"));
    let e = refusal(&both("merchant_secret = \"oops\""));
    assert!(e.message.contains("unknown field"), "{e}");
}

#[test]
fn no_secret_appears_in_an_error_or_in_the_file_printed_for_debugging() {
    let (_dir, path) = payment_file(&both(""));
    let printed = format!("{:?}", PaymentFile::load(&path).unwrap());
    let key = std::fs::read_to_string(path.with_file_name("merchant_key.pem")).unwrap();
    let body_line = key.lines().nth(1).unwrap();
    for secret in ["the-secret-of-the-account", APIV3, body_line] {
        assert!(!printed.contains(secret), "{printed}");
    }
    // toml quotes the line it stops at; the refusal gives only the line's number.
    let e = refusal(&both("").replace(
        "app_secret = \"the-secret-of-the-account\"",
        "app_secret = the-secret-of-the-account",
    ));
    assert!(!e.to_string().contains("the-secret-of-the-account"), "{e}");
    assert!(e.message.contains("line 4"), "{e}");
}

#[test]
fn a_producer_accepting_an_online_method_needs_its_credentials_and_a_public_url() {
    use crate::domain::{PaymentMethod, PaymentTerms};
    let (_dir, path) = payment_file(&both(""));
    let file = PaymentFile::load(&path).unwrap();
    let terms = |methods: &[PaymentMethod]| PaymentTerms {
        methods: methods.to_vec(),
        ..PaymentTerms::default()
    };
    let (wechat, alipay, cod) = (
        PaymentMethod::Wechat,
        PaymentMethod::Alipay,
        PaymentMethod::Cod,
    );
    assert!(file
        .check_terms("drolma", &terms(&[wechat, cod]), true)
        .is_ok());
    assert!(file.check_terms("tsering", &terms(&[alipay]), true).is_ok());
    assert!(
        file.check_terms("walnuts", &terms(&[cod]), false).is_ok(),
        "cod needs nothing"
    );
    let e = file
        .check_terms("drolma", &terms(&[alipay]), true)
        .unwrap_err();
    assert!(e.contains("no [alipay.drolma]"), "{e}");
    let e = file
        .check_terms("drolma", &terms(&[wechat]), false)
        .unwrap_err();
    assert!(e.contains("ORCHARD_PUBLIC_URL"), "{e}");
    let none = PaymentFile::default();
    let e = none
        .check_terms("drolma", &terms(&[wechat]), true)
        .unwrap_err();
    assert!(e.contains("no [wechat.drolma]"), "{e}");
}
