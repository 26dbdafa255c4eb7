//! `POST /api/admin/boxes/{id}/shortfall`: the harvest lacks some boxes of one size; the newest
//! `received` orders of that size that free as many are named (`dry_run`), then the confirm
//! cancels exactly the orders it names with the reason `harvest_short`, in one transaction, or
//! none if one of them moved since (409 `shortfall_changed`); their boxes are not returned to the
//! stock.

use axum::extract::{Path, State};

use super::member::Owner;
use crate::domain::{Shortfall, ShortfallRequest, ShortfallResult};
use crate::server::app_json::AppJson;
use crate::server::error::ApiError;
use crate::server::paying;
use crate::server::shops::ShopScope;
use crate::server::state::AppState;
use crate::server::store::RefundReason;

/// Previews the orders a short harvest cannot fill, or cancels exactly the previewed ones (the
/// owner only).
#[utoipa::path(
    post,
    path = "/admin/boxes/{id}/shortfall",
    operation_id = "team_shortfall",
    tag = "team",
    params(("id" = String, Path, description = "The box's id, as in the storefront.")),
    request_body(content = ShortfallRequest, content_type = "application/json"),
    security(("team_token" = [])),
    responses((status = 200, description = "A dry run: the orders that would be cancelled, newest first (at most 10,000), and the boxes they free: at least the boxes asked unless fewer are in received orders. A confirm: the orders it named, all cancelled, and the boxes they free. Their buyers see an apology; their lookup carries `cancel_reason: harvest_short`.", body = ShortfallResult))
)]
pub async fn shortfall(
    State(state): State<AppState>,
    Owner(owner): Owner,
    ShopScope(shop): ShopScope,
    Path(id): Path<String>,
    body: Result<AppJson<ShortfallRequest>, ApiError>,
) -> Result<AppJson<ShortfallResult>, ApiError> {
    if !shop.content.get().boxes.iter().any(|b| b.id.as_str() == id) {
        return Err(ApiError::NotFound);
    }
    let AppJson(request) = body?;
    let shortfall = Shortfall::parse(&request).map_err(ApiError::invalid)?;
    let confirmed = shortfall.confirm.is_some();
    let cut = shop.writer.shortfall(id, shortfall, owner).await?;
    // The paid orders a short harvest cancels are given back through their provider.
    if confirmed {
        let (payments, ids) = (state.payments.clone(), cut.orders.clone());
        paying::refund_all(payments, shop, ids, RefundReason::HarvestShort);
    }
    Ok(AppJson(cut))
}
