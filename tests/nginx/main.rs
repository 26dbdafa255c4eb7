//! Debian's nginx running the shipped `deploy/nginx.conf` in front of the real `orchard-server`
//! (ignored by a plain `cargo test`; scripts/test.sh runs it with `--ignored`): the team's
//! biggest uploads and a buyer's claim with three phone photos (or three of the full 5 MiB)
//! pass, and a bulk move of exactly the server's limit reaches it; every location refuses a
//! body over its limit in the API's JSON before the body is sent; a stopped server is a JSON
//! 502 (a page for the pages); a ninth claim uploading at once from one address waits with a
//! JSON 503.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../common/mod.rs"]
mod common;
mod photos;
mod proxy;
mod raw;
mod shop;

use std::time::{Duration, Instant};

use common::{order_body, place, ADMIN_TOKEN};
use orchard::domain::{MAX_BULK_IDS, MAX_PHOTO_BYTES};
use raw::{post_start, read_answer};
use serde_json::{json, Value};
use shop::{
    assert_json_error, claim_form, courier_csv, unknown_id, Shop, BOUNDARY, DEFAULT_NGINX_BYTES,
    JSON_UTF8, MAX_BULK_BODY_BYTES, MAX_CLAIM_BODY_BYTES, MAX_CSV_BODY_BYTES,
};

/// How many real orders the team's uploads name (the rest of their lines name no order).
const ORDERS: usize = 30;

/// The ids of `orders` (201s' bodies).
fn ids_of(orders: &[Value]) -> Vec<String> {
    let id = |o: &Value| o["id"].as_str().unwrap().to_owned();
    orders.iter().map(id).collect()
}

#[tokio::test]
#[ignore = "runs Debian's nginx: scripts/test.sh runs it (cargo test --test nginx -- --ignored)"]
async fn a_10000_id_bulk_move_and_a_2_mib_courier_csv_pass_through_nginx() {
    let shop = Shop::open(ORDERS as u32);
    let ids = ids_of(&shop.place_orders(ORDERS).await);
    let mut named = ids.clone();
    named.extend((0..MAX_BULK_IDS - ORDERS).map(unknown_id));
    let body = json!({"ids": named, "from": "received", "status": "packed"});
    let body = serde_json::to_vec(&body).unwrap();
    let size = body.len();
    let moved = shop
        .post("/api/admin/orders/status", None, "application/json", body)
        .await;
    assert_eq!(
        (moved.status, moved.content_type.as_str()),
        (200, JSON_UTF8),
        "{}",
        moved.text
    );
    assert_eq!(moved.json()["moved"], json!(ids));
    let refused = moved.json()["refused"].as_object().unwrap().len();
    assert_eq!(refused, MAX_BULK_IDS - ORDERS);
    eprintln!(
        "bulk move of {MAX_BULK_IDS} ids ({size} B): {} in {:?}",
        moved.status, moved.took
    );

    // A move padded to exactly the server's limit reaches the server, which reads it.
    let one = json!({"ids": [unknown_id(0)], "from": "received", "status": "packed"});
    let mut body = serde_json::to_vec(&one).unwrap();
    body.resize(MAX_BULK_BODY_BYTES, b' ');
    let padded = shop
        .post("/api/admin/orders/status", None, "application/json", body)
        .await;
    let refused = padded.json()["refused"][unknown_id(0)].clone();
    assert_eq!((padded.status, refused), (200, json!("not_found")));

    let (csv, unknown) = courier_csv(&ids, MAX_CSV_BODY_BYTES);
    let size = csv.len();
    let shipped = shop
        .post("/api/admin/tracking-numbers", None, "text/csv", csv)
        .await;
    let start = &shipped.text[..shipped.text.len().min(300)];
    assert_eq!(
        (shipped.status, shipped.content_type.as_str()),
        (200, JSON_UTF8),
        "{start}"
    );
    assert_eq!(shipped.json()["shipped"], ORDERS);
    assert_eq!(
        shipped.json()["refused"].as_object().unwrap().len(),
        unknown
    );
    let lines = ORDERS + unknown;
    eprintln!(
        "courier CSV of {size} B ({lines} lines): {} in {:?}",
        shipped.status, shipped.took
    );
}

