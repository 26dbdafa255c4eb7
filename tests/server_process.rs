//! The real `orchard-server` binary on a free port with a temporary database: the storefront
//! against the content file, bad content files, races for the last boxes and for one key, and
//! orders that survive `kill -9`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::process::Command;
use std::sync::Arc;

use common::{
    admin_get, buyers_race, client, id_and_token, one_key_race, order_body, place, Sandbox,
};
use serde_json::Value;

async fn storefront(base: &str) -> Value {
    reqwest::get(format!("{base}/api/storefront"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_storefront_serves_what_the_content_file_says() {
    let file = std::fs::read_to_string("content/drolma.toml").unwrap();
    let sandbox = Sandbox::new(&file);
    let server = sandbox.spawn(&[]);
    let s = storefront(&server.base).await;
    let content: toml::Value = toml::from_str(&file).unwrap();
    let boxes = content["boxes"].as_array().unwrap();
    assert_eq!(s["boxes"].as_array().unwrap().len(), boxes.len());
    for (served, listed) in s["boxes"].as_array().unwrap().iter().zip(boxes) {
        assert_eq!(served["id"].as_str(), listed["id"].as_str());
        assert_eq!(
            served["weight_kg"].as_i64(),
            listed["weight_kg"].as_integer()
        );
        assert_eq!(
            served["price_fen"].as_i64(),
            listed["price_fen"].as_integer()
        );
        assert_eq!(served["available"].as_i64(), listed["stock"].as_integer());
    }
    let utc = |local: &str| {
        let t = time::OffsetDateTime::parse(local, &time::format_description::well_known::Rfc3339)
            .unwrap();
        t.to_offset(time::UtcOffset::UTC)
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap()
    };
    assert_eq!(
        s["sale"]["opens_at"].as_str().unwrap(),
        utc(content["sale"]["opens_at"].as_str().unwrap())
    );
    assert_eq!(
        s["sale"]["harvest_at"].as_str().unwrap(),
        utc(content["sale"]["harvest_at"].as_str().unwrap())
    );
    assert_eq!(
        s["impact"]["kg_per_family"].as_i64(),
        content["impact"]["kg_per_family"].as_integer()
    );
    assert_eq!(s["impact"]["orders"], 0);
    assert_eq!(s["impact"]["families_lifted"], 0);
    assert_eq!(s["producer"]["name"]["en"], "Drolma");
    assert!(s["server_time"].as_str().unwrap().ends_with('Z'));
    let health = reqwest::get(server.url("/healthz")).await.unwrap();
    assert_eq!(health.status(), 200);
}

#[test]
fn a_missing_or_invalid_content_file_is_a_clear_error_with_exit_code_2() {
    let run = |content: &str| {
        let out = Command::new(env!("CARGO_BIN_EXE_orchard-server"))
            .args([
                "--addr",
                "127.0.0.1:0",
                "--database",
                "sqlite::memory:",
                "--content",
                content,
            ])
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, err) = run("/nonexistent/drolma.toml");
    assert_eq!(code, Some(2));
    assert!(
        err.contains("/nonexistent/drolma.toml") && err.contains("cannot be read"),
        "{err}"
    );
    assert!(!err.contains("panicked"));

    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            common::content_toml("not a time", None, 1, 1),
            "sale.opens_at",
        ),
        (
            common::content_toml(&common::at(0), None, 1, 1)
                .replace("id = \"5kg\"", "id = \"5 KG\""),
            "boxes[0].id",
        ),
        (
            common::content_toml(&common::at(0), None, 1, 1).replace("kg_per_family = 2000", ""),
            "kg_per_family",
        ),
        (
            // Above Money::MAX_PRICE: twenty boxes of it must fit in the order's total.
            common::content_toml(&common::at(0), None, 1, 1)
                .replace("price_fen = 6800", "price_fen = 100000001"),
            "boxes[0].price_fen",
        ),
    ];
    for (text, key) in cases {
        let path = dir.path().join("bad.toml");
        std::fs::write(&path, text).unwrap();
        let (code, err) = run(path.to_str().unwrap());
        assert_eq!(code, Some(2), "{err}");
        assert!(
            err.contains("bad.toml") && err.contains(key),
            "{key}: {err}"
        );
    }
}

#[test]
fn a_guessable_admin_token_stops_the_server_with_a_way_to_make_a_good_one() {
    let sandbox = Sandbox::open_sale(1, 1);
    let out = Command::new(env!("CARGO_BIN_EXE_orchard-server"))
        .args(sandbox.args())
        .args(["--addr", "127.0.0.1:0"])
        .env("ORCHARD_ADMIN_TOKEN", "x".repeat(31))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("ORCHARD_ADMIN_TOKEN")
            && err.contains("at least 32")
            && err.contains("/dev/urandom"),
        "{err}"
    );
    assert!(
        !err.contains(&"x".repeat(31)),
        "the token itself is never printed"
    );
}

