//! `POST /api/admin/orders/status`: many orders moved together from the status the helper saw
//! them in, in one transaction; each order is moved, counted as already there, or refused by id.

use axum::extract::State;

use super::member::Member;
use crate::domain::{BulkMove, BulkMoveRequest, BulkMoveResult};
use crate::server::error::{ApiError, AppJson};
use crate::server::state::AppState;

/// Moves the orders named that are still in `from` (a packer may not cancel).
pub async fn move_many(
    member: Member,
    State(state): State<AppState>,
    body: Result<AppJson<BulkMoveRequest>, ApiError>,
) -> Result<AppJson<BulkMoveResult>, ApiError> {
    let AppJson(request) = body?;
    let moving = BulkMove::parse(&request).map_err(ApiError::invalid)?;
    member.may_move_to(moving.to)?;
    let moved = state.writer.bulk_move(moving, member.name()).await?;
    Ok(AppJson(moved))
}
