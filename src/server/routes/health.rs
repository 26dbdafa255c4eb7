//! `GET /healthz`: 200 when the database answers, for load balancers and monitors.

use axum::extract::State;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::server::app_json::AppJson;
use crate::server::error::ApiError;
use crate::server::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

/// Whether the database answers.
#[utoipa::path(
    get,
    path = "/healthz",
    operation_id = "health",
    tag = "operations",
    responses((status = 200, description = "The database answers.", content_type = "application/json", example = json!({"status": "ok"})))
)]
async fn health(State(state): State<AppState>) -> Result<AppJson<serde_json::Value>, ApiError> {
    if state.shops.default_shop().store.ping().await {
        Ok(AppJson(serde_json::json!({ "status": "ok" })))
    } else {
        Err(ApiError::Unavailable)
    }
}
