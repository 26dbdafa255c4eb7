//! `AppJson`, the API's JSON in and out, whose rejections are `ApiError`s: malformed JSON, a
//! wrong content type and an oversized body answer the same JSON shape, and a body that is not a
//! JSON object, or an object that names a key twice, is refused before it is read.

use axum::extract::{FromRequest, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::error::{json_response, ApiError};
use super::unique_keys;

/// JSON in and out. As an extractor it insists on `application/json`, a body within
/// `MAX_BODY_BYTES` and no duplicate key; as a response it writes `application/json;
/// charset=utf-8`.
#[derive(Debug, Clone, Copy, Default)]
pub struct AppJson<T>(pub T);

impl<T: Serialize> IntoResponse for AppJson<T> {
    fn into_response(self) -> Response {
        match serde_json::to_vec(&self.0) {
            Ok(body) => json_response(body),
            Err(e) => ApiError::internal(e).into_response(),
        }
    }
}

/// Whether the body is a JSON object (its first character past the whitespace is `{`). Every
/// body of the API is one; serde would also read a struct from an array (`[0]` as
/// `{"stock": 0}`), which a client never means.
fn is_object(bytes: &[u8]) -> bool {
    bytes.iter().find(|b| !b" \t\r\n".contains(b)) == Some(&b'{')
}

fn is_json(req: &Request) -> bool {
    let Some(value) = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for AppJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(&req) {
            return Err(ApiError::UnsupportedMediaType);
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(ApiError::from_body)?;
        if !is_object(&bytes) {
            return Err(ApiError::BadRequest("expected a JSON object".into()));
        }
        unique_keys::check(&bytes)
            .and_then(|()| serde_json::from_slice(&bytes))
            .map(AppJson)
            .map_err(|e| ApiError::BadRequest(e.to_string()))
    }
}
