//! A producer's pictures: `POST /api/producers/{slug}/admin/pictures` (the operator or that
//! producer's owner) takes one `photo` under the claim photo rules (checked by content, decoded
//! within limits, re-encoded as JPEG without metadata: `server::photos`) and keeps it in the
//! database in three sizes for `srcset` (240, 800 and 1600 px its long side);
//! `GET /api/producers/{slug}/pictures/{file}` serves a size to anyone, cached for a year (a
//! picture's address never names other bytes).

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

/// The long side of the middle size, for a phone's screen at twice its CSS pixels.
const MIDDLE_SIDE: u32 = 800;
/// Its JPEG quality, as the full photo's.
const MIDDLE_QUALITY: u8 = 85;

/// The kept full photo (a JPEG of at most 1600 px) at `MIDDLE_SIDE` px its long side, if it is
/// larger than that: decoded again from the re-encoded bytes (no metadata left to carry), on a
/// blocking thread.
async fn middle(full: Bytes) -> Result<Option<Vec<u8>>, ApiError> {
    let made = tokio::task::spawn_blocking(move || {
        let image = image::load_from_memory_with_format(&full, image::ImageFormat::Jpeg).ok()?;
        if image.width().max(image.height()) <= MIDDLE_SIDE {
            return None;
        }
        let smaller = image.thumbnail(MIDDLE_SIDE, MIDDLE_SIDE).into_rgb8();
        let mut out = Vec::new();
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, MIDDLE_QUALITY);
        smaller.write_with_encoder(encoder).ok()?;
        Some(out)
    })
    .await;
    made.map_err(ApiError::internal)
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
    responses((status = 201, description = "The picture, kept re-encoded as JPEG without metadata, at most 1600, 800 and 240 px its long side: `url` the large one (what `media.picture` takes), `srcset` every size kept (smallest first; no 800 for a picture no larger).", body = PictureStored))
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
    let middle = middle(kept.full.clone()).await?.map(Bytes::from);
    // A random number names it: unguessable before it is shown, and no two instances pick the
    // same one.
    let n = i64::from(rand::random::<u32>() >> 1) + 1;
    // A picture no larger than the small size is kept once, at its own width.
    let mut sizes = Vec::new();
    if small < large {
        sizes.push((small, "image/jpeg", kept.thumb.to_vec()));
    }
    if let Some(bytes) = &middle {
        sizes.push((width(bytes), "image/jpeg", bytes.to_vec()));
    }
    sizes.push((large, "image/jpeg", kept.full.to_vec()));
    let url = |w: u32| format!("/api/producers/{}/pictures/{n}-{w}.jpg", shop.slug);
    let answer = PictureStored {
        url: url(large),
        srcset: sizes
            .iter()
            .map(|(w, _, _)| format!("{} {w}w", url(*w)))
            .collect::<Vec<_>>()
            .join(", "),
    };
    shop.writer.store_picture(PictureWrite { n, sizes }).await?;
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
