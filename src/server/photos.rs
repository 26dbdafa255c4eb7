//! A claim's photo as the server keeps it: its size read from the header and refused past the
//! limits before any pixel is decoded (`PhotoType::of`), then decoded within those limits
//! (`image::Limits`), turned upright by its EXIF orientation, and re-encoded as two JPEGs, the
//! full photo (at most 1600 px its long side) and the owner's thumbnail (at most 240 px).
//! Re-encoding keeps the pixels only: the EXIF block (GPS position, camera serial), ICC profile
//! and comments of the upload are gone.
//!
//! Decoding is CPU and memory heavy (the decoder may allocate 72 MB, the pixels of 16 MP as RGBA
//! and its tables; examples/photo_bench.rs measures about 40 MB for a 12 MP phone JPEG), so it
//! runs on Tokio's blocking threads, at most `DECODES` at once server-wide; the rest wait their
//! turn. The full photo is an integer area average of the decoded one, never a filtered resize,
//! which would hold another 77 MB of `f32` pixels for a 12 MP photo.

use std::io::Cursor;

use bytes::Bytes;
use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ExtendedColorType, ImageDecoder, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};
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
/// How many photos are decoded at once, server-wide. One: a 16 MP photo takes about 68 MiB while
/// it is decoded and re-encoded (BENCHMARKS.md, the claim flood), so with the claim uploads'
/// own turns (4 × ~15 MB) memory stays well under 200 MB however many claims come; a decode
/// takes well under a second in a release build and claims are few, so none waits long.
const DECODES: usize = 1;
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
    /// The SHA-256 of the bytes as sent: what a retry of the claim must send again, whatever
    /// the encoder of the day makes of them.
    pub sent_sha256: [u8; 32],
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
    let sent_sha256 = Sha256::digest(&bytes).into();
    let reencoded = tokio::task::spawn_blocking(move || reencode(kind, &bytes)).await;
    match reencoded.map(|kept| {
        kept.map(|(full, thumb)| Kept {
            full,
            thumb,
            sent_sha256,
        })
    }) {
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

/// Decodes `bytes` (of type `kind`) within the limits and re-encodes both sizes: the full photo
/// and the thumbnail.
fn reencode(kind: PhotoType, bytes: &[u8]) -> Result<(Bytes, Bytes), FieldError> {
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
    let image = DynamicImage::from_decoder(decoder).map_err(refusal)?;
    // The decoded pixels go as soon as the full photo is made, turned upright only then (a
    // quarter turn copies the pixels); the thumbnail is made from it.
    let mut full = shrunk(image, FULL_SIDE);
    if let Some(orientation) = orientation {
        full.apply_orientation(orientation);
    }
    let thumb = if fits(&full, THUMB_SIDE) {
        jpeg(&full, THUMB_QUALITY)?
    } else {
        jpeg(&full.thumbnail(THUMB_SIDE, THUMB_SIDE), THUMB_QUALITY)?
    };
    let full = jpeg(&full, FULL_QUALITY)?;
    Ok((full.into(), thumb.into()))
}

/// The image scaled down to fit `side` × `side` (never up), its aspect kept. Each source pixel
/// adds to one pixel of the result (an area average, in integers): no buffer but the result's,
/// where a filtered resize holds the source's width × the result's height in `f32` RGBA.
fn shrunk(image: DynamicImage, side: u32) -> DynamicImage {
    if fits(&image, side) {
        image
    } else {
        image.thumbnail(side, side)
    }
}

/// Whether the image fits `side` × `side` as it is.
fn fits(image: &DynamicImage, side: u32) -> bool {
    image.width() <= side && image.height() <= side
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
