//! WeChat Pay behind the payment port: JSAPI after snsapi_base OAuth inside WeChat, H5 in
//! another phone browser, Native on a computer; notifications verified (platform key, time,
//! signature) and their resource opened with the APIv3 key, the app and merchant checked.

use axum::http::HeaderMap;
use rand::distributions::{Alphanumeric, DistString};
use serde::Deserialize;
use time::OffsetDateTime;

use super::file::WechatMerchant;
use super::port::{encode, Notice, Payable, PaymentProvider, PortError, Remote};
use super::wechat_client::{CallError, Created, Kind, NewTransaction, WechatPay};
use super::wechat_sign::{decrypt, ApiV3Key, JsapiParams, Platform, Resource, SignedHeaders};
use crate::domain::{PaymentNext, RefundStatus, Situation};
use crate::server::time::rfc3339;

/// One producer's WeChat Pay merchant.
pub struct WechatProvider<'m> {
    pub pay: WechatPay<'m>,
    pub merchant: &'m WechatMerchant,
}

fn failed(e: CallError) -> PortError {
    PortError(format!("WeChat Pay: {e:?}"))
}

/// Whether WeChat Pay said it has no such order.
fn unknown(e: &CallError) -> bool {
    matches!(e, CallError::Refused { code, .. } if code == "ORDER_NOT_EXIST")
}

/// A WeChat Pay notification's body.
#[derive(Deserialize)]
struct WechatNotice {
    resource: Resource,
}

/// The transaction a notification's resource holds.
#[derive(Deserialize)]
struct Transaction {
    appid: String,
    mchid: String,
    out_trade_no: String,
    trade_state: String,
    #[serde(default)]
    transaction_id: Option<String>,
    amount: Amount,
}

#[derive(Deserialize)]
struct Amount {
    total: i64,
}

/// A refund's `status` at WeChat Pay (SUCCESS, PROCESSING, ABNORMAL, CLOSED) in ours.
fn refund_status(status: &str) -> RefundStatus {
    match status {
        "SUCCESS" => RefundStatus::Refunded,
        "PROCESSING" => RefundStatus::RefundPending,
        _ => RefundStatus::RefundFailed,
    }
}

/// The refund a verified REFUND.* notification's resource holds, if it is this merchant's.
fn refund_notice(m: &WechatMerchant, plain: &str) -> Result<Notice, PortError> {
    #[derive(Deserialize)]
    struct Ended {
        mchid: String,
        out_trade_no: String,
        out_refund_no: String,
        refund_status: String,
    }
    let ended: Ended =
        serde_json::from_str(plain).map_err(|e| PortError(format!("refund: {e}")))?;
    if ended.mchid != m.mchid {
        return Err(PortError("another merchant".into()));
    }
    Ok(Notice::Refund {
        out_trade_no: ended.out_trade_no,
        refund_id: ended.out_refund_no,
        status: refund_status(&ended.refund_status),
    })
}

/// WeChat's snsapi_base OAuth address for `order`: the phone comes back to the server with a
/// code and the order's `state`.
fn oauth_address(m: &WechatMerchant, order: &Payable<'_>) -> String {
    format!(
        "{}/connect/oauth2/authorize?appid={}&redirect_uri={}&response_type=code\
         &scope=snsapi_base&state={}#wechat_redirect",
        m.oauth_base,
        encode(&m.appid),
        encode(order.oauth_url),
        order.oauth_state
    )
}

