//! Slow clients against the real `orchard-server` (issue #13): hundreds of connections that
//! trickle their headers from one address must not lock buyers out, are dropped after the header
//! timeout, and beyond the per-client cap are refused while other addresses are served. The slow
//! clients come from 127.0.0.2 and the buyers from 127.0.0.1 (all of 127.0.0.0/8 is loopback).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use common::{order_body, Sandbox, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};
use tokio::sync::watch;

const SLOW: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2));
const OTHER: IpAddr = IpAddr::V4(Ipv4Addr::new(127, 0, 0, 3));

fn address(server: &Server) -> SocketAddr {
    server.base.trim_start_matches("http://").parse().unwrap()
}

async fn connect_from(from: IpAddr, server: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::new(from, 0)).unwrap();
    socket.connect(server).await.unwrap()
}

/// A server started with `flags` on a sale of 10 boxes, and a connection to it from `OTHER`.
async fn connected(flags: &[&str]) -> (Sandbox, Server, TcpStream) {
    let sandbox = Sandbox::open_sale(10, 0);
    let server = sandbox.spawn(flags);
    let stream = connect_from(OTHER, address(&server)).await;
    (sandbox, server, stream)
}

/// Opens a connection from `from` and sends a request's headers one line a second, never the
/// blank line that ends them. Answers how long the connection lived if the server closed it, or
/// `None` if it was still open when `stop` changed.
async fn slow_client(
    server: SocketAddr,
    from: IpAddr,
    mut stop: watch::Receiver<()>,
) -> Option<Duration> {
    let mut stream = connect_from(from, server).await;
    let opened = Instant::now();
    let mut buf = [0u8; 1024];
    if stream
        .write_all(b"GET /api/storefront HTTP/1.1\r\nHost: orchard\r\n")
        .await
        .is_err()
    {
        return Some(opened.elapsed());
    }
    for line in 0.. {
        tokio::select! {
            read = stream.read(&mut buf) => match read {
                Ok(n) if n > 0 => {} // an error answer (408) before the close
                _ => return Some(opened.elapsed()),
            },
            () = tokio::time::sleep(Duration::from_secs(1)) => {
                let header = format!("x-slow-{line}: still typing\r\n");
                if stream.write_all(header.as_bytes()).await.is_err() {
                    return Some(opened.elapsed());
                }
            }
            _ = stop.changed() => return None,
        }
    }
    unreachable!()
}

/// Everything the server sends on `stream` until it closes it (within a generous deadline).
async fn read_to_close(stream: &mut TcpStream) -> String {
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(30), stream.read_to_end(&mut answer))
        .await
        .expect("the server closes the connection")
        .ok();
    String::from_utf8_lossy(&answer).into_owned()
}

async fn healthz_from(from: IpAddr, server: &Server) -> Result<u16, reqwest::Error> {
    let client = reqwest::Client::builder()
        .local_address(from)
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    Ok(client
        .get(server.url("/healthz"))
        .send()
        .await?
        .status()
        .as_u16())
}

#[tokio::test]
async fn buyers_still_order_while_another_address_holds_hundreds_of_slow_connections() {
    const SLOW_CLIENTS: usize = 300;
    const PER_CLIENT: usize = 40;
    let sandbox = Sandbox::open_sale(1000, 0);
    // 256 descriptors, fewer than the slow connections: without caps, they would take them all.
    let server = sandbox.spawn_with_fd_limit(
        256,
        &[
            "--rate-limit-per-minute",
            "0",
            "--max-connections-per-client",
            &PER_CLIENT.to_string(),
            "--header-timeout-secs",
            "120",
        ],
    );
    let (stop, stopping) = watch::channel(());
    let slow: Vec<_> = (0..SLOW_CLIENTS)
        .map(|_| tokio::spawn(slow_client(address(&server), SLOW, stopping.clone())))
        .collect();
    // The connections over the per-client cap are closed at once; the others stay open.
    let deadline = Instant::now() + Duration::from_secs(20);
    while slow.iter().filter(|s| s.is_finished()).count() < SLOW_CLIENTS - PER_CLIENT
        && Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let refused = slow.iter().filter(|s| s.is_finished()).count();
    assert_eq!(refused, SLOW_CLIENTS - PER_CLIENT, "closed at the cap");

    // Meanwhile buyers from another address place their orders.
    let buyers = reqwest::Client::builder()
        .timeout(Duration::from_secs(20))
        .build()
        .unwrap();
    let orders: Vec<_> = (0..16)
        .map(|i| {
            let request = buyers
                .post(server.url("/api/orders"))
                .header("Idempotency-Key", format!("buyer-{i}"))
                .json(&order_body("5kg", 1));
            tokio::spawn(async move { request.send().await.map(|r| r.status().as_u16()) })
        })
        .collect();
    for order in orders {
        assert_eq!(order.await.unwrap().expect("the buyer is served"), 201);
    }
    assert!(
        healthz_from(SLOW, &server).await.is_err(),
        "a new connection from the capped address is refused"
    );
    assert_eq!(healthz_from(OTHER, &server).await.unwrap(), 200);

    drop(stop);
    let mut still_open = 0;
    for s in slow {
        still_open += usize::from(s.await.unwrap().is_none());
    }
    assert_eq!(
        still_open, PER_CLIENT,
        "the slow clients under the cap kept their places"
    );
}

#[tokio::test]
async fn a_client_too_slow_with_its_headers_is_dropped_and_its_places_come_back() {
    let sandbox = Sandbox::open_sale(10, 0);
    let server = sandbox.spawn(&[
        "--header-timeout-secs",
        "3",
        "--max-connections-per-client",
        "2",
    ]);
    let (_stop, stopping) = watch::channel(());
    let held: Vec<_> = (0..2)
        .map(|_| tokio::spawn(slow_client(address(&server), SLOW, stopping.clone())))
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let third = slow_client(address(&server), SLOW, stopping.clone()).await;
    assert!(third.is_some(), "over the cap, the third is closed");
    assert!(
        held.iter().all(|h| !h.is_finished()),
        "the third was refused while the first two were still waiting"
    );
    assert_eq!(healthz_from(OTHER, &server).await.unwrap(), 200);

    for h in held {
        let lived = h.await.unwrap().expect("the server drops the slow client");
        assert!(
            lived >= Duration::from_secs(1),
            "dropped by the timeout, not refused ({lived:?})"
        );
    }
    assert_eq!(
        healthz_from(SLOW, &server).await.unwrap(),
        200,
        "the dropped clients' places are free again"
    );
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed_after_the_header_timeout() {
    let (_sandbox, _server, mut stream) = connected(&["--header-timeout-secs", "2"]).await;
    let sent = Instant::now();
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: orchard\r\n\r\n")
        .await
        .unwrap();
    let answer = read_to_close(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        sent.elapsed() >= Duration::from_secs(1),
        "kept alive a while after the answer, then closed"
    );
}

#[tokio::test]
async fn a_body_sent_too_slowly_is_answered_408_request_timeout() {
    let (_sandbox, _server, mut stream) = connected(&["--body-timeout-secs", "1"]).await;
    stream
        .write_all(
            b"POST /api/orders HTTP/1.1\r\nHost: orchard\r\nContent-Type: application/json\r\n\
              Idempotency-Key: slow-body\r\nContent-Length: 200\r\n\r\n{\"box_id\": \"5kg\",",
        )
        .await
        .unwrap();
    let answer = read_to_close(&mut stream).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"request_timeout\""), "{answer}");
}
