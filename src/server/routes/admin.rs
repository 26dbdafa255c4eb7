//! The producer's team: every order with the buyer's details, the CSV dispatch list, status
//! moves and stock. Every route needs `Authorization: Bearer <ORCHARD_ADMIN_TOKEN>`.

use std::collections::BTreeMap;

use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::routing::{get, post, put};
use axum::Router;

use super::{Bearer, ClientIp};
use crate::domain::{AdminOrder, BoxOffer, StatusMove, StatusMoveRequest, Stock, StockUpdate};
use crate::server::error::{ApiError, AppJson};
use crate::server::state::AppState;
use crate::server::tokens;

mod csv;
mod export;
mod label_page;
mod labels;
mod list;
mod picklist;
mod summary;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin/orders", get(list::list))
        .route("/admin/orders.csv", get(export::export))
        .route("/admin/summary", get(summary::summary))
        .route("/admin/picklist", get(picklist::picklist))
        .route("/admin/labels", get(labels::labels))
        .route("/admin/orders/{id}/status", post(move_status))
        .route("/admin/boxes/{id}", put(set_stock))
}

/// Proof that the request carries the admin token. A client that sent too many wrong tokens
/// lately is refused (429) before its token is compared.
struct Admin;

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ClientIp(ip) = ClientIp::from_request_parts(parts, state).await?;
        state.limits.admin_allowed(ip)?;
        let Bearer(presented) = Bearer::from_request_parts(parts, state).await?;
        match (&state.config.admin_token, presented) {
            (Some(secret), Some(presented)) if tokens::secrets_equal(secret, &presented) => {
                Ok(Admin)
            }
            _ => Err(state.limits.admin_failed(ip)),
        }
    }
}

async fn move_status(
    _: Admin,
    State(state): State<AppState>,
    Path(id): Path<String>,
    body: Result<AppJson<StatusMoveRequest>, ApiError>,
) -> Result<AppJson<AdminOrder>, ApiError> {
    let AppJson(request) = body?;
    let change = StatusMove::parse(&request).map_err(ApiError::invalid)?;
    state.writer.move_status(id.clone(), change).await?;
    state
        .store
        .admin_order(&id)
        .await?
        .map(AppJson)
        .ok_or(ApiError::NotFound)
}

async fn set_stock(
    _: Admin,
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
