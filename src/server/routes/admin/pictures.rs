//! A producer's pictures: `POST /api/producers/{slug}/admin/pictures` (the operator or that
//! producer's owner) takes one `photo` under the claim photo rules (checked by content, decoded
//! within limits, re-encoded as JPEG without metadata: `server::photos`) and keeps it in the
//! database in two sizes for `srcset`; `GET /api/producers/{slug}/pictures/{file}` serves a size
//! to anyone, cached for a year (a picture's address never names other bytes).

use std::io::Cursor;

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use bytes::Bytes;

use super::Owner;
use crate::domain::{FieldError, PathErrors, PictureStored, MAX_PHOTO_BYTES};
use crate::server::app_json::AppJson;
use crate::server::error::ApiError;
use crate::server::photos;
use crate::server::routes::claim_form::{is_multipart, read_part, unreadable};
use crate::server::shops::ShopScope;
use crate::server::store::PictureWrite;

/// The largest upload: one photo at its largest and room for the form's framing.
pub const MAX_PICTURE_BODY_BYTES: usize = MAX_PHOTO_BYTES + 64 * 1024;

/// The `multipart/form-data` body of an upload.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct PictureUpload {
    /// One JPEG, PNG or WebP image of at most 5 MiB, 4096 px a side and 16 MP (checked by
    /// content).
    #[schema(value_type = String, format = Binary)]
    photo: Vec<u8>,
}

/// The 422 of the `photo` part.
fn refused(why: FieldError) -> ApiError {
    ApiError::invalid_paths(PathErrors::from([("photo".to_owned(), why)]))
}

/// A JPEG's width, read from its header.
fn width(jpeg: &Bytes) -> u32 {
    image::ImageReader::with_format(Cursor::new(jpeg), image::ImageFormat::Jpeg)
        .into_dimensions()
        .map_or(0, |(w, _)| w)
}

/// Keeps an uploaded picture of the producer (the operator or its owner).
#[utoipa::path(
    post,
    path = "/admin/pictures",
    operation_id = "team_upload_picture",
    tag = "team",
    request_body(content = PictureUpload, content_type = "multipart/form-data"),
    security(("team_token" = [])),
    responses((status = 201, description = "The picture, kept re-encoded as JPEG without metadata, at most 1600 px and 240 px its long side: `url` the large one (what `media.picture` takes), `srcset` both.", body = PictureStored))
)]
pub(super) async fn upload(
    _: Owner,
    ShopScope(shop): ShopScope,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, AppJson<PictureStored>), ApiError> {
    if !is_multipart(&headers) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let mut multipart = multipart.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let mut photo: Option<Bytes> = None;
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        if field.name() != Some("photo") {
            return Err(refused(FieldError::UnknownPart));
        }
        let bytes = read_part(&mut field, MAX_PHOTO_BYTES).await?;
        if photo.replace(bytes).is_some() {
            return Err(refused(FieldError::TooManyPhotos { max: 1 }));
        }
    }
    let photo = photo
        .filter(|b| !b.is_empty())
        .ok_or(refused(FieldError::Required))?;
    let kept = photos::keep(photo).await.map_err(refused)?;
    let (large, small) = (width(&kept.full), width(&kept.thumb));
    // A random number names it: unguessable before it is shown, and no two instances pick the
    // same one.
    let n = i64::from(rand::random::<u32>() >> 1) + 1;
    let sizes = vec![
        (small, "image/jpeg", kept.thumb.to_vec()),
        (large, "image/jpeg", kept.full.to_vec()),
    ];
    shop.writer.store_picture(PictureWrite { n, sizes }).await?;
    let url = |w: u32| format!("/api/producers/{}/pictures/{n}-{w}.jpg", shop.slug);
    let answer = PictureStored {
        url: url(large),
        srcset: format!("{} {small}w, {} {large}w", url(small), url(large)),
    };
    Ok((StatusCode::CREATED, AppJson(answer)))
}

/// One size of a producer's picture, for anyone.
#[utoipa::path(
    get,
    path = "/pictures/{file}",
    operation_id = "producer_picture",
    tag = "storefront",
    params(("file" = String, Path, description = "`{n}-{width}.jpg`, as an upload's `url` or `srcset` names it.")),
    responses((status = 200, description = "The picture at that width, a JPEG without metadata.", content(("image/jpeg")), headers(
        ("Cache-Control" = String, description = "`public, max-age=31536000, immutable`."),
        ("X-Content-Type-Options" = String, description = "`nosniff`.")
    )))
)]
pub(super) async fn picture(
    ShopScope(shop): ShopScope,
    Path(file): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    let (n, width) = file
        .strip_suffix(".jpg")
        .and_then(|stem| stem.split_once('-'))
        .and_then(|(n, w)| Some((n.parse::<i64>().ok()?, w.parse::<u32>().ok()?)))
        .ok_or(ApiError::NotFound)?;
    let (kind, bytes) = shop
        .store
        .picture(n, width)
        .await?
        .ok_or(ApiError::NotFound)?;
    Ok((
        [
            (CONTENT_TYPE, kind),
            (
                CACHE_CONTROL,
                "public, max-age=31536000, immutable".to_owned(),
            ),
            (X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
        ],
        bytes,
    ))
}
