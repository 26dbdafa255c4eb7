//! What `wechat_sign` re-exports beyond the headers: a notification's `resource`, sealed with
//! AEAD_AES_256_GCM under the APIv3 key ("回调通知", "证书和回调报文解密"), and the JSAPI
//! parameters the phone's `WeixinJSBridge` pays with ("JSAPI调起支付", `paySign`).

use std::fmt;

use base64::Engine;
use ring::aead::{Aad, LessSafeKey, Nonce, UnboundKey, AES_256_GCM, NONCE_LEN};
use serde::{Deserialize, Serialize};

pub use crate::domain::JsapiParams;
use crate::server::payment::keys::{PrivateKey, PublicKey};

/// The only algorithm a notification's resource is sealed with.
pub const AEAD_AES_256_GCM: &str = "AEAD_AES_256_GCM";

/// A merchant's APIv3 key: its 32 characters, used as their bytes. `Debug` never shows them.
#[derive(Clone)]
pub struct ApiV3Key([u8; 32]);

impl fmt::Debug for ApiV3Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiV3Key(32 bytes)")
    }
}

impl ApiV3Key {
    /// The key from its 32 bytes (the payment file keeps them so).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The key as the merchant platform shows it: exactly 32 bytes of text.
    pub fn parse(text: &str) -> Result<Self, ResourceError> {
        text.as_bytes()
            .try_into()
            .map(Self)
            .map_err(|_| ResourceError::KeyNot32Bytes)
    }

    fn sealing_key(&self) -> LessSafeKey {
        let key = UnboundKey::new(&AES_256_GCM, &self.0).expect("32 bytes is AES-256's key length");
        LessSafeKey::new(key)
    }
}

/// A notification's `resource` object, its fields named as WeChat Pay sends them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resource {
    /// What the plaintext is (`transaction`, `refund`).
    #[serde(default)]
    pub original_type: String,
    /// Always `AEAD_AES_256_GCM`.
    pub algorithm: String,
    /// Base64 of the ciphertext followed by its 16-byte tag.
    pub ciphertext: String,
    /// Authenticated with the ciphertext, not secret; may be empty.
    #[serde(default)]
    pub associated_data: String,
    /// The 12 characters of the GCM nonce, used as their bytes.
    pub nonce: String,
}

/// Why a resource did not open (or could not be sealed).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceError {
    /// The APIv3 key is not 32 bytes long.
    KeyNot32Bytes,
    /// `algorithm` is not AEAD_AES_256_GCM.
    UnsupportedAlgorithm,
    /// `ciphertext` is not base64.
    NotBase64,
    /// `nonce` is not 12 bytes long.
    NonceNot12Bytes,
    /// The tag does not match: a wrong key, or a changed ciphertext, nonce or associated data.
    NotAuthentic,
    /// It opened, but the plaintext is not UTF-8.
    NotUtf8,
}

impl fmt::Display for ResourceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::KeyNot32Bytes => "the APIv3 key is not 32 bytes long",
            Self::UnsupportedAlgorithm => "the resource's algorithm is not AEAD_AES_256_GCM",
            Self::NotBase64 => "the resource's ciphertext is not base64",
            Self::NonceNot12Bytes => "the resource's nonce is not 12 bytes long",
            Self::NotAuthentic => {
                "the resource does not open with the APIv3 key (wrong key or altered)"
            }
            Self::NotUtf8 => "the resource's plaintext is not UTF-8",
        })
    }
}

impl std::error::Error for ResourceError {}

fn nonce_of(text: &str) -> Result<Nonce, ResourceError> {
    let bytes: [u8; NONCE_LEN] = text
        .as_bytes()
        .try_into()
        .map_err(|_| ResourceError::NonceNot12Bytes)?;
    Ok(Nonce::assume_unique_for_key(bytes))
}

/// The plaintext of a notification's resource (JSON, for the caller to read), once its tag
/// proves it came sealed with this key, nonce and associated data.
pub fn decrypt(key: &ApiV3Key, resource: &Resource) -> Result<String, ResourceError> {
    if resource.algorithm != AEAD_AES_256_GCM {
        return Err(ResourceError::UnsupportedAlgorithm);
    }
    let mut sealed = base64::engine::general_purpose::STANDARD
        .decode(resource.ciphertext.trim())
        .map_err(|_| ResourceError::NotBase64)?;
    let aad = Aad::from(resource.associated_data.as_bytes());
    let plain = key
        .sealing_key()
        .open_in_place(nonce_of(&resource.nonce)?, aad, &mut sealed)
        .map_err(|_| ResourceError::NotAuthentic)?;
    String::from_utf8(plain.to_vec()).map_err(|_| ResourceError::NotUtf8)
}

/// The provider's side, `decrypt`'s inverse: `plaintext` sealed under `key` with a 12-byte
/// `nonce` (never used twice with one key) and `associated_data`.
pub fn encrypt(
    key: &ApiV3Key,
    original_type: &str,
    nonce: &str,
    associated_data: &str,
    plaintext: &str,
) -> Result<Resource, ResourceError> {
    let mut sealed = plaintext.as_bytes().to_vec();
    key.sealing_key()
        .seal_in_place_append_tag(
            nonce_of(nonce)?,
            Aad::from(associated_data.as_bytes()),
            &mut sealed,
        )
        .map_err(|_| ResourceError::NotAuthentic)?;
    Ok(Resource {
        original_type: original_type.to_owned(),
        algorithm: AEAD_AES_256_GCM.to_owned(),
        ciphertext: base64::engine::general_purpose::STANDARD.encode(sealed),
        associated_data: associated_data.to_owned(),
        nonce: nonce.to_owned(),
    })
}

/// The JSAPI parameters' signature (the domain holds their shape, the phone's answer).
impl JsapiParams {
    /// The parameters for paying `prepay_id` in the official account or mini program `app_id`,
    /// signed with the merchant's key.
    pub fn sign(
        key: &PrivateKey,
        app_id: &str,
        prepay_id: &str,
        timestamp: i64,
        nonce: &str,
    ) -> Self {
        let mut params = Self {
            app_id: app_id.to_owned(),
            time_stamp: timestamp.to_string(),
            nonce_str: nonce.to_owned(),
            package: format!("prepay_id={prepay_id}"),
            sign_type: "RSA".to_owned(),
            pay_sign: String::new(),
        };
        params.pay_sign = key.sign_base64(params.message().as_bytes());
        params
    }

    /// `appId\ntimeStamp\nnonceStr\npackage\n`, what `paySign` covers.
    pub fn message(&self) -> String {
        let Self {
            app_id,
            time_stamp,
            nonce_str,
            package,
            ..
        } = self;
        format!("{app_id}\n{time_stamp}\n{nonce_str}\n{package}\n")
    }

    /// Whether `paySign` is `merchant_key`'s over these parameters (the simulator's check).
    pub fn verifies(&self, merchant_key: &PublicKey) -> bool {
        self.sign_type == "RSA"
            && merchant_key.verifies_base64(self.message().as_bytes(), &self.pay_sign)
    }
}

#[cfg(test)]
#[path = "wechat_resource_tests.rs"]
mod tests;
