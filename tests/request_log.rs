//! What the real server writes to its log about requests: the method and the path, never a
//! query string (old tracking links carry the buyer's token there) nor a bearer header.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::time::{Duration, Instant};

use common::Sandbox;

const SECRET: &str = "SECRETTOKEN";

/// The log once it holds `answers` finished requests (or after five seconds, as it is).
async fn log_after(server: &common::Server, answers: usize) -> String {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let log = server.log();
        let finished = log.matches("finished processing request").count();
        if finished >= answers || Instant::now() > deadline {
            return log;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn the_request_log_keeps_the_path_but_never_a_token_from_the_query() {
    let sandbox = Sandbox::open_sale(10, 10);
    for format in [&[][..], &["--log-json"][..]] {
        let server = sandbox.spawn(format);
        let client = reqwest::Client::new();
        let page = client
            .get(server.url(&format!("/orders/ABC?t={SECRET}")))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "an old link still opens the page");
        for bearer in [None, Some(SECRET)] {
            let mut lookup = client.get(server.url(&format!("/api/orders/ABC?t={SECRET}")));
            if let Some(token) = bearer {
                lookup = lookup.bearer_auth(token);
            }
            assert_eq!(lookup.send().await.unwrap().status(), 404);
        }
        let log = log_after(&server, 3).await;
        assert_eq!(
            log.matches("finished processing request").count(),
            3,
            "every request is logged at the default level ({format:?}):\n{log}"
        );
        assert!(log.contains("/orders/ABC"), "{log}");
        assert!(log.contains("/api/orders/ABC"), "{log}");
        assert!(log.contains("GET"), "{log}");
        assert!(
            !log.contains(SECRET),
            "a token reached the log ({format:?}):\n{log}"
        );
    }
}
