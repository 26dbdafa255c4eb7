//! The buyer's side of paying (DESIGN.md "Payment"), as plain rules apart from the pages: which
//! of the producer's methods the order form offers where the phone is, where the phone goes once
//! an order is placed, what the tracking page says of a payment and a refund, and the time left
//! to pay. Its only import is the domain, so the native tests include this file to check it
//! (`tests/pay_rules.rs`); the storefront reads its first half, the orders bundle the rest.

use crate::domain::{
    CancelReason, JsapiParams, OrderView, PaymentMethod, PaymentNext, PaymentStatus, PaymentView,
    Situation,
};

/// One of the producer's methods as the form offers it where the phone is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Offer {
    pub method: PaymentMethod,
    /// Whether it can be paid in this browser. Alipay cannot inside WeChat: it is offered as
    /// "open this page in your browser", never as a choice that fails.
    pub here: bool,
}

/// The producer's methods, in its order, as offered in `situation`.
pub fn offers(methods: &[PaymentMethod], situation: Situation) -> Vec<Offer> {
    methods
        .iter()
        .map(|&method| Offer {
            method,
            here: !(method == PaymentMethod::Alipay && situation == Situation::Wechat),
        })
        .collect()
}

/// The method chosen before the buyer picks: the first that can be paid here. `None` when none
/// can (only Alipay, inside WeChat): the order is then refused on its `payment` field.
pub fn first_choice(offers: &[Offer]) -> Option<PaymentMethod> {
    offers.iter().find(|o| o.here).map(|o| o.method)
}

/// Whether the form shows the methods: when there is a choice, or one to explain. A shop paid
/// on delivery only shows nothing, as before payment.
pub fn shows_methods(offers: &[Offer]) -> bool {
    offers.len() > 1 || offers.iter().any(|o| !o.here)
}

/// Where the phone goes once an order is placed (`tracking` is its private tracking path):
/// nothing for an order paid on delivery (the confirmation shows, as before); a payment's own
/// address to pay in a phone browser or to sign in through WeChat; else the tracking page,
/// which draws the QR code or calls WeChat's bridge.
pub fn after_order(payment: Option<&PaymentView>, tracking: &str) -> Option<String> {
    let payment = payment?;
    Some(match &payment.next {
        Some(PaymentNext::Redirect { url } | PaymentNext::WechatOauth { url }) => url.clone(),
        _ => tracking.to_owned(),
    })
}

/// What the tracking page's "Pay now" does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayStep {
    /// Open this address (WeChat Pay H5, Alipay WAP, WeChat's sign-in).
    Open(String),
    /// Ask WeChat to pay with these (`WeixinJSBridge`'s `getBrandWCPayRequest`).
    Bridge(JsapiParams),
    /// Draw this text as a QR code for the buyer's phone to scan.
    Scan(String),
}

/// The step that pays `next`.
pub fn pay_step(next: &PaymentNext) -> PayStep {
    match next {
        PaymentNext::Redirect { url } | PaymentNext::WechatOauth { url } => {
            PayStep::Open(url.clone())
        }
        PaymentNext::Jsapi { params } => PayStep::Bridge(params.clone()),
        PaymentNext::Qr { code_url } => PayStep::Scan(code_url.clone()),
    }
}

/// What the tracking page says of an order's payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PayState {
    /// Waiting to be paid until `expires_at` (RFC 3339), and the way to pay if the server gave
    /// one.
    Awaiting {
        expires_at: Option<String>,
        next: Option<PaymentNext>,
    },
    Paid,
    /// Not paid in time: cancelled, its boxes back on sale, nothing charged.
    ClosedUnpaid,
    /// Closed unpaid, but a payment came after: refunded in full (the refund says how far).
    ClosedPaidLate,
    Refunded,
}

/// The payment's state on the tracking page; `None` for an order paid on delivery, which shows
/// nothing new. An order cancelled unpaid says so whether or not its answer still carries the
/// payment, and says nothing was charged unless a refund shows a payment came after all.
pub fn pay_state(order: &OrderView) -> Option<PayState> {
    let status = order.payment.as_ref().map(|p| p.status);
    if order.cancel_reason == Some(CancelReason::Unpaid) || status == Some(PaymentStatus::Closed) {
        return Some(if order.refund.is_some() {
            PayState::ClosedPaidLate
        } else {
            PayState::ClosedUnpaid
        });
    }
    let payment = order.payment.as_ref()?;
    Some(match payment.status {
        PaymentStatus::Pending => PayState::Awaiting {
            expires_at: payment.expires_at.clone(),
            next: payment.next.clone(),
        },
        PaymentStatus::Paid => PayState::Paid,
        // (Closed is answered above.)
        PaymentStatus::Refunded | PaymentStatus::Closed => PayState::Refunded,
    })
}

/// Whether the page asks the server again in a few seconds: while the payment is pending (the
/// server asks the provider on each lookup), until it is paid or closed.
pub fn asks_again(order: &OrderView) -> bool {
    matches!(pay_state(order), Some(PayState::Awaiting { .. }))
}

/// How many seconds are left from `now_ms` until `until_ms`, rounded up; `None` once reached.
pub fn seconds_left(now_ms: i64, until_ms: i64) -> Option<i64> {
    let left = until_ms - now_ms;
    (left > 0).then(|| (left + 999) / 1000)
}

/// The time left to pay as a clock reads it: `14:05`, or `1:02:03` past an hour; `None` once
/// the window is over.
pub fn time_left(now_ms: i64, until_ms: i64) -> Option<String> {
    let s = seconds_left(now_ms, until_ms)?;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    Some(if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    })
}
