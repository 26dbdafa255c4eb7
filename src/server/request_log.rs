//! The request log: a span per request with its method and path, never its query string. Old
//! tracking links carry the buyer's bearer token in the query (`/orders/{id}?t=…`), and
//! tower-http's `DefaultMakeSpan` records the whole URI at INFO, so every such visit would have
//! written a token into the log. The path and the answer's status and latency are what an
//! operator reads; a query string may hold a secret, so it is never logged.

use axum::http::Request;
use tower_http::classify::{ServerErrorsAsFailures, SharedClassifier};
use tower_http::trace::{
    DefaultOnBodyChunk, DefaultOnEos, DefaultOnFailure, DefaultOnRequest, DefaultOnResponse,
    MakeSpan, TraceLayer,
};
use tracing::{Level, Span};

/// Makes a request's span from its method, path and HTTP version, leaving the query out.
#[derive(Debug, Clone, Copy, Default)]
pub struct PathOnly;

impl<B> MakeSpan<B> for PathOnly {
    fn make_span(&mut self, request: &Request<B>) -> Span {
        tracing::info_span!(
            "request",
            method = %request.method(),
            path = %request.uri().path(),
            version = ?request.version(),
        )
    }
}

/// The request log's layer, as `app()` wraps the whole router in it.
pub type RequestLog = TraceLayer<
    SharedClassifier<ServerErrorsAsFailures>,
    PathOnly,
    DefaultOnRequest,
    DefaultOnResponse,
    DefaultOnBodyChunk,
    DefaultOnEos,
    DefaultOnFailure,
>;

/// One INFO line per answer (status and latency) inside the request's span.
pub fn layer() -> RequestLog {
    TraceLayer::new_for_http()
        .make_span_with(PathOnly)
        .on_response(DefaultOnResponse::new().level(Level::INFO))
        // Not ERROR for every 5xx: a 503 `overloaded` is the server protecting itself, and a log
        // line per shed request would add work exactly when there is none to spare. Internal
        // errors log their cause themselves (`ApiError::Internal`).
        .on_failure(DefaultOnFailure::new().level(Level::DEBUG))
}
