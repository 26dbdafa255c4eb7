//! A claim's photo as the server keeps it: its size read from the header and refused past the
//! limits before any pixel is decoded (`PhotoType::of`), then decoded within those limits
//! (`image::Limits`), turned upright by its EXIF orientation, and re-encoded as two JPEGs, the
//! full photo (at most 1600 px its long side) and the owner's thumbnail (at most 240 px).
//! Re-encoding keeps the pixels only: the EXIF block (GPS position, camera serial), ICC profile
//! and comments of the upload are gone.
//!
//! Decoding is CPU and memory heavy (up to 64 MB a photo at 16 MP), so it runs on Tokio's
//! blocking threads, at most `DECODES` at once server-wide; the rest wait their turn.

use std::borrow::Cow;
use std::io::Cursor;

use bytes::Bytes;
use image::codecs::jpeg::JpegEncoder;
use image::imageops::FilterType;
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageFormat, ImageReader, Limits};
use tokio::sync::Semaphore;

use crate::domain::{
    photo_fits, FieldError, PhotoType, MAX_PHOTO_PIXELS, MAX_PHOTO_SIDE, PHOTO_TOO_LARGE,
};

/// The long side of the full photo as kept, in pixels.
pub const FULL_SIDE: u32 = 1600;
/// The long side of the thumbnail, in pixels.
pub const THUMB_SIDE: u32 = 240;
/// The JPEG quality of the full photo.
const FULL_QUALITY: u8 = 85;
/// The JPEG quality of the thumbnail.
const THUMB_QUALITY: u8 = 80;
/// How many photos are decoded at once, server-wide.
const DECODES: usize = 2;
/// The most bytes the decoder may allocate: the pixels of 16 MP as RGBA, and a margin for its
/// own tables.
const MAX_ALLOC: u64 = MAX_PHOTO_PIXELS * 4 + 8 * 1024 * 1024;

/// The permits to decode: `DECODES` at once.
static DECODING: Semaphore = Semaphore::const_new(DECODES);

/// A photo as kept: both JPEGs, without metadata.
#[derive(Debug, Clone)]
pub struct Kept {
    /// The full photo, at most `FULL_SIDE` px its long side.
    pub full: Bytes,
    /// The thumbnail, at most `THUMB_SIDE` px its long side.
    pub thumb: Bytes,
}

/// Checks an uploaded photo's header, then decodes and re-encodes it (waiting for a permit), or
/// says why the photo is refused.
pub async fn keep(bytes: Bytes) -> Result<Kept, FieldError> {
    // The header alone refuses a photo too large before it waits for, or takes, a permit.
    let kind = PhotoType::of(&bytes)?;
    let _permit = DECODING
        .acquire()
        .await
        .map_err(|_| FieldError::NotAPhoto)?;
    match tokio::task::spawn_blocking(move || reencode(kind, &bytes)).await {
        Ok(kept) => kept,
        Err(e) => {
            tracing::warn!(error = %e, "a claim photo's decoder panicked");
            Err(FieldError::NotAPhoto)
        }
    }
}

/// The decoder's limits: the photo's (a header that lied is caught while decoding) and memory.
fn limits() -> Limits {
    let mut limits = Limits::default();
    limits.max_image_width = Some(MAX_PHOTO_SIDE);
    limits.max_image_height = Some(MAX_PHOTO_SIDE);
    limits.max_alloc = Some(MAX_ALLOC);
    limits
}

/// A decoder's refusal in the buyer's words: past a limit the photo is too large, otherwise it
/// is not a photo we can read.
fn refusal(e: image::ImageError) -> FieldError {
    match e {
        image::ImageError::Limits(_) => PHOTO_TOO_LARGE,
        _ => FieldError::NotAPhoto,
    }
}

/// Decodes `bytes` (of type `kind`) within the limits and re-encodes both sizes.
fn reencode(kind: PhotoType, bytes: &[u8]) -> Result<Kept, FieldError> {
    let format = match kind {
        PhotoType::Jpeg => ImageFormat::Jpeg,
        PhotoType::Png => ImageFormat::Png,
        PhotoType::Webp => ImageFormat::WebP,
    };
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(refusal)?;
    let (width, height) = decoder.dimensions();
    photo_fits(u64::from(width), u64::from(height))?;
    // A photo whose orientation cannot be read is shown as stored.
    let orientation = decoder.orientation().ok();
    let mut image = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    if let Some(orientation) = orientation {
        image.apply_orientation(orientation);
    }
    let full = jpeg(&fit(&image, FULL_SIDE), FULL_QUALITY)?;
    let thumb = jpeg(&fit(&image, THUMB_SIDE), THUMB_QUALITY)?;
    Ok(Kept {
        full: full.into(),
        thumb: thumb.into(),
    })
}

/// The image scaled down to fit `side` × `side` (never up), its aspect kept.
fn fit(image: &DynamicImage, side: u32) -> Cow<'_, DynamicImage> {
    if image.width() <= side && image.height() <= side {
        Cow::Borrowed(image)
    } else {
        Cow::Owned(image.resize(side, side, FilterType::Triangle))
    }
}

/// The image as a baseline JPEG of `quality` (RGB: any transparency is dropped).
fn jpeg(image: &DynamicImage, quality: u8) -> Result<Vec<u8>, FieldError> {
    let rgb = image.to_rgb8();
    let mut out = Vec::new();
    JpegEncoder::new_with_quality(&mut out, quality)
        .encode(
            rgb.as_raw(),
            rgb.width(),
            rgb.height(),
            ExtendedColorType::Rgb8,
        )
        .map_err(|e| {
            tracing::warn!(error = %e, "a claim photo could not be re-encoded");
            FieldError::NotAPhoto
        })?;
    Ok(out)
}

#[cfg(test)]
#[path = "photos_tests.rs"]
mod tests;