#[tokio::test]
#[ignore = "runs Debian's nginx: scripts/test.sh runs it (cargo test --test nginx -- --ignored)"]
async fn claims_with_three_phone_photos_or_three_of_the_full_5_mib_pass_through_nginx() {
    // Made before the shop opens: encoding takes seconds in a debug build, and a keep-alive
    // connection left idle past nginx's 15 s meanwhile would break under the next upload. One
    // picture, encoded once, sent as three photos that differ by a comment.
    let started = Instant::now();
    let picture = photos::phone_photo(1);
    let photos: Vec<Vec<u8>> = (1..=3)
        .map(|i| photos::padded_to(&picture, picture.len() + 100 * i))
        .collect();
    eprintln!("photo encoded in {:?}", started.elapsed());
    let shop = Shop::open(1);
    let order = shop.place_orders(1).await.remove(0);
    let (id, token) = (
        order["id"].as_str().unwrap(),
        order["token"].as_str().unwrap(),
    );
    shop.ship(id).await;

    let sizes: Vec<usize> = photos.iter().map(Vec::len).collect();
    for size in &sizes {
        assert!(
            (1_000_000..4_000_000).contains(size),
            "a phone's photo: {size} B"
        );
    }
    let path = format!("/api/orders/{id}/claims");
    let (w, h) = (photos::WIDTH, photos::HEIGHT);
    claim_is_filed(
        &shop,
        &path,
        token,
        &photos,
        &format!("3 photos of {w}×{h} ({sizes:?} B)"),
    )
    .await;

    // Three photos of the full 5 MiB (the same pictures with comments added): within 64 KiB of
    // the claim's limit, as the largest claim a buyer's phone can send.
    let largest: Vec<Vec<u8>> = photos
        .iter()
        .map(|p| photos::padded_to(p, MAX_PHOTO_BYTES))
        .collect();
    let size = claim_is_filed(&shop, &path, token, &largest, "3 photos of 5 MiB").await;
    assert!(size > MAX_CLAIM_BODY_BYTES - 64 * 1024 && size <= MAX_CLAIM_BODY_BYTES);
}

/// Sends a claim of `photos` through nginx, which must file it (201, JSON); prints what it took
/// and returns the body's size.
async fn claim_is_filed(
    shop: &Shop,
    path: &str,
    token: &str,
    photos: &[Vec<u8>],
    what: &str,
) -> usize {
    let form = claim_form(photos);
    let size = form.len();
    let multipart = format!("multipart/form-data; boundary={BOUNDARY}");
    let claim = shop.post(path, Some(token), &multipart, form).await;
    assert_eq!(
        (claim.status, claim.content_type.as_str()),
        (201, JSON_UTF8),
        "{}",
        claim.text
    );
    eprintln!(
        "claim with {what} ({size} B in all): {} in {:?}",
        claim.status, claim.took
    );
    size
}

#[tokio::test]
#[ignore = "runs Debian's nginx: scripts/test.sh runs it (cargo test --test nginx -- --ignored)"]
async fn each_location_refuses_a_body_over_its_limit_in_json_before_it_is_sent() {
    let shop = Shop::open(5);
    let claims = "/api/orders/7KQ2M9XD4PRA/claims";
    let routes = [
        ("/api/orders", "application/json", DEFAULT_NGINX_BYTES),
        (
            "/api/admin/orders/status",
            "application/json",
            MAX_BULK_BODY_BYTES,
        ),
        (
            "/api/admin/tracking-numbers",
            "text/csv",
            MAX_CSV_BODY_BYTES,
        ),
        (
            "/api/admin/boxes/5kg/shortfall",
            "application/json",
            MAX_BULK_BODY_BYTES,
        ),
        (
            claims,
            "multipart/form-data; boundary=b",
            MAX_CLAIM_BODY_BYTES,
        ),
    ];
    for (path, content_type, limit) in routes {
        let headers = [
            format!("Content-Type: {content_type}"),
            format!("Authorization: Bearer {ADMIN_TOKEN}"),
        ];
        // Announced, never sent: only nginx can answer for a body it has not received.
        let mut stream = post_start(&shop.nginx.base, path, &headers, limit + 1, 0).await;
        let answer = read_answer(&mut stream).await;
        let content_type = answer.header("content-type").unwrap_or_default();
        assert_json_error(
            413,
            "payload_too_large",
            answer.status,
            content_type,
            &answer.json(),
        );
        assert_eq!(answer.header("cache-control"), Some("no-store"), "{path}");
    }
    // A client that sends its whole body anyway reads the same answer.
    let body = vec![b' '; MAX_BULK_BODY_BYTES + 1];
    let over = shop
        .post("/api/admin/orders/status", None, "application/json", body)
        .await;
    over.assert_error(413, "payload_too_large");
}

