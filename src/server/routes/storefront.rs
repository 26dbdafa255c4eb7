//! `GET /api/storefront`: the story, the sale, the boxes left and the impact, from the
//! in-memory snapshot the writer keeps current.

use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

use crate::server::error::AppJson;
use crate::server::state::AppState;
use crate::server::time::now_ms;

pub fn router() -> Router<AppState> {
    Router::new().route("/storefront", get(storefront))
}

async fn storefront(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(CACHE_CONTROL, "no-cache")],
        AppJson(state.snapshot.storefront(&state.content, now_ms())),
    )
}
