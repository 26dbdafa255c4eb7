//! The two kinds of buyers of `--market` (market.rs): a steady producer's, paced, and a rushed
//! producer's, retrying at once from many addresses.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use super::place_order;
use super::report::Tally;

/// The steady producer's buyers (each sends at `rate / STEADY_BUYERS` orders/s).
pub const STEADY_BUYERS: usize = 8;
/// The flooding buyers from one loopback address (the server takes 256 connections a client).
const PER_ADDRESS: usize = 200;

/// Orders of one producer at `per_second`, paced over `STEADY_BUYERS` buyers, for `seconds`.
pub async fn steady(url: String, per_second: u64, seconds: u64, tag: String) -> (Tally, Duration) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(STEADY_BUYERS)
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap();
    let period = Duration::from_secs_f64(STEADY_BUYERS as f64 / per_second as f64);
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..STEADY_BUYERS)
        .map(|buyer| {
            let (client, url, tag) = (client.clone(), url.clone(), tag.clone());
            let first = start + period.mul_f64(buyer as f64 / STEADY_BUYERS as f64);
            tokio::spawn(async move {
                let mut tick = tokio::time::interval_at(first.into(), period);
                tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
                let mut t = Tally::default();
                for n in 0.. {
                    tick.tick().await;
                    if Instant::now() >= deadline {
                        break;
                    }
                    let sent = Instant::now();
                    let key = format!("{tag}-{buyer}-{n}");
                    t.record(sent, place_order(&client, &url, key).await);
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

/// `buyers` of one producer ordering for `seconds`, each sending its next order as soon as the
/// last is answered (503 or not), from 127.0.0.2 and up, `PER_ADDRESS` buyers an address: the
/// server caps one client's connections, and a rush is many phones.
pub async fn flood(url: String, buyers: usize, seconds: u64, tag: String) -> (Tally, Duration) {
    let clients: Vec<_> = (0..buyers.div_ceil(PER_ADDRESS))
        .map(|i| {
            reqwest::Client::builder()
                .local_address(IpAddr::from([127, 0, 0, 2 + i as u8]))
                .pool_max_idle_per_host(PER_ADDRESS)
                .timeout(Duration::from_secs(30))
                .build()
                .unwrap()
        })
        .collect();
    let start = Instant::now();
    let deadline = start + Duration::from_secs(seconds);
    let tasks: Vec<_> = (0..buyers)
        .map(|buyer| {
            let (client, url, tag) = (
                clients[buyer / PER_ADDRESS].clone(),
                url.clone(),
                tag.clone(),
            );
            tokio::spawn(async move {
                let mut t = Tally::default();
                let mut n = 0;
                while Instant::now() < deadline {
                    let key = format!("{tag}-{buyer}-{n}");
                    t.record(Instant::now(), place_order(&client, &url, key).await);
                    n += 1;
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
