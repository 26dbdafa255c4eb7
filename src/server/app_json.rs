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

#[cfg(test)]
mod tests {
    use std::pin::Pin;
    use std::task::{Context, Poll};
    use std::time::Duration;

    use axum::http::{Request, StatusCode};
    use axum::routing::post;
    use axum::Router;
    use bytes::Bytes;
    use http_body::{Body, Frame};
    use http_body_util::BodyExt;
    use tower::ServiceExt;

    use super::AppJson;
    use crate::server::body_deadline::BodyDeadline;

    /// A body that sends its first chunk and then never another, nor its end.
    struct Stalled(Option<Bytes>);

    impl Body for Stalled {
        type Data = Bytes;
        type Error = std::io::Error;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            _: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            match self.0.take() {
                Some(first) => Poll::Ready(Some(Ok(Frame::data(first)))),
                None => Poll::Pending,
            }
        }
    }

    #[tokio::test]
    async fn a_body_slower_than_its_deadline_answers_408_request_timeout_in_the_json_shape() {
        let app: Router = Router::new().route(
            "/echo",
            post(|AppJson(v): AppJson<serde_json::Value>| async move { AppJson(v) }),
        );
        let request = Request::post("/echo")
            .header("content-type", "application/json")
            .body(BodyDeadline::new(
                Stalled(Some(Bytes::from_static(b"{\"box_id\":"))),
                Duration::from_millis(50),
            ))
            .unwrap();
        let response = app.oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::REQUEST_TIMEOUT);
        assert_eq!(response.headers()["connection"], "close");
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let v: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["error"]["code"], "request_timeout");
    }
}
