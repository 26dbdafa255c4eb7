//! What an order paid online keeps of its payment in its row (`PaymentRow`, the `pay_*` columns
//! of `order_columns!()` and `key_columns!()`), and the hold a new one is placed with (`Hold`).

use super::columns::Columns;
use crate::domain::{OrderStatus, PaymentMethod, PaymentStatus, PaymentView};
use crate::server::time::rfc3339;

/// How an order paid online waits for its payment.
#[derive(Debug, Clone)]
pub struct Hold {
    pub method: PaymentMethod,
    /// The end of its window (Unix ms).
    pub expires_ms: i64,
    /// The unguessable name of the order in WeChat's OAuth (`domain::is_oauth_state`).
    pub state: String,
}

/// What an order paid online keeps of its payment (NULL columns for one paid on delivery).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentRow {
    pub method: PaymentMethod,
    /// The end of its window (Unix ms): not paid by then, it is closed.
    pub expires_ms: i64,
    /// The unguessable name WeChat's OAuth carries back to the server.
    pub state: String,
    /// The buyer's openid, once WeChat's OAuth gave it (JSAPI).
    pub openid: Option<String>,
    /// The provider's transaction, once paid (a payment after the close too).
    pub txn: Option<String>,
    pub paid_ms: Option<i64>,
}

impl PaymentRow {
    /// Reads the `pay_*` columns of `order_columns!()` and `key_columns!()`.
    pub fn read<R: Columns>(r: &R) -> Result<Option<Self>, R::Error> {
        let Some(method) = r.maybe_parsed("pay_method", "payment method", PaymentMethod::parse)?
        else {
            return Ok(None);
        };
        Ok(Some(Self {
            method,
            expires_ms: r.int("pay_expires_ms")?,
            state: r.text("pay_state")?,
            openid: r.maybe_text("pay_openid")?,
            txn: r.maybe_text("pay_txn")?,
            paid_ms: r.maybe_int("paid_ms")?,
        }))
    }

    /// The row a new order's hold writes.
    pub fn held(hold: &Hold) -> Self {
        Self {
            method: hold.method,
            expires_ms: hold.expires_ms,
            state: hold.state.clone(),
            openid: None,
            txn: None,
            paid_ms: None,
        }
    }

    /// The payment's state for an order in `status`, `refunded` if the whole order was given
    /// back through the provider.
    pub fn status(&self, status: OrderStatus, refunded: bool) -> PaymentStatus {
        match (status, &self.txn) {
            (OrderStatus::AwaitingPayment, _) => PaymentStatus::Pending,
            (_, None) => PaymentStatus::Closed,
            (_, Some(_)) if refunded => PaymentStatus::Refunded,
            (_, Some(_)) => PaymentStatus::Paid,
        }
    }

    /// The payment as the order's answers show it, without the way to pay (the route adds it
    /// while the payment is pending).
    pub fn view(&self, status: OrderStatus, refunded: bool) -> PaymentView {
        let status = self.status(status, refunded);
        PaymentView {
            method: self.method,
            status,
            expires_at: (status == PaymentStatus::Pending).then(|| rfc3339(self.expires_ms)),
            next: None,
        }
    }
}
