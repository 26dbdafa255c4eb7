//! The buyers' claims for the owner: a page of claims (`?status=open`) with their orders, each
//! photo and its thumbnail (JPEGs re-encoded by `server::photos`, served with `nosniff` and a
//! CSP that runs nothing, so a photo can never become a page), and the resolution (refund,
//! resend, rejected with a reason), which the buyer then sees in the order's lookup. A packer is
//! refused (403): claims are money.

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE};
use axum::response::IntoResponse;
use bytes::Bytes;

use super::list::Params;
use super::Owner;
use crate::domain::{
    AdminClaim, AdminClaimList, ClaimListParams, ClaimListQuery, FieldErrors, OutcomeKind,
    PhotoType, Resolution, ResolveRequest, MAX_PHOTOS,
};
use crate::server::app_json::AppJson;
use crate::server::error::ApiError;
use crate::server::paying;
use crate::server::photos;
use crate::server::shops::Shop;
use crate::server::shops::ShopScope;
use crate::server::state::AppState;
use crate::server::store::{ClaimResolving, PhotoSize, StoredPhoto};

/// One page of claims, oldest first (the team answers them in turn).
#[utoipa::path(
    get,
    path = "/admin/claims",
    operation_id = "team_claims",
    tag = "team",
    params(ClaimListParams),
    security(("team_token" = [])),
    responses((status = 200, description = "One page of claims with their orders (each with its total and what its resolved claims refunded so far) and photos' addresses, and the next page's cursor (the owner only).", body = AdminClaimList, headers(
        ("Cache-Control" = String, description = "`no-store`.")
    )))
)]
pub(super) async fn list(
    _: Owner,
    ShopScope(shop): ShopScope,
    Params(params): Params<ClaimListParams>,
) -> Result<impl IntoResponse, ApiError> {
    let query = ClaimListQuery::parse(&params).map_err(ApiError::invalid)?;
    let (claims, next) = shop.store.claims_page(&query).await?;
    let list = AdminClaimList {
        claims,
        next_cursor: next.map(|c| c.encode()),
    };
    Ok(([(CACHE_CONTROL, "no-store")], AppJson(list)))
}

/// One photo of a claim as kept: a JPEG of at most 1600 px, without the upload's metadata.
#[utoipa::path(
    get,
    path = "/admin/claims/{id}/photos/{n}",
    operation_id = "team_claim_photo",
    tag = "team",
    params(
        ("id" = String, Path, description = "The claim's id."),
        ("n" = u32, Path, minimum = 1, maximum = 3, description = "Which photo, from 1.")
    ),
    security(("team_token" = [])),
    responses((status = 200, description = "The photo, re-encoded as JPEG, at most 1600 px its long side, without metadata (the owner only).", content(("image/jpeg")), headers(
        ("X-Content-Type-Options" = String, description = "`nosniff`."),
        ("Content-Security-Policy" = String, description = "`default-src 'none'; sandbox`."),
        ("Cache-Control" = String, description = "`private, no-store`.")
    )))
)]
pub(super) async fn photo(
    _: Owner,
    ShopScope(shop): ShopScope,
    Path((id, n)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    serve_photo(&shop, &id, &n, PhotoSize::Full).await
}

/// The thumbnail of one photo of a claim, for the owner's list: a JPEG of at most 240 px.
#[utoipa::path(
    get,
    path = "/admin/claims/{id}/photos/{n}/thumb",
    operation_id = "team_claim_thumb",
    tag = "team",
    params(
        ("id" = String, Path, description = "The claim's id."),
        ("n" = u32, Path, minimum = 1, maximum = 3, description = "Which photo, from 1.")
    ),
    security(("team_token" = [])),
    responses((status = 200, description = "The photo's thumbnail, a JPEG of at most 240 px its long side, without metadata (the owner only).", content(("image/jpeg")), headers(
        ("X-Content-Type-Options" = String, description = "`nosniff`."),
        ("Content-Security-Policy" = String, description = "`default-src 'none'; sandbox`."),
        ("Cache-Control" = String, description = "`private, no-store`.")
    )))
)]
pub(super) async fn thumb(
    _: Owner,
    ShopScope(shop): ShopScope,
    Path((id, n)): Path<(String, String)>,
) -> Result<impl IntoResponse, ApiError> {
    serve_photo(&shop, &id, &n, PhotoSize::Thumb).await
}

