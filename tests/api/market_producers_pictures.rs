//! A producer's picture uploaded from a phone (issue #28), on both stores: the owner sends a
//! photo carrying EXIF (a camera serial, a GPS position) and gets its address back; every size
//! the answer's `srcset` names (240, 800 and 1600 px) is a JPEG without that metadata, served to
//! anyone with a year's cache; the picture becomes the storefront's by a content edit; a packer
//! and a file that is not a photo are refused; a picture another upload replaces is deleted in
//! every size.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use image::GenericImageView;
use serde_json::{json, Value};

use crate::claim_kit::{form, BOUNDARY};
use crate::claims_photos::{exif_app1, jpeg_of, markers, splice_after_soi, SERIAL};
use crate::helpers::{Reply, TestApp};
use crate::market_kit::{as_member, on_both_stores, DROLMA_OWNER, DROLMA_PACKER};

const PICTURES: &str = "/api/producers/drolma/admin/pictures";

async fn upload(app: &TestApp, token: &str, photo: &[u8]) -> Reply {
    let req = Request::post(PICTURES)
        .header("Authorization", format!("Bearer {token}"))
        .header(
            "Content-Type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(Body::from(form(&[("photo", Some("tree.jpg"), photo)])))
        .unwrap();
    app.send(req).await
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn a_phone_photo_comes_back_in_three_sizes_without_its_exif_and_becomes_the_picture() {
    let sent = splice_after_soi(&jpeg_of(2400, 1600), &exif_app1());
    assert!(contains(&sent, SERIAL), "the upload carries its EXIF");
    for app in on_both_stores().await {
        let s = app.store;
        let stored = upload(&app, DROLMA_OWNER, &sent).await;
        stored.assert_status(StatusCode::CREATED, s);
        let url = stored.json["url"].as_str().unwrap().to_owned();
        assert!(
            url.starts_with("/api/producers/drolma/pictures/"),
            "{s}: {url}"
        );
        let srcset = stored.json["srcset"].as_str().unwrap();
        let sizes: Vec<(&str, u32)> = srcset
            .split(", ")
            .map(|item| {
                let (at, w) = item.split_once(' ').unwrap();
                (at, w.trim_end_matches('w').parse().unwrap())
            })
            .collect();
        assert_eq!(
            sizes.iter().map(|(_, w)| *w).collect::<Vec<_>>(),
            [240, 800, 1600],
            "{s}"
        );
        assert_eq!(sizes[2].0, url, "{s}");
        for (at, width) in &sizes {
            let got = app.get(at).await;
            got.assert_status(StatusCode::OK, s);
            assert_eq!(got.content_type(), "image/jpeg", "{s}");
            assert_eq!(
                got.headers["cache-control"],
                "public, max-age=31536000, immutable"
            );
            assert!(
                !contains(&got.body, SERIAL) && !contains(&got.body, b"Exif"),
                "{s}: {at}"
            );
            assert!(
                !markers(&got.body).contains(&0xE1),
                "{s}: no APP1 segment in {at}"
            );
            let image = image::load_from_memory(&got.body).unwrap();
            assert_eq!(image.dimensions().0, *width, "{s}: {at}");
        }
        let missing = app.get("/api/producers/drolma/pictures/1-240.jpg").await;
        missing.assert_status(StatusCode::NOT_FOUND, s);
        let edit = serde_json::json!({"media": {"picture": url}});
        let path = "/api/producers/drolma/admin/content";
        let edited = as_member(&app, DROLMA_OWNER, "PUT", path, Some(&edit)).await;
        edited.assert_status(StatusCode::OK, s);
        let market = app.get("/api/market").await.json;
        assert_eq!(market["producers"][0]["picture"], url, "{s}");
    }
}

#[tokio::test]
async fn a_packer_and_a_file_that_is_not_a_photo_are_refused() {
    for app in on_both_stores().await {
        let s = app.store;
        let packer = upload(&app, DROLMA_PACKER, &jpeg_of(64, 64)).await;
        packer.assert_status(StatusCode::FORBIDDEN, s);
        let text = upload(&app, DROLMA_OWNER, b"just some words, not a photo").await;
        text.assert_status(StatusCode::UNPROCESSABLE_ENTITY, s);
        assert!(text.json["error"]["fields"]["photo"].is_string(), "{s}");
    }
}

#[tokio::test]
async fn a_picture_no_larger_than_the_small_size_is_kept_once_at_its_own_width() {
    for app in on_both_stores().await {
        let s = app.store;
        let stored = upload(&app, DROLMA_OWNER, &jpeg_of(96, 64)).await;
        stored.assert_status(StatusCode::CREATED, s);
        let url = stored.json["url"].as_str().unwrap();
        assert_eq!(stored.json["srcset"], format!("{url} 96w"), "{s}");
        let served = app.get(url).await;
        served.assert_status(StatusCode::OK, s);
    }
}

/// Every address `srcset` names.
fn sizes(srcset: &Value) -> Vec<String> {
    let srcset = srcset.as_str().unwrap();
    srcset
        .split(", ")
        .map(|item| item.split_once(' ').unwrap().0.to_owned())
        .collect()
}

#[tokio::test]
async fn a_picture_replaced_by_another_upload_is_deleted_in_every_size_and_the_new_one_served() {
    for app in on_both_stores().await {
        let s = app.store;
        let path = "/api/producers/drolma/admin/content";
        let mut shown = Vec::new();
        for (w, h) in [(1200, 900), (900, 1200)] {
            let stored = upload(&app, DROLMA_OWNER, &jpeg_of(w, h)).await;
            stored.assert_status(StatusCode::CREATED, s);
            let edit = json!({"media": {"picture": stored.json["url"]}});
            let edited = as_member(&app, DROLMA_OWNER, "PUT", path, Some(&edit)).await;
            edited.assert_status(StatusCode::OK, s);
            shown.push(sizes(&stored.json["srcset"]));
        }
        for old in &shown[0] {
            let gone = app.get(old).await.status;
            assert_eq!(gone, StatusCode::NOT_FOUND, "{s}: {old}");
        }
        for new in &shown[1] {
            let served = app.get(new).await;
            served.assert_status(StatusCode::OK, s);
        }
        // An edit that keeps the picture deletes nothing.
        let greeting = json!({"greeting": "Tashi delek"});
        as_member(&app, DROLMA_OWNER, "PUT", path, Some(&greeting))
            .await
            .assert_status(StatusCode::OK, s);
        for new in &shown[1] {
            app.get(new).await.assert_status(StatusCode::OK, s);
        }
    }
}
