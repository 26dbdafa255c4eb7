//! WeChat Pay API v3's signatures and encryption, as its documents say (pay.weixin.qq.com,
//! "签名生成", "验签", "回调通知", "JSAPI调起支付"): pure functions, no HTTP.
//!
//! - The merchant signs each request, `METHOD\nURL\ntimestamp\nnonce\nbody\n`, and sends it in
//!   the `Authorization` header (`authorization`; the simulator reads it back with
//!   `Authorization::parse`).
//! - WeChat Pay signs each answer and notification, `timestamp\nnonce\nbody\n`, in the
//!   `Wechatpay-*` headers (`SignedHeaders`): the server verifies them against the platform key
//!   before it reads the body, and the simulator makes them (`SignedHeaders::sign`).
//! - A notification's `resource` is sealed with AES-256-GCM under the 32-byte APIv3 key
//!   (`decrypt`, and `encrypt` for the simulator).
//! - The phone's `WeixinJSBridge` takes `JsapiParams`, signed over `appId\ntimeStamp\nnonceStr\npackage\n`.
//!
//! RSA is `keys`' (ring's PKCS#1 v1.5 SHA-256), AES-256-GCM is ring's `aead`. Known answers made
//! by another implementation live in tests/fixtures/payment/wechat_vectors.json.

use std::fmt;

use super::keys::{PrivateKey, PublicKey};

/// The signature scheme: the `Authorization` header's first word, `Wechatpay-Signature-Type`.
pub const SCHEME: &str = "WECHATPAY2-SHA256-RSA2048";
/// The header of a signed answer or notification: when it was signed (Unix seconds).
pub const TIMESTAMP: &str = "Wechatpay-Timestamp";
/// The header of a signed answer or notification: its one-time random string.
pub const NONCE: &str = "Wechatpay-Nonce";
/// The header of a signed answer or notification: base64 of the platform key's signature.
pub const SIGNATURE: &str = "Wechatpay-Signature";
/// The header of a signed answer or notification: the platform key's id (`PUB_KEY_ID_…`).
pub const SERIAL: &str = "Wechatpay-Serial";
/// The header of a signed answer or notification naming its scheme (`SCHEME`); optional.
pub const SIGNATURE_TYPE: &str = "Wechatpay-Signature-Type";
/// How far an answer's timestamp may be from the server's clock, either way: 5 minutes.
pub const MAX_SKEW_SECONDS: i64 = 5 * 60;

/// When a signature was made (Unix seconds) and its one-time random string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp<'a> {
    pub timestamp: i64,
    pub nonce: &'a str,
}

/// The merchant a request is signed for: its `mchid`, its key's serial and the key.
#[derive(Debug, Clone, Copy)]
pub struct Merchant<'a> {
    pub mchid: &'a str,
    pub serial_no: &'a str,
    pub key: &'a PrivateKey,
}

/// The message a request's signature covers; `url` is the path and query, `body` empty for a GET.
pub fn request_message(method: &str, url: &str, stamp: Stamp<'_>, body: &str) -> String {
    let Stamp { timestamp, nonce } = stamp;
    format!("{method}\n{url}\n{timestamp}\n{nonce}\n{body}\n")
}

/// The `Authorization` header of a request signed by `merchant`.
pub fn authorization(
    merchant: Merchant<'_>,
    method: &str,
    url: &str,
    stamp: Stamp<'_>,
    body: &str,
) -> String {
    let signature = merchant
        .key
        .sign_base64(request_message(method, url, stamp, body).as_bytes());
    format!(
        "{SCHEME} mchid=\"{}\",nonce_str=\"{}\",signature=\"{signature}\",timestamp=\"{}\",serial_no=\"{}\"",
        merchant.mchid, stamp.nonce, stamp.timestamp, merchant.serial_no
    )
}

/// A request's `Authorization` header read back (the simulator's side), its fields as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    pub mchid: String,
    pub nonce_str: String,
    pub signature: String,
    pub timestamp: String,
    pub serial_no: String,
}

impl Authorization {
    /// The header's five fields, in any order; `None` if the scheme or a field is missing.
    pub fn parse(header: &str) -> Option<Self> {
        let fields = header.strip_prefix(SCHEME)?.strip_prefix(' ')?;
        let field = |name: &str| {
            fields.split(',').find_map(|pair| {
                let (key, value) = pair.trim().split_once('=')?;
                let value = value.strip_prefix('"')?.strip_suffix('"')?;
                (key == name).then(|| value.to_owned())
            })
        };
        Some(Self {
            mchid: field("mchid")?,
            nonce_str: field("nonce_str")?,
            signature: field("signature")?,
            timestamp: field("timestamp")?,
            serial_no: field("serial_no")?,
        })
    }

    /// Whether the signature is `merchant_key`'s over this request.
    pub fn verifies(&self, merchant_key: &PublicKey, method: &str, url: &str, body: &str) -> bool {
        let message = format!(
            "{method}\n{url}\n{}\n{}\n{body}\n",
            self.timestamp, self.nonce_str
        );
        merchant_key.verifies_base64(message.as_bytes(), &self.signature)
    }
}

