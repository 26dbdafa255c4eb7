//! Alipay's open API spoken for one producer's app (issue #29): the WAP pay address the phone
//! is sent to, and the calls the server makes itself (`alipay.trade.query`,
//! `alipay.trade.close`, `alipay.trade.refund`), each signed with the app's key (RSA2) and
//! answered over the gateway; every answer, refusals too, is verified with Alipay's public key
//! over its `…_response` text before it is read (`alipay_answer`). Never called from the writer.

use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};
use time::OffsetDateTime;

use super::alipay_answer::{verify_answer, AnswerError};
use super::alipay_sign::{gateway_url, signed_request, wap_pay_content, Request};
use super::file::AlipayMerchant;
use crate::domain::Money;

/// How long one call to Alipay may take.
const TIMEOUT: Duration = Duration::from_secs(10);
const WAP_PAY: &str = "alipay.trade.wap.pay";
const QUERY: &str = "alipay.trade.query";
const CLOSE: &str = "alipay.trade.close";
const REFUND: &str = "alipay.trade.refund";

/// An order the phone pays by WAP.
#[derive(Debug, Clone)]
pub struct WapPay<'a> {
    pub out_trade_no: &'a str,
    pub subject: &'a str,
    pub total: Money,
    pub notify_url: &'a str,
    /// Where the phone comes back to (the order's tracking page).
    pub return_url: &'a str,
    /// After this Alipay takes no payment for it.
    pub expires_at: OffsetDateTime,
}

/// A trade as `alipay.trade.query` answers it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TradeQuery {
    pub out_trade_no: String,
    /// WAIT_BUYER_PAY, TRADE_SUCCESS, TRADE_FINISHED or TRADE_CLOSED.
    pub trade_status: String,
    /// Yuan with two decimals.
    pub total_amount: String,
    #[serde(default)]
    pub trade_no: Option<String>,
}

/// A refund as `alipay.trade.refund` answers it: `fund_change` "Y" the first time money moved.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RefundAnswer {
    pub out_trade_no: String,
    pub fund_change: String,
    /// The trade's refunds so far, yuan with two decimals.
    pub refund_fee: String,
}

/// Why a call gave nothing to act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// No answer (connection, timeout).
    Transport(String),
    /// An answer: unverified (never read), a verified refusal, or unreadable.
    Answer(AnswerError),
}

/// One producer's Alipay app and the HTTP client it speaks through.
pub struct Alipay<'m> {
    merchant: &'m AlipayMerchant,
    http: reqwest::Client,
}

impl<'m> Alipay<'m> {
    pub fn new(merchant: &'m AlipayMerchant, http: reqwest::Client) -> Self {
        Self { merchant, http }
    }

    /// The gateway's address that opens Alipay's cashier for `order` on the phone.
    pub fn wap_pay_url(&self, order: &WapPay<'_>, now: OffsetDateTime) -> String {
        let content = wap_pay_content(
            order.out_trade_no,
            order.total,
            order.subject,
            order.expires_at,
        );
        let request = Request {
            app_id: &self.merchant.app_id,
            method: WAP_PAY,
            biz_content: content,
            notify_url: Some(order.notify_url),
            return_url: Some(order.return_url),
            at: now,
        };
        let params = signed_request(&request, &self.merchant.app_private_key);
        gateway_url(&self.merchant.gateway, &params)
    }

    /// The trade's state at Alipay.
    pub async fn query(&self, out_trade_no: &str) -> Result<TradeQuery, CallError> {
        self.call(QUERY, json!({ "out_trade_no": out_trade_no }))
            .await
    }

    /// Closes a trade not paid (its window over).
    pub async fn close(&self, out_trade_no: &str) -> Result<(), CallError> {
        self.call::<Value>(CLOSE, json!({ "out_trade_no": out_trade_no }))
            .await
            .map(drop)
    }

    /// Refunds `amount` of a paid trade; `out_request_no` makes a retry the same refund.
    pub async fn refund(
        &self,
        out_trade_no: &str,
        out_request_no: &str,
        amount: Money,
    ) -> Result<RefundAnswer, CallError> {
        let content = json!({
            "out_trade_no": out_trade_no, "out_request_no": out_request_no,
            "refund_amount": amount.yuan_decimal(),
        });
        self.call(REFUND, content).await
    }

    /// One signed call, posted as a form; the answer verified, then read.
    async fn call<T: DeserializeOwned>(
        &self,
        method: &str,
        content: Value,
    ) -> Result<T, CallError> {
        let request = Request {
            app_id: &self.merchant.app_id,
            method,
            biz_content: content.to_string(),
            notify_url: None,
            return_url: None,
            at: OffsetDateTime::now_utc(),
        };
        let params = signed_request(&request, &self.merchant.app_private_key);
        let body = self
            .http
            .post(&self.merchant.gateway)
            .form(&params)
            .timeout(TIMEOUT)
            .send()
            .await
            .map_err(|e| CallError::Transport(e.to_string()))?
            .text()
            .await
            .map_err(|e| CallError::Transport(e.to_string()))?;
        verify_answer(method, &body, &self.merchant.alipay_public_key).map_err(CallError::Answer)
    }
}
