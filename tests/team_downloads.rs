//! The team's downloads against the real `orchard-server` (issue #26): a labels download and a
//! CSV export of several MB whose readers stop reading (a phone losing its signal) never hold the
//! team's read slot, so the list still answers; and the server drops them once a write has waited
//! for `--send-timeout-secs`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::net::SocketAddr;
use std::time::Duration;

use common::{client, Server, ADMIN_TOKEN};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// Orders placed: with the longest texts allowed, enough for each download to be several MB,
/// more than the kernel buffers of both ends hold.
const ORDERS: usize = 4000;
/// The send timeout the server runs with.
const SEND_TIMEOUT_SECS: u64 = 6;
/// The bytes a socket buffer holds at most here (`net.core.wmem_max`'s usual 4 MiB).
const BUFFERED: usize = 4 << 20;

/// An order with a 64-character name and 200-character address and note, in Chinese (3 bytes a
/// character in UTF-8).
fn long_order() -> serde_json::Value {
    serde_json::json!({
        "box_id": "5kg",
        "quantity": 1,
        "name": "卓".repeat(64),
        "phone": "13800138000",
        "address": "四川省甘孜藏族自治州乡城县".repeat(16).chars().take(200).collect::<String>(),
        "note": "请放门卫谢谢".repeat(40).chars().take(200).collect::<String>(),
    })
}

/// Places `ORDERS` orders, 32 at a time.
async fn seed(server: &Server) {
    let http = client();
    let body = long_order();
    let mut placed = 0;
    while placed < ORDERS {
        let batch: Vec<_> = (placed..ORDERS.min(placed + 32))
            .map(|i| {
                let request = http
                    .post(server.url("/api/orders"))
                    .header("Idempotency-Key", format!("seed-{i}"))
                    .json(&body);
                tokio::spawn(async move { request.send().await.unwrap().status().as_u16() })
            })
            .collect();
        placed += batch.len();
        for order in batch {
            assert_eq!(order.await.unwrap(), 201);
        }
    }
}

/// Sends the team's `GET path` on a connection whose receive buffer is small, and reads only
/// the answer's headers: then the reader stops, as a phone that lost its signal.
async fn stalled_download(server: SocketAddr, path: &str) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.set_recv_buffer_size(4096).unwrap();
    let mut stream = socket.connect(server).await.unwrap();
    let request = format!(
        "GET {path} HTTP/1.1\r\nHost: orchard\r\nAuthorization: Bearer {ADMIN_TOKEN}\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        let n = tokio::time::timeout(Duration::from_secs(30), stream.read(&mut byte))
            .await
            .expect("the answer's headers come")
            .unwrap();
        assert_eq!(
            n,
            1,
            "closed before the headers: {}",
            String::from_utf8_lossy(&head)
        );
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head);
    assert!(head.starts_with("HTTP/1.1 200"), "{path}: {head}");
    stream
}

/// Everything left on `stream` once its reader reads again, up to the close (or a reset).
async fn rest_of(stream: &mut TcpStream) -> Vec<u8> {
    let mut rest = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let read = tokio::time::timeout(Duration::from_secs(60), stream.read(&mut buf))
            .await
            .expect("the server closes the stalled connection");
        match read {
            Ok(0) | Err(_) => return rest,
            Ok(n) => rest.extend_from_slice(&buf[..n]),
        }
    }
}

/// How many stalled answers the server has dropped, from `/metrics`.
async fn sends_timed_out(server: &Server) -> u64 {
    let text = client()
        .get(server.url("/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix("orchard_connections_send_timed_out_total "))
        .map_or(0, |n| n.trim().parse().unwrap())
}

/// `GET path` in full as the team, as a phone with a signal would.
async fn download(server: &Server, path: &str) -> Vec<u8> {
    let r = client()
        .get(server.url(path))
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.bytes().await.unwrap().to_vec()
}

#[tokio::test]
async fn stalled_labels_and_csv_downloads_never_hold_the_team_list_and_are_dropped_after_the_send_timeout(
) {
    let sandbox = common::Sandbox::open_sale(ORDERS as u32, 0);
    let timeout = SEND_TIMEOUT_SECS.to_string();
    let server = sandbox.spawn(&[
        "--rate-limit-per-minute",
        "0",
        "--send-timeout-secs",
        &timeout,
    ]);
    seed(&server).await;
    let address: SocketAddr = server.base.trim_start_matches("http://").parse().unwrap();

    let mut labels = stalled_download(address, "/api/admin/labels?status=received").await;
    let mut csv = stalled_download(address, "/api/admin/orders.csv").await;

    // The team's list answers while both readers are stalled and still connected: before the
    // send timeout dropped either (it used to wait for the labels' whole response).
    let asked = std::time::Instant::now();
    let list = client()
        .get(server.url("/api/admin/orders?limit=50"))
        .bearer_auth(ADMIN_TOKEN)
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .expect("the team's list answers while the downloads are stalled");
    assert_eq!(list.status(), 200);
    let list: serde_json::Value = list.json().await.unwrap();
    let listed_in = asked.elapsed();
    assert_eq!(list["total"], ORDERS);
    assert_eq!(
        sends_timed_out(&server).await,
        0,
        "the list was answered while both stalled downloads were still open"
    );

    // A write that waits past the send timeout drops its connection: both, in time.
    let mut dropped = 0;
    for _ in 0..240 {
        dropped = sends_timed_out(&server).await;
        if dropped >= 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert_eq!(dropped, 2, "both stalled downloads are dropped");

    // The stalled readers, reading again, get a part of each download and then the close. In
    // full, the CSV is larger than what the sockets can buffer (the labels are larger still).
    let whole_csv = download(&server, "/api/admin/orders.csv").await;
    assert!(whole_csv.len() > BUFFERED, "{} B", whole_csv.len());
    let (got_labels, got_csv) = (rest_of(&mut labels).await, rest_of(&mut csv).await);
    let printed = String::from_utf8_lossy(&got_labels)
        .matches("<section class=\"label\">")
        .count();
    assert!(printed < ORDERS, "labels cut short: {printed} of {ORDERS}");
    assert!(
        !got_labels.ends_with(b"0\r\n\r\n"),
        "the chunked labels never end"
    );
    assert!(
        got_csv.len() < whole_csv.len(),
        "CSV cut short: {} of {} B",
        got_csv.len(),
        whole_csv.len()
    );
    assert!(
        !got_csv.ends_with(b"0\r\n\r\n"),
        "the chunked CSV never ends"
    );
    println!(
        "the list answered in {listed_in:?} beside both stalled downloads; the stalled readers \
         got {printed} labels of {ORDERS} ({} B) and {} B of a {} B CSV",
        got_labels.len(),
        got_csv.len(),
        whole_csv.len()
    );
}
