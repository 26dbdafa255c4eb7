//! What a run saw and how it is printed: status counts, latency percentiles, CPU use.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

/// What one load phase saw.
#[derive(Default)]
pub struct Tally {
    /// Every answered request's latency, in microseconds.
    pub latencies_us: Vec<u32>,
    /// Per status: how many, and their latencies.
    pub by_status: BTreeMap<u16, (u64, Vec<u32>)>,
    /// Requests that got no HTTP answer.
    pub errors: u64,
    /// Boxes in the orders answered 201.
    pub boxes_created: u64,
}

impl Tally {
    /// Adds another buyer's tally.
    pub fn merge(&mut self, other: Tally) {
        self.latencies_us.extend(other.latencies_us);
        for (status, (n, lat)) in other.by_status {
            let e = self.by_status.entry(status).or_default();
            e.0 += n;
            e.1.extend(lat);
        }
        self.errors += other.errors;
        self.boxes_created += other.boxes_created;
    }

    /// Counts one request sent at `sent`: its status and latency, or a transport error. Answers
    /// the status.
    pub fn record(
        &mut self,
        sent: Instant,
        result: Result<(u16, u64), reqwest::Error>,
    ) -> Option<u16> {
        let us = sent.elapsed().as_micros().min(u128::from(u32::MAX)) as u32;
        match result {
            Ok((status, boxes)) => {
                self.latencies_us.push(us);
                let e = self.by_status.entry(status).or_default();
                e.0 += 1;
                e.1.push(us);
                self.boxes_created += boxes;
                Some(status)
            }
            Err(_) => {
                self.errors += 1;
                None
            }
        }
    }

    /// The share of requests answered `status`, transport errors counted as failures.
    pub fn share_of(&self, status: u16) -> f64 {
        let all = self.latencies_us.len() as u64 + self.errors;
        let hits = self.by_status.get(&status).map_or(0, |(n, _)| *n);
        hits as f64 / all.max(1) as f64
    }
}

/// The `p` quantile (0 to 1) of sorted latencies in microseconds, in milliseconds.
pub fn pct(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[i]) / 1000.0
}

/// Prints one run's throughput, latency percentiles, statuses and the server's peak RSS.
pub fn summary(name: &str, what: &str, t: &mut Tally, elapsed: Duration, rss: f64) {
    t.latencies_us.sort_unstable();
    let ok: u64 = t
        .by_status
        .iter()
        .filter(|(s, _)| (200..400).contains(*s))
        .map(|(_, (n, _))| n)
        .sum();
    let l = &t.latencies_us;
    println!("== {name}");
    println!(
        "   {:.0} {what}/s ({ok} in {:.1} s); latency ms p50 {:.2} p99 {:.2} max {:.2}; server peak RSS {rss:.1} MB",
        ok as f64 / elapsed.as_secs_f64(),
        elapsed.as_secs_f64(),
        pct(l, 0.5),
        pct(l, 0.99),
        pct(l, 1.0)
    );
    for (status, (n, lat)) in t.by_status.iter_mut() {
        lat.sort_unstable();
        println!(
            "   status {status}: {n} (p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms)",
            pct(lat, 0.5),
            pct(lat, 0.99),
            pct(lat, 1.0)
        );
    }
    if t.errors > 0 {
        println!("   transport errors: {}", t.errors);
    }
}

/// Prints the CPU taken, in cores, during a run (from `server::cpu_ticks` before and after).
pub fn print_cpu(before: [u64; 3], after: [u64; 3], elapsed: Duration) {
    let ticks = 100.0 * elapsed.as_secs_f64(); // USER_HZ is 100 on Linux
    let d = |i: usize| after[i].saturating_sub(before[i]) as f64 / ticks;
    println!(
        "   CPU (cores): server {:.2}, load generator {:.2}, other programs {:.2}",
        d(1),
        d(2),
        (d(0) - d(1) - d(2)).max(0.0)
    );
}
