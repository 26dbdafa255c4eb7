//! `--claim-flood N` (issue #26): N connections, each from its own loopback address (127.0.0.2
//! and up, `--flood-addresses K` to share K of them), trickle a claim of 12.8 MB (a `kind`
//! and three photo parts of 4.1 MiB, each a real 4096 × 3900 JPEG the server decodes:
//! claim_body.rs; `--flood-photo` for others) to shipped orders at `--trickle-kib` KiB/s, and
//! send another a second after each answer; meanwhile the buyers order from 127.0.0.1. Prints
//! what the photos are and how long encoding them took, the server's resident memory before the
//! flood, its peak (VmHWM, and the highest VmRSS sampled every 100 ms), the growth, how the
//! claims were answered, and the buyers' latency. `--server-args "…"` passes flags to the server
//! (e.g. `--max-claim-uploads 1024 --max-claim-uploads-per-client 0` to see the flood without
//! its turns).

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpSocket;
use tokio::sync::watch;

use super::args::Args;
use super::claim_body::{claim_body, BOUNDARY};
use super::report::{print_cpu, summary};
use super::server::{cpu_ticks, memory_mb, Server, ADMIN_TOKEN};
use super::{check_stock, drive, place_order};

/// Shipped orders made for each flooding connection (each takes 3 open claims).
const ORDERS_EACH: usize = 3;
/// How much a flooding connection writes at a time.
const SLICE: usize = 16 * 1024;

/// What the flood saw: answers by status (0: no answer, the connection broke or the run ended).
#[derive(Default)]
struct Seen {
    answers: Mutex<BTreeMap<u16, u64>>,
}

impl Seen {
    fn note(&self, status: u16) {
        *self.answers.lock().unwrap().entry(status).or_default() += 1;
    }
}

/// Sends one claim from `from` at `rate` bytes/s, reading the answer as it goes; its status, or
/// 0 without one. Stops at `stop`.
async fn one_claim(
    server: SocketAddr,
    from: IpAddr,
    (id, token, key): (&str, &str, &str),
    body: Bytes,
    rate: usize,
    stop: &mut watch::Receiver<()>,
) -> u16 {
    let socket = TcpSocket::new_v4().and_then(|s| s.bind(SocketAddr::new(from, 0)).map(|()| s));
    let Ok(stream) = (match socket {
        Ok(socket) => socket.connect(server).await,
        Err(e) => Err(e),
    }) else {
        return 0;
    };
    let (mut reader, mut writer) = stream.into_split();
    let head = format!(
        "POST /api/orders/{id}/claims HTTP/1.1\r\nHost: orchard\r\nConnection: close\r\n\
         Authorization: Bearer {token}\r\nIdempotency-Key: {key}\r\n\
         Content-Type: multipart/form-data; boundary={BOUNDARY}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let pause = Duration::from_secs_f64(SLICE as f64 / rate as f64);
    // Writes until the body is sent or the server stops reading; the answer ends the claim.
    let trickle = async move {
        if writer.write_all(head.as_bytes()).await.is_ok() {
            for slice in body.chunks(SLICE) {
                if writer.write_all(slice).await.is_err() {
                    break;
                }
                tokio::time::sleep(pause).await;
            }
        }
        std::future::pending::<()>().await;
        drop(writer);
    };
    let mut answer = Vec::new();
    let read = async {
        let mut buf = [0u8; 2048];
        while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::select! {
        () = trickle => {}
        () = read => {}
        _ = stop.changed() => return 0,
    }
    std::str::from_utf8(answer.get(9..12).unwrap_or_default())
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0)
}

/// One flooding connection: claims on its orders, one after another, until `stop`.
async fn flooder(
    server: SocketAddr,
    from: IpAddr,
    orders: Vec<(String, String)>,
    body: Bytes,
    rate: usize,
    seen: Arc<Seen>,
    mut stop: watch::Receiver<()>,
) {
    let mut orders = orders.into_iter().peekable();
    for n in 0u64.. {
        let Some((id, token)) = orders.peek() else {
            return;
        };
        let key = format!("flood-{}-{n}", from.to_string().replace('.', "_"));
        let status = one_claim(
            server,
            from,
            (id, token, &key),
            body.clone(),
            rate,
            &mut stop,
        )
        .await;
        if stop.has_changed().unwrap_or(true) {
            return;
        }
        seen.note(status);
        if status == 409 {
            orders.next(); // three claims open: the next order
        }
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
            _ = stop.changed() => return,
        }
    }
}

