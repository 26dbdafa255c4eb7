//! Placing, querying and closing orders: "JSAPI下单" (`prepay_id`), "H5下单" (`h5_url`),
//! "Native下单" (`code_url`), "查询订单" by out_trade_no, "关闭订单".

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{json, Value};

use super::{error, random, signed, Shared};

/// One order as the simulator keeps it.
pub(super) struct Order {
    pub kind: &'static str,
    pub appid: String,
    pub mchid: String,
    pub out_trade_no: String,
    /// What the answer's `prepay_id` (or `h5_url`) names.
    pub prepay_id: String,
    pub notify_url: String,
    pub total: i64,
    pub openid: Option<String>,
    /// `NOTPAY`, `SUCCESS`, `CLOSED` or `REFUND`.
    pub state: &'static str,
    pub transaction_id: Option<String>,
    pub success_time: Option<String>,
    /// The 200 answer, given again to the same order placed again.
    pub answer: Value,
}

impl Order {
    pub fn paid(&self) -> bool {
        matches!(self.state, "SUCCESS" | "REFUND")
    }

    /// The transaction as "查询订单" answers it and a TRANSACTION notification carries it.
    pub fn transaction(&self) -> Value {
        let trade_type = match self.kind {
            "jsapi" => "JSAPI",
            "h5" => "MWEB",
            _ => "NATIVE",
        };
        let desc = match self.state {
            "SUCCESS" => "支付成功",
            "REFUND" => "转入退款",
            "CLOSED" => "已关闭",
            _ => "未支付",
        };
        let mut transaction = json!({
            "appid": self.appid, "mchid": self.mchid, "out_trade_no": self.out_trade_no,
            "trade_type": trade_type, "trade_state": self.state, "trade_state_desc": desc,
            "attach": "", "amount": { "total": self.total, "currency": "CNY" },
        });
        if let (true, Some(id), Some(time)) = (
            self.paid(),
            self.transaction_id.as_ref(),
            self.success_time.as_ref(),
        ) {
            transaction["transaction_id"] = json!(id);
            transaction["bank_type"] = json!("OTHERS");
            transaction["success_time"] = json!(time);
            transaction["payer"] = json!({ "openid": self.openid });
            transaction["amount"]["payer_total"] = json!(self.total);
            transaction["amount"]["payer_currency"] = json!("CNY");
        }
        transaction
    }
}

fn text<'v>(value: &'v Value, pointer: &str) -> Option<&'v str> {
    value
        .pointer(pointer)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

/// The order a request body describes, or why it is a `PARAM_ERROR`.
fn read_order(kind: &'static str, body: &Value) -> Result<Order, String> {
    let field = |pointer: &str| text(body, pointer).ok_or(format!("{pointer} is missing"));
    let appid = field("/appid")?.to_owned();
    let mchid = field("/mchid")?.to_owned();
    let description = field("/description")?;
    if description.len() > 127 {
        return Err("description is longer than 127 bytes".to_owned());
    }
    let out_trade_no = field("/out_trade_no")?.to_owned();
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_-|*".contains(c);
    if !(6..=32).contains(&out_trade_no.len()) || !out_trade_no.chars().all(allowed) {
        return Err("out_trade_no is not 6 to 32 of [A-Za-z0-9_-|*]".to_owned());
    }
    let notify_url = field("/notify_url")?.to_owned();
    if !notify_url.starts_with("https://") && !notify_url.starts_with("http://") {
        return Err("notify_url is not an absolute URL".to_owned());
    }
    let total = body.pointer("/amount/total").and_then(Value::as_i64);
    let total = total
        .filter(|&t| t > 0)
        .ok_or("amount.total is not above 0")?;
    if text(body, "/amount/currency").is_some_and(|c| c != "CNY") {
        return Err("amount.currency is not CNY".to_owned());
    }
    let openid = text(body, "/payer/openid").map(str::to_owned);
    if kind == "jsapi" && openid.is_none() {
        return Err("payer.openid is missing".to_owned());
    }
    if kind == "h5" {
        field("/scene_info/payer_client_ip")?;
        field("/scene_info/h5_info/type")?;
    }
    Ok(Order {
        kind,
        appid,
        mchid,
        out_trade_no,
        prepay_id: String::new(),
        notify_url,
        total,
        openid,
        state: "NOTPAY",
        transaction_id: None,
        success_time: None,
        answer: Value::Null,
    })
}

