//! The limit on wrong team tokens: a request without a token guesses nothing and never counts;
//! the limit itself is the operator's to set.

use axum::http::StatusCode;

use crate::common::{Sandbox, ADMIN_TOKEN};
use crate::helpers::{from, request, Reply, TestApp};

const PEER: &str = "198.51.100.7";

async fn orders_from(app: &TestApp, token: Option<&str>) -> Reply {
    let bearer = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = bearer
        .iter()
        .map(|b| ("Authorization", b.as_str()))
        .collect();
    let req = request("GET", "/api/admin/orders", &headers, None);
    app.send(from(PEER, req)).await
}

#[tokio::test]
async fn requests_without_a_token_are_401_and_never_lock_the_team_out() {
    let app = TestApp::open_sale(10, 10).await;
    for n in 0..30 {
        let r = orders_from(&app, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "request {n}");
        assert_eq!(r.json["error"]["code"], "unauthorized");
    }
    let r = orders_from(&app, Some(ADMIN_TOKEN)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
}

#[tokio::test]
async fn the_operator_sets_how_many_wrong_tokens_a_client_may_send() {
    let app = TestApp::with(
        Sandbox::open_sale(10, 10),
        &["--admin-failures-per-minute", "3"],
    )
    .await;
    for n in 0..3 {
        let r = orders_from(&app, Some("a wrong token")).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "guess {n}");
    }
    let r = orders_from(&app, Some("a wrong token")).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers.contains_key("retry-after"));
}