#[tokio::test]
async fn two_hundred_buyers_for_fifty_boxes_make_exactly_fifty_orders() {
    let sandbox = Sandbox::open_sale(50, 0);
    let server = sandbox.spawn(&["--rate-limit-per-minute", "0"]);
    let client = client();
    let (created, refused) = buyers_race(&client, std::slice::from_ref(&server.base), 200).await;
    assert_eq!((created, refused), (50, 150));
    let s = storefront(&server.base).await;
    assert_eq!(s["boxes"][0]["available"], 0);
    assert_eq!(s["sale"]["state"], "sold_out");
    let orders = admin_get(&client, server.url("/api/admin/orders")).await;
    assert_eq!(orders["total"], 50);
}

#[tokio::test]
async fn twenty_requests_with_one_key_at_once_make_one_order() {
    let sandbox = Sandbox::open_sale(100, 0);
    let server = sandbox.spawn(&["--rate-limit-per-minute", "0"]);
    let client = client();
    let bases = [server.base.clone()];
    let ids = one_key_race(&client, &bases, 20, "the-same-key", &order_body("5kg", 2)).await;
    assert_eq!(ids.len(), 1, "every success names the same order");
    assert_eq!(storefront(&server.base).await["boxes"][0]["available"], 98);
    let (status, again) = place(&client, &server.base, "the-same-key", &order_body("5kg", 2))
        .await
        .unwrap();
    assert_eq!(status, 201);
    assert!(ids.contains(&id_and_token(&again)));
}

#[tokio::test]
async fn every_acknowledged_order_survives_kill_9_and_no_stock_is_lost() {
    const INITIAL: u64 = 100_000;
    let sandbox = Sandbox::open_sale(INITIAL as u32, 0);
    let mut server = sandbox.spawn(&["--rate-limit-per-minute", "0"]);
    let client = client();
    let base = Arc::new(server.base.clone());
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let buyers: Vec<_> = (0..32)
        .map(|b| {
            let (client, base, stop) = (client.clone(), base.clone(), stop.clone());
            tokio::spawn(async move {
                let mut acknowledged = Vec::new();
                for i in 0.. {
                    if stop.load(std::sync::atomic::Ordering::Relaxed) {
                        break;
                    }
                    match place(
                        &client,
                        &base,
                        &format!("crash-{b}-{i}"),
                        &order_body("5kg", 1 + (i % 3)),
                    )
                    .await
                    {
                        Ok((201, v)) => acknowledged.push(v),
                        Ok(other) => panic!("unexpected answer {other:?}"),
                        Err(_) => break, // the server died under us
                    }
                }
                acknowledged
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    server.kill(); // SIGKILL, mid-load
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut acknowledged = Vec::new();
    for b in buyers {
        acknowledged.extend(b.await.unwrap());
    }
    assert!(
        acknowledged.len() > 10,
        "the load ran before the kill ({} orders)",
        acknowledged.len()
    );

    let server = sandbox.spawn(&[]);
    for o in &acknowledged {
        let r = client
            .get(server.url(&format!("/api/orders/{}", o["id"].as_str().unwrap())))
            .bearer_auth(o["token"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            200,
            "order {} was acknowledged, so it must be there",
            o["id"]
        );
    }
    // The summary counts every order; the list would page them.
    let summary = admin_get(&client, server.url("/api/admin/summary")).await;
    assert_eq!(summary["boxes"][0]["id"], "5kg");
    let ordered = summary["boxes"][0]["ordered"].as_u64().unwrap();
    let left = storefront(&server.base).await["boxes"][0]["available"]
        .as_u64()
        .unwrap();
    assert_eq!(
        left + ordered,
        INITIAL,
        "stock plus ordered quantity is the initial stock"
    );
    assert!(summary["orders"].as_u64().unwrap() >= acknowledged.len() as u64);
}

#[tokio::test]
async fn restarting_with_the_same_content_never_resets_the_stock() {
    let sandbox = Sandbox::open_sale(10, 0);
    let server = sandbox.spawn(&[]);
    let (status, _) = place(
        &client(),
        &server.base,
        "before-restart",
        &order_body("5kg", 4),
    )
    .await
    .unwrap();
    assert_eq!(status, 201);
    drop(server);
    let server = sandbox.spawn(&[]);
    let s = storefront(&server.base).await;
    assert_eq!(s["boxes"][0]["available"], 6);
    assert_eq!(s["impact"]["kg_sold"], 20);
}
