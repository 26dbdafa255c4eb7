//! Putting a producer on the market from a phone: `POST /api/admin/producers` (the operator)
//! writes the producer and its boxes in one transaction and serves it at once; the same request
//! sent again answers as the first did. Its content is read and changed afterwards through
//! `content.rs`.

use axum::extract::State;
use axum::http::StatusCode;

use super::content::storefront;
use super::Operator;
use crate::domain::{FieldError, NewProducer, NewProducerRequest, PathErrors, ProducerCreated};
use crate::server::app_json::AppJson;
use crate::server::content::Content;
use crate::server::content_refresh;
use crate::server::error::ApiError;
use crate::server::shops::{LiveContent, Shop};
use crate::server::state::AppState;
use crate::server::store::{Refused, StoreError};
use crate::server::storefront_cache::StorefrontCache;

/// The 422 of one field.
fn refused(path: &str, why: FieldError) -> ApiError {
    ApiError::invalid_paths(PathErrors::from([(path.to_owned(), why)]))
}

/// Puts a producer on the market (the operator only).
#[utoipa::path(
    post,
    path = "/admin/producers",
    operation_id = "market_create_producer",
    tag = "team",
    request_body(content = NewProducerRequest, content_type = "application/json"),
    security(("team_token" = [])),
    responses((status = 201, description = "The producer is on the market: its slug, its storefront's path and its storefront. The same request sent again (its answer lost on a weak connection) is answered as the first was while the producer's content is unedited; any other request for a slug another producer has is refused with 422 `invalid` and `fields.slug`, as every other field.", body = ProducerCreated))
)]
pub(super) async fn create(
    _: Operator,
    State(state): State<AppState>,
    body: Result<AppJson<NewProducerRequest>, ApiError>,
) -> Result<(StatusCode, AppJson<ProducerCreated>), ApiError> {
    let AppJson(request) = body?;
    let new = NewProducer::parse(&request).map_err(ApiError::invalid_paths)?;
    let slug = new.slug.as_str().to_owned();
    let content = Content::from_new(&new);
    if let Some(shop) = state.shops.find(&slug) {
        return again(&shop, &content).await;
    }
    let market = state.shops.default_shop();
    // Producer and boxes in one transaction.
    let opened = match market.writer.create_producer(&slug, &content).await {
        Ok(opened) => opened,
        // Taken meanwhile, maybe by another instance from this very request: serve what the
        // others put on the market, and answer as the first answer did if it is the same.
        Err(StoreError::Refused(Refused::SlugTaken)) => {
            content_refresh::adopt(&state.shops).await;
            let shop = state.shops.find(&slug);
            let shop = shop.ok_or_else(|| refused("slug", FieldError::Taken))?;
            return again(&shop, &content).await;
        }
        Err(e) => return Err(e.into()),
    };
    let shop = state.shops.add(Shop {
        id: opened.id,
        slug,
        content: LiveContent::new(opened.content),
        store: market.store.scoped(opened.id),
        writer: market.writer.scoped(opened.id),
        snapshot: opened.snapshot,
        storefront: StorefrontCache::new(),
    });
    Ok(created(&shop))
}

/// The 201 of a producer on the market: its slug, its storefront's path and its storefront.
fn created(shop: &Shop) -> (StatusCode, AppJson<ProducerCreated>) {
    let answer = ProducerCreated {
        slug: shop.slug.clone(),
        url: format!("/p/{}", shop.slug),
        storefront: storefront(shop),
    };
    (StatusCode::CREATED, AppJson(answer))
}

/// A request for a slug `shop` has: the same request again (a phone resending a form whose
/// answer it lost) is answered as the first was while the producer is unedited; any other is
/// refused as a slug taken.
async fn again(
    shop: &Shop,
    content: &Content,
) -> Result<(StatusCode, AppJson<ProducerCreated>), ApiError> {
    match shop.store.made_unedited_from(content).await? {
        true => Ok(created(shop)),
        false => Err(refused("slug", FieldError::Taken)),
    }
}
