//! Claim photos decoded within limits on both stores: a 20,000 × 20,000 PNG bomb and a
//! 5000 × 3000 photo refused by their headers (422 on `photo`), a phone photo kept re-encoded
//! at 1600 px with a 240 px thumbnail and without its EXIF (GPS position, camera serial), and a
//! photo filed before the re-encoding served through the same limits.

use axum::http::StatusCode;
use image::{ImageFormat, RgbImage};
use serde_json::Value;

use crate::claim_kit::{claim, claim_filed, form, shipped, tamper};
use crate::common::black_png::black_png;
use crate::helpers::TestApp;

/// What the server says of a photo over the limits.
const TOO_LARGE: &str = "Send a photo of at most 4096 pixels a side and 16 megapixels.";
/// The camera serial the test photo's EXIF carries.
pub const SERIAL: &[u8] = b"ORCHARD-SN-0042";

/// A phone-like photo: a JPEG of `width` × `height` with a gradient.
pub fn jpeg_of(width: u32, height: u32) -> Vec<u8> {
    let pixels = RgbImage::from_fn(width, height, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, ((x + y) % 256) as u8])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    pixels.write_to(&mut out, ImageFormat::Jpeg).unwrap();
    out.into_inner()
}

/// An EXIF APP1 segment (big-endian TIFF) with a camera serial and a GPS position (29°39'N,
/// 91°7'E), as a phone writes them.
pub fn exif_app1() -> Vec<u8> {
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        [
            &tag.to_be_bytes()[..],
            &kind.to_be_bytes(),
            &count.to_be_bytes(),
            &value.to_be_bytes(),
        ]
        .concat()
    };
    let (ascii, long, rational) = (2, 4, 5);
    let mut tiff = b"MM\x00\x2A\x00\x00\x00\x08".to_vec();
    // IFD0 at 8: the serial (its text at 38) and the GPS IFD (at 54); 2 + 2 × 12 + 4 bytes.
    tiff.extend_from_slice(&2u16.to_be_bytes());
    tiff.extend(entry(0xA431, ascii, SERIAL.len() as u32 + 1, 38));
    tiff.extend(entry(0x8825, long, 1, 54));
    tiff.extend_from_slice(&0u32.to_be_bytes());
    tiff.extend_from_slice(SERIAL);
    tiff.push(0);
    assert_eq!(tiff.len(), 54);
    // The GPS IFD: 2 + 4 × 12 + 4 bytes, then the latitude (at 108) and longitude (at 132).
    tiff.extend_from_slice(&4u16.to_be_bytes());
    tiff.extend(entry(0x0001, ascii, 2, u32::from_be_bytes(*b"N\0\0\0")));
    tiff.extend(entry(0x0002, rational, 3, 108));
    tiff.extend(entry(0x0003, ascii, 2, u32::from_be_bytes(*b"E\0\0\0")));
    tiff.extend(entry(0x0004, rational, 3, 132));
    tiff.extend_from_slice(&0u32.to_be_bytes());
    for (num, den) in [
        (29u32, 1u32),
        (39, 1),
        (1234, 100),
        (91, 1),
        (7, 1),
        (5678, 100),
    ] {
        tiff.extend_from_slice(&num.to_be_bytes());
        tiff.extend_from_slice(&den.to_be_bytes());
    }
    let body = [&b"Exif\0\0"[..], &tiff].concat();
    [
        &[0xFF, 0xE1][..],
        &(body.len() as u16 + 2).to_be_bytes(),
        &body,
    ]
    .concat()
}

/// The GPS latitude as the EXIF block writes it (29/1, 39/1, 1234/100).
fn gps_latitude_bytes() -> Vec<u8> {
    [29u32, 1, 39, 1, 1234, 100]
        .iter()
        .flat_map(|n| n.to_be_bytes())
        .collect()
}

/// `jpeg` with `segment` spliced in right after its SOI marker.
pub fn splice_after_soi(jpeg: &[u8], segment: &[u8]) -> Vec<u8> {
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
    [&jpeg[..2], segment, &jpeg[2..]].concat()
}

