//! The payment keys read in every form the providers' tools give, and signatures checked
//! against OpenSSL's (tests/fixtures/payment/README.md says how each file was made).

use super::*;
use crate::server::payment::test_fixtures::fixture;

fn message() -> Vec<u8> {
    fixture("message.txt").into_bytes()
}

#[test]
fn a_signature_made_by_openssl_verifies_with_the_public_key_in_both_forms() {
    let openssl = fixture("message.sig.b64");
    for name in ["merchant_pub.pem", "merchant_pub_pkcs1.pem"] {
        let key = PublicKey::from_pem(&fixture(name)).unwrap();
        assert!(key.verifies_base64(&message(), &openssl), "{name}");
    }
}

#[test]
fn our_signature_is_openssls_signature_for_both_forms_of_the_private_key() {
    // RSA PKCS#1 v1.5 is deterministic: the same key and message give the same bytes.
    let openssl = fixture("message.sig.b64");
    for name in ["merchant_key.pem", "merchant_key_pkcs1.pem"] {
        let key = PrivateKey::from_pem(&fixture(name)).unwrap();
        assert_eq!(key.sign_base64(&message()), openssl.trim(), "{name}");
    }
}

#[test]
fn a_changed_message_a_changed_signature_or_another_key_does_not_verify() {
    let key = PublicKey::from_pem(&fixture("merchant_pub.pem")).unwrap();
    let other = PublicKey::from_pem(&fixture("provider_pub.pem")).unwrap();
    let signature = PrivateKey::from_pem(&fixture("merchant_key.pem"))
        .unwrap()
        .sign(&message());
    assert!(key.verifies(&message(), &signature));
    let mut changed = message();
    changed[0] ^= 1;
    assert!(!key.verifies(&changed, &signature), "another message");
    let mut forged = signature.clone();
    forged[10] ^= 1;
    assert!(!key.verifies(&message(), &forged), "another signature");
    assert!(!other.verifies(&message(), &signature), "another key");
    assert!(
        !key.verifies_base64(&message(), "not base64!"),
        "bad base64"
    );
}

#[test]
fn bare_base64_reads_as_alipays_key_tool_prints_it() {
    let pem = fixture("merchant_pub.pem");
    let bare: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    assert_eq!(
        PublicKey::from_pem(&bare).unwrap(),
        PublicKey::from_pem(&pem).unwrap()
    );
    let key = fixture("merchant_key.pem");
    let bare: String = key.lines().filter(|l| !l.starts_with("-----")).collect();
    assert!(PrivateKey::from_pem(&bare).is_ok());
}

#[test]
fn a_public_key_given_as_private_or_the_reverse_or_garbage_is_refused_by_name() {
    assert_eq!(
        PrivateKey::from_pem(&fixture("merchant_pub.pem")).unwrap_err(),
        KeyError::NotRsaPrivateKey
    );
    assert_eq!(
        PublicKey::from_pem(&fixture("merchant_key.pem")).unwrap_err(),
        KeyError::NotRsaPublicKey
    );
    assert_eq!(
        PublicKey::from_pem("-----BEGIN PUBLIC KEY-----\n%%%\n-----END PUBLIC KEY-----")
            .unwrap_err(),
        KeyError::NotPemOrBase64
    );
    assert_eq!(
        PrivateKey::from_pem("").unwrap_err(),
        KeyError::NotRsaPrivateKey
    );
}

#[test]
fn a_key_printed_for_debugging_shows_its_kind_and_size_never_its_numbers() {
    let key = PrivateKey::from_pem(&fixture("merchant_key.pem")).unwrap();
    assert_eq!(format!("{key:?}"), "PrivateKey(RSA 2048 bits)");
    let public = PublicKey::from_pem(&fixture("merchant_pub.pem")).unwrap();
    assert!(format!("{public:?}").starts_with("PublicKey(RSA, "));
}
