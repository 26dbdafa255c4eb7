//! Alipay's open API signatures (RSA2: RSA PKCS#1 v1.5 over SHA-256, made and checked by `keys`),
//! as Alipay's documents say them, with no HTTP: the caller sends and receives.
//!
//! - A request's string to sign is every parameter but `sign` with a non-empty value, sorted by
//!   name in byte order, `name=value` joined by `&`, values as they are (not URL-encoded); its
//!   `sign` is the app's private key's RSA2 signature of it, in base64.
//! - An asynchronous notification (form fields, URL-decoded) is signed the same way over every
//!   field but `sign` and `sign_type`, with Alipay's key.
//!
//! Answers are `alipay_answer`'s. The provider's side (signing notifications, checking requests)
//! is here too, for the local simulator the tests speak to.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use time::{OffsetDateTime, UtcOffset};

use super::keys::{PrivateKey, PublicKey};
use crate::domain::Money;

/// Parameters or notification fields by name; a `BTreeMap` of `String`s keeps them in the byte
/// order of their names, the order Alipay signs them in.
pub type Params = BTreeMap<String, String>;

/// The only signature type spoken: RSA2 (SHA256withRSA). The older `RSA` (SHA-1) is refused.
pub const SIGN_TYPE: &str = "RSA2";
/// The method of paying in a phone browser by redirect.
pub const WAP_PAY: &str = "alipay.trade.wap.pay";
/// China time (UTC+8), in which Alipay reads a request's `timestamp` and `time_expire`.
const CHINA: UtcOffset = match UtcOffset::from_hms(8, 0, 0) {
    Ok(offset) => offset,
    Err(_) => panic!("UTC+8 is a valid offset"),
};

/// Why a notification, a request or an answer (`alipay_answer`) was not taken as Alipay's (or,
/// for a request, the app's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VerifyError {
    /// No `sign`, or an empty one.
    MissingSign,
    /// A `sign_type` other than RSA2, or none.
    SignTypeNotRsa2,
    /// The signature is not the key's over what was received.
    BadSignature,
    /// The answer is not a JSON object.
    NotJson,
    /// The answer has no `<method>_response` member.
    MissingResponse,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::MissingSign => "no sign",
            Self::SignTypeNotRsa2 => "sign_type is not RSA2",
            Self::BadSignature => "the signature does not verify",
            Self::NotJson => "the answer is not a JSON object",
            Self::MissingResponse => "the answer has no …_response member for its method",
        })
    }
}

impl std::error::Error for VerifyError {}

/// A request to Alipay's gateway, before its common parameters and signature are added.
#[derive(Debug, Clone)]
pub struct Request<'a> {
    /// The app's id on Alipay's open platform.
    pub app_id: &'a str,
    /// The API's method, e.g. `alipay.trade.wap.pay`.
    pub method: &'a str,
    /// The business parameters as JSON text (`wap_pay_content` makes WAP pay's).
    pub biz_content: String,
    /// Where Alipay posts the notification, absolute.
    pub notify_url: Option<&'a str>,
    /// Where the buyer's browser comes back to, absolute (WAP and page pay).
    pub return_url: Option<&'a str>,
    /// When the request is made: its `timestamp`, written in China time.
    pub at: OffsetDateTime,
}

/// The business content of `alipay.trade.wap.pay`, in the order it is written.
#[derive(Serialize)]
struct WapPayContent<'a> {
    out_trade_no: &'a str,
    total_amount: String,
    subject: &'a str,
    product_code: &'static str,
    time_expire: String,
}

/// WAP pay's `biz_content`: the order's number, its amount in yuan with two decimals, a subject
/// and the time after which Alipay no longer takes the payment (China time).
pub fn wap_pay_content(
    out_trade_no: &str,
    amount: Money,
    subject: &str,
    expires_at: OffsetDateTime,
) -> String {
    let content = WapPayContent {
        out_trade_no,
        total_amount: amount.yuan_decimal(),
        subject,
        product_code: "QUICK_WAP_WAY",
        time_expire: china_time(expires_at),
    };
    serde_json::to_string(&content).expect("a struct of strings always serializes")
}

