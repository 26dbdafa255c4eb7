//! The payment file (`ORCHARD_PAYMENT_FILE`): each producer's merchant credentials for WeChat
//! Pay and Alipay, by slug (DESIGN.md, "Payment"). They live only here, never in a content
//! file, the database or a log: the keys are read from the PEM files it names (a path relative
//! to the payment file's folder, as the market file's producer files), and `Debug` prints no
//! secret. A file that does not read is refused with the key that is wrong, so the server can
//! refuse to start naming it.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::keys::{PrivateKey, PublicKey};
use crate::domain::{PaymentMethod, PaymentTerms};

/// WeChat Pay's addresses, unless the file names others (the tests' simulators).
pub const WECHAT_API_BASE: &str = "https://api.mch.weixin.qq.com";
pub const WECHAT_OAUTH_BASE: &str = "https://open.weixin.qq.com";
pub const WECHAT_SNS_BASE: &str = "https://api.weixin.qq.com";
/// Alipay's gateway, unless the file names another.
pub const ALIPAY_GATEWAY: &str = "https://openapi.alipay.com/gateway.do";

/// Every producer's credentials.
#[derive(Debug, Default)]
pub struct PaymentFile {
    /// `[wechat.<slug>]`.
    pub wechat: BTreeMap<String, WechatMerchant>,
    /// `[alipay.<slug>]`.
    pub alipay: BTreeMap<String, AlipayMerchant>,
}

/// One producer's WeChat Pay merchant.
pub struct WechatMerchant {
    pub appid: String,
    pub mchid: String,
    /// The official account's secret, for the buyer's openid (snsapi_base OAuth).
    pub app_secret: String,
    /// The serial number of the merchant's API certificate (`serial_no` of each request).
    pub merchant_serial: String,
    pub merchant_key: PrivateKey,
    /// The APIv3 key's 32 characters, as bytes: the AES-256-GCM key of notifications.
    pub apiv3_key: [u8; 32],
    /// WeChat Pay's public key (public-key mode) and its id (`Wechatpay-Serial`).
    pub platform_key: PublicKey,
    pub platform_key_id: String,
    pub api_base: String,
    pub oauth_base: String,
    pub sns_base: String,
}

/// One producer's Alipay app.
pub struct AlipayMerchant {
    pub app_id: String,
    pub app_private_key: PrivateKey,
    pub alipay_public_key: PublicKey,
    pub gateway: String,
}

impl fmt::Debug for WechatMerchant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WechatMerchant")
            .field("appid", &self.appid)
            .field("mchid", &self.mchid)
            .field("app_secret", &"…")
            .field("merchant_serial", &self.merchant_serial)
            .field("merchant_key", &self.merchant_key)
            .field("apiv3_key", &"…")
            .field("platform_key_id", &self.platform_key_id)
            .field("api_base", &self.api_base)
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for AlipayMerchant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AlipayMerchant")
            .field("app_id", &self.app_id)
            .field("app_private_key", &self.app_private_key)
            .field("gateway", &self.gateway)
            .finish_non_exhaustive()
    }
}

