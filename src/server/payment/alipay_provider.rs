//! Alipay behind the payment port: WAP pay by redirect with RSA2-signed parameters; query,
//! close and refund over the gateway (every answer verified by the client); notifications
//! verified RSA2 over their sorted fields and checked against the app.

use axum::http::HeaderMap;
use time::OffsetDateTime;

use super::alipay_answer::AnswerError;
use super::alipay_client::{Alipay, CallError, WapPay};
use super::alipay_sign::{verify_notification, Params};
use super::file::AlipayMerchant;
use super::port::{Notice, Payable, PaymentProvider, PortError, Remote};
use crate::domain::{Money, PaymentNext, RefundStatus};

/// One producer's Alipay app.
pub struct AlipayProvider<'m> {
    pub alipay: Alipay<'m>,
    pub merchant: &'m AlipayMerchant,
}

/// Fen from Alipay's yuan with two decimals (`"68.00"`).
fn fen_of_yuan(text: &str) -> Option<i64> {
    let (yuan, fen) = text.split_once('.').unwrap_or((text, "00"));
    if fen.len() != 2 || !fen.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let yuan: i64 = yuan.parse().ok().filter(|y| *y >= 0)?;
    yuan.checked_mul(100)?.checked_add(fen.parse().ok()?)
}

fn failed(e: CallError) -> PortError {
    PortError(format!("Alipay: {e:?}"))
}

/// Whether Alipay said it has no such trade (a WAP trade exists once the buyer opened it).
fn unknown(e: &CallError) -> bool {
    matches!(e, CallError::Answer(AnswerError::Refused(r))
        if r.sub_code.as_deref() == Some("ACQ.TRADE_NOT_EXIST"))
}

impl PaymentProvider for AlipayProvider<'_> {
    /// Alipay's cashier in the phone's browser, whatever the phone (inside WeChat the page
    /// says to open it in the browser: WeChat does not open Alipay).
    async fn start(&self, order: &Payable<'_>) -> Result<PaymentNext, PortError> {
        let expires_at = OffsetDateTime::from_unix_timestamp(order.expires_ms / 1000)
            .map_err(|e| PortError(e.to_string()))?;
        let wap = WapPay {
            out_trade_no: order.id,
            subject: order.description,
            total: Money::from_fen(order.total_fen),
            notify_url: order.notify_url,
            return_url: order.return_url,
            expires_at,
        };
        let url = self.alipay.wap_pay_url(&wap, OffsetDateTime::now_utc());
        Ok(PaymentNext::Redirect { url })
    }

    async fn query(&self, out_trade_no: &str) -> Result<Remote, PortError> {
        match self.alipay.query(out_trade_no).await {
            Ok(t) => Ok(match (t.trade_status.as_str(), t.trade_no) {
                ("TRADE_SUCCESS" | "TRADE_FINISHED", Some(txn)) => Remote::Paid {
                    txn,
                    fen: fen_of_yuan(&t.total_amount).unwrap_or(-1),
                },
                ("WAIT_BUYER_PAY", _) => Remote::Pending,
                _ => Remote::Closed,
            }),
            Err(e) if unknown(&e) => Ok(Remote::Pending),
            Err(e) => Err(failed(e)),
        }
    }

    async fn close(&self, out_trade_no: &str) -> Result<(), PortError> {
        match self.alipay.close(out_trade_no).await {
            Err(e) if !unknown(&e) => Err(failed(e)),
            _ => Ok(()),
        }
    }

    async fn refund(
        &self,
        out_trade_no: &str,
        refund_id: &str,
        fen: i64,
        _total_fen: i64,
        _notify_url: &str,
    ) -> Result<RefundStatus, PortError> {
        let amount = Money::from_fen(fen);
        match self.alipay.refund(out_trade_no, refund_id, amount).await {
            // Alipay refunds at once: a verified answer is the money given back (a retry
            // answers `fund_change` "N" for the same refund).
            Ok(_) => Ok(RefundStatus::Refunded),
            Err(CallError::Answer(AnswerError::Refused(r))) => {
                tracing::warn!(code = %r.code, sub_code = ?r.sub_code, "Alipay refused a refund");
                Ok(RefundStatus::RefundFailed)
            }
            Err(e) => Err(failed(e)),
        }
    }

    fn verify_notification(&self, _headers: &HeaderMap, body: &[u8]) -> Result<Notice, PortError> {
        let m = self.merchant;
        let fields: Params = form_urlencoded::parse(body).into_owned().collect();
        verify_notification(&fields, &m.alipay_public_key)
            .map_err(|e| PortError(format!("signature: {e}")))?;
        let field = |name: &str| fields.get(name).map(String::as_str).unwrap_or_default();
        if field("app_id") != m.app_id {
            return Err(PortError("another app".into()));
        }
        let remote = match field("trade_status") {
            "TRADE_SUCCESS" | "TRADE_FINISHED" => Remote::Paid {
                txn: field("trade_no").to_owned(),
                fen: fen_of_yuan(field("total_amount"))
                    .ok_or_else(|| PortError("total_amount".into()))?,
            },
            "TRADE_CLOSED" => Remote::Closed,
            _ => Remote::Pending,
        };
        Ok(Notice::Payment {
            out_trade_no: field("out_trade_no").to_owned(),
            remote,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::fen_of_yuan;

    #[test]
    fn alipay_amounts_read_as_fen_and_anything_else_is_refused() {
        assert_eq!(fen_of_yuan("68.00"), Some(6800));
        assert_eq!(fen_of_yuan("0.05"), Some(5));
        assert_eq!(fen_of_yuan("146200"), Some(14_620_000));
        for bad in ["68.0", "68.000", "-1.00", "6a.00", "", ".00x"] {
            assert_eq!(fen_of_yuan(bad), None, "{bad:?}");
        }
    }
}
