//! The team's reads on a shop of 30,000 orders (issue #15): how long the summary, a search, the
//! first page, the pick list and the whole CSV take. A benchmark that prints numbers, not a test.
//!
//! ```sh
//! cargo build --release --bin orchard-server
//! cargo run --release --example team_bench -- [orders (30000)]
//! ORCHARD_BENCH_DATABASE=postgres://… cargo run --release --example team_bench  # on PostgreSQL
//! ```
//!
//! It starts the release server (as `examples/load` does) on a fresh database, places the orders
//! through the API (32 at a time; names, phones and tags vary), then times each read 7 times and
//! prints the fastest and the median, in ms, as the team's phone would wait for them (loopback).

// The benchmark drives a native server with native crates; for wasm32 the example is empty.
#[cfg(not(target_arch = "wasm32"))]
#[allow(dead_code)]
#[path = "load/server.rs"]
mod server;

#[cfg(not(target_arch = "wasm32"))]
#[tokio::main]
async fn main() {
    use std::time::Instant;

    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("a number of orders"))
        .unwrap_or(30_000);
    let database = std::env::var("ORCHARD_BENCH_DATABASE").ok();
    let server = server::Server::start_on(database.as_deref(), &[]);
    let client = reqwest::Client::new();
    let started = Instant::now();
    fill(&client, &server.base, n).await;
    println!(
        "placed {n} orders in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let reads = [
        ("summary", "/api/admin/summary".to_owned()),
        ("first page (50)", "/api/admin/orders".to_owned()),
        (
            "first page, status=received",
            "/api/admin/orders?status=received".to_owned(),
        ),
        (
            "first page, ref=tag3",
            "/api/admin/orders?ref=tag3".to_owned(),
        ),
        (
            "search a name",
            "/api/admin/orders?q=Buyer%2012345".to_owned(),
        ),
        (
            "search phone digits",
            "/api/admin/orders?q=0012345".to_owned(),
        ),
        (
            "search an unknown id",
            "/api/admin/orders?q=ZZZZZZZZZZZZ".to_owned(),
        ),
        ("page 100 (cursor)", String::new()),
        ("pick list", "/api/admin/picklist".to_owned()),
        ("whole CSV", "/api/admin/orders.csv".to_owned()),
    ];
    println!(
        "{:<30} {:>9} {:>9} {:>10}",
        "read", "min ms", "median ms", "bytes"
    );
    for (name, path) in reads {
        let path = if path.is_empty() {
            deep_page_path(&client, &server.base, 100).await
        } else {
            path
        };
        let mut times = Vec::new();
        let mut bytes = 0;
        for _ in 0..7 {
            let start = Instant::now();
            let body = get(&client, &server.base, &path).await;
            times.push(start.elapsed().as_secs_f64() * 1000.0);
            bytes = body.len();
        }
        times.sort_by(f64::total_cmp);
        println!("{name:<30} {:>9.1} {:>9.1} {bytes:>10}", times[0], times[3]);
    }
}

/// Places `n` orders, 32 at a time.
#[cfg(not(target_arch = "wasm32"))]
async fn fill(client: &reqwest::Client, base: &str, n: usize) {
    let url = format!("{base}/api/orders");
    let run: u32 = rand::random();
    let workers: Vec<_> = (0..32)
        .map(|w| {
            let (client, url) = (client.clone(), url.clone());
            tokio::spawn(async move {
                for i in (w..n).step_by(32) {
                    let body = serde_json::json!({
                        "box_id": "5kg", "quantity": 1 + i % 3, "name": format!("Buyer {i}"),
                        "phone": format!("138{i:08}"), "address": "12 Chunxi Road, Chengdu",
                        "ref": format!("tag{}", i % 7),
                    });
                    let r = client
                        .post(&url)
                        .header("idempotency-key", format!("bench-{run:x}-{i}"))
                        .json(&body)
                        .send()
                        .await
                        .expect("the server answers");
                    assert_eq!(r.status().as_u16(), 201, "{}", r.text().await.unwrap());
                }
            })
        })
        .collect();
    for w in workers {
        w.await.unwrap();
    }
}

/// `GET path` as the admin; the body.
#[cfg(not(target_arch = "wasm32"))]
async fn get(client: &reqwest::Client, base: &str, path: &str) -> bytes::Bytes {
    let r = client
        .get(format!("{base}{path}"))
        .bearer_auth(server::ADMIN_TOKEN)
        .send()
        .await
        .expect("the server answers");
    assert!(r.status().is_success(), "{path}: {}", r.status());
    r.bytes().await.unwrap()
}

/// The path of page `page` of the list, following the cursors.
#[cfg(not(target_arch = "wasm32"))]
async fn deep_page_path(client: &reqwest::Client, base: &str, page: usize) -> String {
    let mut path = "/api/admin/orders".to_owned();
    for _ in 1..page {
        let body = get(client, base, &path).await;
        let list: serde_json::Value = serde_json::from_slice(&body).unwrap();
        match list["next_cursor"].as_str() {
            Some(c) => path = format!("/api/admin/orders?cursor={c}"),
            None => break,
        }
    }
    path
}

#[cfg(target_arch = "wasm32")]
fn main() {}
