//! `GET /healthz`: 200 when the database answers, for load balancers and monitors.

use axum::extract::State;
use axum::routing::get;
use axum::Router;

use crate::server::error::{ApiError, AppJson};
use crate::server::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/healthz", get(health))
}

async fn health(State(state): State<AppState>) -> Result<AppJson<serde_json::Value>, ApiError> {
    if state.store.ping().await {
        Ok(AppJson(serde_json::json!({ "status": "ok" })))
    } else {
        Err(ApiError::Unavailable)
    }
}
