//! WeChat Pay API v3 spoken over HTTPS for one producer's merchant (issue #29): placing an
//! order for the phone's situation (JSAPI, H5, Native), asking for its state, closing it,
//! refunding it. Every request is signed (`wechat_sign::authorization`) and every answer, errors
//! too, is verified with the platform key before a byte of it is read; an answer that does not
//! verify is refused as `Unverified`, whatever it says. Never called from the writer.

use std::time::Duration;

use rand::distributions::{Alphanumeric, DistString};
use serde::Deserialize;
use serde_json::{json, Value};

use super::file::WechatMerchant;
use super::wechat_sign::{self, Merchant, Platform, Refusal, SignedHeaders, Stamp};

/// How long one call to WeChat Pay may take.
const TIMEOUT: Duration = Duration::from_secs(10);

/// How the buyer pays, which decides the API.
#[derive(Debug, Clone)]
pub enum Kind {
    /// Inside WeChat, with the buyer's openid (snsapi_base OAuth).
    Jsapi { openid: String },
    /// In another phone browser, from the buyer's address.
    H5 { client_ip: String },
    /// On a computer: a code for a QR code.
    Native,
}

/// An order to be paid.
#[derive(Debug, Clone)]
pub struct NewTransaction<'a> {
    pub out_trade_no: &'a str,
    pub description: &'a str,
    pub total_fen: i64,
    pub notify_url: &'a str,
    /// RFC 3339, after which WeChat Pay takes no payment for it.
    pub time_expire: &'a str,
}

/// What WeChat Pay answered to a new order, by kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Created {
    PrepayId(String),
    H5Url(String),
    CodeUrl(String),
}

/// An order's state at WeChat Pay (`trade_state`) and what it was paid.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Transaction {
    pub out_trade_no: String,
    pub trade_state: String,
    #[serde(default)]
    pub transaction_id: Option<String>,
    #[serde(default)]
    pub amount: Option<Amount>,
}

/// The amounts of a transaction, in fen.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Amount {
    #[serde(default)]
    pub total: Option<i64>,
    #[serde(default)]
    pub payer_total: Option<i64>,
}

/// A refund's state at WeChat Pay (`status`: SUCCESS, PROCESSING, ABNORMAL, CLOSED).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Refund {
    pub out_refund_no: String,
    pub status: String,
}

/// Why a call did not give an answer to act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// No answer (connection, timeout).
    Transport(String),
    /// An answer that does not verify: never read.
    Unverified(Refusal),
    /// A verified refusal: its HTTP status and WeChat Pay's `code` and `message`.
    Refused {
        status: u16,
        code: String,
        message: String,
    },
    /// A verified answer that is not what the API documents.
    Unreadable(String),
}

/// One producer's merchant and the HTTP client it speaks through.
pub struct WechatPay<'m> {
    merchant: &'m WechatMerchant,
    http: reqwest::Client,
}

impl<'m> WechatPay<'m> {
    pub fn new(merchant: &'m WechatMerchant, http: reqwest::Client) -> Self {
        Self { merchant, http }
    }

    /// Places `transaction` for the phone's `kind`.
    pub async fn create(&self, kind: &Kind, t: &NewTransaction<'_>) -> Result<Created, CallError> {
        let m = self.merchant;
        let mut body = json!({
            "appid": m.appid, "mchid": m.mchid, "description": t.description,
            "out_trade_no": t.out_trade_no, "time_expire": t.time_expire,
            "notify_url": t.notify_url, "amount": {"total": t.total_fen, "currency": "CNY"},
        });
        let (path, field) = match kind {
            Kind::Jsapi { openid } => {
                body["payer"] = json!({ "openid": openid });
                ("/v3/pay/transactions/jsapi", "prepay_id")
            }
            Kind::H5 { client_ip } => {
                body["scene_info"] =
                    json!({"payer_client_ip": client_ip, "h5_info": {"type": "Wap"}});
                ("/v3/pay/transactions/h5", "h5_url")
            }
            Kind::Native => ("/v3/pay/transactions/native", "code_url"),
        };
        let answer = self.call("POST", path, Some(body)).await?;
        let text = answer[field]
            .as_str()
            .ok_or_else(|| CallError::Unreadable(format!("no {field}")))?
            .to_owned();
        Ok(match kind {
            Kind::Jsapi { .. } => Created::PrepayId(text),
            Kind::H5 { .. } => Created::H5Url(text),
            Kind::Native => Created::CodeUrl(text),
        })
    }

