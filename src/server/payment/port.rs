//! The payment port (issue #29): what a provider does for an order — start a payment for the
//! phone's situation, ask for its state, close it, refund it, verify a notification — as one
//! trait (`PaymentProvider`), which WeChat Pay (`wechat_provider`) and Alipay
//! (`alipay_provider`) implement; `providers` holds the market's credentials and picks one.
//! Pay on delivery needs no provider. Nothing here writes: `server::paying` carries what a
//! provider says to the writer, never the reverse.

use axum::http::HeaderMap;

use crate::domain::{PaymentNext, RefundStatus, Situation};

/// An order to be paid, as a provider needs it.
#[derive(Debug, Clone)]
pub struct Payable<'a> {
    /// The order's id: the provider's `out_trade_no`.
    pub id: &'a str,
    /// What the buyer's statement shows.
    pub description: &'a str,
    pub total_fen: i64,
    /// The end of its window (Unix ms): the provider takes no payment after it.
    pub expires_ms: i64,
    pub situation: Situation,
    /// The buyer's openid (WeChat, once its OAuth gave it).
    pub openid: Option<&'a str>,
    /// The phone's address (WeChat Pay H5 asks for it).
    pub client_ip: String,
    /// The OAuth `state` naming the order.
    pub oauth_state: &'a str,
    /// Where the provider tells the server (`/api/pay/{method}/{slug}`).
    pub notify_url: &'a str,
    /// Where the phone comes back to (the order's tracking page).
    pub return_url: &'a str,
    /// Where WeChat's OAuth sends the phone back to (`/api/pay/wechat/{slug}/oauth`).
    pub oauth_url: &'a str,
}

/// An order's state at its provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Remote {
    /// Not paid (or not even opened by the buyer yet).
    Pending,
    /// Paid `fen` as transaction `txn`.
    Paid { txn: String, fen: i64 },
    /// Closed, or refunded in full, or otherwise not payable.
    Closed,
}

/// A verified notification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Of a payment: `Paid` is acted on; another state is acknowledged and ignored.
    Payment {
        out_trade_no: String,
        remote: Remote,
    },
    /// Of a refund that ended (WeChat Pay tells it; Alipay's refunds end in their answer).
    Refund {
        out_trade_no: String,
        refund_id: String,
        status: RefundStatus,
    },
}

/// Why a provider gave nothing to act on; the detail is for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortError(pub String);

impl std::fmt::Display for PortError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// What a payment provider does for an order.
// Used with the two providers themselves (never `dyn`), whose futures are known to be `Send`.
#[allow(async_fn_in_trait)]
pub trait PaymentProvider {
    /// What the phone does next to pay `order`.
    async fn start(&self, order: &Payable<'_>) -> Result<PaymentNext, PortError>;
    /// The order's state at the provider.
    async fn query(&self, out_trade_no: &str) -> Result<Remote, PortError>;
    /// Closes an order whose window passed (an order the provider never saw is closed too).
    async fn close(&self, out_trade_no: &str) -> Result<(), PortError>;
    /// Gives back `fen` of a paid order of `total_fen`; `refund_id` makes a retry the same one;
    /// a refund that does not end at once is told to `notify_url`.
    async fn refund(
        &self,
        out_trade_no: &str,
        refund_id: &str,
        fen: i64,
        total_fen: i64,
        notify_url: &str,
    ) -> Result<RefundStatus, PortError>;
    /// A notification's content if it is the provider's (signature, time, app and merchant).
    fn verify_notification(&self, headers: &HeaderMap, body: &[u8]) -> Result<Notice, PortError>;
}

/// `text` percent-encoded for a query's value.
pub fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}
