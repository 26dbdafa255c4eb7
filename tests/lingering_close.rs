//! An answer given before its request's body was read reaches the client whole, against the real
//! `orchard-server`: the server reads the rest of the body away before it closes (a lingering
//! close), so a client or a proxy still sending it (nginx passes a claim it kept whole) never
//! meets a reset, and reads the refusal rather than a broken connection (which nginx turns into
//! its own 502, and the buyer's app into "try again" for a claim that was definitely refused).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::time::Duration;

use common::Sandbox;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::time::timeout;

/// The body a claim announces: three photos' worth.
const ANNOUNCED: usize = 15 * 1024 * 1024;
/// What is sent before the answer is read.
const FIRST: usize = 1024 * 1024;

/// Reads one answer's head and its `Content-Length` body; answers the status line and body.
async fn read_answer(stream: &mut TcpStream) -> (String, String) {
    let mut got = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        let n = stream.read(&mut chunk).await.expect("the answer is read");
        assert!(n > 0, "the server closed before answering");
        got.extend_from_slice(&chunk[..n]);
        let text = String::from_utf8_lossy(&got).into_owned();
        let Some((head, body)) = text.split_once("\r\n\r\n") else {
            continue;
        };
        let length: usize = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-length:")
                    .map(|v| v.trim().parse().unwrap())
            })
            .expect("the answer has a length");
        if body.len() >= length {
            let status = head.lines().next().unwrap_or_default().to_owned();
            return (status, body[..length].to_owned());
        }
    }
}

#[tokio::test]
async fn a_claim_refused_before_its_body_is_read_can_still_send_the_rest_and_reads_the_refusal() {
    let sandbox = Sandbox::open_sale(10, 0);
    let server = sandbox.spawn(&[]);
    let address = server.base.trim_start_matches("http://").to_owned();
    let mut stream = TcpStream::connect(&address).await.unwrap();
    // A wrong token: refused 404 before a byte of the body is read.
    let head = format!(
        "POST /api/orders/K7Q2M9XD4PRA/claims HTTP/1.1\r\nHost: {address}\r\n\
         Authorization: Bearer not-the-token\r\nIdempotency-Key: claim-1\r\n\
         Content-Type: multipart/form-data; boundary=b\r\nContent-Length: {ANNOUNCED}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&vec![b'x'; FIRST]).await.unwrap();
    let (status, body) = timeout(Duration::from_secs(5), read_answer(&mut stream))
        .await
        .expect("the refusal comes before the body is sent");
    assert!(status.contains(" 404 "), "{status}");
    assert!(body.contains("\"not_found\""), "{body}");
    // The rest of the body, as a proxy that kept it whole sends it: never refused by a reset.
    let rest = vec![b'x'; ANNOUNCED - FIRST];
    for piece in rest.chunks(256 * 1024) {
        timeout(Duration::from_secs(5), stream.write_all(piece))
            .await
            .expect("the server keeps reading while it lingers")
            .expect("the rest of the body is taken, not reset");
    }
    // Then the server closes: an end of stream, not a reset.
    let mut after = [0u8; 1024];
    let end = timeout(Duration::from_secs(15), stream.read(&mut after))
        .await
        .expect("the server closes once the body is read");
    assert_eq!(end.expect("a clean close, not a reset"), 0);
}
