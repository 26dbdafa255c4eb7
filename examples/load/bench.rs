//! The benchmark itself (native only; see main.rs).

#[path = "args.rs"]
mod args;
#[path = "claim_body.rs"]
mod claim_body;
#[path = "claims.rs"]
mod claims;
#[path = "market.rs"]
mod market;
#[path = "market_drive.rs"]
mod market_drive;
#[path = "market_fill.rs"]
mod market_fill;
#[path = "market_scale.rs"]
mod market_scale;
#[path = "paying.rs"]
mod paying;
#[path = "postgres.rs"]
mod postgres;
#[path = "report.rs"]
mod report;
#[path = "server.rs"]
mod server;
#[path = "slow.rs"]
mod slow;
#[path = "team.rs"]
mod team;
#[path = "../../tests/wechat_sim/sim.rs"]
mod wechat_sim;

use std::sync::Arc;
use std::time::{Duration, Instant};

use args::args;
use report::{print_cpu, summary, Tally};
use server::{cpu_ticks, Server, ADMIN_TOKEN, INITIAL_STOCK};

/// Drives `buyers` loops of `one` for `seconds`; `one(client, buyer, n)` sends one request. With
/// `honour_retry_after`, a buyer answered 503 waits a second (the `Retry-After`) before the next.
pub(crate) async fn drive<F, Fut>(
    buyers: usize,
    seconds: u64,
    honour_retry_after: bool,
    one: F,
) -> (Tally, Duration)
where
    F: Fn(reqwest::Client, usize, u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<(u16, u64), reqwest::Error>> + Send,
{
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(buyers)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let one = Arc::new(one);
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..buyers)
        .map(|buyer| {
            let (client, one) = (client.clone(), one.clone());
            tokio::spawn(async move {
                let mut t = Tally::default();
                let mut n = 0;
                while Instant::now() < deadline {
                    let sent = Instant::now();
                    let status = t.record(sent, one(client.clone(), buyer, n).await);
                    n += 1;
                    if honour_retry_after && status == Some(503) {
                        tokio::time::sleep(Duration::from_secs(1)).await;
                    }
                }
                t
            })
        })
        .collect();
    let mut total = Tally::default();
    for task in tasks {
        total.merge(task.await.unwrap());
    }
    (total, start.elapsed())
}

/// One order with a new idempotency key: its status, and 1 if it was acknowledged.
pub(crate) fn place_order(
    client: &reqwest::Client,
    url: &str,
    key: String,
) -> impl std::future::Future<Output = Result<(u16, u64), reqwest::Error>> + Send + 'static {
    let body = r#"{"box_id":"5kg","quantity":1,"name":"Tashi Dorje","phone":"138 0013 8000","address":"12 Chunxi Road, Jinjiang, Chengdu"}"#;
    let req = client
        .post(url)
        .header("content-type", "application/json")
        .header("idempotency-key", key)
        .body(body);
    async move {
        let response = req.send().await?;
        let status = response.status().as_u16();
        response.bytes().await?;
        Ok((status, u64::from(status == 201)))
    }
}

pub(crate) async fn orders(name: &str, buyers: usize, seconds: u64, extra: &[&str], backoff: bool) {
    let server = Server::start(extra);
    let url = format!("{}/api/orders", server.base);
    let run: u32 = rand::random();
    let cpu = cpu_ticks(server.child.id());
    let (mut tally, elapsed) = drive(buyers, seconds, backoff, move |client, buyer, n| {
        place_order(&client, &url, format!("load-{run:x}-{buyer}-{n}"))
    })
    .await;
    let cpu = (cpu, cpu_ticks(server.child.id()));
    let rss = server.peak_rss_mb();
    summary(name, "acknowledged orders", &mut tally, elapsed, rss);
    print_cpu(cpu.0, cpu.1, elapsed);
    writer_stats(&server).await;
    check_stock(&server, tally.boxes_created).await;
}