/// `yyyy-MM-dd HH:mm:ss` in China time, as Alipay writes and reads its times.
pub fn china_time(at: OffsetDateTime) -> String {
    let at = at.to_offset(CHINA);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        at.year(),
        u8::from(at.month()),
        at.day(),
        at.hour(),
        at.minute(),
        at.second()
    )
}

/// Every parameter but those `left_out` with a non-empty value, in byte order of their names,
/// `name=value` joined by `&`, not URL-encoded.
fn string_to_sign(params: &Params, left_out: &[&str]) -> String {
    let mut signed = String::new();
    for (name, value) in params {
        if value.is_empty() || left_out.contains(&name.as_str()) {
            continue;
        }
        if !signed.is_empty() {
            signed.push('&');
        }
        signed.push_str(name);
        signed.push('=');
        signed.push_str(value);
    }
    signed
}

/// The request's full parameter set, signed with the app's private key: the common parameters
/// (`format=JSON`, `charset=utf-8`, `sign_type=RSA2`, `version=1.0`, `timestamp`), the request's
/// own, and `sign`.
pub fn signed_request(request: &Request<'_>, app_key: &PrivateKey) -> Params {
    let timestamp = china_time(request.at);
    let mut params = Params::new();
    for (name, value) in [
        ("app_id", Some(request.app_id)),
        ("method", Some(request.method)),
        ("format", Some("JSON")),
        ("charset", Some("utf-8")),
        ("sign_type", Some(SIGN_TYPE)),
        ("timestamp", Some(timestamp.as_str())),
        ("version", Some("1.0")),
        ("notify_url", request.notify_url),
        ("return_url", request.return_url),
        ("biz_content", Some(request.biz_content.as_str())),
    ] {
        if let Some(value) = value {
            params.insert(name.to_owned(), value.to_owned());
        }
    }
    let sign = app_key.sign_base64(string_to_sign(&params, &["sign"]).as_bytes());
    params.insert("sign".to_owned(), sign);
    params
}

/// The gateway's address with the signed parameters as its URL-encoded query: where the phone
/// is sent to pay by WAP (and what a GET to the gateway carries).
pub fn gateway_url(gateway: &str, params: &Params) -> String {
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish();
    let joint = if gateway.contains('?') { '&' } else { '?' };
    format!("{gateway}{joint}{query}")
}

/// `sign` present and non-empty, `sign_type` RSA2, and `key`'s signature over `params` without
/// those `left_out`.
fn verify_params(params: &Params, left_out: &[&str], key: &PublicKey) -> Result<(), VerifyError> {
    let sign = params
        .get("sign")
        .filter(|sign| !sign.is_empty())
        .ok_or(VerifyError::MissingSign)?;
    if params.get("sign_type").map(String::as_str) != Some(SIGN_TYPE) {
        return Err(VerifyError::SignTypeNotRsa2);
    }
    let signed = string_to_sign(params, left_out);
    if key.verifies_base64(signed.as_bytes(), sign) {
        Ok(())
    } else {
        Err(VerifyError::BadSignature)
    }
}

/// Whether an asynchronous notification's fields (URL-decoded) are Alipay's: RSA2 with Alipay's
/// public key over every field but `sign` and `sign_type`.
pub fn verify_notification(fields: &Params, alipay_key: &PublicKey) -> Result<(), VerifyError> {
    verify_params(fields, &["sign", "sign_type"], alipay_key)
}

/// The provider's side: whether a request's parameters are the app's (RSA2 with the app's public
/// key over every parameter but `sign`, `sign_type` included).
pub fn verify_request(params: &Params, app_key: &PublicKey) -> Result<(), VerifyError> {
    verify_params(params, &["sign"], app_key)
}

/// The provider's side: sets a notification's `sign_type` (RSA2) and `sign` (Alipay's private
/// key over every other field), the inverse of `verify_notification`.
pub fn sign_notification(fields: &mut Params, alipay_key: &PrivateKey) {
    fields.insert("sign_type".to_owned(), SIGN_TYPE.to_owned());
    let sign = alipay_key.sign_base64(string_to_sign(fields, &["sign", "sign_type"]).as_bytes());
    fields.insert("sign".to_owned(), sign);
}

#[cfg(test)]
#[path = "alipay_sign_tests.rs"]
mod tests;