/// The markers of a JPEG's segments before its scan (APP0 is 0xE0, APP1 0xE1…).
pub fn markers(jpeg: &[u8]) -> Vec<u8> {
    let mut at = 2;
    let mut found = Vec::new();
    while at + 4 <= jpeg.len() && jpeg[at] == 0xFF {
        let marker = jpeg[at + 1];
        found.push(marker);
        if marker == 0xDA {
            break;
        }
        at += 2 + usize::from(u16::from_be_bytes([jpeg[at + 2], jpeg[at + 3]]));
    }
    found
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A claim with one photo `bytes`.
fn one_photo(bytes: &[u8]) -> Vec<u8> {
    form(&[("kind", None, b"damaged"), ("photo", Some("p.jpg"), bytes)])
}

/// The address of photo 1 of the only open claim.
async fn first_photo_url(app: &TestApp) -> String {
    let list = app.admin("GET", "/api/admin/claims", None).await;
    let urls: &Value = &list.json["claims"][0]["photo_urls"];
    urls[0].as_str().expect("one photo").to_owned()
}

#[tokio::test]
async fn a_photo_over_4096_pixels_a_side_or_16_megapixels_is_refused_by_its_header() {
    let bomb = black_png(20_000, 20_000);
    assert!(bomb.len() < 100_000, "the bomb is small: {} B", bomb.len());
    let wide = jpeg_of(5000, 3000);
    for app in TestApp::on_both_stores(20).await {
        let order = shipped(&app, "too-large").await;
        for (key, photo) in [("bomb", &bomb), ("wide", &wide)] {
            let refused = claim(&app, &order, key, one_photo(photo)).await;
            assert_eq!(
                refused.status,
                StatusCode::UNPROCESSABLE_ENTITY,
                "{}: {key}",
                app.store
            );
            assert_eq!(refused.json["error"]["code"], "invalid");
            assert_eq!(refused.json["error"]["fields"]["photo"], TOO_LARGE, "{key}");
        }
        assert_eq!(
            app.buyer_view(&order).await["claims"],
            serde_json::json!([])
        );
        // The same PNG within the limits is a photo: the bomb was refused for its size only.
        let fits = claim(&app, &order, "fits", one_photo(&black_png(4000, 4000))).await;
        assert_eq!(fits.status, StatusCode::CREATED, "{}", fits.text());
        let kept = app.admin("GET", &first_photo_url(&app).await, None).await;
        let kept = image::load_from_memory_with_format(&kept.body, ImageFormat::Jpeg).unwrap();
        assert_eq!((kept.width(), kept.height()), (1600, 1600), "{}", app.store);
    }
}

#[tokio::test]
async fn a_phone_photo_is_kept_at_1600_pixels_with_a_240_pixel_thumbnail_and_no_exif() {
    let sent = splice_after_soi(&jpeg_of(3000, 2000), &exif_app1());
    assert!(contains(&sent, SERIAL) && contains(&sent, &gps_latitude_bytes()));
    assert!(
        markers(&sent).contains(&0xE1),
        "the upload carries its EXIF"
    );
    for app in TestApp::on_both_stores(20).await {
        let order = shipped(&app, "phone").await;
        claim_filed(&app, &order, "phone-1", one_photo(&sent)).await;
        let url = first_photo_url(&app).await;
        for (url, size) in [
            (url.clone(), (1600, 1067)),
            (format!("{url}/thumb"), (240, 160)),
        ] {
            let served = app.admin("GET", &url, None).await;
            assert_eq!(served.status, StatusCode::OK, "{}: {url}", app.store);
            assert_eq!(served.content_type(), "image/jpeg");
            let body = served.body.as_ref();
            let shown = image::load_from_memory_with_format(body, ImageFormat::Jpeg).unwrap();
            assert_eq!((shown.width(), shown.height()), size, "{url}");
            assert!(!markers(body).contains(&0xE1), "no APP1 segment: {url}");
            assert!(!contains(body, b"Exif"), "no EXIF: {url}");
            assert!(!contains(body, SERIAL), "no camera serial: {url}");
            assert!(
                !contains(body, &gps_latitude_bytes()),
                "no GPS position: {url}"
            );
        }
    }
}

#[tokio::test]
async fn a_photo_filed_before_the_re_encoding_is_served_through_the_same_limits() {
    for app in TestApp::on_both_stores(20).await {
        let order = shipped(&app, "before").await;
        let filed = claim(&app, &order, "old-1", one_photo(&jpeg_of(64, 48))).await;
        assert_eq!(filed.status, StatusCode::CREATED, "{}", filed.text());
        let url = first_photo_url(&app).await;
        // As a photo filed before the migration: the bytes as sent, no thumbnail.
        let as_sent = |bytes: &[u8], kind: &str| {
            let hex = hex::encode(bytes);
            let blob = match app.sandbox.database {
                Some(_) => format!("decode('{hex}', 'hex')"),
                None => format!("x'{hex}'"),
            };
            format!("UPDATE claim_photos SET thumb = NULL, content_type = '{kind}', bytes = {blob}")
        };
        let phone = splice_after_soi(&jpeg_of(2000, 1000), &exif_app1());
        tamper(&app, &as_sent(&phone, "image/jpeg")).await;
        for (url, size) in [
            (url.clone(), (1600, 800)),
            (format!("{url}/thumb"), (240, 120)),
        ] {
            let served = app.admin("GET", &url, None).await;
            assert_eq!(served.status, StatusCode::OK, "{}: {url}", app.store);
            let body = served.body.as_ref();
            let shown = image::load_from_memory_with_format(body, ImageFormat::Jpeg).unwrap();
            assert_eq!((shown.width(), shown.height()), size, "{url}");
            assert!(
                !contains(body, SERIAL) && !markers(body).contains(&0xE1),
                "{url}"
            );
        }
        tamper(&app, &as_sent(&black_png(20_000, 20_000), "image/png")).await;
        for url in [url.clone(), format!("{url}/thumb")] {
            let refused = app.admin("GET", &url, None).await;
            assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{url}");
            assert_eq!(refused.json["error"]["fields"]["photo"], TOO_LARGE);
        }
    }
}
