//! The owner and the buyers' claims on both stores: the open claims with their orders and
//! photos, each photo and thumbnail served as a JPEG with headers that keep it from running as a
//! page, a resolution the buyer then sees in the lookup, a second resolution refused, and a
//! packer refused every claim route.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::claim_kit::{claim, damaged_with_photo, form, shipped, JPEG, PNG};
use crate::helpers::{Reply, TestApp};

const PACKER_TOKEN: &str = "packer-token-claims-5d0e9b7a31c2f846";

/// A team file with the packer Tashi.
fn team_file() -> (tempfile::TempDir, String) {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("team.toml");
    let hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(PACKER_TOKEN));
    let text =
        format!("[[member]]\nname = \"Tashi\"\nrole = \"packer\"\ntoken_sha256 = \"{hash}\"\n");
    std::fs::write(&path, text).unwrap();
    (dir, path.display().to_string())
}

async fn resolve(app: &TestApp, id: &Value, body: Value) -> Reply {
    let path = format!("/api/admin/claims/{}", id.as_str().unwrap());
    app.admin("POST", &path, Some(&body)).await
}

#[tokio::test]
async fn the_owner_sees_open_claims_with_their_order_and_photos_served_safely() {
    for app in TestApp::on_both_stores(20).await {
        let order = shipped(&app, "team-list").await;
        let two = form(&[
            ("kind", None, b"wrong"),
            ("photo", Some("a.png"), PNG),
            ("photo", Some("b"), JPEG),
        ]);
        let first = claim(&app, &order, "t-1", two).await;
        first.assert_status(StatusCode::CREATED, app.store);
        let second = claim(&app, &order, "t-2", damaged_with_photo()).await;
        resolve(&app, &second.json["id"], json!({"outcome": "resend"})).await;

        let list = app
            .admin("GET", "/api/admin/claims?status=open", None)
            .await;
        list.assert_status(StatusCode::OK, app.store);
        let claims = list.json["claims"].as_array().unwrap();
        assert_eq!(claims.len(), 1, "only the open one: {}", app.store);
        let c = &claims[0];
        assert_eq!(c["id"], first.json["id"]);
        assert_eq!(
            (&c["order_id"], &c["box_id"], &c["quantity"]),
            (&order["id"], &json!("5kg"), &json!(1))
        );
        assert_eq!(
            (&c["total_fen"], &c["buyer_name"]),
            (&json!(6800), &json!("Tashi Dorje"))
        );
        assert_eq!(c["photos"], 2, "{}", app.store);
        let urls: Vec<&str> = c["photo_urls"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u.as_str().unwrap())
            .collect();
        assert_eq!(urls.len(), 2);

        let sizes = [(urls[0].to_owned(), PNG), (urls[1].to_owned(), JPEG)];
        for (url, sent) in sizes
            .iter()
            .flat_map(|(url, sent)| [(url.clone(), sent), (format!("{url}/thumb"), sent)])
        {
            let photo = app.admin("GET", &url, None).await;
            assert_eq!(photo.status, StatusCode::OK, "{url}");
            assert_eq!(photo.content_type(), "image/jpeg", "kept re-encoded: {url}");
            assert_eq!(photo.headers["x-content-type-options"], "nosniff");
            assert_eq!(
                photo.headers["content-security-policy"],
                "default-src 'none'; sandbox"
            );
            assert_eq!(photo.headers["cache-control"], "private, no-store");
            let shown = image::load_from_memory_with_format(&photo.body, image::ImageFormat::Jpeg)
                .unwrap_or_else(|e| panic!("{url} is a JPEG: {e}"));
            let sent = image::load_from_memory(sent).unwrap();
            assert_eq!(
                (shown.width(), shown.height()),
                (sent.width(), sent.height()),
                "small photos keep their size: {url}"
            );
        }
        let missing = format!("{}/photos/3", urls[0].rsplit_once("/photos/").unwrap().0);
        assert_eq!(
            app.admin("GET", &missing, None).await.status,
            StatusCode::NOT_FOUND
        );
        let anyone = app.get(urls[0]).await;
        assert_eq!(
            anyone.status,
            StatusCode::UNAUTHORIZED,
            "photos are for the team only"
        );
    }
}

