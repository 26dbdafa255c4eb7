//! The claim route's longer body deadline against the real `orchard-server` (its layer raises the
//! allowance the connection gives each body): with `--body-timeout-secs 1`, a claim whose body
//! pauses for more than that second, as a phone's weak uplink does under three photos, is still
//! filed, while an order body that pauses as long is answered 408 `request_timeout`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::time::Duration;

use common::{client, id_and_token, order_body, place, Sandbox, ADMIN_TOKEN};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The pause in the middle of each body: over the 1 s deadline, far under a claim's 12 s.
const PAUSE: Duration = Duration::from_millis(2500);

/// Sends `head` (with `Connection: close`) and the first half of `body`, pauses, sends the rest,
/// and answers everything the server sent until it closed (or stopped for 5 s).
async fn send_with_a_pause(address: &str, head: String, body: &[u8]) -> String {
    let mut stream = TcpStream::connect(address).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let (first, rest) = body.split_at(body.len() / 2);
    stream.write_all(first).await.unwrap();
    tokio::time::sleep(PAUSE).await;
    let _ = stream.write_all(rest).await; // refused already: the answer says so
    let mut got = Vec::new();
    let mut chunk = [0u8; 4096];
    while let Ok(Ok(n)) =
        tokio::time::timeout(Duration::from_secs(5), stream.read(&mut chunk)).await
    {
        if n == 0 {
            break;
        }
        got.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8_lossy(&got).into_owned()
}

#[tokio::test]
async fn a_claim_body_may_pause_longer_than_the_body_deadline_and_an_order_body_may_not() {
    let sandbox = Sandbox::open_sale(10, 0);
    let server = sandbox.spawn(&["--body-timeout-secs", "1"]);
    let address = server.base.trim_start_matches("http://").to_owned();
    let http = client();
    let (status, order) = place(&http, &server.base, "order-1", &order_body("5kg", 1))
        .await
        .unwrap();
    assert_eq!(status, 201, "{order}");
    let (id, token) = id_and_token(&order);
    for step in ["packed", "shipped"] {
        let moved = http
            .post(server.url(&format!("/api/admin/orders/{id}/status")))
            .bearer_auth(ADMIN_TOKEN)
            .json(&serde_json::json!({ "status": step }))
            .send()
            .await
            .unwrap();
        assert_eq!(moved.status(), 200, "{step}");
    }

    let boundary = "orchard-slow-claim";
    let form = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ndamaged\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\n{}\r\n--{boundary}--\r\n",
        "Three apples were bruised. ".repeat(10)
    );
    let head = format!(
        "POST /api/orders/{id}/claims HTTP/1.1\r\nHost: {address}\r\nAuthorization: Bearer {token}\r\n\
         Idempotency-Key: slow-claim\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        form.len()
    );
    let answer = send_with_a_pause(&address, head, form.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 201"), "{answer}");

    let order = serde_json::to_string(&order_body("5kg", 1)).unwrap();
    let head = format!(
        "POST /api/orders HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\n\
         Idempotency-Key: slow-order\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        order.len()
    );
    let answer = send_with_a_pause(&address, head, order.as_bytes()).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"request_timeout\""), "{answer}");
}
