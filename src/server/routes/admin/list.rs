//! `GET /api/admin/orders`: one page of the orders a filter matches, newest first, how many it
//! matches, and the cursor of the next page. The query string is parsed by the domain's
//! `OrderListQuery::parse`, the same rules the admin client follows.

use axum::extract::{FromRequestParts, Query, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::request::Parts;
use axum::response::IntoResponse;
use serde::de::DeserializeOwned;

use super::Member;
use crate::domain::{AdminOrderList, Cursor, OrderListParams, OrderListQuery};
use crate::server::app_json::AppJson;
use crate::server::error::ApiError;
use crate::server::scope::ShopScope;
use crate::server::state::AppState;

/// A list's query string as it arrives (the orders', or another list's such as the claims');
/// one that cannot be read at all (a key given twice) is a 400 in the API's JSON shape.
pub(super) struct Params<T = OrderListParams>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Params<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(params)) => Ok(Self(params)),
            Err(why) => Err(ApiError::BadRequest(why.body_text())),
        }
    }
}

/// One page of the orders a filter matches, newest first.
#[utoipa::path(
    get,
    path = "/admin/orders",
    operation_id = "team_orders",
    tag = "team",
    params(crate::domain::OrderListParams),
    security(("team_token" = [])),
    responses((status = 200, description = "One page, how many orders match on every page, and the next page's cursor.", body = crate::domain::AdminOrderList, headers(
        ("Cache-Control" = String, description = "`no-store`.")
    )))
)]
pub(super) async fn list(
    _: Member,
    State(state): State<AppState>,
    ShopScope(shop): ShopScope,
    Params(params): Params,
) -> Result<impl IntoResponse, ApiError> {
    let query = OrderListQuery::parse(&params).map_err(ApiError::invalid)?;
    let _turn = state.limits.admin_read().await?;
    let before = query.after.map(Cursor::seq);
    // Two statements on two of the pool's connections at once: a search scans for both.
    let (page, total) = tokio::join!(
        shop.store
            .orders_page(&query.filter, before, query.limit, true),
        shop.store.count_orders(&query.filter)
    );
    let (page, total) = (page?, total?);
    let list = AdminOrderList {
        orders: page.orders,
        total,
        next_cursor: page.more_after.map(|seq| Cursor::after(seq).encode()),
    };
    Ok(([(CACHE_CONTROL, "no-store")], AppJson(list)))
}
