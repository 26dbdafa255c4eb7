//! `--slow-clients N` (issue #13): N connections that send a request's headers one line every
//! 2 s and never finish, from 127.0.0.2 and up (`--slow-addresses K`), each reconnecting a second
//! after the server drops it, as an attacker would; meanwhile the buyers order from 127.0.0.1.
//! `--server-nofile 1024` runs the server under `ulimit -n 1024` (the load generator keeps its
//! own, higher limit: it holds the slow sockets too).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::Relaxed};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpSocket;
use tokio::sync::watch;

use super::args::Args;
use super::report::{print_cpu, summary};
use super::server::{cpu_ticks, Server};
use super::{check_stock, drive, place_order};

/// A connection the server closes sooner than this was refused at accept, not timed out.
const REFUSED_WITHIN: Duration = Duration::from_millis(500);

/// What the slow clients saw.
#[derive(Default)]
struct Seen {
    open: AtomicI64,
    opened: AtomicU64,
    refused: AtomicU64,
    dropped_later: AtomicU64,
    connect_failed: AtomicU64,
}

/// One slow client, until `stop` changes.
async fn slow_client(
    server: SocketAddr,
    from: IpAddr,
    seen: Arc<Seen>,
    mut stop: watch::Receiver<()>,
) {
    let mut buf = [0u8; 1024];
    loop {
        let socket = TcpSocket::new_v4().and_then(|s| s.bind(SocketAddr::new(from, 0)).map(|()| s));
        let connected = match socket {
            Ok(socket) => tokio::select! {
                c = socket.connect(server) => c,
                _ = stop.changed() => return,
            },
            Err(e) => Err(e),
        };
        let Ok(mut stream) = connected else {
            seen.connect_failed.fetch_add(1, Relaxed);
            tokio::select! {
                () = tokio::time::sleep(Duration::from_secs(1)) => continue,
                _ = stop.changed() => return,
            }
        };
        let opened = Instant::now();
        seen.opened.fetch_add(1, Relaxed);
        seen.open.fetch_add(1, Relaxed);
        let mut alive = stream
            .write_all(b"POST /api/orders HTTP/1.1\r\nHost: orchard\r\n")
            .await
            .is_ok();
        let mut line = 0u64;
        let mut stopped = false;
        while alive {
            tokio::select! {
                read = stream.read(&mut buf) => alive = matches!(read, Ok(n) if n > 0),
                () = tokio::time::sleep(Duration::from_secs(2)) => {
                    line += 1;
                    let header = format!("x-slow-{line}: still typing\r\n");
                    alive = stream.write_all(header.as_bytes()).await.is_ok();
                }
                _ = stop.changed() => { stopped = true; break; }
            }
        }
        seen.open.fetch_sub(1, Relaxed);
        if stopped {
            return;
        }
        let counter = if opened.elapsed() < REFUSED_WITHIN {
            &seen.refused
        } else {
            &seen.dropped_later
        };
        counter.fetch_add(1, Relaxed);
        tokio::select! {
            () = tokio::time::sleep(Duration::from_secs(1)) => {}
            _ = stop.changed() => return,
        }
    }
}

/// Raises this process's soft descriptor limit to the hard one, and says if it is still short.
fn enough_descriptors(needed: u64) {
    use rustix::process::{getrlimit, setrlimit, Resource};
    let mut limit = getrlimit(Resource::Nofile);
    limit.current = limit.maximum;
    let _ = setrlimit(Resource::Nofile, limit);
    if let Some(soft) = getrlimit(Resource::Nofile).current {
        if soft < needed {
            eprintln!(
                "the load generator may open only {soft} descriptors and needs about {needed}: \
                 run it with a higher `ulimit -n` and give the server its own with --server-nofile"
            );
        }
    }
}

/// The buyers' run with the slow clients holding connections the whole time.
pub async fn run(a: &Args) {
    enough_descriptors(a.slow_clients as u64 + a.buyers as u64 + 64);
    let server = Server::start_with(None, a.server_nofile, &[]);
    let target: SocketAddr = server.base.trim_start_matches("http://").parse().unwrap();
    let seen = Arc::new(Seen::default());
    let (stop, stopping) = watch::channel(());
    let clients: Vec<_> = (0..a.slow_clients)
        .map(|i| {
            let from = IpAddr::V4(Ipv4Addr::new(
                127,
                0,
                0,
                2 + (i % usize::from(a.slow_addresses)) as u8,
            ));
            tokio::spawn(slow_client(target, from, seen.clone(), stopping.clone()))
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let open_before = seen.open.load(Relaxed);

    let url = format!("{}/api/orders", server.base);
    let run: u32 = rand::random();
    let cpu = cpu_ticks(server.child.id());
    let (mut tally, elapsed) = drive(a.buyers, a.seconds, false, move |client, buyer, n| {
        place_order(&client, &url, format!("slow-{run:x}-{buyer}-{n}"))
    })
    .await;
    let cpu = (cpu, cpu_ticks(server.child.id()));
    let open_after = seen.open.load(Relaxed);
    drop(stop);
    for c in clients {
        let _ = c.await;
    }
    let nofile = a
        .server_nofile
        .map_or("its own".to_owned(), |n| n.to_string());
    let name = format!(
        "{} buyers while {} slow clients from {} address(es) trickle headers (server ulimit -n {nofile})",
        a.buyers, a.slow_clients, a.slow_addresses
    );
    summary(
        &name,
        "acknowledged orders",
        &mut tally,
        elapsed,
        server.peak_rss_mb(),
    );
    print_cpu(cpu.0, cpu.1, elapsed);
    println!(
        "   slow clients: {open_before} connected when the buyers started, {open_after} at the end; \
         {} connections opened, {} closed at once (over a cap), {} dropped later (header timeout), \
         {} connects failed",
        seen.opened.load(Relaxed),
        seen.refused.load(Relaxed),
        seen.dropped_later.load(Relaxed),
        seen.connect_failed.load(Relaxed),
    );
    check_stock(&server, tally.boxes_created).await;
}
