//! The photo keeper on its own: sizes kept, the EXIF orientation applied, and refusals.

use image::{ImageFormat, RgbImage, RgbaImage};

use super::*;

fn encoded(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn gradient(width: u32, height: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 128])
    }))
}

fn size_of(jpeg: &[u8]) -> (u32, u32) {
    let image = image::load_from_memory_with_format(jpeg, ImageFormat::Jpeg).expect("a JPEG");
    (image.width(), image.height())
}

/// An EXIF APP1 segment that says only "turn 90° clockwise to show" (orientation 6).
fn exif_rotated_90() -> Vec<u8> {
    let mut body = b"Exif\0\0MM\x00\x2A\x00\x00\x00\x08\x00\x01".to_vec();
    body.extend_from_slice(&[0x01, 0x12, 0x00, 0x03, 0, 0, 0, 1, 0x00, 0x06, 0, 0]);
    body.extend_from_slice(&[0, 0, 0, 0]);
    [
        &[0xFF, 0xE1][..],
        &(body.len() as u16 + 2).to_be_bytes(),
        &body,
    ]
    .concat()
}

#[test]
fn each_format_is_kept_as_a_jpeg_scaled_down_to_1600_and_240_pixels() {
    let cases = [
        (ImageFormat::Jpeg, 3200, 2400, (1600, 1200), (240, 180)),
        (ImageFormat::Png, 1000, 2000, (800, 1600), (120, 240)),
        (ImageFormat::WebP, 1200, 900, (1200, 900), (240, 180)),
        (ImageFormat::Png, 100, 50, (100, 50), (100, 50)),
    ];
    for (format, width, height, full, thumb) in cases {
        let sent = encoded(&gradient(width, height), format);
        let kind = PhotoType::of(&sent).unwrap();
        let (kept_full, kept_thumb) = reencode(kind, &sent).unwrap();
        assert_eq!(size_of(&kept_full), full, "{format:?} {width}×{height}");
        assert_eq!(
            size_of(&kept_thumb),
            thumb,
            "{format:?} {width}×{height} thumbnail"
        );
    }
}

#[test]
fn a_transparent_png_is_kept_as_an_opaque_jpeg() {
    let clear = DynamicImage::ImageRgba8(RgbaImage::from_pixel(30, 20, image::Rgba([0, 0, 0, 0])));
    let (full, _) = reencode(PhotoType::Png, &encoded(&clear, ImageFormat::Png)).unwrap();
    assert_eq!(size_of(&full), (30, 20));
}

#[test]
fn a_photo_taken_sideways_is_kept_upright_by_its_exif_orientation() {
    let sent = encoded(&gradient(300, 200), ImageFormat::Jpeg);
    let sent = [&sent[..2], &exif_rotated_90(), &sent[2..]].concat();
    let (full, thumb) = reencode(PhotoType::Jpeg, &sent).unwrap();
    assert_eq!(size_of(&full), (200, 300));
    assert_eq!(size_of(&thumb), (160, 240));
}

#[test]
fn bytes_that_only_start_like_a_photo_are_not_a_photo() {
    let sent = encoded(&gradient(64, 64), ImageFormat::Png);
    let cut = &sent[..sent.len() / 2];
    assert_eq!(
        reencode(PhotoType::Png, cut).unwrap_err(),
        FieldError::NotAPhoto
    );
}

#[tokio::test]
async fn keep_refuses_a_photo_too_large_by_its_header_alone() {
    // A PNG header of 20,000 × 20,000 and no pixels at all: refused before any decoding.
    let mut png = vec![
        0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
    ];
    png.extend_from_slice(b"IHDR");
    png.extend_from_slice(&20_000u32.to_be_bytes());
    png.extend_from_slice(&20_000u32.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0]);
    let refused = keep(Bytes::from(png)).await.unwrap_err();
    assert_eq!(
        refused,
        FieldError::PhotoTooLarge {
            max_side: 4096,
            max_megapixels: 16
        }
    );
}

#[tokio::test]
async fn a_photo_waits_for_its_turn_while_another_is_decoded() {
    let busy = DECODING.acquire_many(DECODES as u32).await.unwrap();
    let sent = Bytes::from(encoded(&gradient(64, 48), ImageFormat::Png));
    let waiting = tokio::spawn(keep(sent));
    for _ in 0..20 {
        tokio::task::yield_now().await;
    }
    assert!(!waiting.is_finished(), "no permit, no decoding");
    drop(busy);
    let kept = waiting.await.unwrap().unwrap();
    assert_eq!(size_of(&kept.full), (64, 48));
}