/// `POST /v3/pay/transactions/{jsapi,h5,native}`.
pub(super) async fn create(
    State(shared): State<Arc<Shared>>,
    Path(kind): Path<String>,
    body: Bytes,
) -> Response {
    let kind = match kind.as_str() {
        "jsapi" => "jsapi",
        "h5" => "h5",
        "native" => "native",
        _ => return error(&shared, StatusCode::NOT_FOUND, "NOT_FOUND", "no such API"),
    };
    let bad = |message: &str| error(&shared, StatusCode::BAD_REQUEST, "PARAM_ERROR", message);
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return bad("the body is not JSON");
    };
    let mut order = match read_order(kind, &body) {
        Ok(order) => order,
        Err(message) => return bad(&message),
    };
    let config = &shared.config;
    if order.appid != config.appid || order.mchid != config.mchid {
        let message = "appid和mch_id不匹配";
        let status = StatusCode::BAD_REQUEST;
        return error(&shared, status, "APPID_MCHID_NOT_MATCH", message);
    }
    let mut books = shared.books();
    if let Some(known) = books.orders.get(&order.out_trade_no) {
        if known.kind != order.kind || known.total != order.total {
            let message = "201 商户订单号重复: out_trade_no was placed with another amount";
            let status = StatusCode::BAD_REQUEST;
            return error(&shared, status, "INVALID_REQUEST", message);
        }
        return signed(&shared, StatusCode::OK, Some(&known.answer));
    }
    let prepay_id = format!("wx{}", random(30));
    order.answer = match kind {
        "jsapi" => json!({ "prepay_id": prepay_id }),
        "h5" => {
            json!({ "h5_url": format!("{}/cgi-bin/mmpayweb-bin/checkmweb?prepay_id={prepay_id}&package={}", shared.base, random(10)) })
        }
        _ => json!({ "code_url": format!("weixin://wxpay/bizpayurl?pr={}", random(7)) }),
    };
    order.prepay_id = prepay_id;
    let answer = order.answer.clone();
    books.orders.insert(order.out_trade_no.clone(), order);
    signed(&shared, StatusCode::OK, Some(&answer))
}

/// The `PARAM_ERROR` answer, unless `mchid` (the query's or the body's) is the merchant's.
fn wrong_mchid(shared: &Shared, mchid: Option<&str>) -> Option<Response> {
    let message = "mchid is missing or not the merchant's";
    let status = StatusCode::BAD_REQUEST;
    (mchid != Some(shared.config.mchid.as_str()))
        .then(|| error(shared, status, "PARAM_ERROR", message))
}

fn not_found(shared: &Shared) -> Response {
    error(
        shared,
        StatusCode::NOT_FOUND,
        "ORDER_NOT_EXIST",
        "订单不存在",
    )
}

/// `GET /v3/pay/transactions/out-trade-no/{id}?mchid=…`.
pub(super) async fn query(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    Query(params): Query<std::collections::HashMap<String, String>>,
) -> Response {
    let mchid = params.get("mchid").map(String::as_str);
    if let Some(refused) = wrong_mchid(&shared, mchid) {
        return refused;
    }
    let transaction = shared.books().orders.get(&id).map(Order::transaction);
    match transaction {
        Some(transaction) => signed(&shared, StatusCode::OK, Some(&transaction)),
        None => not_found(&shared),
    }
}

/// `POST /v3/pay/transactions/out-trade-no/{id}/close` with `{"mchid"}`: 204, or `ORDER_PAID`.
/// An unknown out_trade_no is closed too (204): WeChat Pay answers so, merchants report
/// (developers.weixin.qq.com community), so a merchant cannot learn of a wrong id from it.
pub(super) async fn close(
    State(shared): State<Arc<Shared>>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let sent: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let mchid = text(&sent, "/mchid");
    if let Some(refused) = wrong_mchid(&shared, mchid) {
        return refused;
    }
    let mut books = shared.books();
    let Some(order) = books.orders.get_mut(&id) else {
        return signed(&shared, StatusCode::NO_CONTENT, None);
    };
    if order.paid() {
        return error(&shared, StatusCode::BAD_REQUEST, "ORDER_PAID", "订单已支付");
    }
    order.state = "CLOSED";
    signed(&shared, StatusCode::NO_CONTENT, None)
}
