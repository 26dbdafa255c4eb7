//! `--market-scale` (issue #28 item 9): a market of 100 producers and 300,000 orders, then what a
//! phone asks of it, timed one request after another from this process over loopback.
//!
//! The release server makes the schema and seeds the producers from a market file of 100
//! producer files (market_fill.rs), and stops; the orders are written into its database by bulk
//! SQL; the server starts again on it. Then, for each of the market's home `/`, a storefront's
//! page `/p/{slug}`, `GET /api/market`, `GET /api/producers/{slug}/storefront`, and the team's
//! first page (`…/admin/summary` and `…/admin/orders?limit=50`, what src/client/pages/admin/
//! asks first), `--requests` requests (200 by default) after 5 unrecorded ones: the median and
//! p99 against the goal of 50 ms. Every request is sent as a phone's (`Accept-Encoding: br,
//! gzip`, `Accept-Language: zh-CN`), the team's with the operator's token. SQLite by default;
//! `--postgres URL` for a fresh database on that PostgreSQL server.

use std::time::{Duration, Instant};

use serde_json::Value;

use super::market_fill::{fill, slug, write_market, ORDERS_EACH, PRODUCERS};
use super::postgres::fresh_database;
use super::report::{pct, print_cpu};
use super::server::{cpu_ticks, Server, ADMIN_TOKEN};

/// The goal for each answer, in ms.
const GOAL_MS: f64 = 50.0;
/// Requests sent before the timed ones (the pages' first copies, the connection).
const WARM_UP: usize = 5;

/// One kind of request: what it is, its path, and whether the team's token goes with it.
struct Ask {
    what: &'static str,
    path: String,
    team: bool,
}

/// The requests of the run, for producer `slug`.
fn asks(slug: &str) -> Vec<Ask> {
    let ask = |what, path: String, team| Ask { what, path, team };
    vec![
        ask("GET / (the market's home)", "/".into(), false),
        ask("GET /p/{slug} (a storefront)", format!("/p/{slug}"), false),
        ask("GET /api/market", "/api/market".into(), false),
        ask(
            "GET /api/producers/{slug}/storefront",
            format!("/api/producers/{slug}/storefront"),
            false,
        ),
        ask(
            "GET …/admin/summary (team's first page)",
            format!("/api/producers/{slug}/admin/summary"),
            true,
        ),
        ask(
            "GET …/admin/orders?limit=50 (team's first page)",
            format!("/api/producers/{slug}/admin/orders?limit=50"),
            true,
        ),
    ]
}

/// Sends `ask` once as a phone would: its status, the bytes on the wire and the time taken.
async fn send(client: &reqwest::Client, base: &str, ask: &Ask) -> (u16, usize, Duration) {
    let mut req = client
        .get(format!("{base}{}", ask.path))
        .header("accept-encoding", "br, gzip")
        .header("accept-language", "zh-CN,zh;q=0.9");
    if ask.team {
        req = req.bearer_auth(ADMIN_TOKEN);
    }
    let sent = Instant::now();
    let response = req.send().await.expect("the server answers");
    let status = response.status().as_u16();
    let body = response.bytes().await.expect("the whole answer");
    (status, body.len(), sent.elapsed())
}

/// A JSON answer of the operator's, to check the market is the one filled.
async fn json(client: &reqwest::Client, base: &str, path: &str) -> Value {
    client
        .get(format!("{base}{path}"))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// The whole run, on SQLite or on a fresh database of the PostgreSQL server at `postgres`.
pub async fn run(requests: usize, postgres: Option<&str>) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let (database, store) = match postgres {
        Some(url) => (fresh_database(url).await, "PostgreSQL"),
        None => {
            let path = dir.path().join("market.db");
            (format!("sqlite://{}", path.display()), "SQLite")
        }
    };
    let started = Instant::now();
    drop(Server::start_content(
        Some(&database),
        None,
        write_market,
        &[],
    ));
    println!(
        "== market scale on {store}: schema and {PRODUCERS} producers seeded by the server in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let written = fill(&database).await;
    println!(
        "   {written} orders ({ORDERS_EACH} a producer) and their histories written in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let started = Instant::now();
    let server = Server::start_content(Some(&database), None, write_market, &[]);
    println!(
        "   server started on them in {:.1} s; peak RSS {:.1} MB",
        started.elapsed().as_secs_f64(),
        server.peak_rss_mb()
    );

    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();
    let measured = slug(PRODUCERS / 2);
    let market = json(&client, &server.base, "/api/market").await;
    let summary = json(
        &client,
        &server.base,
        &format!("/api/producers/{measured}/admin/summary"),
    )
    .await;
    println!(
        "   /api/market: {} producers, {} orders; {measured}'s summary: {} orders",
        market["producers"].as_array().map_or(0, Vec::len),
        market["impact"]["orders"],
        summary["orders"]
    );

    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    println!(
        "   {requests} requests each, one after another, for {measured}; load average {}",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ")
    );
    let cpu = cpu_ticks(server.child.id());
    let all = Instant::now();
    let mut met = true;
    for ask in asks(&measured) {
        let mut statuses = std::collections::BTreeSet::new();
        let mut bytes = 0;
        for _ in 0..WARM_UP {
            send(&client, &server.base, &ask).await;
        }
        let mut us: Vec<u32> = Vec::with_capacity(requests);
        for _ in 0..requests {
            let (status, size, took) = send(&client, &server.base, &ask).await;
            statuses.insert(status);
            bytes = size;
            us.push(took.as_micros().min(u128::from(u32::MAX)) as u32);
        }
        us.sort_unstable();
        let (median, p99) = (pct(&us, 0.5), pct(&us, 0.99));
        let ok = p99 < GOAL_MS && statuses.iter().all(|s| *s == 200);
        met &= ok;
        println!(
            "   {:<48} median {median:7.2} ms  p99 {p99:7.2} ms  max {:7.2} ms  {bytes:>7} B  status {statuses:?}  {}",
            ask.what,
            pct(&us, 1.0),
            if ok { "under 50 ms" } else { "NOT under 50 ms" }
        );
    }
    print_cpu(cpu, cpu_ticks(server.child.id()), all.elapsed());
    println!(
        "   goal (each p99 under {GOAL_MS} ms, every answer 200): {}",
        if met { "met" } else { "NOT met" }
    );
}