#[tokio::test]
async fn a_resolved_claim_shows_its_outcome_to_the_buyer_and_cannot_be_resolved_twice() {
    for app in TestApp::on_both_stores(20).await {
        let order = shipped(&app, "resolve").await;
        let filed = claim(&app, &order, "r-1", damaged_with_photo()).await;
        let id = &filed.json["id"];
        let over = resolve(&app, id, json!({"outcome": "refund", "refund_fen": 6801})).await;
        assert_eq!(
            over.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            app.store
        );
        assert!(over.json["error"]["fields"]["refund_fen"].is_string());
        let reasonless = resolve(&app, id, json!({"outcome": "rejected"})).await;
        assert!(
            reasonless.json["error"]["fields"]["message"].is_string(),
            "{}",
            reasonless.text()
        );
        let unknown = resolve(&app, id, json!({"outcome": "apologise"})).await;
        assert!(unknown.json["error"]["fields"]["outcome"].is_string());

        let body = json!({"outcome": "refund", "refund_fen": 2000, "message": "抱歉，退 20 元"});
        let done = resolve(&app, id, body.clone()).await;
        done.assert_status(StatusCode::OK, app.store);
        assert_eq!(
            (&done.json["status"], &done.json["outcome"]),
            (&json!("resolved"), &json!("refund"))
        );
        let again = resolve(&app, id, json!({"outcome": "resend"})).await;
        assert_eq!(again.status, StatusCode::CONFLICT, "{}", app.store);
        assert_eq!(again.json["error"]["code"], "claim_resolved");
        let nobody = resolve(&app, &json!("NOSUCHCLAIM1"), json!({"outcome": "resend"})).await;
        assert_eq!(nobody.status, StatusCode::NOT_FOUND);

        let seen = &app.buyer_view(&order).await["claims"][0];
        assert_eq!(
            (&seen["status"], &seen["outcome"], &seen["refund_fen"]),
            (&json!("resolved"), &json!("refund"), &json!(2000))
        );
        assert_eq!(seen["outcome_message"], "抱歉，退 20 元", "{}", app.store);
        assert!(seen["resolved_at"].is_string());
        assert!(
            seen.get("resolved_by").is_none(),
            "who resolved it is the team's"
        );
    }
}

#[tokio::test]
async fn a_packer_is_refused_every_claim_route() {
    let (_dir, path) = team_file();
    let app = TestApp::open_with(&["--team-file", &path, "--rate-limit-per-minute", "0"]).await;
    let order = shipped(&app, "packer").await;
    let filed = claim(&app, &order, "p-1", damaged_with_photo()).await;
    let id = filed.json["id"].as_str().unwrap();
    let bearer = format!("Bearer {PACKER_TOKEN}");
    let auth = [("Authorization", bearer.as_str())];
    let photo = format!("/api/admin/claims/{id}/photos/1");
    let thumb = format!("{photo}/thumb");
    let one = format!("/api/admin/claims/{id}");
    let body = json!({"outcome": "resend"});
    for (method, path, body) in [
        ("GET", "/api/admin/claims", None),
        ("GET", photo.as_str(), None),
        ("GET", thumb.as_str(), None),
        ("POST", one.as_str(), Some(&body)),
    ] {
        let reply = app.call(method, path, &auth, body).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{method} {path}");
        assert_eq!(reply.json["error"]["code"], "forbidden");
    }
}

#[tokio::test]
async fn the_claim_list_is_paged_and_refuses_a_bad_status() {
    let app = TestApp::open_sale(20, 10).await;
    let order = shipped(&app, "pages").await;
    for key in ["p1", "p2", "p3"] {
        claim(&app, &order, key, form(&[("kind", None, b"other")])).await;
    }
    let first = app.admin("GET", "/api/admin/claims?limit=2", None).await;
    assert_eq!(first.json["claims"].as_array().unwrap().len(), 2);
    let cursor = first.json["next_cursor"].as_str().unwrap();
    let next = app
        .admin(
            "GET",
            &format!("/api/admin/claims?limit=2&cursor={cursor}"),
            None,
        )
        .await;
    assert_eq!(next.json["claims"].as_array().unwrap().len(), 1);
    assert!(next.json["next_cursor"].is_null());
    let bad = app
        .admin("GET", "/api/admin/claims?status=closed", None)
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.json["error"]["fields"]["status"].is_string());
}
