//! `POST /api/admin/orders/status`: many orders moved together from the status the helper saw
//! them in, in one transaction; each order is moved, counted as already there, or refused by id.

use super::member::Member;
use axum::extract::State;

use crate::domain::{BulkMove, BulkMoveRequest, BulkMoveResult, OrderStatus};
use crate::server::app_json::AppJson;
use crate::server::error::ApiError;
use crate::server::paying;
use crate::server::shops::ShopScope;
use crate::server::state::AppState;
use crate::server::store::RefundReason;

/// Moves the orders named that are still in `from` (a packer may not cancel).
#[utoipa::path(
    post,
    path = "/admin/orders/status",
    operation_id = "team_bulk_move",
    tag = "team",
    request_body(content = crate::domain::BulkMoveRequest, content_type = "application/json"),
    security(("team_token" = [])),
    responses((status = 200, description = "Which orders are now in `status` (sent twice, the same answer) and why the others did not move: `status_conflict`, `invalid_transition` or `not_found`.", body = crate::domain::BulkMoveResult))
)]
pub async fn move_many(
    State(state): State<AppState>,
    member: Member,
    ShopScope(shop): ShopScope,
    body: Result<AppJson<BulkMoveRequest>, ApiError>,
) -> Result<AppJson<BulkMoveResult>, ApiError> {
    let AppJson(request) = body?;
    let moving = BulkMove::parse(&request).map_err(ApiError::invalid)?;
    member.may_move_to(moving.to)?;
    let cancels = moving.to == OrderStatus::Cancelled;
    let moved = shop.writer.bulk_move(moving, member.name()).await?;
    // The paid orders among those cancelled are given back through their provider, after the
    // answer (a refund already made is not made again: its id is the order's).
    if cancels {
        let (payments, ids) = (state.payments.clone(), moved.moved.clone());
        paying::refund_all(payments, shop, ids, RefundReason::Cancelled);
    }
    Ok(AppJson(moved))
}
