//! The producer's team: every order with the buyer's details, the CSV dispatch list, status
//! moves (one or many), courier numbers and stock. Every route needs a member's token
//! (`Authorization: Bearer <ORCHARD_ADMIN_TOKEN>` is the owner; `member.rs`); cancelling, stock
//! and the CSV export need the owner's role.

use std::collections::BTreeMap;

use axum::extract::{DefaultBodyLimit, Path, Query, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use axum::Router;
use serde::Deserialize;

use crate::domain::{
    AdminOrder, AdminOrderList, BoxOffer, MemberInfo, OrderStatus, StatusMove, StatusMoveRequest,
    Stock, StockUpdate,
};
use crate::server::error::{ApiError, AppJson, MAX_BULK_BODY_BYTES, MAX_CSV_BODY_BYTES};
use crate::server::state::AppState;
use member::{Member, Owner};

mod bulk;
mod csv;
mod member;
mod tracking;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/orders", get(list))
        .route("/admin/orders.csv", get(export))
        .route("/admin/orders/{id}/status", post(move_status))
        .route(
            "/admin/orders/status",
            post(bulk::move_many).layer(DefaultBodyLimit::max(MAX_BULK_BODY_BYTES)),
        )
        .route(
            "/admin/tracking-numbers",
            post(tracking::upload).layer(DefaultBodyLimit::max(MAX_CSV_BODY_BYTES)),
        )
        .route("/admin/boxes/{id}", put(set_stock))
        .route("/admin/me", get(me))
}

/// `GET /api/admin/me`: who the token belongs to and their role.
async fn me(Member(info): Member) -> AppJson<MemberInfo> {
    AppJson(info)
}

#[derive(Deserialize)]
struct Filter {
    status: Option<String>,
}

impl Filter {
    fn apply(self, orders: Vec<AdminOrder>) -> Result<Vec<AdminOrder>, ApiError> {
        let Some(raw) = self.status.filter(|s| !s.is_empty()) else {
            return Ok(orders);
        };
        let status = OrderStatus::parse(&raw).ok_or_else(|| {
            ApiError::Invalid(BTreeMap::from([(
                "status".to_owned(),
                format!("{raw:?} is not an order status."),
            )]))
        })?;
        Ok(orders
            .into_iter()
            .filter(|o| o.order.status == status)
            .collect())
    }
}

async fn list(
    _: Member,
    State(state): State<AppState>,
    Query(filter): Query<Filter>,
) -> Result<impl IntoResponse, ApiError> {
    let _turn = state.limits.admin_read().await?;
    let orders = filter.apply(state.store.admin_orders().await?)?;
    Ok((
        [(CACHE_CONTROL, "no-store")],
        AppJson(AdminOrderList { orders }),
    ))
}

async fn export(
    _: Owner,
    State(state): State<AppState>,
    Query(filter): Query<Filter>,
) -> Result<impl IntoResponse, ApiError> {
    let _turn = state.limits.admin_read().await?;
    let orders = filter.apply(state.store.admin_orders().await?)?;
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"orchard-dispatch.csv\"",
            ),
            (CACHE_CONTROL, "no-store"),
        ],
        csv::dispatch_list(&orders),
    ))
}

async fn move_status(
    member: Member,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<AppJson<StatusMoveRequest>, ApiError>,
) -> Result<AppJson<AdminOrder>, ApiError> {
    let AppJson(request) = body?;
    let change = StatusMove::parse(&request).map_err(ApiError::invalid)?;
    member.may_move_to(change.to)?;
    state
        .writer
        .move_status(id.clone(), change, member.name())
        .await?;
    state
        .store
        .admin_order(&id)
        .await?
        .map(AppJson)
        .ok_or(ApiError::NotFound)
}

async fn set_stock(
    _: Owner,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<AppJson<StockUpdate>, ApiError>,
) -> Result<AppJson<BoxOffer>, ApiError> {
    let spec = state
        .content
        .boxes
        .iter()
        .find(|b| b.id.as_str() == id)
        .ok_or(ApiError::NotFound)?;
    let AppJson(StockUpdate { stock }) = body?;
    let stock = Stock::parse_json(&stock)
        .map_err(|why| ApiError::Invalid(BTreeMap::from([("stock".to_owned(), why.to_string())])))?
        .get();
    state.writer.set_stock(id.clone(), stock).await?;
    Ok(AppJson(BoxOffer {
        id,
        weight_kg: spec.weight_kg,
        price_fen: spec.price.fen(),
        available: stock,
    }))
}
