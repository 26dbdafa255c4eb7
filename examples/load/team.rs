//! The team's side at a viral day's scale (issue #15): a shop filled with N orders (30,000 by
//! default), then what a helper's phone asks of it, timed from this process over loopback:
//! the first page of the list (and its bytes on the wire), the summary, searches of each kind,
//! paging through 1,000 orders, the pick list, a bulk move of 5,000 orders, and the CSV export
//! with the server's resident memory before and after.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::server::{Server, ADMIN_TOKEN};

/// Timings of one kind of request: median and worst, in milliseconds.
fn line(what: &str, mut ms: Vec<f64>, extra: &str) {
    ms.sort_by(f64::total_cmp);
    let median = ms[ms.len() / 2];
    let p99 = ms[(ms.len() * 99 / 100).min(ms.len() - 1)];
    println!(
        "   {what:<44} median {median:7.2} ms  p99 {p99:7.2} ms  ({} runs){extra}",
        ms.len()
    );
}

/// The server's resident memory now (VmRSS), in MB.
fn rss_mb(server: &Server) -> f64 {
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", server.child.id())).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// Fills the shop with `n` orders from 64 buyers at once, each a different name, phone and tag.
async fn fill(server: &Server, n: u64) -> Duration {
    let client = reqwest::Client::new();
    let next = Arc::new(AtomicU64::new(0));
    let run: u32 = rand::random();
    let start = Instant::now();
    let buyers: Vec<_> = (0..64)
        .map(|_| {
            let (client, next) = (client.clone(), next.clone());
            let url = format!("{}/api/orders", server.base);
            tokio::spawn(async move {
                let mut placed = 0;
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    if k >= n {
                        return placed;
                    }
                    let body = json!({
                        "box_id": if k % 3 == 0 { "10kg" } else { "5kg" },
                        "quantity": 1 + k % 3,
                        "name": format!("买家{k}"),
                        "phone": format!("13{k:09}"),
                        "address": format!("成都市锦江区春熙路{}号", k % 500),
                        "ref": format!("group-{}", k % 20),
                    });
                    let response = client
                        .post(&url)
                        .header("idempotency-key", format!("team-{run:x}-{k}"))
                        .json(&body)
                        .send()
                        .await
                        .expect("the server answers");
                    assert_eq!(
                        response.status(),
                        201,
                        "order {k}: {:?}",
                        response.text().await
                    );
                    placed += 1;
                }
            })
        })
        .collect();
    let mut placed = 0;
    for buyer in buyers {
        placed += buyer.await.unwrap();
    }
    assert_eq!(placed, n, "every order of the fill was placed");
    start.elapsed()
}

struct Team {
    client: reqwest::Client,
    base: String,
}

impl Team {
    /// `GET path` with the owner's token: the time, the body's bytes as sent and its JSON.
    async fn get(&self, path: &str, encoding: &str) -> (f64, usize, Value) {
        let sent = Instant::now();
        let response = self
            .client
            .get(format!("{}{path}", self.base))
            .bearer_auth(ADMIN_TOKEN)
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "{path}: {}",
            response.status()
        );
        let compressed = response.headers().contains_key("content-encoding");
        let body = response.bytes().await.unwrap();
        let ms = sent.elapsed().as_secs_f64() * 1000.0;
        let json = if compressed {
            Value::Null
        } else {
            serde_json::from_slice(&body).unwrap_or(Value::Null)
        };
        (ms, body.len(), json)
    }

    async fn times(&self, path: &str, runs: usize) -> Vec<f64> {
        let mut ms = Vec::with_capacity(runs);
        for _ in 0..runs {
            ms.push(self.get(path, "identity").await.0);
        }
        ms
    }

    /// The ids of the first `n` orders in `status`, newest first, 200 a page.
    async fn ids(&self, status: &str, n: usize) -> Vec<String> {
        let mut ids = Vec::new();
        let mut cursor = String::new();
        while ids.len() < n {
            let path = format!("/api/admin/orders?status={status}&limit=200{cursor}");
            let (_, _, page) = self.get(&path, "identity").await;
            for o in page["orders"].as_array().unwrap() {
                ids.push(o["id"].as_str().unwrap().to_owned());
            }
            match page["next_cursor"].as_str() {
                Some(c) => cursor = format!("&cursor={c}"),
                None => break,
            }
        }
        ids.truncate(n);
        ids
    }
}

