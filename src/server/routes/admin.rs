//! The producer's team: every order with the buyer's details, the CSV dispatch list, status
//! moves (one or many), courier numbers and stock. Every route needs a member's token
//! (`Authorization: Bearer <ORCHARD_ADMIN_TOKEN>` is the owner; `member.rs`); cancelling, stock
//! and the CSV export need the owner's role.

use std::collections::BTreeMap;

use axum::extract::{DefaultBodyLimit, Path, State};
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use crate::domain::{
    AdminOrder, BoxOffer, MemberInfo, OrderStatus, StatusMove, StatusMoveRequest, Stock,
    StockUpdate,
};
use crate::server::app_json::AppJson;
use crate::server::error::{
    ApiError, MAX_BULK_BODY_BYTES, MAX_CONTENT_BODY_BYTES, MAX_CSV_BODY_BYTES,
};
use crate::server::paying;
use crate::server::shops::ShopScope;
use crate::server::state::AppState;
use crate::server::store::RefundReason;
pub(super) use label_page::qr_svg;
pub(super) use member::Counter;
use member::{Member, Operator, Owner, Signed};

mod bulk;
mod claims;
mod content;
mod csv;
mod export;
mod label_page;
mod labels;
mod list;
mod market;
mod member;
mod picklist;
mod pictures;
mod producers;
mod shortfall;
mod summary;
mod tracking;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list::list))
        .routes(routes!(export::export))
        .routes(routes!(summary::summary))
        .routes(routes!(picklist::picklist))
        .routes(routes!(labels::labels))
        .routes(routes!(move_status))
        .routes(routes!(bulk::move_many).layer(DefaultBodyLimit::max(MAX_BULK_BODY_BYTES)))
        .routes(routes!(tracking::upload).layer(DefaultBodyLimit::max(MAX_CSV_BODY_BYTES)))
        .routes(routes!(set_stock))
        // A confirm names up to 10,000 previewed orders, as a bulk move does.
        .routes(routes!(shortfall::shortfall).layer(DefaultBodyLimit::max(MAX_BULK_BODY_BYTES)))
        .routes(routes!(me))
        .routes(routes!(market::market))
        .routes(routes!(claims::list))
        .routes(routes!(claims::photo))
        .routes(routes!(claims::thumb))
        .routes(routes!(claims::resolve))
        .routes(routes!(producers::create).layer(DefaultBodyLimit::max(MAX_CONTENT_BODY_BYTES)))
        .routes(routes!(content::edit).layer(DefaultBodyLimit::max(MAX_CONTENT_BODY_BYTES)))
        .routes(routes!(content::read))
        .routes(
            routes!(pictures::upload)
                .layer(DefaultBodyLimit::max(pictures::MAX_PICTURE_BODY_BYTES)),
        )
        .routes(routes!(pictures::picture))
}

/// Who the token belongs to, their role and their producer (at any producer's address: a
/// member of any producer signs in at `/admin`).
#[utoipa::path(
    get,
    path = "/admin/me",
    operation_id = "team_me",
    tag = "team",
    security(("team_token" = [])),
    responses((status = 200, description = "The member.", body = MemberInfo))
)]
async fn me(Signed(info): Signed) -> AppJson<MemberInfo> {
    AppJson(info)
}

/// Moves one order forward (or cancels it, the owner only, giving its boxes back).
#[utoipa::path(
    post,
    path = "/admin/orders/{id}/status",
    operation_id = "team_move",
    tag = "team",
    params(("id" = String, Path, description = "The order's id.")),
    request_body(content = StatusMoveRequest, content_type = "application/json"),
    security(("team_token" = [])),
    responses((status = 200, description = "The order after the move.", body = AdminOrder))
)]
async fn move_status(
    State(state): State<AppState>,
    member: Member,
    ShopScope(shop): ShopScope,
    Path(id): Path<String>,
    body: Result<AppJson<StatusMoveRequest>, ApiError>,
) -> Result<AppJson<AdminOrder>, ApiError> {
    let AppJson(request) = body?;
    let change = StatusMove::parse(&request).map_err(ApiError::invalid)?;
    member.may_move_to(change.to)?;
    let cancels = change.to == OrderStatus::Cancelled;
    shop.writer
        .move_status(id.clone(), change, member.name())
        .await?;
    // A paid order cancelled is given back through its provider (the answer shows how it went).
    if cancels {
        paying::refund_whole(&state.payments, &shop, &id, RefundReason::Cancelled).await?;
    }
    shop.store
        .admin_order(&id)
        .await?
        .map(AppJson)
        .ok_or(ApiError::NotFound)
}

/// Sets the boxes left of one kind (the owner only).
#[utoipa::path(
    put,
    path = "/admin/boxes/{id}",
    operation_id = "team_set_stock",
    tag = "team",
    params(("id" = String, Path, description = "The box's id, as in the storefront.")),
    request_body(content = StockUpdate, content_type = "application/json"),
    security(("team_token" = [])),
    responses((status = 200, description = "The box with its new stock.", body = BoxOffer))
)]
async fn set_stock(
    _: Owner,
    ShopScope(shop): ShopScope,
    Path(id): Path<String>,
    body: Result<AppJson<StockUpdate>, ApiError>,
) -> Result<AppJson<BoxOffer>, ApiError> {
    let content = shop.content.get();
    let spec = content
        .boxes
        .iter()
        .find(|b| b.id.as_str() == id)
        .ok_or(ApiError::NotFound)?;
    let AppJson(StockUpdate { stock }) = body?;
    let stock = Stock::parse_json(&stock)
        .map_err(|why| ApiError::Invalid(BTreeMap::from([("stock".to_owned(), why.to_string())])))?
        .get();
    shop.writer.set_stock(id.clone(), stock).await?;
    Ok(AppJson(BoxOffer {
        id,
        weight_kg: spec.weight_kg,
        price_fen: spec.price.fen(),
        available: stock,
    }))
}
