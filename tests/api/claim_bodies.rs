//! Bad claim bodies: fields that break the rules, unknown parts and a fourth photo (422 with
//! `fields`), a photo or a body over its limit (413), a broken boundary, another content type or
//! no key: each in the API's JSON error shape, and none writes a claim.

use axum::http::StatusCode;
use serde_json::json;

use crate::claim_kit::{claim, damaged_with_photo, form, post_claim, shipped, BOUNDARY, PNG};
use crate::helpers::TestApp;

#[tokio::test]
async fn bad_fields_unknown_parts_and_a_fourth_photo_are_422_with_fields() {
    let app = TestApp::open_sale(20, 10).await;
    let order = shipped(&app, "fields").await;
    let long = "很".repeat(501);
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (form(&[("kind", None, b"rotten")]), "kind"),
        (form(&[("apples", None, b"3")]), "kind"),
        (
            form(&[("kind", None, b"damaged"), ("apples", None, b"0")]),
            "apples",
        ),
        (
            form(&[("kind", None, b"damaged"), ("apples", None, b"two")]),
            "apples",
        ),
        (
            form(&[("kind", None, b"other"), ("message", None, long.as_bytes())]),
            "message",
        ),
        (
            form(&[("kind", None, b"other"), ("total_fen", None, b"1")]),
            "total_fen",
        ),
        (
            form(&[
                ("kind", None, b"damaged"),
                ("photo", Some("a"), PNG),
                ("photo", Some("b"), PNG),
                ("photo", Some("c"), PNG),
                ("photo", Some("d"), PNG),
            ]),
            "photo",
        ),
    ];
    for (n, (body, field)) in cases.into_iter().enumerate() {
        let reply = claim(&app, &order, &format!("f-{n}"), body).await;
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            reply.text()
        );
        assert_eq!(reply.json["error"]["code"], "invalid");
        assert!(
            reply.json["error"]["fields"][field].is_string(),
            "{field}: {}",
            reply.text()
        );
    }
    assert_eq!(
        app.buyer_view(&order).await["claims"],
        json!([]),
        "nothing written"
    );
}

#[tokio::test]
async fn oversized_broken_or_unkeyed_bodies_get_the_json_error_shape() {
    let app = TestApp::open_sale(20, 10).await;
    let order = shipped(&app, "bodies").await;
    let (id, token) = (
        order["id"].as_str().unwrap(),
        order["token"].as_str().unwrap(),
    );
    let big = [PNG, &vec![0u8; 5 * 1024 * 1024]].concat();
    let too_big = claim(
        &app,
        &order,
        "o-1",
        form(&[("kind", None, b"damaged"), ("photo", Some("a.png"), &big)]),
    )
    .await;
    assert_eq!(too_big.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(too_big.json["error"]["code"], "payload_too_large");

    // Four photos within 5 MiB each pass the claim's whole limit (three at their largest).
    let four_mib = [PNG, &vec![0u8; 4 * 1024 * 1024]].concat();
    let photos: Vec<_> = (0..4)
        .map(|_| ("photo", Some("p.png"), four_mib.as_slice()))
        .collect();
    let over = claim(
        &app,
        &order,
        "o-2",
        form(&[[("kind", None, b"damaged".as_slice())].as_slice(), &photos].concat()),
    )
    .await;
    assert_eq!(over.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(over.json["error"]["code"], "payload_too_large");

    let content_type = format!("multipart/form-data; boundary={BOUNDARY}");
    let cut = damaged_with_photo()[..120].to_vec();
    let broken = post_claim(&app, id, token, Some("o-3"), &content_type, cut).await;
    assert_eq!(broken.status, StatusCode::BAD_REQUEST, "{}", broken.text());
    assert_eq!(broken.json["error"]["code"], "bad_request");
    let no_boundary = post_claim(
        &app,
        id,
        token,
        Some("o-4"),
        "multipart/form-data",
        damaged_with_photo(),
    )
    .await;
    assert_eq!(no_boundary.json["error"]["code"], "bad_request");

    let json_body = post_claim(
        &app,
        id,
        token,
        Some("o-5"),
        "application/json",
        b"{}".to_vec(),
    )
    .await;
    assert_eq!(json_body.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(json_body.json["error"]["code"], "unsupported_media_type");
    let unkeyed = post_claim(&app, id, token, None, &content_type, damaged_with_photo()).await;
    assert_eq!(unkeyed.status, StatusCode::BAD_REQUEST);
    assert_eq!(unkeyed.json["error"]["code"], "idempotency_key_required");
    assert_eq!(
        app.buyer_view(&order).await["claims"],
        json!([]),
        "nothing written"
    );
}
