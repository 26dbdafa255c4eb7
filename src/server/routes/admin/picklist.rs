//! `GET /api/admin/picklist?status=received`: what to pack, by box, from one aggregate. The
//! status is `received` unless another is given; `q` and `ref` filter as in the list.

use axum::http::header::CACHE_CONTROL;
use axum::response::IntoResponse;

use super::list::Params;
use super::Member;
use crate::domain::{OrderFilter, OrderStatus};
use crate::server::app_json::AppJson;
use crate::server::error::ApiError;
use crate::server::scope::ShopScope;

/// The boxes to pack of the orders the filter matches.
#[utoipa::path(
    get,
    path = "/admin/picklist",
    operation_id = "team_picklist",
    tag = "team",
    params(crate::domain::OrderListParams),
    security(("team_token" = [])),
    responses((status = 200, description = "By box: how many orders and boxes to pack (status `received` unless another is given).", body = crate::domain::Picklist))
)]
pub(super) async fn picklist(
    _: Member,
    ShopScope(shop): ShopScope,
    Params(params): Params,
) -> Result<impl IntoResponse, ApiError> {
    let mut filter = OrderFilter::parse(&params).map_err(ApiError::invalid)?;
    filter.status.get_or_insert(OrderStatus::Received);
    let list = shop.store.picklist(&filter).await?;
    Ok(([(CACHE_CONTROL, "no-store")], AppJson(list)))
}