#[tokio::test]
#[ignore = "runs Debian's nginx: scripts/test.sh runs it (cargo test --test nginx -- --ignored)"]
async fn a_stopped_server_is_a_json_502_with_retry_after_and_a_page_in_three_languages() {
    let mut shop = Shop::open(5);
    assert_eq!(shop.get("/api/storefront").await.status, 200);
    shop.server.kill();
    let storefront = shop.get("/api/storefront").await;
    storefront.assert_error(502, "unavailable");
    assert_eq!(storefront.retry_after.as_deref(), Some("5"));
    let order = serde_json::to_vec(&order_body("5kg", 1)).unwrap();
    let order = shop
        .post("/api/orders", None, "application/json", order)
        .await;
    order.assert_error(502, "unavailable");
    assert_eq!(order.retry_after.as_deref(), Some("5"));

    let page = shop.get("/").await;
    let html = (page.status, page.content_type.as_str());
    assert_eq!(html, (502, "text/html; charset=utf-8"));
    assert_eq!(page.retry_after.as_deref(), Some("5"));
    for words in ["请稍候", "One moment", "Un instant"] {
        assert!(page.text.contains(words), "{words} in {}", page.text);
    }
}

#[tokio::test]
#[ignore = "runs Debian's nginx: scripts/test.sh runs it (cargo test --test nginx -- --ignored)"]
async fn a_ninth_claim_uploading_at_once_from_one_address_waits_with_a_json_503_and_orders_pass() {
    let shop = Shop::open(5);
    let path = "/api/orders/7KQ2M9XD4PRA/claims";
    let headers = [
        format!("Content-Type: multipart/form-data; boundary={BOUNDARY}"),
        "Authorization: Bearer t".into(),
    ];
    // nginx says so in its error log (warn) as it starts keeping a body on its disk.
    let buffered = "a client request body is buffered to a temporary file";
    let mut uploads = Vec::new();
    for n in 1..=8 {
        // 256 KiB of 4 MiB sent: nginx keeps reading, and the upload counts until it ends.
        uploads.push(post_start(&shop.nginx.base, path, &headers, 4 << 20, 256 << 10).await);
        let deadline = Instant::now() + Duration::from_secs(20);
        while shop.nginx.logs().matches(buffered).count() < n {
            let logs = shop.nginx.logs();
            assert!(
                Instant::now() < deadline,
                "upload {n} not on nginx's disk: {logs}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    let mut ninth = post_start(&shop.nginx.base, path, &headers, 4 << 20, 0).await;
    let answer = read_answer(&mut ninth).await;
    let content_type = answer.header("content-type").unwrap_or_default();
    assert_json_error(
        503,
        "overloaded",
        answer.status,
        content_type,
        &answer.json(),
    );
    assert_eq!(answer.header("retry-after"), Some("1"));
    // Only uploads count: a GET of the same path still reaches the server (which has no such
    // route: 405).
    shop.get(path).await.assert_error(405, "method_not_allowed");

    let body = order_body("5kg", 1);
    let (status, order) = place(&shop.client, &shop.nginx.base, "same-address", &body)
        .await
        .unwrap();
    assert_eq!(
        status, 201,
        "a buyer at the same address still orders: {order}"
    );
    drop(uploads);
}
