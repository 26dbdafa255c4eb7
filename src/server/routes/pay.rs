//! The providers' doors (issue #29): WeChat Pay's and Alipay's notifications
//! (`POST /api/pay/wechat/{slug}`, `POST /api/pay/alipay/{slug}`) and WeChat's OAuth callback
//! (`GET /api/pay/wechat/{slug}/oauth`). Each notification is verified by its producer's
//! provider before a byte of it is believed, then acted on once however often it comes; a
//! refused one is answered as its provider documents (WeChat: 4xx/5xx and `{"code": "FAIL",
//! "message"}`; Alipay: anything but `success`, here `fail`). The document describes them under
//! the tag `providers` (their refusals are the providers' shapes, not the API's error shape).

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::super::paying::{self, NotifyError};
use super::super::payment::port::PaymentProvider;
use super::super::state::AppState;
use super::super::store::{PaymentChange, PaymentWrite};
use crate::domain::{is_oauth_state, PaymentMethod};
use crate::server::error::ApiError;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(wechat))
        .routes(routes!(alipay))
        .routes(routes!(oauth))
}

/// A WeChat Pay notification as its document gives it (the resource sealed with the APIv3 key).
#[derive(Serialize, Deserialize, ToSchema)]
#[allow(dead_code)]
struct WechatNotification {
    id: String,
    create_time: String,
    /// `TRANSACTION.SUCCESS`, `REFUND.SUCCESS`, `REFUND.ABNORMAL`, …
    event_type: String,
    resource_type: String,
    summary: String,
    resource: WechatResource,
}

/// The sealed part of a WeChat Pay notification.
#[derive(Serialize, Deserialize, ToSchema)]
#[allow(dead_code)]
struct WechatResource {
    /// `AEAD_AES_256_GCM`.
    algorithm: String,
    ciphertext: String,
    associated_data: String,
    nonce: String,
    /// `transaction` or `refund`.
    original_type: String,
}

/// WeChat Pay's refusal shape.
#[derive(Serialize, Deserialize, ToSchema)]
#[allow(dead_code)]
struct WechatFail {
    /// Always `FAIL`.
    code: String,
    message: String,
}

/// An Alipay notification's form (the fields the server reads; every field is signed).
#[derive(Serialize, Deserialize, ToSchema)]
#[allow(dead_code)]
struct AlipayNotification {
    notify_id: String,
    app_id: String,
    out_trade_no: String,
    trade_no: String,
    /// `TRADE_SUCCESS`, `TRADE_FINISHED`, `TRADE_CLOSED`, `WAIT_BUYER_PAY`.
    trade_status: String,
    /// Yuan with two decimals.
    total_amount: String,
    /// `RSA2`.
    sign_type: String,
    sign: String,
}

/// WeChat Pay's refusal: its status and `{"code": "FAIL", "message"}`.
fn wechat_fail(status: StatusCode, message: &str) -> Response {
    (status, Json(json!({ "code": "FAIL", "message": message }))).into_response()
}

/// What a refused notification answers, by why, for each provider (the detail goes to the log).
fn refused(method: PaymentMethod, status: StatusCode, why: &str) -> Response {
    tracing::warn!(
        method = method.as_str(),
        why,
        "a payment notification was refused"
    );
    match method {
        PaymentMethod::Wechat => wechat_fail(status, why),
        _ => (StatusCode::BAD_REQUEST, "fail").into_response(),
    }
}

/// A notification of `method` for producer `slug`.
async fn notify(
    state: AppState,
    method: PaymentMethod,
    slug: String,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let shop = state.shops.find(&slug);
    let provider = state.payments.provider(&slug, method);
    let (Some(shop), Some(provider)) = (shop, provider) else {
        return refused(
            method,
            StatusCode::NOT_FOUND,
            "no such producer paid this way",
        );
    };
    let notice = match provider.verify_notification(&headers, &body) {
        Ok(notice) => notice,
        Err(e) => return refused(method, StatusCode::UNAUTHORIZED, &e.0),
    };
    match paying::notified(&state.payments, &shop, method, notice).await {
        Ok(()) => match method {
            PaymentMethod::Wechat => StatusCode::NO_CONTENT.into_response(),
            _ => ([(header::CONTENT_TYPE, "text/plain")], "success").into_response(),
        },
        Err(NotifyError::Mismatch(why)) => refused(method, StatusCode::BAD_REQUEST, why),
        Err(NotifyError::Store(e)) => {
            tracing::error!(error = ?e, "writing a payment");
            refused(method, StatusCode::INTERNAL_SERVER_ERROR, "try again later")
        }
    }
}