/// The whole run, on SQLite or on the PostgreSQL database `database`.
pub async fn run(orders: u64, csv_orders: u64, database: Option<&str>) {
    let server = Server::start_on(database, &[]);
    let store = if database.is_some() {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let filled = fill(&server, orders).await;
    println!(
        "team side on {store}: {orders} orders placed in {:.1} s",
        filled.as_secs_f64()
    );
    let team = Team {
        client: reqwest::Client::builder()
            .timeout(Duration::from_secs(300))
            .build()
            .unwrap(),
        base: server.base.clone(),
    };

    let (_, plain, _) = team.get("/api/admin/orders", "identity").await;
    let (_, gzip, _) = team.get("/api/admin/orders", "gzip").await;
    let (_, br, _) = team.get("/api/admin/orders", "br, gzip").await;
    println!("   first page (50 orders): {plain} B plain, {gzip} B gzip, {br} B brotli");
    line(
        "GET /api/admin/orders (first page)",
        team.times("/api/admin/orders", 50).await,
        "",
    );
    line(
        "GET /api/admin/summary",
        team.times("/api/admin/summary", 50).await,
        "",
    );
    for (what, q) in [
        (
            "search by order id prefix",
            "q=".to_owned() + &team.ids("received", 1).await[0][..6],
        ),
        ("search by name", "q=买家2999".to_owned()),
        ("search by phone digits", "q=0000299".to_owned()),
        ("search that finds nothing", "q=nobody".to_owned()),
    ] {
        let path = format!("/api/admin/orders?{q}");
        let (_, _, found) = team.get(&path, "identity").await;
        let extra = format!(", {} found", found["total"]);
        line(what, team.times(&path, 50).await, &extra);
    }
    line(
        "GET /api/admin/picklist",
        team.times("/api/admin/picklist", 50).await,
        "",
    );

    let mut pages = Vec::new();
    let mut cursor = String::new();
    for _ in 0..20 {
        let sent = Instant::now();
        let (_, _, page) = team
            .get(&format!("/api/admin/orders?limit=50{cursor}"), "identity")
            .await;
        pages.push(sent.elapsed().as_secs_f64() * 1000.0);
        cursor = format!("&cursor={}", page["next_cursor"].as_str().unwrap());
    }
    line("paging through 1,000 orders (a page of 50)", pages, "");

    let ids = team.ids("received", 5_000).await;
    let body = json!({"ids": ids, "from": "received", "status": "packed"});
    let sent = Instant::now();
    let answer: Value = team
        .client
        .post(format!("{}/api/admin/orders/status", team.base))
        .bearer_auth(ADMIN_TOKEN)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bulk = sent.elapsed().as_secs_f64() * 1000.0;
    println!(
        "   bulk move of {} orders received -> packed: {bulk:.0} ms, {} moved, {} refused",
        ids.len(),
        answer["moved"].as_array().map_or(0, Vec::len),
        answer["refused"].as_object().map_or(0, |r| r.len())
    );

    if csv_orders > orders {
        let more = fill(&server, csv_orders - orders).await;
        println!(
            "   {} more orders placed in {:.1} s for the export",
            csv_orders - orders,
            more.as_secs_f64()
        );
    }
    let before = rss_mb(&server);
    let sent = Instant::now();
    let mut response = team
        .client
        .get(format!("{}/api/admin/orders.csv", team.base))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    let (mut bytes, mut peak) = (0usize, before);
    while let Some(chunk) = response.chunk().await.unwrap() {
        bytes += chunk.len();
        peak = peak.max(rss_mb(&server));
    }
    println!(
        "   CSV export of {} orders: {bytes} B in {:.0} ms; server RSS {before:.1} MB before, {peak:.1} MB at most during it (+{:.1} MB)",
        orders.max(csv_orders),
        sent.elapsed().as_secs_f64() * 1000.0,
        peak - before
    );
}