/// `n` orders, packed and shipped by the team: their ids and tokens.
async fn shipped_orders(server: &Server, n: usize) -> Vec<(String, String)> {
    let client = reqwest::Client::new();
    let mut orders = Vec::with_capacity(n);
    for i in 0..n {
        let placed: serde_json::Value = client
            .post(format!("{}/api/orders", server.base))
            .header("idempotency-key", format!("flood-order-{i}"))
            .json(
                &serde_json::json!({"box_id": "5kg", "quantity": 1, "name": "Tashi Dorje",
                "phone": "138 0013 8000", "address": "12 Chunxi Road, Jinjiang, Chengdu"}),
            )
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let text = |k: &str| placed[k].as_str().expect("an order").to_owned();
        orders.push((text("id"), text("token")));
    }
    let ids: Vec<&str> = orders.iter().map(|(id, _)| id.as_str()).collect();
    for ids in ids.chunks(10_000) {
        for (from, to) in [("received", "packed"), ("packed", "shipped")] {
            let moved: serde_json::Value = client
                .post(format!("{}/api/admin/orders/status", server.base))
                .bearer_auth(ADMIN_TOKEN)
                .json(&serde_json::json!({"ids": ids, "from": from, "status": to}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            assert_eq!(moved["moved"].as_array().map(Vec::len), Some(ids.len()));
        }
    }
    orders
}

/// The flood and the buyers, then the report.
pub async fn run(a: &Args) {
    // Made before the server starts: encoding a photo takes the cores for a second or more.
    let (body, made) = claim_body(a.flood_photo);
    println!("   {made}");
    let extra: Vec<&str> = a.server_args.split_whitespace().collect();
    let server = Server::start(&extra);
    let pid = server.child.id();
    let target: SocketAddr = server.base.trim_start_matches("http://").parse().unwrap();
    let flood = a.claim_flood;
    let orders = shipped_orders(&server, flood * ORDERS_EACH).await;
    let baseline = memory_mb(pid, "VmRSS:");
    let seen = Arc::new(Seen::default());
    let (stop, stopping) = watch::channel(());
    let rate = a.trickle_kib * 1024;
    let flooders: Vec<_> = orders
        .chunks(ORDERS_EACH)
        .enumerate()
        .map(|(i, mine)| {
            let last = 2 + (i % usize::from(a.flood_addresses)) as u8;
            let from = IpAddr::V4(Ipv4Addr::new(127, 0, 0, last));
            let (seen, stopping) = (seen.clone(), stopping.clone());
            tokio::spawn(flooder(
                target,
                from,
                mine.to_vec(),
                body.clone(),
                rate,
                seen,
                stopping,
            ))
        })
        .collect();
    let sampled = Arc::new(Mutex::new(baseline));
    let sampler = tokio::spawn({
        let (sampled, mut stopping) = (sampled.clone(), stopping.clone());
        async move {
            loop {
                let now = memory_mb(pid, "VmRSS:");
                {
                    let mut max = sampled.lock().unwrap();
                    *max = max.max(now);
                }
                tokio::select! {
                    () = tokio::time::sleep(Duration::from_millis(100)) => {}
                    _ = stopping.changed() => return,
                }
            }
        }
    });

    let url = format!("{}/api/orders", server.base);
    let run: u32 = rand::random();
    let started = Instant::now();
    let cpu = cpu_ticks(pid);
    let (mut tally, elapsed) = drive(a.buyers, a.seconds, false, move |client, buyer, n| {
        place_order(&client, &url, format!("flood-{run:x}-{buyer}-{n}"))
    })
    .await;
    let cpu = (cpu, cpu_ticks(pid));
    let peak = memory_mb(pid, "VmHWM:");
    drop(stop);
    for f in flooders {
        let _ = f.await;
    }
    let _ = sampler.await;
    let peak_sampled = *sampled.lock().unwrap();
    let name = format!(
        "{} buyers while {flood} connections from {} address(es) trickle {:.1} MB claims at {} KiB/s for {:.0} s{}",
        a.buyers,
        a.flood_addresses.min(u8::try_from(flood).unwrap_or(u8::MAX)),
        body.len() as f64 / 1e6,
        a.trickle_kib,
        started.elapsed().as_secs_f64(),
        if extra.is_empty() { String::new() } else { format!(" (server {})", a.server_args) },
    );
    summary(&name, "acknowledged orders", &mut tally, elapsed, peak);
    print_cpu(cpu.0, cpu.1, elapsed);
    let answers = seen.answers.lock().unwrap().clone();
    let shown: Vec<String> = answers
        .iter()
        .map(|(status, n)| match status {
            0 => format!("no answer {n}"),
            s => format!("{s}: {n}"),
        })
        .collect();
    println!(
        "   claims answered: {} ({} claims)",
        shown.join(", "),
        answers.values().sum::<u64>()
    );
    println!(
        "   server RSS: {baseline:.1} MB before the flood, peak {peak:.1} MB (VmHWM; {peak_sampled:.1} MB \
         sampled), growth {:.1} MB",
        peak - baseline
    );
    check_stock(&server, tally.boxes_created + orders.len() as u64).await;
}