/// Why an answer or a notification was not believed; nothing of it may be read then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// One of the four `Wechatpay-*` headers is absent (or not text).
    MissingHeader(&'static str),
    /// `Wechatpay-Signature-Type` names another scheme than WECHATPAY2-SHA256-RSA2048.
    UnsupportedSignatureType,
    /// `Wechatpay-Serial` is not the configured platform key's id.
    UnknownSerial,
    /// `Wechatpay-Timestamp` is not a number of seconds.
    UnreadableTimestamp,
    /// The timestamp is more than 5 minutes before the server's clock.
    StaleTimestamp,
    /// The timestamp is more than 5 minutes after the server's clock.
    FutureTimestamp,
    /// The signature is not the platform key's over `timestamp\nnonce\nbody\n` (WeChat's
    /// `WECHATPAY/SIGNTEST/` probes land here, as they must).
    BadSignature,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MissingHeader(name) => write!(f, "the {name} header is missing"),
            Self::UnsupportedSignatureType => {
                f.write_str("the signature type is not WECHATPAY2-SHA256-RSA2048")
            }
            Self::UnknownSerial => f.write_str("Wechatpay-Serial is not the platform key's id"),
            Self::UnreadableTimestamp => f.write_str("Wechatpay-Timestamp is not a number"),
            Self::StaleTimestamp => f.write_str("the timestamp is more than 5 minutes old"),
            Self::FutureTimestamp => f.write_str("the timestamp is more than 5 minutes ahead"),
            Self::BadSignature => {
                f.write_str("the signature does not verify with the platform key")
            }
        }
    }
}

impl std::error::Error for Refusal {}

/// The platform key answers and notifications must be signed with, and its id.
#[derive(Debug, Clone, Copy)]
pub struct Platform<'a> {
    pub key_id: &'a str,
    pub key: &'a PublicKey,
}

/// The `Wechatpay-*` headers of an answer or a notification, as received or as made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedHeaders {
    pub timestamp: String,
    pub nonce: String,
    pub signature: String,
    pub serial: String,
}

impl SignedHeaders {
    /// Reads the four headers through `header` (the caller's case-insensitive lookup by name).
    pub fn read<'h>(header: impl Fn(&str) -> Option<&'h str>) -> Result<Self, Refusal> {
        if header(SIGNATURE_TYPE).is_some_and(|kind| kind != SCHEME) {
            return Err(Refusal::UnsupportedSignatureType);
        }
        let get = |name: &'static str| {
            header(name)
                .map(str::to_owned)
                .ok_or(Refusal::MissingHeader(name))
        };
        Ok(Self {
            timestamp: get(TIMESTAMP)?,
            nonce: get(NONCE)?,
            signature: get(SIGNATURE)?,
            serial: get(SERIAL)?,
        })
    }

    /// Reads them from an HTTP header map (an axum request's, an answer's).
    pub fn from_map(headers: &axum::http::HeaderMap) -> Result<Self, Refusal> {
        Self::read(|name| headers.get(name).and_then(|value| value.to_str().ok()))
    }

    /// Whether `body`, exactly as received, is the platform's at `now` (Unix seconds): the
    /// serial first, then the time, then the signature.
    pub fn verify(&self, platform: Platform<'_>, body: &[u8], now: i64) -> Result<(), Refusal> {
        if self.serial != platform.key_id {
            return Err(Refusal::UnknownSerial);
        }
        let timestamp: i64 = self
            .timestamp
            .parse()
            .map_err(|_| Refusal::UnreadableTimestamp)?;
        if now.saturating_sub(timestamp) > MAX_SKEW_SECONDS {
            return Err(Refusal::StaleTimestamp);
        }
        if timestamp.saturating_sub(now) > MAX_SKEW_SECONDS {
            return Err(Refusal::FutureTimestamp);
        }
        let message = answer_message(&self.timestamp, &self.nonce, body);
        match platform.key.verifies_base64(&message, &self.signature) {
            true => Ok(()),
            false => Err(Refusal::BadSignature),
        }
    }

    /// The provider's side: the headers of `body` signed with the platform's private key.
    pub fn sign(key: &PrivateKey, serial: &str, stamp: Stamp<'_>, body: &[u8]) -> Self {
        let timestamp = stamp.timestamp.to_string();
        let signature = key.sign_base64(&answer_message(&timestamp, stamp.nonce, body));
        Self {
            timestamp,
            nonce: stamp.nonce.to_owned(),
            signature,
            serial: serial.to_owned(),
        }
    }

    /// The headers to send, `Wechatpay-Signature-Type` included, as WeChat Pay sends them.
    pub fn pairs(&self) -> [(&'static str, &str); 5] {
        [
            (TIMESTAMP, &self.timestamp),
            (NONCE, &self.nonce),
            (SIGNATURE, &self.signature),
            (SERIAL, &self.serial),
            (SIGNATURE_TYPE, SCHEME),
        ]
    }
}

/// `timestamp\nnonce\nbody\n`, the message of an answer's or a notification's signature.
fn answer_message(timestamp: &str, nonce: &str, body: &[u8]) -> Vec<u8> {
    let mut message = format!("{timestamp}\n{nonce}\n").into_bytes();
    message.extend_from_slice(body);
    message.push(b'\n');
    message
}

#[path = "wechat_resource.rs"]
mod resource;
pub use resource::{
    decrypt, encrypt, ApiV3Key, JsapiParams, Resource, ResourceError, AEAD_AES_256_GCM,
};

#[cfg(test)]
#[path = "wechat_sign_tests.rs"]
mod tests;
