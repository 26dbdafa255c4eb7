//! `GET /api/admin/summary`: the sale at a glance, from one aggregate of the orders (never
//! every row) and the boxes' stock, in the content's order of the boxes.

use axum::http::header::CACHE_CONTROL;
use axum::response::IntoResponse;

use super::Owner;
use crate::domain::{families_lifted, Summary};
use crate::server::app_json::AppJson;
use crate::server::error::ApiError;
use crate::server::shops::Shop;
use crate::server::shops::ShopScope;

/// The summary: orders by status, kilograms, fen and families, boxes and tags.
#[utoipa::path(
    get,
    path = "/admin/summary",
    operation_id = "team_summary",
    tag = "team",
    security(("team_token" = [])),
    responses((status = 200, description = "The sale at a glance (the owner only: it has the money).", body = crate::domain::Summary))
)]
pub(super) async fn summary(
    _: Owner,
    ShopScope(shop): ShopScope,
) -> Result<impl IntoResponse, ApiError> {
    Ok(([(CACHE_CONTROL, "no-store")], AppJson(of(&shop).await?)))
}

/// The summary of `shop`'s sale.
pub(super) async fn of(shop: &Shop) -> Result<Summary, ApiError> {
    let mut summary = shop.store.summary().await?;
    let content = shop.content.get();
    summary.families_lifted = families_lifted(summary.kg_sold, content.kg_per_family);
    let boxes = &content.boxes;
    let place = |id: &str| boxes.iter().position(|b| b.id.as_str() == id);
    summary
        .boxes
        .sort_by_key(|b| place(&b.id).unwrap_or(usize::MAX));
    Ok(summary)
}
