//! How the browser reads a payment's next step (`PaymentNext`, `{"kind": "redirect", "url"}`…).
//! The server writes it as an internally tagged enum, and serde reads one of those by buffering
//! every field in its private `Content` tree first: machinery the storefront, which only follows
//! a payment's address, would carry for this one type. The browser reads a plain struct of every
//! variant's fields instead, then picks the variant by its `kind`. A wire workaround, as
//! `flat_wire`: its only import is the domain, so the native tests include this file to check it
//! reads every step the server writes.

use serde::Deserialize;

use crate::domain::{JsapiParams, PaymentNext};

/// Every field of every `PaymentNext`, side by side, with its `kind`.
#[derive(Deserialize)]
pub struct PaymentNextWire {
    kind: String,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    code_url: Option<String>,
    #[serde(default)]
    params: Option<JsapiParams>,
}

impl PaymentNextWire {
    /// The step it names, or why not: an unknown `kind`, or one without its field.
    pub fn step(self) -> Result<PaymentNext, &'static str> {
        let missing = "a payment step without its field";
        Ok(match self.kind.as_str() {
            "wechat_oauth" => PaymentNext::WechatOauth {
                url: self.url.ok_or(missing)?,
            },
            "jsapi" => PaymentNext::Jsapi {
                params: self.params.ok_or(missing)?,
            },
            "redirect" => PaymentNext::Redirect {
                url: self.url.ok_or(missing)?,
            },
            "qr" => PaymentNext::Qr {
                code_url: self.code_url.ok_or(missing)?,
            },
            _ => return Err("an unknown payment step"),
        })
    }
}