    /// The order's state at WeChat Pay.
    pub async fn query(&self, out_trade_no: &str) -> Result<Transaction, CallError> {
        let path = format!(
            "/v3/pay/transactions/out-trade-no/{out_trade_no}?mchid={}",
            self.merchant.mchid
        );
        let answer = self.call("GET", &path, None).await?;
        serde_json::from_value(answer).map_err(|e| CallError::Unreadable(e.to_string()))
    }

    /// Closes an order not paid (its window over).
    pub async fn close(&self, out_trade_no: &str) -> Result<(), CallError> {
        let path = format!("/v3/pay/transactions/out-trade-no/{out_trade_no}/close");
        let body = json!({ "mchid": self.merchant.mchid });
        self.call("POST", &path, Some(body)).await.map(drop)
    }

    /// Refunds `refund_fen` of a paid order of `total_fen`; `out_refund_no` makes a retry the
    /// same refund. WeChat Pay tells `notify_url` (if given) when the refund ends.
    pub async fn refund(
        &self,
        out_trade_no: &str,
        out_refund_no: &str,
        refund_fen: i64,
        total_fen: i64,
        notify_url: Option<&str>,
    ) -> Result<Refund, CallError> {
        let mut body = json!({
            "out_trade_no": out_trade_no, "out_refund_no": out_refund_no,
            "amount": {"refund": refund_fen, "total": total_fen, "currency": "CNY"},
        });
        if let Some(url) = notify_url {
            body["notify_url"] = json!(url);
        }
        let answer = self
            .call("POST", "/v3/refund/domestic/refunds", Some(body))
            .await?;
        serde_json::from_value(answer).map_err(|e| CallError::Unreadable(e.to_string()))
    }

    /// One signed call; the answer verified, then read (`null` for a 204).
    async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> Result<Value, CallError> {
        let m = self.merchant;
        let body = body.map(|b| b.to_string()).unwrap_or_default();
        let nonce = Alphanumeric.sample_string(&mut rand::thread_rng(), 32);
        let now = now_seconds();
        let stamp = Stamp {
            timestamp: now,
            nonce: &nonce,
        };
        let signer = Merchant {
            mchid: &m.mchid,
            serial_no: &m.merchant_serial,
            key: &m.merchant_key,
        };
        let authorization = wechat_sign::authorization(signer, method, path, stamp, &body);
        let url = format!("{}{path}", m.api_base);
        let request = match method {
            "GET" => self.http.get(url),
            _ => self
                .http
                .post(url)
                .header("Content-Type", "application/json")
                .body(body),
        };
        let response = request
            .header("Authorization", authorization)
            .header("Accept", "application/json")
            .header("User-Agent", "orchard-server")
            .timeout(TIMEOUT)
            .send()
            .await
            .map_err(|e| CallError::Transport(e.to_string()))?;
        let status = response.status().as_u16();
        let signed = SignedHeaders::from_map(response.headers()).map_err(CallError::Unverified)?;
        let bytes = response
            .bytes()
            .await
            .map_err(|e| CallError::Transport(e.to_string()))?;
        let platform = Platform {
            key_id: &m.platform_key_id,
            key: &m.platform_key,
        };
        signed
            .verify(platform, &bytes, now_seconds())
            .map_err(CallError::Unverified)?;
        let answer: Value = match bytes.is_empty() {
            true => Value::Null,
            false => {
                serde_json::from_slice(&bytes).map_err(|e| CallError::Unreadable(e.to_string()))?
            }
        };
        if (200..300).contains(&status) {
            return Ok(answer);
        }
        let text = |key: &str| answer[key].as_str().unwrap_or_default().to_owned();
        Err(CallError::Refused {
            status,
            code: text("code"),
            message: text("message"),
        })
    }
}

fn now_seconds() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}
