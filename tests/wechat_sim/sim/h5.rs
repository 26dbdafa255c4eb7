//! The H5 cashier, what an "H5下单" `h5_url` opens in the phone's browser. The simulator's
//! stands for a buyer who pays at once: opening it pays the order and notifies the merchant,
//! then sends the browser on to `redirect_url` if the merchant appended one (as WeChat Pay's
//! does), or shows that it is paid. A closed order cannot be paid there.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};

use super::notify::{mark_paid, notify};
use super::{Shared, Tamper};

/// `GET /cgi-bin/mmpayweb-bin/checkmweb?prepay_id=…&package=…[&redirect_url=…]`.
pub(super) async fn cashier(
    State(shared): State<Arc<Shared>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let prepay_id = params.get("prepay_id");
    let found = {
        let books = shared.books();
        let mut orders = books.orders.values();
        let order = orders.find(|o| o.kind == "h5" && Some(&o.prepay_id) == prepay_id);
        order.map(|o| (o.out_trade_no.clone(), o.state))
    };
    let Some((out_trade_no, state)) = found else {
        return (StatusCode::NOT_FOUND, Html("<p>订单不存在</p>")).into_response();
    };
    match state {
        "NOTPAY" => {
            mark_paid(&shared, &out_trade_no);
            notify(&shared, &out_trade_no, Tamper::None).await;
        }
        "CLOSED" => return (StatusCode::BAD_REQUEST, Html("<p>订单已关闭</p>")).into_response(),
        _ => {}
    }
    match params.get("redirect_url") {
        Some(url) => (StatusCode::FOUND, [(header::LOCATION, url.as_str())]).into_response(),
        None => Html("<p>支付成功</p>").into_response(),
    }
}
