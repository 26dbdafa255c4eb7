//! The simulator's asynchronous notifications (异步通知): form fields signed with Alipay's key over
//! every field but `sign` and `sign_type`, posted to the trade's `notify_url` as
//! `application/x-www-form-urlencoded; charset=utf-8`. Alipay takes only an answer of exactly
//! `success` as received and sends the same notification (same `notify_id`) again otherwise.

use orchard::domain::Money;
use orchard::server::payment::alipay_sign::{sign_notification, Params};

use super::{now_china, Shared, Trade};

/// The app id a notification `WrongAppId` names: not the simulator's app.
pub const OTHER_APP_ID: &str = "2021009999999999";

/// How a notification is bent, for the tests of the merchant's checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Twist {
    /// As Alipay sends it.
    Honest,
    /// Signed, then its `total_amount` changed: the signature no longer verifies.
    Tampered,
    /// No `sign` at all.
    Unsigned,
    /// Signed by Alipay's key, but one fen more than the trade's amount.
    WrongAmount,
    /// Signed by Alipay's key, but naming another app (`OTHER_APP_ID`).
    WrongAppId,
}

/// One notification sent and what the merchant answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    /// The form's fields as sent.
    pub fields: Params,
    /// The answer's HTTP status, or none when nothing answered.
    pub status: Option<u16>,
    /// The answer's body (or why nothing answered).
    pub body: String,
    /// Whether Alipay takes it as received: the body is exactly `success`.
    pub acknowledged: bool,
}

fn yuan(fen: i64) -> String {
    Money::from_fen(fen).yuan_decimal()
}

/// A fresh notification of `trade` as it stands (`trade_status_sync`, a new `notify_id`).
pub fn notification(shared: &Shared, trade: &Trade, twist: Twist) -> Params {
    let mut fields = Params::new();
    let mut put = |name: &str, value: String| {
        fields.insert(name.to_owned(), value);
    };
    let app_id = match twist {
        Twist::WrongAppId => OTHER_APP_ID.to_owned(),
        _ => shared.app_id.clone(),
    };
    let fen = match twist {
        Twist::WrongAmount => trade.fen + 1,
        _ => trade.fen,
    };
    put("notify_time", now_china());
    put("notify_type", "trade_status_sync".to_owned());
    put("notify_id", format!("{:032x}", rand::random::<u128>()));
    put("app_id", app_id.clone());
    put("auth_app_id", app_id);
    put("charset", "utf-8".to_owned());
    put("version", "1.0".to_owned());
    put("trade_no", trade.trade_no.clone());
    put("out_trade_no", trade.out_trade_no.clone());
    put("trade_status", trade.status.as_str().to_owned());
    put("total_amount", yuan(fen));
    put("subject", trade.subject.clone());
    put("seller_id", "2088000000000001".to_owned());
    put("gmt_create", trade.gmt_create.clone());
    if let Some(paid) = &trade.gmt_payment {
        put("gmt_payment", paid.clone());
        put("buyer_id", "2088000000000002".to_owned());
        put("receipt_amount", yuan(fen));
        put("buyer_pay_amount", yuan(fen));
    }
    if !trade.refunds.is_empty() {
        put("refund_fee", yuan(trade.refunded_fen()));
    }
    match twist {
        Twist::Unsigned => {
            fields.insert("sign_type".to_owned(), "RSA2".to_owned());
        }
        Twist::Tampered => {
            sign_notification(&mut fields, &shared.alipay_key);
            fields.insert("total_amount".to_owned(), yuan(fen + 100));
        }
        _ => sign_notification(&mut fields, &shared.alipay_key),
    }
    fields
}

/// Posts `fields` to `url` as Alipay does and reads the answer.
pub async fn send(client: &reqwest::Client, url: &str, fields: &Params) -> Delivery {
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(fields)
        .finish();
    let answer = client
        .post(url)
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded; charset=utf-8",
        )
        .body(body)
        .send()
        .await;
    let (status, body) = match answer {
        Ok(answer) => {
            let status = answer.status().as_u16();
            (Some(status), answer.text().await.unwrap_or_default())
        }
        Err(error) => (None, error.to_string()),
    };
    Delivery {
        fields: fields.clone(),
        acknowledged: status.is_some() && body == "success",
        status,
        body,
    }
}

/// The notifications of `deliveries` whose `notify_id` never got `success`, each once.
pub fn unacknowledged(deliveries: &[Delivery]) -> Vec<Params> {
    let id = |delivery: &Delivery| delivery.fields.get("notify_id").cloned();
    let mut pending: Vec<Params> = Vec::new();
    for delivery in deliveries {
        let seen = pending
            .iter()
            .any(|fields| fields.get("notify_id") == id(delivery).as_ref());
        let acknowledged = deliveries
            .iter()
            .any(|other| other.acknowledged && id(other) == id(delivery));
        if !seen && !acknowledged {
            pending.push(delivery.fields.clone());
        }
    }
    pending
}
