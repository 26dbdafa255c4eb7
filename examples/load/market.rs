//! `--market` (issue #28): one producer's rush against another producer's buyers.
//!
//! The server starts on a market of two producers, `rush` and `steady`, each a copy of
//! content/drolma.toml with its sale open and the largest stock, and `--max-pending-orders 32`
//! (as `--overload`). The steady producer's buyers order at a steady, modest rate
//! (`--steady-rate`, orders/s, paced, not a closed loop): first alone (quiet), then while
//! `--flood-buyers` buyers of the rush producer (default ten times `--buyers`) retry at once, far
//! over what the server commits, so that most of them get 503 `overloaded`. The flood comes from
//! 127.0.0.2 and up (200 buyers an address: the server caps one client's connections) on a
//! load-generator thread of its own, so the steady buyers' clock is not the flood's queue.
//! Printed side by side: the steady producer's orders served and p99, quiet and during the flood,
//! against the goal (≥ 99 % served, p99 ≤ 2 × quiet), and how far over capacity the flood was
//! (its attempts per order committed). Both producers' stock is checked at the end.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::args::Args;
use super::check_stock_at;
use super::market_drive::{flood, steady, STEADY_BUYERS};
use super::report::{pct, print_cpu, summary, Tally};
use super::server::{cpu_ticks, Server, INITIAL_STOCK};

/// The flooded producer and the measured one.
const RUSH: &str = "rush";
const STEADY: &str = "steady";
/// The producer file both copy.
const DROLMA: &str = include_str!("../../content/drolma.toml");

/// The market file and the two producer files, into `dir`; answers the market file's path.
pub fn write_market(dir: &Path) -> PathBuf {
    let producer = open_sale(DROLMA);
    let mut market = String::from(
        "[market]\n\
         name = { zh = \"负载测试集市\", en = \"Load test market\", fr = \"Marché du test de charge\" }\n\
         place = { zh = \"本机\", en = \"This machine\", fr = \"Cette machine\" }\n",
    );
    for slug in [RUSH, STEADY] {
        std::fs::write(dir.join(format!("{slug}.toml")), &producer).unwrap();
        market.push_str(&format!(
            "\n[[producer]]\nslug = \"{slug}\"\ncontent = \"{slug}.toml\"\n"
        ));
    }
    let path = dir.join("market.toml");
    std::fs::write(&path, market).unwrap();
    path
}

/// Drolma's producer file with its sale open since 2020 (no closing date) and every box's stock
/// at `INITIAL_STOCK`; everything else as written.
pub(super) fn open_sale(drolma: &str) -> String {
    let (mut dates, mut stocks) = (0, 0);
    let mut out = String::new();
    for line in drolma.lines() {
        let key = line.split('=').next().unwrap_or_default().trim();
        let line = match key {
            "opens_at" | "harvest_at" => {
                dates += 1;
                format!("{key} = \"2020-01-01T00:00:00Z\"")
            }
            "closes_at" => continue,
            "stock" => {
                stocks += 1;
                format!("stock = {INITIAL_STOCK}")
            }
            _ => line.to_owned(),
        };
        out.push_str(&line);
        out.push('\n');
    }
    assert!(
        dates == 2 && stocks > 0,
        "content/drolma.toml changed shape"
    );
    out
}

/// The share of orders served and the p99 in ms of one phase.
fn served_and_p99(t: &mut Tally) -> (f64, f64) {
    t.latencies_us.sort_unstable();
    (t.share_of(201), pct(&t.latencies_us, 0.99))
}

/// The goal, for (served, p99) quiet and during the flood: at least 99 % served, and a p99 at
/// most twice the quiet one.
fn goal_met(quiet: (f64, f64), flood: (f64, f64)) -> (bool, bool) {
    (flood.0 >= 0.99, flood.1 <= 2.0 * quiet.1)
}

fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "NOT met"
    }
}