/// Photo `n` of claim `id` in `size`, with headers that keep it from ever running as a page. A
/// photo filed before photos were kept re-encoded goes through the same bounded decoder on each
/// read (never served as sent); one the limits refuse is a 422 on `photo`.
async fn serve_photo(
    shop: &Shop,
    id: &str,
    n: &str,
    size: PhotoSize,
) -> Result<impl IntoResponse, ApiError> {
    let n: i64 = n.parse().map_err(|_| ApiError::NotFound)?;
    if !(1..=MAX_PHOTOS as i64).contains(&n) {
        return Err(ApiError::NotFound);
    }
    let stored = shop
        .store
        .claim_photo(id, n, size)
        .await?
        .ok_or(ApiError::NotFound)?;
    let bytes: Bytes = match stored {
        StoredPhoto::Kept(bytes) => bytes.into(),
        StoredPhoto::Sent(bytes) => {
            let kept = photos::keep(bytes.into())
                .await
                .map_err(|why| ApiError::invalid(FieldErrors::from([("photo", why)])))?;
            match size {
                PhotoSize::Full => kept.full,
                PhotoSize::Thumb => kept.thumb,
            }
        }
    };
    let headers = [
        (CONTENT_TYPE, PhotoType::Jpeg.content_type()),
        (axum::http::header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (CONTENT_SECURITY_POLICY, "default-src 'none'; sandbox"),
        (CACHE_CONTROL, "private, no-store"),
    ];
    Ok((headers, bytes))
}

/// Resolves an open claim: a refund (1 fen to what the order's earlier refunds left of its
/// total: more is 409 `refund_too_large` with `remaining_fen`), another box, or a refusal with
/// its reason.
#[utoipa::path(
    post,
    path = "/admin/claims/{id}",
    operation_id = "team_resolve_claim",
    tag = "team",
    params(("id" = String, Path, description = "The claim's id.")),
    request_body(content = ResolveRequest, content_type = "application/json"),
    security(("team_token" = [])),
    responses((status = 200, description = "The claim, resolved (the owner only).", body = AdminClaim))
)]
pub(super) async fn resolve(
    State(state): State<AppState>,
    Owner(by): Owner,
    ShopScope(shop): ShopScope,
    Path(id): Path<String>,
    body: Result<AppJson<ResolveRequest>, ApiError>,
) -> Result<AppJson<AdminClaim>, ApiError> {
    let AppJson(request) = body?;
    // An order's total never changes: read before the write, it bounds one refund (422); the
    // writer bounds the order's refunds together (409), under the order's lock.
    let total = shop
        .store
        .claim_order_total(&id)
        .await?
        .ok_or(ApiError::NotFound)?;
    let resolution = Resolution::parse(&request, total).map_err(ApiError::invalid)?;
    let resolving = ClaimResolving {
        id: id.clone(),
        resolution,
        by,
    };
    shop.writer.resolve_claim(resolving).await?;
    // A refund on an order paid online is given back through its provider (the claim's id is
    // the refund's: resolved once, it is never paid twice).
    let resolved = shop.store.claim(&id).await?.ok_or(ApiError::NotFound)?;
    if let (Some(OutcomeKind::Refund), Some(fen)) =
        (resolved.claim.outcome, resolved.claim.refund_fen)
    {
        paying::refund_claim(&state.payments, &shop, &resolved.order_id, &id, fen).await?;
    }
    shop.store
        .claim(&id)
        .await?
        .map(AppJson)
        .ok_or(ApiError::NotFound)
}
