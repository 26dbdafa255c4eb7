//! A trade as the simulator holds it, and Alipay's closing of a trade left unpaid past its
//! `time_expire`.

use std::collections::BTreeMap;

/// A trade's state at Alipay, as `trade_status` writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TradeStatus {
    /// Created by the WAP pay redirect; the buyer has not paid.
    WaitBuyerPay,
    /// Paid (refundable).
    TradeSuccess,
    /// Closed unpaid, or refunded in full.
    TradeClosed,
}

impl TradeStatus {
    /// The document's word for it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::WaitBuyerPay => "WAIT_BUYER_PAY",
            Self::TradeSuccess => "TRADE_SUCCESS",
            Self::TradeClosed => "TRADE_CLOSED",
        }
    }
}

/// One trade, recorded from a WAP pay redirect whose signature and content were good.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trade {
    /// The merchant's number for it.
    pub out_trade_no: String,
    /// Alipay's number for it (28 digits).
    pub trade_no: String,
    /// As the request wrote it: yuan with two decimals.
    pub total_amount: String,
    /// The same amount in fen.
    pub fen: i64,
    /// The request's subject.
    pub subject: String,
    /// Where notifications go, absolute.
    pub notify_url: Option<String>,
    /// Where the buyer's browser comes back to.
    pub return_url: Option<String>,
    /// The request's `time_expire`, China time, as written.
    pub time_expire: Option<String>,
    /// Where the trade stands.
    pub status: TradeStatus,
    /// When it was created (China time, Alipay's `gmt_create`).
    pub gmt_create: String,
    /// When it was paid (`gmt_payment`).
    pub gmt_payment: Option<String>,
    /// The refunds made, by `out_request_no`, in fen.
    pub refunds: BTreeMap<String, i64>,
}

impl Trade {
    /// Fen refunded so far.
    pub fn refunded_fen(&self) -> i64 {
        self.refunds.values().sum()
    }
}

/// Whether `trade` waits past its `time_expire` at `now` (both `yyyy-MM-dd HH:mm:ss` China time,
/// which sort as they read): Alipay then closes it, and the buyer can no longer pay.
pub fn due_to_close(trade: &Trade, now: &str) -> bool {
    trade.status == TradeStatus::WaitBuyerPay
        && trade
            .time_expire
            .as_deref()
            .is_some_and(|expire| expire <= now)
}
