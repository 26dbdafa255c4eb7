//! How the team's list and an order's sheet name its payment, compactly ("WeChat · paid"), and
//! a refund with its amount ("refund pending ¥12.00"). An order paid on delivery says nothing.

use crate::client::format;
use crate::client::i18n::{I18n, TeamKey};
use crate::domain::{fill, Money, OrderView, PaymentMethod, PaymentStatus, RefundStatus};

/// The message naming a way to pay, in the team's words.
pub fn method_key(method: PaymentMethod) -> TeamKey {
    match method {
        PaymentMethod::Wechat => TeamKey::pay_wechat,
        PaymentMethod::Alipay => TeamKey::pay_alipay,
        PaymentMethod::Cod => TeamKey::pay_cod,
    }
}

/// The message naming a payment's state.
pub fn pay_key(status: PaymentStatus) -> TeamKey {
    match status {
        PaymentStatus::Pending => TeamKey::pay_pending,
        PaymentStatus::Paid => TeamKey::pay_paid,
        PaymentStatus::Closed => TeamKey::pay_closed,
        PaymentStatus::Refunded => TeamKey::pay_refunded,
    }
}

/// The message naming a refund's state, `{{ amount }}` in it.
pub fn refund_key(status: RefundStatus) -> TeamKey {
    match status {
        RefundStatus::RefundPending => TeamKey::refund_pending,
        RefundStatus::Refunded => TeamKey::refund_done,
        RefundStatus::RefundFailed => TeamKey::refund_failed,
    }
}

/// The order's payment and refund in one short line, following the language; `None` for an
/// order paid on delivery without a refund.
pub fn payment_words(i18n: I18n, order: &OrderView) -> Option<impl Fn() -> String + 'static> {
    let payment = order.payment.as_ref().map(|p| (p.method, p.status));
    let refund = order.refund.as_ref().map(|r| (r.status, r.fen));
    let words = move || {
        let mut parts = Vec::new();
        if let Some((method, status)) = payment {
            parts.push(i18n.get(method_key(method)).to_owned());
            parts.push(i18n.get(pay_key(status)).to_owned());
        }
        if let Some((status, fen)) = refund {
            let amount = format::money(i18n.locale().as_str(), Money::from_fen(fen));
            parts.push(fill(i18n.get(refund_key(status)), &[("amount", amount)]));
        }
        parts.join(" · ")
    };
    (payment.is_some() || refund.is_some()).then_some(words)
}