impl PaymentProvider for WechatProvider<'_> {
    async fn start(&self, order: &Payable<'_>) -> Result<PaymentNext, PortError> {
        let merchant = self.merchant;
        let kind = match (order.situation, order.openid) {
            (Situation::Wechat, None) => {
                let url = oauth_address(merchant, order);
                return Ok(PaymentNext::WechatOauth { url });
            }
            (Situation::Wechat, Some(openid)) => Kind::Jsapi {
                openid: openid.to_owned(),
            },
            (Situation::PhoneBrowser, _) => Kind::H5 {
                client_ip: order.client_ip.clone(),
            },
            (Situation::Computer, _) => Kind::Native,
        };
        let expires = rfc3339(order.expires_ms);
        let transaction = NewTransaction {
            out_trade_no: order.id,
            description: order.description,
            total_fen: order.total_fen,
            notify_url: order.notify_url,
            time_expire: &expires,
        };
        let created = self.pay.create(&kind, &transaction).await.map_err(failed)?;
        Ok(match created {
            Created::PrepayId(prepay) => {
                let nonce = Alphanumeric.sample_string(&mut rand::thread_rng(), 32);
                let now = OffsetDateTime::now_utc().unix_timestamp();
                let key = &merchant.merchant_key;
                let params = JsapiParams::sign(key, &merchant.appid, &prepay, now, &nonce);
                PaymentNext::Jsapi { params }
            }
            // H5 sends the phone back to `redirect_url` once paid (or given up).
            Created::H5Url(url) => PaymentNext::Redirect {
                url: format!("{url}&redirect_url={}", encode(order.return_url)),
            },
            Created::CodeUrl(code_url) => PaymentNext::Qr { code_url },
        })
    }

    async fn query(&self, out_trade_no: &str) -> Result<Remote, PortError> {
        match self.pay.query(out_trade_no).await {
            Ok(t) => Ok(match (t.trade_state.as_str(), t.transaction_id) {
                ("SUCCESS", Some(txn)) => Remote::Paid {
                    txn,
                    fen: t.amount.and_then(|a| a.total).unwrap_or(-1),
                },
                ("NOTPAY" | "USERPAYING", _) => Remote::Pending,
                _ => Remote::Closed,
            }),
            Err(e) if unknown(&e) => Ok(Remote::Pending),
            Err(e) => Err(failed(e)),
        }
    }

    async fn close(&self, out_trade_no: &str) -> Result<(), PortError> {
        match self.pay.close(out_trade_no).await {
            Err(e) if !unknown(&e) => Err(failed(e)),
            _ => Ok(()),
        }
    }

    async fn refund(
        &self,
        out_trade_no: &str,
        refund_id: &str,
        fen: i64,
        total_fen: i64,
        notify_url: &str,
    ) -> Result<RefundStatus, PortError> {
        let refund = self
            .pay
            .refund(out_trade_no, refund_id, fen, total_fen, Some(notify_url))
            .await
            .map_err(failed)?;
        Ok(refund_status(&refund.status))
    }

    fn verify_notification(&self, headers: &HeaderMap, body: &[u8]) -> Result<Notice, PortError> {
        let m = self.merchant;
        let signed =
            SignedHeaders::from_map(headers).map_err(|e| PortError(format!("headers: {e}")))?;
        let platform = Platform {
            key_id: &m.platform_key_id,
            key: &m.platform_key,
        };
        let now = OffsetDateTime::now_utc().unix_timestamp();
        signed
            .verify(platform, body, now)
            .map_err(|e| PortError(format!("signature: {e}")))?;
        let notice: WechatNotice =
            serde_json::from_slice(body).map_err(|e| PortError(format!("body: {e}")))?;
        let key = ApiV3Key::from_bytes(m.apiv3_key);
        let plain =
            decrypt(&key, &notice.resource).map_err(|e| PortError(format!("resource: {e}")))?;
        if notice.resource.original_type == "refund" {
            return refund_notice(m, &plain);
        }
        let t: Transaction =
            serde_json::from_str(&plain).map_err(|e| PortError(format!("transaction: {e}")))?;
        if t.appid != m.appid || t.mchid != m.mchid {
            return Err(PortError("another app or merchant".into()));
        }
        let remote = match (t.trade_state.as_str(), t.transaction_id) {
            ("SUCCESS", Some(txn)) => Remote::Paid {
                txn,
                fen: t.amount.total,
            },
            _ => Remote::Pending,
        };
        Ok(Notice::Payment {
            out_trade_no: t.out_trade_no,
            remote,
        })
    }
}
