//! Reading a claim's `multipart/form-data` body: the parts `kind`, `apples`, `message` and 0–3
//! `photo`, each photo checked by its bytes (never its file name or declared type). Every way a
//! body can be wrong answers the API's JSON shape: not multipart 415, a broken boundary 400, a
//! photo over 5 MiB or a body over the claim's limit 413, and the rest 422 with `fields`, every
//! field's problem at once (an unknown part is named).

use std::collections::BTreeMap;

use axum::extract::multipart::{Field, MultipartError, MultipartRejection};
use axum::extract::Multipart;
use axum::http::{header, HeaderMap};
use bytes::{Bytes, BytesMut};

use crate::domain::{FieldError, NewClaim, MAX_PHOTOS, MAX_PHOTO_BYTES};
use crate::server::body_deadline::is_body_timeout;
use crate::server::error::ApiError;
use crate::server::photos::{self, Kept};

/// The most bytes of one text part (the message is at most 500 characters).
const MAX_TEXT_BYTES: usize = 16 * 1024;
/// The longest part name repeated in a 422.
const MAX_NAME_CHARS: usize = 32;

/// A claim as its form says it, with its photos and their types.
pub struct ClaimForm {
    pub claim: NewClaim,
    /// The photos re-encoded (`photos::keep`), in the order sent.
    pub photos: Vec<Kept>,
}

/// Whether the request says it is `multipart/form-data`.
pub(in crate::server::routes) fn is_multipart(headers: &HeaderMap) -> bool {
    let essence = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    essence.as_deref() == Some("multipart/form-data")
}

/// A body that broke off, came too slowly or grew too large, in the API's words.
pub(in crate::server::routes) fn unreadable(e: MultipartError) -> ApiError {
    if is_body_timeout(&e) {
        ApiError::RequestTimeout
    } else if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::PayloadTooLarge
    } else {
        ApiError::BadRequest(e.body_text())
    }
}

/// Reads a part to its end, refusing (413) one over `max` bytes as soon as it passes them. The
/// chunks are kept as they came (slices of the buffers the body arrived in) and joined once, at
/// the end, into exactly the part's size: a buffer grown as it went would end up to twice the
/// part's size, copied at each doubling. A part that came in one chunk is not copied at all.
pub(in crate::server::routes) async fn read_part(
    field: &mut Field<'_>,
    max: usize,
) -> Result<Bytes, ApiError> {
    let mut chunks: Vec<Bytes> = Vec::new();
    let mut len = 0;
    while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
        len += chunk.len();
        if len > max {
            return Err(ApiError::PayloadTooLarge);
        }
        chunks.push(chunk);
    }
    if chunks.len() <= 1 {
        return Ok(chunks.pop().unwrap_or_default());
    }
    let mut joined = BytesMut::with_capacity(len);
    for chunk in chunks {
        joined.extend_from_slice(&chunk);
    }
    Ok(joined.freeze())
}

/// The text parts, each at most once.
#[derive(Default)]
struct Texts {
    kind: Option<String>,
    apples: Option<String>,
    message: Option<String>,
}

impl Texts {
    fn slot(&mut self, name: &str) -> Option<&mut Option<String>> {
        match name {
            "kind" => Some(&mut self.kind),
            "apples" => Some(&mut self.apples),
            "message" => Some(&mut self.message),
            _ => None,
        }
    }
}

/// Reads and parses the form: the claim and its photos, or why not.
pub async fn read(
    headers: &HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<ClaimForm, ApiError> {
    if !is_multipart(headers) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let mut multipart = multipart.map_err(|e| ApiError::BadRequest(e.body_text()))?;
    let mut texts = Texts::default();
    let mut photos = Vec::new();
    let mut errors: Vec<(String, FieldError)> = Vec::new();
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "photo" {
            let bytes = read_part(&mut field, MAX_PHOTO_BYTES).await?;
            // A file input left empty still sends its part, with no bytes: no photo.
            if bytes.is_empty() {
                continue;
            }
            if photos.len() == MAX_PHOTOS {
                let max = MAX_PHOTOS;
                errors.push(("photo".into(), FieldError::TooManyPhotos { max }));
                continue;
            }
            match photos::keep(bytes).await {
                Ok(kept) => photos.push(kept),
                Err(why) => errors.push(("photo".into(), why)),
            }
            continue;
        }
        let Some(slot) = texts.slot(&name) else {
            let shown: String = name.chars().take(MAX_NAME_CHARS).collect();
            errors.push((shown, FieldError::UnknownPart));
            continue;
        };
        if slot.is_some() {
            return Err(ApiError::BadRequest(format!(
                "the part {name} is sent twice"
            )));
        }
        let bytes = read_part(&mut field, MAX_TEXT_BYTES).await?;
        match String::from_utf8(bytes.to_vec()) {
            Ok(text) => *slot = Some(text),
            Err(_) => errors.push((name, FieldError::NotText)),
        }
    }
    let text = |t: &Option<String>| t.clone().unwrap_or_default();
    let parsed = NewClaim::parse(
        &text(&texts.kind),
        &text(&texts.apples),
        &text(&texts.message),
    );
    // What reading found first (an unknown part, a photo that is not one), then the rules.
    let mut invalid: BTreeMap<String, String> = BTreeMap::new();
    for (name, why) in errors {
        invalid.entry(name).or_insert_with(|| why.to_string());
    }
    for (name, why) in parsed.as_ref().err().into_iter().flatten() {
        invalid
            .entry((*name).to_owned())
            .or_insert_with(|| why.to_string());
    }
    match parsed {
        Ok(claim) if invalid.is_empty() => Ok(ClaimForm { claim, photos }),
        _ => Err(ApiError::Invalid(invalid)),
    }
}
