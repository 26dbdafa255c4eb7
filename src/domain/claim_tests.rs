//! The claim rules the form and the API share.

use super::*;

const DAY_MS: i64 = 24 * 3600 * 1000;

#[test]
fn an_order_is_claimed_from_shipped_until_fourteen_days_after_delivery() {
    let now = 100 * DAY_MS;
    let cases = [
        (OrderStatus::Received, None, Err(ClaimRefusal::OutOfWindow)),
        (OrderStatus::Packed, None, Err(ClaimRefusal::OutOfWindow)),
        (OrderStatus::Cancelled, None, Err(ClaimRefusal::OutOfWindow)),
        (OrderStatus::Shipped, None, Ok(())),
        (OrderStatus::Delivered, Some(now - 14 * DAY_MS), Ok(())),
        (
            OrderStatus::Delivered,
            Some(now - 14 * DAY_MS - 1),
            Err(ClaimRefusal::OutOfWindow),
        ),
        (OrderStatus::Delivered, None, Err(ClaimRefusal::OutOfWindow)),
    ];
    for (status, delivered, expected) in cases {
        assert_eq!(
            may_claim(status, delivered, 0, now),
            expected,
            "{status:?} {delivered:?}"
        );
    }
    assert_eq!(
        may_claim(OrderStatus::Shipped, None, MAX_OPEN_CLAIMS, now),
        Err(ClaimRefusal::TooManyOpen)
    );
}

#[test]
fn a_claims_fields_are_parsed_together() {
    let claim = NewClaim::parse(" damaged ", "3", "  Cafe\u{301} 坏了 ").unwrap();
    assert_eq!(claim.kind, ClaimKind::Damaged);
    assert_eq!(claim.apples.map(Apples::get), Some(3));
    assert_eq!(
        claim.message.unwrap().as_str(),
        "Caf\u{e9} 坏了",
        "trimmed, in NFC"
    );
    let none = NewClaim::parse("other", "", "").unwrap();
    assert_eq!((none.apples, none.message), (None, None));
    let errors = NewClaim::parse("rotten", "1001", &"a".repeat(501)).unwrap_err();
    assert_eq!(errors["kind"], FieldError::UnknownClaimKind);
    assert_eq!(
        errors["apples"],
        FieldError::OutOfRange { min: 1, max: 1000 }
    );
    assert_eq!(errors["message"], FieldError::TooLong { max: 500 });
    assert_eq!(
        NewClaim::parse("", "x", "").unwrap_err()["apples"],
        FieldError::NotAWholeNumber
    );
}

#[test]
fn a_photo_is_a_jpeg_png_or_webp_by_its_bytes() {
    let png = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, b'I', b'H', b'D', b'R', 0,
        0, 0, 2, 0, 0, 0, 3, 8, 6, 0, 0, 0,
    ];
    assert_eq!(PhotoType::of(&png), Ok(PhotoType::Png));
    let mut zero_wide = png;
    zero_wide[19] = 0;
    assert_eq!(PhotoType::of(&zero_wide), Err(FieldError::NotAPhoto));
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00";
    assert_eq!(PhotoType::of(gif), Err(FieldError::NotAPhoto));
    assert_eq!(
        PhotoType::of(b"<svg onload=alert(1)>"),
        Err(FieldError::NotAPhoto)
    );
    assert_eq!(
        PhotoType::from_content_type("image/png"),
        Some(PhotoType::Png)
    );
}

/// The start of a PNG whose header says `width` × `height`.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut png = vec![
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
    ];
    png.extend_from_slice(b"IHDR");
    png.extend_from_slice(&width.to_be_bytes());
    png.extend_from_slice(&height.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0]);
    png
}

#[test]
fn a_photo_over_4096_pixels_a_side_or_16_megapixels_is_too_large_by_its_header() {
    let too_large = FieldError::PhotoTooLarge {
        max_side: 4096,
        max_megapixels: 16,
    };
    let cases = [
        (4096, 3000, Ok(PhotoType::Png)),
        (4000, 4000, Ok(PhotoType::Png)),
        (4097, 100, Err(too_large)),
        (100, 4097, Err(too_large)),
        (4096, 4000, Err(too_large)),
        (5000, 3000, Err(too_large)),
        (20_000, 20_000, Err(too_large)),
    ];
    for (width, height, expected) in cases {
        assert_eq!(
            PhotoType::of(&png_header(width, height)),
            expected,
            "{width} × {height}"
        );
    }
    assert_eq!(
        too_large.to_string(),
        "Send a photo of at most 4096 pixels a side and 16 megapixels."
    );
}
