//! `GET /api/admin/market`: the market's numbers for its operator (the admin token or a member
//! whose role is `operator`): each producer's summary, in the market's order, and the totals.

use axum::extract::State;
use axum::http::header::CACHE_CONTROL;
use axum::response::IntoResponse;

use super::{summary, Operator};
use crate::domain::{MarketSummary, ProducerSummary};
use crate::server::app_json::AppJson;
use crate::server::error::ApiError;
use crate::server::state::AppState;

/// Every producer's summary and the market's totals.
#[utoipa::path(
    get,
    path = "/admin/market",
    operation_id = "operator_market",
    tag = "team",
    security(("team_token" = [])),
    responses((status = 200, description = "Each producer's summary and the market's totals (the operator only).", body = MarketSummary))
)]
pub(super) async fn market(
    _: Operator,
    State(state): State<AppState>,
) -> Result<impl IntoResponse, ApiError> {
    let mut producers = Vec::new();
    for shop in state.shops.all().iter() {
        producers.push(ProducerSummary {
            slug: shop.slug.clone(),
            summary: summary::of(shop).await?,
        });
    }
    let answer = MarketSummary::of(producers);
    Ok(([(CACHE_CONTROL, "no-store")], AppJson(answer)))
}
