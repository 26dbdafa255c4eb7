//! What a buyer's phone is told about paying an order (DESIGN.md "Payment"): where the phone
//! is (`Situation`, from its User-Agent), the payment's state and the next step, in the shapes
//! the order's answers will carry (`"payment": {"method", "status", "expires_at", "next"}`),
//! and the rule for the OAuth `state` that names an order. Shared by the server and the client.

use serde::{Deserialize, Serialize};

use super::PaymentMethod;

/// Where the buyer's phone (or computer) is, which decides how WeChat Pay is paid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Situation {
    /// WeChat's in-app browser (`MicroMessenger`): JSAPI after snsapi_base OAuth.
    Wechat,
    /// Another phone browser (`Mobile`): WeChat Pay H5, Alipay WAP by redirect.
    PhoneBrowser,
    /// A computer: WeChat Pay Native, its QR code drawn on the page.
    Computer,
}

impl Situation {
    /// The situation a User-Agent says: `MicroMessenger` is WeChat, `Mobile` a phone browser,
    /// anything else (or nothing) a computer.
    pub fn of_user_agent(user_agent: &str) -> Self {
        // A plain byte search: `str::contains`'s two-way searcher would be bytes of the
        // storefront (which asks where it is) for these two words.
        let says = |word: &str| {
            let word = word.as_bytes();
            user_agent.as_bytes().windows(word.len()).any(|w| w == word)
        };
        if says("MicroMessenger") {
            Self::Wechat
        } else if says("Mobile") {
            Self::PhoneBrowser
        } else {
            Self::Computer
        }
    }
}

/// A payment's state as the order's answers show it.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PaymentStatus {
    Pending,
    Paid,
    Closed,
    Refunded,
}

impl PaymentStatus {
    /// The state as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Paid => "paid",
            Self::Closed => "closed",
            Self::Refunded => "refunded",
        }
    }
}

/// A refund's state, on its claim or order.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RefundStatus {
    RefundPending,
    Refunded,
    RefundFailed,
}

impl RefundStatus {
    pub const ALL: [Self; 3] = [Self::RefundPending, Self::Refunded, Self::RefundFailed];

    /// The state as the API and the database write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::RefundPending => "refund_pending",
            Self::Refunded => "refunded",
            Self::RefundFailed => "refund_failed",
        }
    }

    /// Reads a state written by `as_str`.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }
}

/// A refund as the team and the buyer see it: `{"status", "fen"}`.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundView {
    pub status: RefundStatus,
    pub fen: i64,
}

/// What `WeixinJSBridge.invoke("getBrandWCPayRequest", …)` takes, named as it wants them;
/// signed by the server (`server::payment::wechat_resource` gives it `sign` and `verifies`).
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct JsapiParams {
    pub app_id: String,
    /// Unix seconds, as a string.
    pub time_stamp: String,
    pub nonce_str: String,
    /// `prepay_id=…`.
    pub package: String,
    /// Always `RSA`.
    pub sign_type: String,
    /// Base64 of the merchant key's signature over `appId\ntimeStamp\nnonceStr\npackage\n`.
    pub pay_sign: String,
}

/// What the phone does next to pay.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
// The browser reads it by its `kind` without serde's buffering of a tagged enum (the bytes of
// every bundle that reads an order): its `Deserialize` is the client's (`client::json::next_wire`).
#[cfg_attr(not(target_arch = "wasm32"), derive(Deserialize))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PaymentNext {
    /// Inside WeChat, before the buyer's openid is known: go through snsapi_base OAuth.
    WechatOauth { url: String },
    /// Inside WeChat, once the openid is known: call `WeixinJSBridge` with these.
    Jsapi { params: JsapiParams },
    /// In another phone browser: WeChat Pay H5's or Alipay WAP's page.
    Redirect { url: String },
    /// On a computer: WeChat Pay Native's code, drawn as a QR code on the page.
    Qr { code_url: String },
}

/// An order's payment as its answers show it while it matters.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaymentView {
    pub method: PaymentMethod,
    pub status: PaymentStatus,
    /// When an unpaid order is closed and its boxes go back on sale (RFC 3339).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<String>,
    /// The way to pay while it is pending.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<PaymentNext>,
}

/// Whether `state` may name an order in WeChat's OAuth: 16 to 128 of `[A-Za-z0-9]`, as WeChat
/// allows (and unguessable: the server makes it from random bytes).
pub fn is_oauth_state(state: &str) -> bool {
    (16..=128).contains(&state.len()) && state.bytes().all(|b| b.is_ascii_alphanumeric())
}

#[cfg(test)]
#[path = "payment_view_tests.rs"]
mod tests;