/// The writer's mean batch size and commit time, from `/metrics`.
async fn writer_stats(server: &Server) {
    let Ok(response) = reqwest::get(format!("{}/metrics", server.base)).await else {
        return;
    };
    let text = response.text().await.unwrap_or_default();
    let value = |name: &str| {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.trim().parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    let batches = value("orchard_writer_batch_size_count");
    println!(
        "   writer: {batches:.0} commits, {:.1} writes per commit, {:.2} ms per commit (mean)",
        value("orchard_writer_batch_size_sum") / batches,
        1000.0 * value("orchard_writer_commit_seconds_sum")
            / value("orchard_writer_commit_seconds_count")
    );
}

/// Stock left + boxes ordered == initial stock, and every 201 is an order in the database.
pub(crate) async fn check_stock(server: &Server, acknowledged: u64) {
    check_stock_at(server, "/api", acknowledged).await;
}

/// As `check_stock`, for the shop whose API is at `api` (`/api`, or a market's
/// `/api/producers/{slug}`).
pub(crate) async fn check_stock_at(server: &Server, api: &str, acknowledged: u64) {
    let client = reqwest::Client::new();
    let front: serde_json::Value = client
        .get(format!("{}{api}/storefront", server.base))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let left = front["boxes"][0]["available"].as_u64().unwrap();
    let summary: serde_json::Value = client
        .get(format!("{}{api}/admin/summary", server.base))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ordered = summary["boxes"][0]["ordered"].as_u64().unwrap();
    let count = summary["orders"].as_u64().unwrap();
    let ok = left + ordered == INITIAL_STOCK && ordered == acknowledged;
    println!(
        "   stock check: {left} left + {ordered} ordered ({count} orders in the database, {acknowledged} acknowledged) = {} of {INITIAL_STOCK}: {}",
        left + ordered,
        if ok { "OK" } else { "MISMATCH" }
    );
    if !ok {
        std::process::exit(1);
    }
}

async fn storefront(buyers: usize, seconds: u64) {
    let server = Server::start(&[]);
    let url = format!("{}/api/storefront", server.base);
    let etag = reqwest::get(&url).await.unwrap().headers()["etag"]
        .to_str()
        .unwrap()
        .to_owned();
    for (name, conditional) in [
        ("GET /api/storefront", false),
        ("GET /api/storefront with If-None-Match", true),
    ] {
        let (url, etag) = (url.clone(), etag.clone());
        let cpu = cpu_ticks(server.child.id());
        let (mut tally, elapsed) = drive(buyers, seconds, false, move |client, _, _| {
            let mut req = client.get(&url);
            if conditional {
                req = req.header("if-none-match", &etag);
            }
            async move {
                let response = req.send().await?;
                let status = response.status().as_u16();
                response.bytes().await?;
                Ok((status, 0))
            }
        })
        .await;
        let cpu = (cpu, cpu_ticks(server.child.id()));
        summary(name, "requests", &mut tally, elapsed, server.peak_rss_mb());
        print_cpu(cpu.0, cpu.1, elapsed);
    }
}

pub fn main() {
    let a = args();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(a.client_threads)
        .enable_all()
        .build()
        .unwrap();
    println!(
        "orchard load: {} buyers, {} s, {} load-generator thread(s), {} cores",
        a.buyers,
        a.seconds,
        a.client_threads,
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    runtime.block_on(async {
        if a.team > 0 {
            let database = match &a.postgres {
                Some(url) => Some(postgres::fresh_database(url).await),
                None => None,
            };
            team::run(a.team, a.team_csv, database.as_deref()).await;
        } else if a.paying {
            paying::run(a.buyers, a.seconds, a.provider_delay_ms).await;
        } else if a.market_scale {
            market_scale::run(a.requests, a.postgres.as_deref()).await;
        } else if a.market {
            market::run(&a).await;
        } else if a.claim_flood > 0 {
            claims::run(&a).await;
        } else if a.slow_clients > 0 {
            slow::run(&a).await;
        } else if let Some(url) = &a.postgres {
            for instances in [1, 2] {
                postgres::orders(url, instances, a.buyers, a.seconds).await;
            }
        } else if a.storefront {
            storefront(a.buyers, a.seconds).await;
        } else if a.overload {
            let buyers = a.buyers * 10;
            let extra = ["--max-pending-orders", "32"];
            let name =
                format!("overload: {buyers} buyers retrying at once, --max-pending-orders 32");
            orders(&name, buyers, a.seconds, &extra, false).await;
            let name =
                format!("overload: {buyers} buyers honouring Retry-After, --max-pending-orders 32");
            orders(&name, buyers, a.seconds, &extra, true).await;
        } else {
            let name = format!("group commit (--max-batch 512), {} buyers", a.buyers);
            orders(&name, a.buyers, a.seconds, &[], false).await;
            if a.group_commit_only {
                return;
            }
            let name = format!("one commit per order (--max-batch 1), {} buyers", a.buyers);
            orders(&name, a.buyers, a.seconds, &["--max-batch", "1"], false).await;
        }
    });
}