/// WeChat Pay tells the server about a payment or a refund of producer `slug`.
#[utoipa::path(
    post,
    path = "/pay/wechat/{slug}",
    operation_id = "wechat_notify",
    tag = "providers",
    params(("slug" = String, Path, description = "The producer's slug.")),
    request_body(content = WechatNotification, content_type = "application/json", description = "Signed in the `Wechatpay-Serial`, `Wechatpay-Timestamp`, `Wechatpay-Nonce` and `Wechatpay-Signature` headers."),
    responses(
        (status = 204, description = "Received (again, if it was before): WeChat Pay stops sending it."),
        (status = 400, description = "Verified, but it does not match the order (another amount, another method).", body = WechatFail),
        (status = 401, description = "Not WeChat Pay's: a signature, key or time that does not verify, or a resource that does not open.", body = WechatFail),
        (status = 404, description = "No such producer paid by WeChat Pay.", body = WechatFail),
        (status = 500, description = "Not written: WeChat Pay sends it again later.", body = WechatFail),
    )
)]
async fn wechat(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    notify(state, PaymentMethod::Wechat, slug, headers, body).await
}

/// Alipay tells the server about a payment of producer `slug`.
#[utoipa::path(
    post,
    path = "/pay/alipay/{slug}",
    operation_id = "alipay_notify",
    tag = "providers",
    params(("slug" = String, Path, description = "The producer's slug.")),
    request_body(content = AlipayNotification, content_type = "application/x-www-form-urlencoded", description = "Signed RSA2 over its sorted fields."),
    responses(
        (status = 200, description = "`success`: received (again, if it was before).", body = String, content_type = "text/plain"),
        (status = 400, description = "`fail`: not Alipay's, or not matching the order: Alipay sends it again, and it changes nothing.", body = String, content_type = "text/plain"),
    )
)]
async fn alipay(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    notify(state, PaymentMethod::Alipay, slug, headers, body).await
}

/// What WeChat's OAuth brings back: a `code` (none if the buyer refused) and the order's
/// `state`.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct OauthReturn {
    /// The code WeChat gives for the buyer's openid (absent if the buyer refused).
    #[serde(default)]
    code: Option<String>,
    /// The order's name in the OAuth: 16–128 of `[A-Za-z0-9]`.
    #[serde(default)]
    state: String,
}

/// WeChat's OAuth came back: the buyer's openid is kept with the order its `state` names, and
/// the phone goes to that order's tracking page, where the lookup now answers the JSAPI
/// parameters.
#[utoipa::path(
    get,
    path = "/pay/wechat/{slug}/oauth",
    operation_id = "wechat_oauth",
    tag = "providers",
    params(("slug" = String, Path, description = "The producer's slug."), OauthReturn),
    responses((status = 303, description = "To the order's tracking page (`/orders/{id}`, no token in it).", headers(
        ("Location" = String, description = "The order's tracking page.")
    )))
)]
async fn oauth(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(back): Query<OauthReturn>,
) -> Result<Response, ApiError> {
    if !is_oauth_state(&back.state) {
        return Err(ApiError::NotFound);
    }
    let shop = state.shops.find(&slug).ok_or(ApiError::NotFound)?;
    let id = shop
        .store
        .order_by_pay_state(&back.state)
        .await?
        .ok_or(ApiError::NotFound)?;
    if let Some(code) = back.code.filter(|c| !c.is_empty()) {
        match state.payments.openid(&slug, &code).await {
            Ok(openid) => {
                let change = PaymentChange::Openid { openid };
                let order = id.clone();
                shop.writer.pay(PaymentWrite { order, change }).await?;
            }
            // The page offers the way to pay again (a new OAuth) while the order waits.
            Err(e) => tracing::warn!(order = id, error = %e, "no openid from WeChat's OAuth"),
        }
    }
    let page = state.payments.return_url(&id);
    Ok((StatusCode::SEE_OTHER, [(header::LOCATION, page)]).into_response())
}
