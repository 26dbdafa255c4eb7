//! The measurements themselves: our limiter and governor's, side by side.

use std::hint::black_box;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::num::NonZeroU32;
use std::process::Command;
use std::thread;
use std::time::{Duration, Instant};

use governor::clock::Clock;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use orchard::server::{limit_key, ApiError, Limits};

const PER_MINUTE: u32 = 120;
const BURST: u32 = 20;
/// Times each measurement is made, each on a fresh limiter.
const RUNS: usize = 3;
/// A crowd that takes longer than this is stopped and reported as far as it got.
const CROWD_BUDGET: Duration = Duration::from_secs(20);

/// One rate limiter as the server would call it.
trait Limiter: Sync {
    /// Counts one attempt from `ip`: whether it is allowed.
    fn allow(&self, ip: IpAddr) -> bool;
}

struct Ours(Limits);

impl Limiter for Ours {
    fn allow(&self, ip: IpAddr) -> bool {
        self.0.rate(ip).is_ok()
    }
}

struct Governor(DefaultKeyedRateLimiter<IpAddr>);

impl Limiter for Governor {
    fn allow(&self, ip: IpAddr) -> bool {
        self.0.check_key(&limit_key(ip)).is_ok()
    }
}

fn ours() -> Ours {
    Ours(Limits::new(PER_MINUTE, 2048))
}

fn governor() -> Governor {
    let quota = Quota::per_minute(NonZeroU32::new(PER_MINUTE).unwrap())
        .allow_burst(NonZeroU32::new(BURST).unwrap());
    Governor(RateLimiter::keyed(quota))
}

/// The `i`th of a crowd of IPv4 clients (10.0.0.0/8).
fn v4(i: usize) -> IpAddr {
    IpAddr::V4(Ipv4Addr::from(0x0a00_0000 | (i as u32 & 0x00ff_ffff)))
}

/// The `i`th of a crowd of IPv6 clients, each in its own /64 of 2001:db8::/32, each at an
/// address of its own choosing inside it (what rotating through /64s looks like).
fn v6(i: usize) -> IpAddr {
    let network = (0x2001_0db8_u128 << 96) | ((i as u128) << 64);
    let host = (i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    IpAddr::V6(Ipv6Addr::from(network | u128::from(host)))
}

pub fn run() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, which, n] = args.as_slice() {
        if flag == "--crowd" {
            return crowd(which, n.parse().expect("a number of clients"));
        }
    }
    println!(
        "limiter_bench: {PER_MINUTE}/min, burst {BURST}, {} cores; ns per check, {RUNS} runs each on a fresh limiter",
        thread::available_parallelism().map_or(1, |n| n.get())
    );
    agreement();
    speed();
    for n in [100_000, 1_000_000] {
        for which in ["ours", "governor", "governor+retain_recent"] {
            let me = std::env::current_exe().expect("the example's own path");
            let status = Command::new(me)
                .args(["--crowd", which, &n.to_string()])
                .status()
                .expect("the crowd run");
            assert!(status.success(), "crowd {which} {n}: {status}");
        }
    }
}

/// The contract's burst on both: 20 at once allowed, the 21st refused, one more after 0.5 s.
fn agreement() {
    println!("== the same client: 20 at once, a 21st, then 0.5 s later two more");
    let ours = ours();
    let governor = governor();
    let client = IpAddr::from([198, 51, 100, 9]);
    let step = || {
        let ours_said = match ours.0.rate(client) {
            Ok(()) => "ok".to_owned(),
            Err(ApiError::RateLimited { retry_after_secs }) => {
                format!("429 Retry-After {retry_after_secs}")
            }
            Err(other) => format!("{other:?}"),
        };
        let governor_said = match governor.0.check_key(&limit_key(client)) {
            Ok(()) => "ok".to_owned(),
            Err(not_until) => {
                let wait = not_until.wait_time_from(governor.0.clock().now());
                format!("429 Retry-After {}", wait.as_secs() + 1)
            }
        };
        (ours_said, governor_said)
    };
    let mut said: Vec<(String, String)> = (0..21).map(|_| step()).collect();
    thread::sleep(Duration::from_millis(500));
    said.extend((0..2).map(|_| step()));
    let (ours_said, governor_said): (Vec<String>, Vec<String>) = said.into_iter().unzip();
    for (name, said) in [("ours", &ours_said), ("governor", &governor_said)] {
        let allowed = said[..20].iter().filter(|s| *s == "ok").count();
        println!(
            "   {name:<9} first 20: {allowed} ok; 21st: {}; after 0.5 s: {}, then {}",
            said[20], said[21], said[22]
        );
    }
    println!(
        "   the two agree on every request: {}",
        if ours_said == governor_said {
            "yes"
        } else {
            "NO"
        }
    );
}

