//! The simulator's gateway, `/gateway.do`: parameters from the query and, for a POST, the form
//! body. `alipay.trade.wap.pay` (the phone's redirect) answers a page, as Alipay shows one: the
//! cashier, or an error page; every other method answers JSON `{"<method>_response": {…},
//! "sign"}` (`sim_api.rs`). The app's RSA2 signature is checked first; a request that fails it is
//! answered 40002 `isv.invalid-signature`, unsigned (Alipay signs only what it could trust the
//! caller for).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{header, Method};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::Router;
use orchard::server::payment::alipay_answer::{response_member, signed_answer};
use orchard::server::payment::alipay_sign::{verify_request, Params, VerifyError, WAP_PAY};
use serde_json::{json, Value};

use super::{now_china, Shared, Trade, TradeStatus};

#[path = "sim_api.rs"]
mod api;

/// `/gateway.do`, GET (the redirect, or a query-string call) and POST (a form call).
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/gateway.do", any(gateway))
        .with_state(shared)
}

async fn gateway(
    State(shared): State<Arc<Shared>>,
    method: Method,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let mut params: Params = form_urlencoded::parse(query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect();
    if method == Method::POST {
        params.extend(form_urlencoded::parse(&body).into_owned());
    }
    let called = params.get("method").cloned().unwrap_or_default();
    if called == WAP_PAY {
        return wap_pay(&shared, &params);
    }
    let answer = api::call(&shared, &called, &params);
    (
        [(header::CONTENT_TYPE, "application/json;charset=utf-8")],
        answer,
    )
        .into_response()
}

/// A refusal before the call is trusted: 40001/40002 with its `sub_code`, not signed.
pub fn unsigned_refusal(called: &str, code: &str, sub_code: &str, sub_msg: &str) -> String {
    let msg = if code == "40001" {
        "Missing Required Arguments"
    } else {
        "Invalid Arguments"
    };
    let member = if called.is_empty() {
        "error_response".to_owned()
    } else {
        response_member(called)
    };
    let response = json!({"code": code, "msg": msg, "sub_code": sub_code, "sub_msg": sub_msg});
    format!("{{\"{member}\":{response}}}")
}

/// An answer Alipay signs: `response`'s text as written, and its signature.
pub fn signed(shared: &Shared, called: &str, response: &Value) -> String {
    signed_answer(called, &response.to_string(), &shared.alipay_key)
}

/// Why the app's request is not taken: (code, sub_code, sub_msg) as the public error codes
/// (公共错误码) write them.
pub fn check_caller(shared: &Shared, params: &Params) -> Result<(), [&'static str; 3]> {
    if params.get("app_id") != Some(&shared.app_id) {
        return Err(["40002", "isv.invalid-app-id", "无效的AppID参数"]);
    }
    match verify_request(params, &shared.app_key) {
        Ok(()) => Ok(()),
        Err(VerifyError::MissingSign) => Err(["40001", "isv.missing-signature", "缺少签名参数"]),
        Err(VerifyError::SignTypeNotRsa2) => {
            Err(["40002", "isv.invalid-signature-type", "无效的签名类型"])
        }
        Err(_) => Err(["40002", "isv.invalid-signature", "验签出错"]),
    }
}

/// Fen from `total_amount` as Alipay reads it: yuan with at most two decimals (the app writes
/// two), within [0.01, 100000000].
pub fn amount_fen(text: &str) -> Option<i64> {
    let (yuan, fen) = text.split_once('.').unwrap_or((text, "00"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(yuan) || !digits(fen) || fen.len() > 2 || yuan.len() > 9 {
        return None;
    }
    let fen = format!("{fen:0<2}").parse::<i64>().ok()?;
    let total = yuan.parse::<i64>().ok()? * 100 + fen;
    (1..=10_000_000_000).contains(&total).then_some(total)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The page Alipay shows the phone when it refuses a redirect.
fn error_page(code: &str, words: &str) -> Response {
    let page = format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <title>支付宝 - 网上支付 安全快速！</title></head><body>\
         <div class=\"error\" data-code=\"{code}\"><h1>抱歉，您的操作有误</h1>\
         <p>错误代码：{code}</p><p>{}</p></div></body></html>",
        escape(words)
    );
    ([(header::CONTENT_TYPE, "text/html;charset=utf-8")], page).into_response()
}

/// The page standing for the cashier: the trade the buyer is about to pay.
fn cashier_page(trade: &Trade) -> Response {
    let page = format!(
        "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\
         <title>支付宝 - 收银台</title></head><body>\
         <div class=\"cashier\" data-out-trade-no=\"{}\" data-trade-no=\"{}\">\
         <p>{}</p><p>¥{}</p></div></body></html>",
        escape(&trade.out_trade_no),
        trade.trade_no,
        escape(&trade.subject),
        trade.total_amount
    );
    ([(header::CONTENT_TYPE, "text/html;charset=utf-8")], page).into_response()
}

/// `alipay.trade.wap.pay`: the request's signature, then its business content; a new trade is
/// recorded WAIT_BUYER_PAY, the same one again shows the cashier again.
fn wap_pay(shared: &Shared, params: &Params) -> Response {
    if let Err([_, sub_code, words]) = check_caller(shared, params) {
        return error_page(sub_code.trim_start_matches("isv."), words);
    }
    let content: Value = match params
        .get("biz_content")
        .map(|text| serde_json::from_str(text))
    {
        Some(Ok(content @ Value::Object(_))) => content,
        _ => return error_page("invalid-parameter", "biz_content 不是 JSON 对象"),
    };
    let text = |name: &str| content.get(name).and_then(Value::as_str).unwrap_or("");
    let out_trade_no = text("out_trade_no");
    let fine_number = (1..=64).contains(&out_trade_no.len())
        && out_trade_no
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if !fine_number {
        return error_page("invalid-parameter", "out_trade_no 无效");
    }
    let Some(fen) = amount_fen(text("total_amount")) else {
        return error_page("invalid-parameter", "total_amount 无效");
    };
    if text("subject").is_empty() || text("subject").chars().count() > 256 {
        return error_page("invalid-parameter", "subject 无效");
    }
    if text("product_code") != "QUICK_WAP_WAY" {
        return error_page("invalid-parameter", "product_code 须为 QUICK_WAP_WAY");
    }
    let expire = content.get("time_expire").and_then(Value::as_str);
    if expire.is_some_and(|expire| expire.len() != 19 || expire <= now_china().as_str()) {
        return error_page("invalid-parameter", "time_expire 无效或已过");
    }
    let mut state = shared.state();
    if let Some(trade) = state.trades.get(out_trade_no) {
        return match trade.status {
            _ if trade.fen != fen || trade.subject != text("subject") => {
                error_page("ACQ.CONTEXT_INCONSISTENT", "交易信息被篡改")
            }
            TradeStatus::WaitBuyerPay => cashier_page(trade),
            TradeStatus::TradeSuccess => error_page("ACQ.TRADE_HAS_SUCCESS", "交易已被支付"),
            TradeStatus::TradeClosed => error_page("ACQ.TRADE_HAS_CLOSE", "交易已经关闭"),
        };
    }
    state.next_trade += 1;
    let created = now_china();
    let day: String = created
        .chars()
        .filter(char::is_ascii_digit)
        .take(8)
        .collect();
    let trade = Trade {
        out_trade_no: out_trade_no.to_owned(),
        trade_no: format!("{day}22001{:015}", state.next_trade),
        total_amount: text("total_amount").to_owned(),
        fen,
        subject: text("subject").to_owned(),
        notify_url: params.get("notify_url").cloned(),
        return_url: params.get("return_url").cloned(),
        time_expire: expire.map(str::to_owned),
        status: TradeStatus::WaitBuyerPay,
        gmt_create: created,
        gmt_payment: None,
        refunds: Default::default(),
    };
    let page = cashier_page(&trade);
    state.trades.insert(trade.out_trade_no.clone(), trade);
    page
}
