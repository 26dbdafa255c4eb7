//! A producer's content as its team edits it from a phone: `GET …/admin/content` answers what
//! the edit form opens with (the storefront and the limits only the team sees), and
//! `PUT …/admin/content` (the operator or that producer's owner) changes what it names, in the
//! database first, then in the running shop, whose storefront answer and pages are made again
//! from the new content.

use super::Owner;
use crate::domain::{
    ContentLimits, ContentPatch, ContentPatchRequest, FieldError, PathErrors, ProducerContent,
    SaleDates, Storefront, MAX_BOX_KINDS,
};
use crate::server::app_json::AppJson;
use crate::server::content::Content;
use crate::server::error::ApiError;
use crate::server::shops::{Shop, ShopScope};
use crate::server::store::{BoxWrite, ContentWrite, Refused, StoreError};
use crate::server::time::now_ms;

/// The 422 of one field.
fn refused(path: &str, why: FieldError) -> ApiError {
    ApiError::invalid_paths(PathErrors::from([(path.to_owned(), why)]))
}

/// The producer's storefront now.
pub(super) fn storefront(shop: &Shop) -> Storefront {
    shop.snapshot.storefront(&shop.content.get(), now_ms()).1
}

/// What the producer's edit form opens with (the operator or its owner).
#[utoipa::path(
    get,
    path = "/admin/content",
    operation_id = "team_read_content",
    tag = "team",
    security(("team_token" = [])),
    responses((status = 200, description = "The producer's content as its team edits it (the operator or the producer's owner): `storefront` as buyers get it, and `limits`, which the public storefront does not show (`max_boxes_per_phone` `null` for no limit).", body = ProducerContent))
)]
pub(super) async fn read(_: Owner, ShopScope(shop): ShopScope) -> AppJson<ProducerContent> {
    let content = shop.content.get();
    AppJson(ProducerContent {
        storefront: shop.snapshot.storefront(&content, now_ms()).1,
        limits: ContentLimits {
            max_boxes_per_phone: content.max_boxes_per_phone,
        },
    })
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
    // One edit of this producer at a time in this process, so that the running shop takes them
    // in the order they were written. Between instances, each write names the content's
    // version it was made from, and one that finds another instance's edit written first is
    // made again over it.
    let _one_at_a_time = shop.content.editing().await;
    for _ in 0..TRIES {
        // The database's content, not this instance's copy: another instance may have changed it.
        let (json, seen) = shop
            .store
            .content_now()
            .await?
            .ok_or_else(|| ApiError::internal(format!("no content kept for {}", shop.slug)))?;
        let now = Content::from_json(&json)
            .map_err(|why| ApiError::internal(format!("the content of {}: {why}", shop.slug)))?;
        let (next, write) = made(&shop, &request, &now, seen)?;
        match shop.writer.edit_content(write).await {
            Ok(()) => {
                shop.content.set(next);
                return Ok(AppJson(storefront(&shop)));
            }
            // Another instance wrote it meanwhile: the patch names only the fields it changes,
            // so made again over the newer content, it keeps the other edit's.
            Err(StoreError::Refused(Refused::ContentMoved)) => continue,
            Err(e) => return Err(e.into()),
        }
    }
    Err(StoreError::Refused(Refused::ContentMoved).into())
}

/// How many times an edit reads the content again after another instance wrote it first.
const TRIES: usize = 8;

/// The content with the change of `request` made over `now` (version `seen`), and its write;
/// a change the content does not take is refused as a 422.
fn made(
    shop: &Shop,
    request: &ContentPatchRequest,
    now: &Content,
    seen: i64,
) -> Result<(Content, ContentWrite), ApiError> {
    let sale = SaleDates::new(now.opens_ms, now.closes_ms, now.harvest_ms)
        .map_err(|why| ApiError::internal(format!("the sale kept for {}: {why}", shop.slug)))?;
    let patch = ContentPatch::parse(request, sale, |id| now.find_box(id).is_some())
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
    // An uploaded picture the edit replaces is deleted with it, unless the content still
    // names it elsewhere.
    let named = next.pictures_named(&shop.slug);
    let mut dropped_pictures = now.pictures_named(&shop.slug);
    dropped_pictures.retain(|n| !named.contains(n));
    let write = ContentWrite {
        json: next.to_json(),
        boxes,
        seen,
        dropped_pictures,
    };
    Ok((next, write))
}
