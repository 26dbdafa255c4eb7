//! "网页授权" with `snsapi_base`: the phone is sent to `oauth_base`'s authorize page, which
//! sends it back to `redirect_uri` with a one-time `code` and the `state`; the server trades the
//! code at `sns_base` for the buyer's openid. Codes stand for the buyer set by `set_buyer`.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

use super::{random, Shared};

/// `GET /connect/oauth2/authorize?appid&redirect_uri&response_type=code&scope=snsapi_base&state`:
/// 302 to `redirect_uri?code=…&state=…`.
pub(super) async fn authorize(
    State(shared): State<Arc<Shared>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let param = |name: &str| params.get(name).map(String::as_str);
    let redirect_uri = param("redirect_uri").filter(|uri| uri.starts_with("http"));
    let (Some(redirect_uri), true, true, true) = (
        redirect_uri,
        param("appid") == Some(shared.config.appid.as_str()),
        param("response_type") == Some("code"),
        param("scope") == Some("snsapi_base"),
    ) else {
        let why = "appid, redirect_uri, response_type=code or scope=snsapi_base is wrong";
        return (StatusCode::BAD_REQUEST, why).into_response();
    };
    let code = random(32);
    {
        let mut books = shared.books();
        let openid = books.buyer_openid.clone();
        books.codes.insert(code.clone(), openid);
    }
    let query = form_urlencoded::Serializer::new(String::new())
        .append_pair("code", &code)
        .append_pair("state", param("state").unwrap_or(""))
        .finish();
    let separator = if redirect_uri.contains('?') { '&' } else { '?' };
    let location = format!("{redirect_uri}{separator}{query}");
    (StatusCode::FOUND, [(header::LOCATION, location)]).into_response()
}

/// `GET /sns/oauth2/access_token?appid&secret&code&grant_type=authorization_code`: the openid,
/// or `{"errcode", "errmsg"}` (HTTP 200, as WeChat answers) for a wrong app or a bad or used code.
pub(super) async fn access_token(
    State(shared): State<Arc<Shared>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let param = |name: &str| params.get(name).map(String::as_str);
    let config = &shared.config;
    let failure = |errcode: u32, errmsg: &str| {
        let body = json!({ "errcode": errcode, "errmsg": errmsg });
        Json(body).into_response()
    };
    if param("appid") != Some(config.appid.as_str()) {
        return failure(40013, "invalid appid");
    }
    if param("secret") != Some(config.app_secret.as_str()) {
        return failure(40125, "invalid appsecret");
    }
    if param("grant_type") != Some("authorization_code") {
        return failure(40002, "invalid grant_type");
    }
    let openid = param("code").and_then(|code| shared.books().codes.remove(code));
    let Some(openid) = openid else {
        return failure(40029, "invalid code");
    };
    Json(json!({
        "access_token": random(64), "expires_in": 7200, "refresh_token": random(64),
        "openid": openid, "scope": "snsapi_base", "is_snapshotuser": 0,
    }))
    .into_response()
}
