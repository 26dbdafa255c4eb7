//! The producer's team: every order with the buyer's details, the CSV dispatch list, status
//! moves (one or many), courier numbers and stock. Every route needs a member's token
//! (`Authorization: Bearer <ORCHARD_ADMIN_TOKEN>` is the owner; `member.rs`); cancelling, stock
//! and the CSV export need the owner's role.

use std::collections::BTreeMap;

use axum::extract::{DefaultBodyLimit, Path, State};
use axum::routing::{get, post, put};
use axum::Router;

use crate::domain::{
    AdminOrder, BoxOffer, MemberInfo, StatusMove, StatusMoveRequest, Stock, StockUpdate,
};
use crate::server::error::{ApiError, AppJson, MAX_BULK_BODY_BYTES, MAX_CSV_BODY_BYTES};
use crate::server::state::AppState;
use member::{Member, Owner};

mod bulk;
mod csv;
mod export;
mod label_page;
mod labels;
mod list;
mod member;
mod picklist;
mod summary;
mod tracking;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/orders", get(list::list))
        .route("/admin/orders.csv", get(export::export))
        .route("/admin/summary", get(summary::summary))
        .route("/admin/picklist", get(picklist::picklist))
        .route("/admin/labels", get(labels::labels))
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
