//! Putting a producer on the market and editing its content from a phone:
//! `POST /api/admin/producers` (the operator) writes the producer and its boxes in one
//! transaction and serves it at once; `PUT /api/producers/{slug}/admin/content` (the operator
//! or that producer's owner) changes what it names, in the database first, then in the running
//! shop, whose storefront answer and pages are made again from the new content.

use axum::extract::State;
use axum::http::StatusCode;

use super::{Operator, Owner};
use crate::domain::{
    ContentPatch, ContentPatchRequest, FieldError, NewProducer, NewProducerRequest, PathErrors,
    ProducerCreated, SaleDates, Storefront, MAX_BOX_KINDS,
};
use crate::server::app_json::AppJson;
use crate::server::content::Content;
use crate::server::error::ApiError;
use crate::server::shops::{LiveContent, Shop, ShopScope};
use crate::server::state::AppState;
use crate::server::store::{BoxWrite, ContentWrite};
use crate::server::storefront_cache::StorefrontCache;
use crate::server::time::now_ms;

/// Edits are made one at a time in this process, so that two never start from the same
/// content and the later one undoes the earlier one's changes.
static EDITING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

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

/// The producer's storefront now.
fn storefront(shop: &Shop) -> Storefront {
    shop.snapshot.storefront(&shop.content.get(), now_ms()).1
}

/// Changes the producer's content (the operator or its owner).
#[utoipa::path(
    put,
    path = "/admin/content",
    operation_id = "team_edit_content",
    tag = "team",
    request_body(content = ContentPatchRequest, content_type = "application/json"),
    security(("team_token" = [])),
    responses((status = 200, description = "The storefront with the change made (the operator or the producer's owner). Orders placed before a price change keep their price.", body = Storefront))
)]
pub(super) async fn edit(
    _: Owner,
    ShopScope(shop): ShopScope,
    body: Result<AppJson<ContentPatchRequest>, ApiError>,
) -> Result<AppJson<Storefront>, ApiError> {
    let AppJson(request) = body?;
    let _one_at_a_time = EDITING.lock().await;
    let now = shop.content.get();
    let sale = SaleDates::new(now.opens_ms, now.closes_ms, now.harvest_ms)
        .map_err(|why| ApiError::internal(format!("the sale kept for {}: {why}", shop.slug)))?;
    let patch = ContentPatch::parse(&request, sale, |id| now.find_box(id).is_some())
        .map_err(ApiError::invalid_paths)?;
    let next = now.edited(&patch);
    if next.boxes.len() > MAX_BOX_KINDS {
        return Err(refused(
            "boxes",
            FieldError::TooManyItems { max: MAX_BOX_KINDS },
        ));
    }
    let boxes = patch
        .boxes
        .iter()
        .filter_map(|change| {
            let spec = next.find_box(&change.id)?;
            let new_stock = match now.find_box(&change.id) {
                Some(_) => None,
                None => Some(spec.initial_stock),
            };
            Some(BoxWrite {
                id: change.id.as_str().to_owned(),
                weight_kg: spec.weight_kg,
                price_fen: spec.price.fen(),
                new_stock,
            })
        })
        .collect();
    let write = ContentWrite {
        json: next.to_json(),
        boxes,
    };
    shop.writer.edit_content(write).await?;
    shop.content.set(next);
    Ok(AppJson(storefront(&shop)))
}