/// Runs both phases and prints them side by side.
pub async fn run(a: &Args) {
    let flood_buyers = if a.flood_buyers == 0 {
        a.buyers * 10
    } else {
        a.flood_buyers
    };
    let mut extra = vec!["--max-pending-orders", "32"];
    extra.extend(a.server_args.split_whitespace());
    let server = Server::start_content(None, None, write_market, &extra);
    let url = |slug: &str| format!("{}/api/producers/{slug}/orders", server.base);
    let run: u32 = rand::random();
    let rate = a.steady_rate;
    println!(
        "== market: {STEADY:?} at {rate} orders/s ({STEADY_BUYERS} buyers), quiet, then while \
         {flood_buyers} buyers of {RUSH:?} retry at once (--max-pending-orders 32)"
    );

    let cpu = cpu_ticks(server.child.id());
    let (mut quiet, elapsed) = steady(url(STEADY), rate, a.seconds, format!("q{run:x}")).await;
    summary(
        "steady, quiet",
        "orders",
        &mut quiet,
        elapsed,
        server.peak_rss_mb(),
    );
    print_cpu(cpu, cpu_ticks(server.child.id()), elapsed);

    let (rush_url, seconds) = (url(RUSH), a.seconds + 2);
    let flood = std::thread::spawn(move || {
        // The flood's generator stands for phones on other machines: at the lowest priority
        // (this thread and the runtime's threads it starts), it takes only the CPU the server
        // and the steady buyers' clock leave, and its cost is not the server's.
        rustix::process::setpriority_process(None, 19).expect("setpriority");
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(flood(rush_url, flood_buyers, seconds, format!("r{run:x}")))
    });
    // The flood reaches its pace before the steady buyers' window opens, and lasts past it.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let cpu = cpu_ticks(server.child.id());
    let (mut during, elapsed) = steady(url(STEADY), rate, a.seconds, format!("f{run:x}")).await;
    let cpu = (cpu, cpu_ticks(server.child.id()));
    let (mut rush, rush_elapsed) = flood.join().unwrap();
    summary(
        "steady, during the flood",
        "orders",
        &mut during,
        elapsed,
        server.peak_rss_mb(),
    );
    print_cpu(cpu.0, cpu.1, elapsed);
    summary(
        "rush, the flood",
        "orders",
        &mut rush,
        rush_elapsed,
        server.peak_rss_mb(),
    );
    let secs = rush_elapsed.as_secs_f64();
    let attempts = rush.latencies_us.len() as f64 + rush.errors as f64;
    let committed = rush.by_status.get(&201).map_or(0, |(n, _)| *n) as f64;
    println!(
        "   the flood: {:.0} attempts/s for {:.0} orders/s committed ({:.1}× over), {:.1} % answered 503",
        attempts / secs,
        committed / secs,
        attempts / committed.max(1.0),
        100.0 * rush.share_of(503)
    );

    let (q, f) = (served_and_p99(&mut quiet), served_and_p99(&mut during));
    let (served_ok, p99_ok) = goal_met(q, f);
    println!("   {STEADY:?}        served     p99");
    println!("   quiet          {:6.2} %  {:7.2} ms", 100.0 * q.0, q.1);
    println!("   during flood   {:6.2} %  {:7.2} ms", 100.0 * f.0, f.1);
    println!(
        "   goal: ≥ 99 % served: {}; p99 ≤ 2 × quiet ({:.2} ms): {}",
        verdict(served_ok),
        2.0 * q.1,
        verdict(p99_ok)
    );
    check_stock_at(
        &server,
        &format!("/api/producers/{RUSH}"),
        rush.boxes_created,
    )
    .await;
    let steady_boxes = quiet.boxes_created + during.boxes_created;
    check_stock_at(&server, &format!("/api/producers/{STEADY}"), steady_boxes).await;
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    #[test]
    fn the_market_file_names_two_producers_each_a_copy_of_drolma_with_its_sale_open() {
        let dir = tempfile::tempdir().unwrap();
        let path = write_market(dir.path());
        let market: toml::Value = toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(
            market["market"]["name"]["en"].as_str(),
            Some("Load test market")
        );
        let producers = market["producer"].as_array().unwrap();
        let slugs: Vec<_> = producers
            .iter()
            .map(|p| p["slug"].as_str().unwrap())
            .collect();
        assert_eq!(slugs, [RUSH, STEADY]);
        let drolma: toml::Value = toml::from_str(DROLMA).unwrap();
        for producer in producers {
            let file = dir.path().join(producer["content"].as_str().unwrap());
            let copy: toml::Value =
                toml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
            assert_eq!(copy["producer"], drolma["producer"], "Drolma's texts");
            assert_eq!(
                copy["sale"]["opens_at"].as_str(),
                Some("2020-01-01T00:00:00Z")
            );
            assert!(
                copy["sale"].get("closes_at").is_none(),
                "the sale never closes"
            );
            let boxes = copy["boxes"].as_array().unwrap();
            assert_eq!(boxes.len(), drolma["boxes"].as_array().unwrap().len());
            for b in boxes {
                assert_eq!(b["stock"].as_integer(), Some(INITIAL_STOCK as i64));
            }
        }
    }

    #[test]
    fn the_goal_needs_99_percent_served_and_a_p99_at_most_twice_the_quiet_one() {
        let quiet = (1.0, 4.0);
        assert_eq!(goal_met(quiet, (0.995, 8.0)), (true, true));
        assert_eq!(goal_met(quiet, (0.98, 8.0)), (false, true));
        assert_eq!(goal_met(quiet, (1.0, 8.1)), (true, false));
    }

    #[test]
    fn served_counts_every_attempt_and_a_transport_error_as_a_failure() {
        let mut t = Tally::default();
        let at = Instant::now();
        for status in [201, 201, 201, 503] {
            t.record(at, Ok((status, u64::from(status == 201))));
        }
        t.errors += 1;
        let (served, _) = served_and_p99(&mut t);
        assert_eq!(served, 0.6);
        assert_eq!(t.boxes_created, 3);
    }
}
