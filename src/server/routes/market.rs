//! `GET /api/market`: the county's market as its home shows it (its name, place and totals, and
//! each producer's card), from the producers' in-memory snapshots. A shop of one producer
//! answers it too: a market of one.

use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::MarketView;
use crate::server::app_json::AppJson;
use crate::server::state::AppState;
use crate::server::time::now_ms;

/// As the storefront's: a crowd from one shared link meets a cache, and the boxes left are at
/// most a couple of seconds old.
const MARKET_CACHE_CONTROL: HeaderValue = HeaderValue::from_static("public, max-age=2");

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(market))
}

/// The market: its name, place and totals, and each producer's storefront card in order (the
/// default producer first).
#[utoipa::path(
    get,
    path = "/market",
    operation_id = "market",
    tag = "buyers",
    responses(
        (status = 200, description = "The market and its producers; the boxes left are a hint, the order's answer is the truth.", body = MarketView, headers(
            ("Cache-Control" = String, description = "`public, max-age=2`.")
        ))
    )
)]
async fn market(State(state): State<AppState>) -> Response {
    let view = state.shops.view(now_ms());
    ([(CACHE_CONTROL, MARKET_CACHE_CONTROL)], AppJson(view)).into_response()
}
