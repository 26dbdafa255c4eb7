//! The simulator's JSON methods, once the caller's signature is checked: `alipay.trade.query`,
//! `alipay.trade.close`, `alipay.trade.refund` (idempotent by `out_request_no`, `fund_change` "Y"
//! only the first time) and `alipay.trade.fastpay.refund.query`, answered signed with code 10000
//! and the documents' fields, or 40004 "Business Failed" with the documents' `sub_code`.

use orchard::domain::Money;
use orchard::server::payment::alipay_sign::Params;
use serde_json::{json, Value};

use super::super::{now_china, Shared, Trade, TradeStatus};
use super::{amount_fen, check_caller, signed, unsigned_refusal};

const QUERY: &str = "alipay.trade.query";
const CLOSE: &str = "alipay.trade.close";
const REFUND: &str = "alipay.trade.refund";
const REFUND_QUERY: &str = "alipay.trade.fastpay.refund.query";

fn yuan(fen: i64) -> String {
    Money::from_fen(fen).yuan_decimal()
}

/// 40004 with the business reason.
fn business_failed(sub_code: &str, sub_msg: &str) -> Value {
    json!({"code": "40004", "msg": "Business Failed", "sub_code": sub_code, "sub_msg": sub_msg})
}

/// The answer to a call of `called` with `params`, as the body's text.
pub fn call(shared: &Shared, called: &str, params: &Params) -> String {
    if called.is_empty() {
        return unsigned_refusal(called, "40001", "isv.missing-method", "缺少方法名参数");
    }
    if ![QUERY, CLOSE, REFUND, REFUND_QUERY].contains(&called) {
        return unsigned_refusal("", "40002", "isv.invalid-method", "不存在的方法名");
    }
    if let Err([code, sub_code, sub_msg]) = check_caller(shared, params) {
        return unsigned_refusal(called, code, sub_code, sub_msg);
    }
    let content = match params
        .get("biz_content")
        .map(|text| serde_json::from_str(text))
    {
        Some(Ok(content @ Value::Object(_))) => content,
        _ => {
            return signed(
                shared,
                called,
                &business_failed("ACQ.INVALID_PARAMETER", "参数无效"),
            )
        }
    };
    let text = |name: &str| content.get(name).and_then(Value::as_str).unwrap_or("");
    let mut state = shared.state();
    let fail_refunds = state.fail_refunds;
    let trade = state.trades.values_mut().find(|trade| {
        (!text("out_trade_no").is_empty() && trade.out_trade_no == text("out_trade_no"))
            || (!text("trade_no").is_empty() && trade.trade_no == text("trade_no"))
    });
    let Some(trade) = trade else {
        let missing = business_failed("ACQ.TRADE_NOT_EXIST", "交易不存在");
        return signed(shared, called, &missing);
    };
    let response = match called {
        QUERY => query(trade),
        CLOSE => close(trade),
        REFUND => refund(
            trade,
            text("out_request_no"),
            text("refund_amount"),
            fail_refunds,
        ),
        _ => refund_query(trade, text("out_request_no")),
    };
    signed(shared, called, &response)
}

fn success(trade: &Trade) -> serde_json::Map<String, Value> {
    let mut answer = serde_json::Map::new();
    answer.insert("code".into(), "10000".into());
    answer.insert("msg".into(), "Success".into());
    answer.insert("trade_no".into(), trade.trade_no.clone().into());
    answer.insert("out_trade_no".into(), trade.out_trade_no.clone().into());
    answer
}

fn query(trade: &Trade) -> Value {
    let mut answer = success(trade);
    answer.insert("trade_status".into(), trade.status.as_str().into());
    answer.insert("total_amount".into(), trade.total_amount.clone().into());
    if let Some(paid) = &trade.gmt_payment {
        answer.insert("buyer_logon_id".into(), "buy***@example.com".into());
        answer.insert("buyer_user_id".into(), "2088000000000002".into());
        answer.insert("buyer_pay_amount".into(), yuan(trade.fen).into());
        answer.insert("receipt_amount".into(), yuan(trade.fen).into());
        answer.insert("send_pay_date".into(), paid.clone().into());
    }
    Value::Object(answer)
}

/// Only a trade waiting for the buyer closes (交易状态不合法 otherwise).
fn close(trade: &mut Trade) -> Value {
    if trade.status != TradeStatus::WaitBuyerPay {
        return business_failed("ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
    }
    trade.status = TradeStatus::TradeClosed;
    Value::Object(success(trade))
}

fn refund(trade: &mut Trade, out_request_no: &str, amount: &str, fail: bool) -> Value {
    let Some(fen) = amount_fen(amount) else {
        return business_failed("ACQ.INVALID_PARAMETER", "refund_amount 无效");
    };
    let out_request_no = if out_request_no.is_empty() {
        trade.out_trade_no.clone()
    } else {
        out_request_no.to_owned()
    };
    let first = match trade.refunds.get(&out_request_no) {
        Some(&done) if done == fen => false,
        Some(_) => return business_failed("ACQ.REFUND_AMT_RESTRICTION", "退款金额与原请求不符"),
        None if fail => return business_failed("ACQ.SELLER_BALANCE_NOT_ENOUGH", "卖家余额不足"),
        None if trade.gmt_payment.is_none() || trade.status == TradeStatus::WaitBuyerPay => {
            return business_failed("ACQ.TRADE_STATUS_ERROR", "交易状态不合法");
        }
        None if trade.refunded_fen() + fen > trade.fen => {
            return business_failed("ACQ.REFUND_AMT_NOT_EQUAL_TOTAL", "退款金额超限");
        }
        None => true,
    };
    if first {
        trade.refunds.insert(out_request_no, fen);
        if trade.refunded_fen() == trade.fen {
            trade.status = TradeStatus::TradeClosed;
        }
    }
    let mut answer = success(trade);
    answer.insert("buyer_logon_id".into(), "buy***@example.com".into());
    answer.insert("fund_change".into(), if first { "Y" } else { "N" }.into());
    answer.insert("refund_fee".into(), yuan(trade.refunded_fen()).into());
    answer.insert("gmt_refund_pay".into(), now_china().into());
    Value::Object(answer)
}

/// A refund found answers its amount and REFUND_SUCCESS; none found answers 10000 without them
/// (the documents: no refund data means not refunded).
fn refund_query(trade: &Trade, out_request_no: &str) -> Value {
    let out_request_no = if out_request_no.is_empty() {
        trade.out_trade_no.as_str()
    } else {
        out_request_no
    };
    let mut answer = success(trade);
    answer.insert("out_request_no".into(), out_request_no.into());
    if let Some(&fen) = trade.refunds.get(out_request_no) {
        answer.insert("total_amount".into(), trade.total_amount.clone().into());
        answer.insert("refund_amount".into(), yuan(fen).into());
        answer.insert("refund_status".into(), "REFUND_SUCCESS".into());
    }
    Value::Object(answer)
}
