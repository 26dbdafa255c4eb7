//! What WeChat does on its own, driven by the test: a buyer pays (the order turns `SUCCESS`), a
//! refund ends, and the "支付通知" / "退款结果通知" is POSTed to the notify_url: JSON with its
//! `resource` sealed with the APIv3 key (AEAD_AES_256_GCM), signed with the platform key in the
//! `Wechatpay-*` headers. A `Tamper` breaks one thing of it, so a test proves the merchant
//! checks that thing; what the merchant answered is kept (`Delivery`).

use serde_json::{json, Value};

use orchard::server::payment::wechat_sign::{encrypt, SignedHeaders, Stamp};

use super::{beijing_now, now, random, Shared, WechatSim};

/// How a notification is broken on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tamper {
    /// As WeChat Pay sends it.
    None,
    /// Signed over another body: the signature does not verify.
    ForgedSignature,
    /// Signed ten minutes ago (more than the 5 minutes allowed).
    StaleTimestamp,
    /// Sealed and signed properly, but its amount is one fen more than the order's.
    WrongAmount,
}

/// One notification sent, and what the merchant answered (`status` 0: no answer).
#[derive(Debug, Clone)]
pub struct Delivery {
    pub url: String,
    pub event_type: String,
    pub tamper: Tamper,
    pub status: u16,
    pub answer: String,
}

impl WechatSim {
    /// The buyer pays, quietly: the order turns `SUCCESS` with a transaction id and the payer's
    /// openid (the order's, or the current buyer's), whatever its state (a payment that raced
    /// the close); no notification yet (`notify` sends it, as late as the test likes).
    pub fn mark_paid(&self, out_trade_no: &str) {
        mark_paid(&self.shared, out_trade_no);
    }

    /// The buyer pays and WeChat Pay notifies the order's notify_url.
    pub async fn pay(&self, out_trade_no: &str) -> Delivery {
        self.mark_paid(out_trade_no);
        self.notify(out_trade_no, Tamper::None).await
    }

    /// Sends (again) the order's TRANSACTION.SUCCESS notification, broken as `tamper` says.
    pub async fn notify(&self, out_trade_no: &str, tamper: Tamper) -> Delivery {
        notify(&self.shared, out_trade_no, tamper).await
    }

    /// Ends a `PROCESSING` refund: `SUCCESS`, or `ABNORMAL` while `fail_refunds` is on; then
    /// sends REFUND.SUCCESS / REFUND.ABNORMAL to the refund's notify_url if it gave one.
    pub async fn finish_refund(&self, out_refund_no: &str) -> Option<Delivery> {
        let (url, plain, event_type) = self.end_refund(out_refund_no)?;
        let event = Event {
            event_type: &event_type,
            summary: "退款状态变更",
            original_type: "refund",
        };
        Some(deliver(&self.shared, &url, event, &plain, Tamper::None).await)
    }

    /// Ends a `PROCESSING` refund as `finish_refund` does, but its notification is lost: only
    /// "查询单笔退款" or the same "申请退款" again tells how it ended.
    pub fn finish_refund_unannounced(&self, out_refund_no: &str) {
        self.end_refund(out_refund_no);
    }

    /// `finish_refund`'s change: the refund's notify_url, notification and event type.
    fn end_refund(&self, out_refund_no: &str) -> Option<(String, serde_json::Value, String)> {
        let mut books = self.shared.books();
        let fail = books.fail_refunds;
        let refund = books.refunds.get_mut(out_refund_no).expect("a refund made");
        refund.status = if fail { "ABNORMAL" } else { "SUCCESS" };
        if !fail {
            refund.success_time = Some(beijing_now());
        }
        let plain = json!({
            "mchid": self.shared.config.mchid, "out_trade_no": refund.out_trade_no,
            "transaction_id": refund.transaction_id, "out_refund_no": refund.out_refund_no,
            "refund_id": refund.refund_id, "refund_status": refund.status,
            "success_time": refund.success_time,
            "user_received_account": "支付用户零钱",
            "amount": {
                "total": refund.total, "refund": refund.refund,
                "payer_total": refund.total, "payer_refund": refund.refund,
            },
        });
        let event_type = format!("REFUND.{}", refund.status);
        Some((refund.notify_url.clone()?, plain, event_type))
    }
}

/// See `WechatSim::mark_paid`.
pub(super) fn mark_paid(shared: &Shared, out_trade_no: &str) {
    let mut books = shared.books();
    let buyer = books.buyer_openid.clone();
    let order = books.orders.get_mut(out_trade_no).expect("an order placed");
    order.state = "SUCCESS";
    order.transaction_id = Some(format!("42000{}", random(23)));
    order.success_time = Some(beijing_now());
    order.openid.get_or_insert(buyer);
}

/// See `WechatSim::notify`.
pub(super) async fn notify(shared: &Shared, out_trade_no: &str, tamper: Tamper) -> Delivery {
    let (url, mut transaction) = {
        let books = shared.books();
        let order = books.orders.get(out_trade_no).expect("an order placed");
        (order.notify_url.clone(), order.transaction())
    };
    if tamper == Tamper::WrongAmount {
        let total = transaction["amount"]["total"].as_i64().unwrap_or(0) + 1;
        transaction["amount"]["total"] = json!(total);
        transaction["amount"]["payer_total"] = json!(total);
    }
    let event = Event {
        event_type: "TRANSACTION.SUCCESS",
        summary: "支付成功",
        original_type: "transaction",
    };
    deliver(shared, &url, event, &transaction, tamper).await
}

struct Event<'a> {
    event_type: &'a str,
    summary: &'a str,
    original_type: &'a str,
}

async fn deliver(
    shared: &Shared,
    url: &str,
    event: Event<'_>,
    plain: &Value,
    tamper: Tamper,
) -> Delivery {
    let config = &shared.config;
    let kind = event.original_type;
    let resource = encrypt(
        &config.apiv3_key,
        kind,
        &random(12),
        kind,
        &plain.to_string(),
    )
    .expect("a 12-byte nonce");
    let body = json!({
        "id": format!("EV-{}", random(20)), "create_time": beijing_now(),
        "resource_type": "encrypt-resource", "event_type": event.event_type,
        "summary": event.summary, "resource": resource,
    })
    .to_string();
    let timestamp = match tamper {
        Tamper::StaleTimestamp => now() - 600,
        _ => now(),
    };
    let nonce = random(32);
    let stamp = Stamp {
        timestamp,
        nonce: &nonce,
    };
    let key = &config.platform_key;
    let mut headers = SignedHeaders::sign(key, &config.platform_key_id, stamp, body.as_bytes());
    if tamper == Tamper::ForgedSignature {
        let other = SignedHeaders::sign(key, &config.platform_key_id, stamp, b"{}");
        headers.signature = other.signature;
    }
    let mut request = shared.client.post(url).body(body.clone());
    request = request.header("Content-Type", "application/json");
    for (name, value) in headers.pairs() {
        request = request.header(name, value);
    }
    let (status, answer) = match request.send().await {
        Ok(answer) => (
            answer.status().as_u16(),
            answer.text().await.unwrap_or_default(),
        ),
        Err(_) => (0, String::new()),
    };
    let delivery = Delivery {
        url: url.to_owned(),
        event_type: event.event_type.to_owned(),
        tamper,
        status,
        answer,
    };
    shared.books().deliveries.push(delivery.clone());
    delivery
}
