//! Putting a producer on the market from a phone: `POST /api/admin/producers` (the operator)
//! writes the producer and its boxes in one transaction and serves it at once. Its content is
//! read and changed afterwards through `content.rs`.

use axum::extract::State;
use axum::http::StatusCode;

use super::content::storefront;
use super::Operator;
use crate::domain::{FieldError, NewProducer, NewProducerRequest, PathErrors, ProducerCreated};
use crate::server::app_json::AppJson;
use crate::server::content::Content;
use crate::server::error::ApiError;
use crate::server::shops::{LiveContent, Shop};
use crate::server::state::AppState;
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
    responses((status = 201, description = "The producer is on the market: its slug, its storefront's path and its storefront. A slug another producer has is refused with 422 `invalid` and `fields.slug`, as every other field.", body = ProducerCreated))
)]
pub(super) async fn create(
    _: Operator,
    State(state): State<AppState>,
    body: Result<AppJson<NewProducerRequest>, ApiError>,
) -> Result<(StatusCode, AppJson<ProducerCreated>), ApiError> {
    let AppJson(request) = body?;
    let new = NewProducer::parse(&request).map_err(ApiError::invalid_paths)?;
    let slug = new.slug.as_str().to_owned();
    if state.shops.find(&slug).is_some() {
        return Err(refused("slug", FieldError::Taken));
    }
    let content = Content::from_new(&new);
    let market = state.shops.default_shop();
    // Producer and boxes in one transaction; a slug taken meanwhile (another instance) is 422.
    let opened = market.writer.create_producer(&slug, &content).await?;
    let shop = state.shops.add(Shop {
        id: opened.id,
        slug: slug.clone(),
        content: LiveContent::new(opened.content),
        store: market.store.scoped(opened.id),
        writer: market.writer.scoped(opened.id),
        snapshot: opened.snapshot,
        storefront: StorefrontCache::new(),
    });
    let answer = ProducerCreated {
        url: format!("/p/{slug}"),
        slug,
        storefront: storefront(&shop),
    };
    Ok((StatusCode::CREATED, AppJson(answer)))
}
