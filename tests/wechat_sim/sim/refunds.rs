//! "申请退款" (`POST /v3/refund/domestic/refunds`) and "查询单笔退款": one refund per
//! out_refund_no, `PROCESSING` until the test finishes it (`WechatSim::finish_refund`), then
//! `SUCCESS`, or `ABNORMAL` while `fail_refunds` is on.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::{beijing_now, error, random, signed, Shared};

/// One refund as the simulator keeps it.
pub(super) struct Refund {
    pub refund_id: String,
    pub out_refund_no: String,
    pub out_trade_no: String,
    pub transaction_id: String,
    pub refund: i64,
    pub total: i64,
    /// `PROCESSING`, `SUCCESS` or `ABNORMAL`.
    pub status: &'static str,
    pub notify_url: Option<String>,
    pub create_time: String,
    pub success_time: Option<String>,
}

impl Refund {
    /// The refund as "申请退款" and "查询单笔退款" answer it.
    pub fn answer(&self) -> Value {
        let mut answer = json!({
            "refund_id": self.refund_id, "out_refund_no": self.out_refund_no,
            "transaction_id": self.transaction_id, "out_trade_no": self.out_trade_no,
            "channel": "ORIGINAL", "user_received_account": "支付用户零钱",
            "create_time": self.create_time, "status": self.status, "funds_account": "AVAILABLE",
            "amount": {
                "total": self.total, "refund": self.refund, "payer_total": self.total,
                "payer_refund": self.refund, "settlement_total": self.total,
                "settlement_refund": self.refund, "discount_refund": 0, "currency": "CNY",
            },
        });
        if let Some(time) = &self.success_time {
            answer["success_time"] = json!(time);
        }
        answer
    }
}

/// `POST /v3/refund/domestic/refunds`.
pub(super) async fn create(State(shared): State<Arc<Shared>>, body: Bytes) -> Response {
    let bad = |code: &str, message: &str| error(&shared, StatusCode::BAD_REQUEST, code, message);
    let sent: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let text = |pointer: &str| sent.pointer(pointer).and_then(Value::as_str);
    let number = |pointer: &str| sent.pointer(pointer).and_then(Value::as_i64);
    let (Some(out_refund_no), Some(refund), Some(total), Some("CNY")) = (
        text("/out_refund_no").filter(|no| (1..=64).contains(&no.len())),
        number("/amount/refund").filter(|&fen| fen > 0),
        number("/amount/total").filter(|&fen| fen > 0),
        text("/amount/currency"),
    ) else {
        let message = "out_refund_no, amount.refund, amount.total or amount.currency is wrong";
        return bad("PARAM_ERROR", message);
    };
    let mut books = shared.books();
    let by_transaction = text("/transaction_id").and_then(|id| {
        let mut orders = books.orders.values();
        orders.find(|order| order.transaction_id.as_deref() == Some(id))
    });
    let order = match text("/out_trade_no") {
        Some(no) => books.orders.get(no),
        None => by_transaction,
    };
    let Some(order) = order else {
        let status = StatusCode::NOT_FOUND;
        return error(&shared, status, "RESOURCE_NOT_EXISTS", "订单不存在");
    };
    let (Some(transaction_id), true) = (order.transaction_id.clone(), order.paid()) else {
        return bad("INVALID_REQUEST", "the order is not paid");
    };
    if total != order.total {
        return bad("PARAM_ERROR", "amount.total is not the order's");
    }
    let out_trade_no = order.out_trade_no.clone();
    if let Some(known) = books.refunds.get(out_refund_no) {
        if known.refund != refund || known.out_trade_no != out_trade_no {
            return bad("INVALID_REQUEST", "订单金额或退款金额与之前请求不一致");
        }
        return signed(&shared, StatusCode::OK, Some(&known.answer()));
    }
    let refunds = books.refunds.values();
    let already: i64 = refunds
        .filter(|r| r.out_trade_no == out_trade_no && r.status != "ABNORMAL")
        .map(|r| r.refund)
        .sum();
    if already + refund > total {
        return bad("INVALID_REQUEST", "申请退款金额超过订单可退金额");
    }
    let made = Refund {
        refund_id: format!("50000{}", random(24)),
        out_refund_no: out_refund_no.to_owned(),
        out_trade_no: out_trade_no.clone(),
        transaction_id,
        refund,
        total,
        status: "PROCESSING",
        notify_url: text("/notify_url").map(str::to_owned),
        create_time: beijing_now(),
        success_time: None,
    };
    let answer = made.answer();
    books.refunds.insert(made.out_refund_no.clone(), made);
    if let Some(order) = books.orders.get_mut(&out_trade_no) {
        order.state = "REFUND";
    }
    signed(&shared, StatusCode::OK, Some(&answer))
}

/// `GET /v3/refund/domestic/refunds/{out_refund_no}`.
pub(super) async fn query(State(shared): State<Arc<Shared>>, Path(id): Path<String>) -> Response {
    let answer = shared.books().refunds.get(&id).map(Refund::answer);
    match answer {
        Some(answer) => signed(&shared, StatusCode::OK, Some(&answer)),
        None => {
            let status = StatusCode::NOT_FOUND;
            error(&shared, status, "RESOURCE_NOT_EXISTS", "退款单不存在")
        }
    }
}