fn speed() {
    let one = [IpAddr::from([198, 51, 100, 1])];
    let hundred_k: Vec<IpAddr> = (0..100_000).map(v4).collect();
    let (first_half, second_half) = hundred_k.split_at(50_000);
    let cases: [(&str, Vec<&[IpAddr]>, usize); 4] = [
        ("1 client hammering, 1 thread", vec![&one[..]], 4_000_000),
        (
            "100,000 clients round-robin, 1 thread",
            vec![&hundred_k[..]],
            2_000_000,
        ),
        (
            "2 threads, the same client",
            vec![&one[..], &one[..]],
            2_000_000,
        ),
        (
            "2 threads, 50,000 clients each round-robin",
            vec![first_half, second_half],
            2_000_000,
        ),
    ];
    for (what, per_thread, checks) in cases {
        println!("== {what}: {checks} checks per thread");
        for name in ["ours", "governor"] {
            let mut ns = Vec::new();
            let mut allowed = 0;
            for _ in 0..RUNS {
                let (took, ok) = if name == "ours" {
                    timed(&ours(), &per_thread, checks)
                } else {
                    timed(&governor(), &per_thread, checks)
                };
                let all = (checks * per_thread.len()) as f64;
                ns.push(format!("{:.1}", took.as_nanos() as f64 / all));
                allowed = ok;
            }
            println!(
                "   {name:<9} ns per check (wall time / all checks): {}   ({allowed} allowed in the last run)",
                ns.join(" / ")
            );
        }
    }
}

/// One thread per client list, each making `checks` checks round-robin over its list, all
/// started together: the wall time and how many were allowed.
fn timed(limiter: &impl Limiter, per_thread: &[&[IpAddr]], checks: usize) -> (Duration, usize) {
    let start = Instant::now();
    let allowed = thread::scope(|s| {
        let threads: Vec<_> = per_thread
            .iter()
            .map(|clients| {
                s.spawn(move || {
                    let mut allowed = 0;
                    for i in 0..checks {
                        allowed +=
                            usize::from(limiter.allow(black_box(clients[i % clients.len()])));
                    }
                    allowed
                })
            })
            .collect();
        threads.into_iter().map(|t| t.join().unwrap()).sum()
    });
    (start.elapsed(), allowed)
}

/// Resident memory of this process in bytes (`VmRSS` in /proc/self/status).
fn rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS");
    kb * 1024
}

fn mb(bytes: i64) -> String {
    format!("{:+.1} MB", bytes as f64 / 1e6)
}

/// In a process of its own (a clean heap): `n` distinct IPv6 /64s, one attempt each; the
/// memory that costs; the same once they are idle and `n` new ones come; and (ours, and
/// governor with its housekeeping) a minute later.
fn crowd(which: &str, n: usize) {
    match which {
        "ours" => crowd_on(which, n, &ours(), |_| {}),
        "governor" => crowd_on(which, n, &governor(), |_| {}),
        "governor+retain_recent" => crowd_on(which, n, &governor(), |g: &Governor| {
            g.0.retain_recent();
            g.0.shrink_to_fit();
        }),
        other => panic!("no limiter {other}"),
    }
}

fn crowd_on<L: Limiter>(which: &str, n: usize, limiter: &L, housekeeping: impl Fn(&L)) {
    let base = rss() as i64;
    let pass = |from: usize| {
        let start = Instant::now();
        let mut done = 0;
        while done < n {
            limiter.allow(v6(from + done));
            done += 1;
            if done % 1024 == 0 && start.elapsed() > CROWD_BUDGET {
                break;
            }
        }
        (done, start.elapsed())
    };
    let (done, took) = pass(0);
    let first = rss() as i64 - base;
    let stopped = if done < n {
        format!(
            " STOPPED after {done} clients in {:.1} s",
            took.as_secs_f64()
        )
    } else {
        String::new()
    };
    println!(
        "== crowd of {n} IPv6 /64s, {which}: {} ({:.0} B per client), {:.0} ns per check{stopped}",
        mb(first),
        first as f64 / done as f64,
        took.as_nanos() as f64 / done as f64
    );
    if done < n {
        return;
    }
    thread::sleep(Duration::from_secs(1));
    housekeeping(limiter);
    let (_, took) = pass(n);
    let second = rss() as i64 - base;
    println!(
        "   1 s later (all idle), {n} new /64s: {} in all, {:.0} ns per check",
        mb(second),
        took.as_nanos() as f64 / n as f64
    );
    if which == "governor" {
        return;
    }
    thread::sleep(Duration::from_secs(61));
    housekeeping(limiter);
    limiter.allow(v6(2 * n));
    println!(
        "   61 s later, one more client: {} in all",
        mb(rss() as i64 - base)
    );
}
