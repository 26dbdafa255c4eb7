//! The HTTP routes: each resource module exposes `router()`, merged here under `/api`. Anything
//! else under `/api/` answers the JSON error shape, never the client's index.html.

mod admin;
mod claim_form;
mod claims;
mod health;
mod market;
mod orders;
mod pay;
mod slip;
mod storefront;

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequestParts};
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum::{Extension, Router};
use tower_http::compression::CompressionLayer;
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use super::client_ip::client_ip;
use super::error::{ApiError, MAX_BODY_BYTES};
use super::metrics;
use super::openapi;
use super::state::AppState;

/// `/api/*`, `/healthz` and `/metrics`. Every route but `/metrics` (Prometheus text for the
/// operators' scraper, not part of the API) is registered with its description, and the
/// document they make is served at `/api/openapi.json`.
pub fn router() -> Router<AppState> {
    let (api, api_doc) = OpenApiRouter::new()
        .merge(storefront::router())
        .merge(orders::router())
        .merge(pay::router())
        .merge(slip::router())
        .merge(market::router())
        .merge(claims::router())
        .merge(admin::router())
        .merge(openapi::router())
        .split_for_parts();
    let (health, health_doc) = health::router().split_for_parts();
    let document = openapi::finish(
        OpenApi::default()
            .nest("/api", api_doc)
            .merge_from(health_doc),
    );
    let api = api
        .fallback(|| async { ApiError::NotFound })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
        .layer(Extension(document))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(metrics::track_latency));
    Router::new()
        .nest("/api", api)
        .merge(health.layer(axum::middleware::from_fn(metrics::track_latency)))
        .merge(metrics::router())
}

/// The address of the client that sent the request.
pub struct ClientIp(pub IpAddr);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // `serve.rs` puts the peer's address in every request, and tests use axum's
        // `MockConnectInfo`: a request without one is a fault of ours.
        let ConnectInfo(peer) = ConnectInfo::<SocketAddr>::from_request_parts(parts, state)
            .await
            .map_err(|_| ApiError::internal("the request has no peer address"))?;
        let forwarded = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok());
        Ok(Self(client_ip(
            peer.ip(),
            forwarded,
            &state.config.trusted_proxy,
        )))
    }
}

/// The secret after `Authorization: Bearer`, if any.
pub struct Bearer(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for Bearer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                let (scheme, rest) = v.trim().split_once(' ')?;
                scheme
                    .eq_ignore_ascii_case("bearer")
                    .then(|| rest.trim().to_owned())
            });
        Ok(Self(token.filter(|t| !t.is_empty())))
    }
}
