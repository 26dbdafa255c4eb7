//! The HTTP side every API call shares: the merchant's `Authorization` checked, the answer
//! (errors too) signed with the platform key in the `Wechatpay-*` headers.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use orchard::server::payment::wechat_sign::{
    Authorization, SignedHeaders, Stamp, MAX_SKEW_SECONDS,
};
use serde_json::{json, Value};

use super::{now, random, Shared};

/// An API answer, its body (none for 204) signed with the platform key.
pub(super) fn signed(shared: &Shared, status: StatusCode, body: Option<&Value>) -> Response {
    let bytes = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
    let nonce = random(32);
    let stamp = Stamp {
        timestamp: now(),
        nonce: &nonce,
    };
    let config = &shared.config;
    let headers = SignedHeaders::sign(&config.platform_key, &config.platform_key_id, stamp, &bytes);
    let has_body = body.is_some();
    let mut response = (status, bytes).into_response();
    let map = response.headers_mut();
    for (name, value) in headers.pairs() {
        let name = HeaderName::from_bytes(name.as_bytes()).unwrap();
        map.insert(name, HeaderValue::from_str(value).unwrap());
    }
    if has_body {
        let json = HeaderValue::from_static("application/json");
        map.insert(header::CONTENT_TYPE, json);
    }
    response
}

/// An API error as WeChat Pay answers it: `{"code", "message"}`, signed.
pub(super) fn error(shared: &Shared, status: StatusCode, code: &str, message: &str) -> Response {
    let body = json!({ "code": code, "message": message });
    signed(shared, status, Some(&body))
}

/// The merchant's request as received: its method, path and query, headers and body.
/// Every API route's layer: the request passes only if it is the merchant's (`refusal`), with
/// its body read once and handed on.
pub(super) async fn merchant_only(
    State(shared): State<Arc<Shared>>,
    request: axum::extract::Request,
    next: Next,
) -> Response {
    let (parts, body) = request.into_parts();
    let Ok(body) = axum::body::to_bytes(body, usize::MAX).await else {
        return error(
            &shared,
            StatusCode::BAD_REQUEST,
            "PARAM_ERROR",
            "the body does not read",
        );
    };
    let delay = shared.books().delay;
    tokio::time::sleep(delay).await;
    if let Some(refused) = refusal(&shared, &parts.method, &parts.uri, &parts.headers, &body) {
        return refused;
    }
    next.run(axum::extract::Request::from_parts(parts, Body::from(body)))
        .await
}

/// The 401 `SIGN_ERROR` answer, unless the request is the merchant's: signed with its key and
/// serial, and not stale.
fn refusal(
    shared: &Shared,
    method: &Method,
    uri: &Uri,
    headers: &HeaderMap,
    body: &Bytes,
) -> Option<Response> {
    let refuse = |why: &str| error(shared, StatusCode::UNAUTHORIZED, "SIGN_ERROR", why);
    let header = headers.get(header::AUTHORIZATION);
    let Some(auth) = header
        .and_then(|value| value.to_str().ok())
        .and_then(Authorization::parse)
    else {
        return Some(refuse(
            "Authorization is missing or not WECHATPAY2-SHA256-RSA2048",
        ));
    };
    let config = &shared.config;
    if auth.mchid != config.mchid || auth.serial_no != config.merchant_serial {
        return Some(refuse("mchid or serial_no is not the merchant's"));
    }
    let fresh = auth
        .timestamp
        .parse::<i64>()
        .is_ok_and(|timestamp| (now() - timestamp).abs() <= MAX_SKEW_SECONDS);
    let url = uri.path_and_query().map_or("", |p| p.as_str());
    let body = std::str::from_utf8(body).unwrap_or("\u{fffd}");
    let method = method.as_str();
    if !fresh || !auth.verifies(&config.merchant_key, method, url, body) {
        return Some(refuse("签名错误: the signature does not verify"));
    }
    None
}
