//! The HTTP side every API call shares: the merchant's `Authorization` checked, the answer
//! (errors too) signed with the platform key in the `Wechatpay-*` headers.

use axum::body::Bytes;
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
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
pub(super) struct Request<'a> {
    pub method: &'a Method,
    pub uri: &'a Uri,
    pub headers: &'a HeaderMap,
    pub body: &'a Bytes,
}

/// The 401 `SIGN_ERROR` answer, unless the request is the merchant's: signed with its key and
/// serial, and not stale.
pub(super) fn refusal(shared: &Shared, request: Request<'_>) -> Option<Response> {
    let refuse = |why: &str| error(shared, StatusCode::UNAUTHORIZED, "SIGN_ERROR", why);
    let header = request.headers.get(header::AUTHORIZATION);
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
    let url = request.uri.path_and_query().map_or("", |p| p.as_str());
    let body = std::str::from_utf8(request.body).unwrap_or("\u{fffd}");
    let method = request.method.as_str();
    if !fresh || !auth.verifies(&config.merchant_key, method, url, body) {
        return Some(refuse("签名错误: the signature does not verify"));
    }
    None
}