/// What is wrong with the payment file: the file, the key (`wechat.drolma.merchant_key`) when
/// one is to blame, and why. Never a secret's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentFileError {
    pub path: PathBuf,
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for PaymentFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ORCHARD_PAYMENT_FILE {}", self.path.display())?;
        if let Some(key) = &self.key {
            write!(f, ": {key}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for PaymentFileError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    #[serde(default)]
    wechat: BTreeMap<String, RawWechat>,
    #[serde(default)]
    alipay: BTreeMap<String, RawAlipay>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWechat {
    appid: String,
    mchid: String,
    app_secret: String,
    merchant_serial: String,
    merchant_key: PathBuf,
    apiv3_key: String,
    platform_key: PathBuf,
    platform_key_id: String,
    api_base: Option<String>,
    oauth_base: Option<String>,
    sns_base: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlipay {
    app_id: String,
    app_private_key: PathBuf,
    alipay_public_key: PathBuf,
    gateway: Option<String>,
}

impl PaymentFile {
    /// Reads the file at `path` and every key it names.
    pub fn load(path: &Path) -> Result<Self, PaymentFileError> {
        let fail = |key: Option<String>, message: String| PaymentFileError {
            path: path.to_owned(),
            key,
            message,
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| fail(None, format!("cannot be read: {e}")))?;
        // toml's message quotes the line it stops at, which may hold a secret: only its place.
        let raw: Raw = toml::from_str(&text).map_err(|e| {
            let at = e.span().map_or(String::new(), |s| {
                format!(" (line {})", text[..s.start].matches('\n').count() + 1)
            });
            fail(None, format!("not a payment file{at}: {}", e.message()))
        })?;
        let folder = path.parent().unwrap_or(Path::new("."));
        let mut file = Self::default();
        for (slug, w) in raw.wechat {
            let key = |name: &str| Some(format!("wechat.{slug}.{name}"));
            for (name, value) in [
                ("appid", &w.appid),
                ("mchid", &w.mchid),
                ("app_secret", &w.app_secret),
                ("merchant_serial", &w.merchant_serial),
                ("platform_key_id", &w.platform_key_id),
            ] {
                if value.trim().is_empty() {
                    return Err(fail(key(name), "is empty".into()));
                }
            }
            let apiv3_key: [u8; 32] = w.apiv3_key.as_bytes().try_into().map_err(|_| {
                let n = w.apiv3_key.len();
                fail(
                    key("apiv3_key"),
                    format!("has {n} bytes; the APIv3 key has 32"),
                )
            })?;
            let merchant = WechatMerchant {
                merchant_key: read(folder, &w.merchant_key, PrivateKey::from_pem)
                    .map_err(|why| fail(key("merchant_key"), why))?,
                platform_key: read(folder, &w.platform_key, PublicKey::from_pem)
                    .map_err(|why| fail(key("platform_key"), why))?,
                appid: w.appid,
                mchid: w.mchid,
                app_secret: w.app_secret,
                merchant_serial: w.merchant_serial,
                apiv3_key,
                platform_key_id: w.platform_key_id,
                api_base: base(w.api_base, WECHAT_API_BASE)
                    .map_err(|m| fail(key("api_base"), m))?,
                oauth_base: base(w.oauth_base, WECHAT_OAUTH_BASE)
                    .map_err(|m| fail(key("oauth_base"), m))?,
                sns_base: base(w.sns_base, WECHAT_SNS_BASE)
                    .map_err(|m| fail(key("sns_base"), m))?,
            };
            file.wechat.insert(slug, merchant);
        }
        for (slug, a) in raw.alipay {
            let key = |name: &str| Some(format!("alipay.{slug}.{name}"));
            if a.app_id.trim().is_empty() {
                return Err(fail(key("app_id"), "is empty".into()));
            }
            let merchant = AlipayMerchant {
                app_private_key: read(folder, &a.app_private_key, PrivateKey::from_pem)
                    .map_err(|why| fail(key("app_private_key"), why))?,
                alipay_public_key: read(folder, &a.alipay_public_key, PublicKey::from_pem)
                    .map_err(|why| fail(key("alipay_public_key"), why))?,
                app_id: a.app_id,
                gateway: base(a.gateway, ALIPAY_GATEWAY).map_err(|m| fail(key("gateway"), m))?,
            };
            file.alipay.insert(slug, merchant);
        }
        Ok(file)
    }

    /// Whether producer `slug` can be paid as `terms` say: credentials here for each online
    /// method, and a public URL (`public_url`: the notify and OAuth addresses are absolute on
    /// it); why not, as the server's refusal to start.
    pub fn check_terms(
        &self,
        slug: &str,
        terms: &PaymentTerms,
        public_url: bool,
    ) -> Result<(), String> {
        for method in terms.online() {
            let name = method.as_str();
            if !public_url {
                return Err(format!(
                    "producer {slug:?} accepts {name}: ORCHARD_PUBLIC_URL is required with an online \
                     method (the providers' notify and OAuth addresses are absolute on it)"
                ));
            }
            let known = match method {
                PaymentMethod::Wechat => self.wechat.contains_key(slug),
                PaymentMethod::Alipay => self.alipay.contains_key(slug),
                PaymentMethod::Cod => true,
            };
            if !known {
                return Err(format!(
                    "producer {slug:?} accepts {name}, but ORCHARD_PAYMENT_FILE has no [{name}.{slug}]"
                ));
            }
        }
        Ok(())
    }

    /// The slugs the file names that are not among `known` (a producer the market lacks).
    pub fn unknown_slugs<'a>(&'a self, known: &[&str]) -> Vec<&'a str> {
        let named = self.wechat.keys().chain(self.alipay.keys());
        let mut unknown: Vec<&str> = named
            .map(String::as_str)
            .filter(|slug| !known.contains(slug))
            .collect();
        unknown.sort_unstable();
        unknown.dedup();
        unknown
    }
}

/// The key in the file at `name` (relative to `folder`), read by `parse`; why not, as text.
fn read<K, E: fmt::Display>(
    folder: &Path,
    name: &Path,
    parse: impl Fn(&str) -> Result<K, E>,
) -> Result<K, String> {
    let path = folder.join(name);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("{} cannot be read: {e}", path.display()))?;
    parse(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// An address of the provider: `default` if none is given, else an http(s) origin and path
/// without a trailing `/`.
fn base(given: Option<String>, default: &str) -> Result<String, String> {
    let Some(url) = given else {
        return Ok(default.to_owned());
    };
    let url = url.trim().trim_end_matches('/');
    if !(url.starts_with("https://") || url.starts_with("http://"))
        || url.contains(char::is_whitespace)
    {
        return Err(format!("{url:?} is not an http(s) address"));
    }
    Ok(url.to_owned())
}

#[cfg(test)]
#[path = "file_tests.rs"]
mod tests;
