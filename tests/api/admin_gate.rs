//! The admin API's gate: every route refuses a missing or wrong token, a client guessing
//! tokens is refused before its guess is compared, and the API is off without a token.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::admin::{app_with_orders, status_path};
use crate::common::{Sandbox, ADMIN_TOKEN};
use crate::helpers::{from, request, Reply, TestApp};

/// `method path` from TCP peer `peer`, with `token` as its Bearer if given.
async fn call_from(
    app: &TestApp,
    peer: &str,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> Reply {
    let bearer = token.map(|t| format!("Bearer {t}"));
    let headers: Vec<(&str, &str)> = bearer
        .iter()
        .map(|b| ("Authorization", b.as_str()))
        .collect();
    app.send(from(peer, request(method, path, &headers, body)))
        .await
}

#[tokio::test]
async fn every_admin_route_refuses_a_missing_or_wrong_token() {
    let (app, first, _) = app_with_orders().await;
    let status_path = status_path(&first);
    let routes = [
        ("GET", "/api/admin/orders", None),
        ("GET", "/api/admin/orders.csv", None),
        (
            "POST",
            status_path.as_str(),
            Some(json!({"status": "packed"})),
        ),
        ("PUT", "/api/admin/boxes/5kg", Some(json!({"stock": 1}))),
    ];
    for (i, (method, path, body)) in routes.into_iter().enumerate() {
        let peer = format!("203.0.113.{i}");
        for token in [None, Some("wrong"), Some("")] {
            let r = call_from(&app, &peer, method, path, token, body.as_ref()).await;
            assert_eq!(
                r.status,
                StatusCode::UNAUTHORIZED,
                "{method} {path} with {token:?}"
            );
            assert_eq!(r.json["error"]["code"], "unauthorized");
        }
    }
    let orders = app.admin("GET", "/api/admin/orders", None).await.json;
    assert_eq!(orders["orders"][0]["status"], "received", "nothing moved");
}

#[tokio::test]
async fn a_client_guessing_admin_tokens_is_refused_with_429_before_its_guess_is_compared() {
    let (app, _, _) = app_with_orders().await;
    let from_guesser = |token| {
        call_from(
            &app,
            "198.51.100.66",
            "GET",
            "/api/admin/orders",
            Some(token),
            None,
        )
    };
    for n in 0..10 {
        let r = from_guesser("guess").await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "guess {n}");
    }
    let r = from_guesser("guess").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.json["error"]["code"], "rate_limited");
    let r = from_guesser(ADMIN_TOKEN).await;
    assert_eq!(
        r.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right token waits: a guess that happens to be right is never told apart"
    );
    let r = app.admin("GET", "/api/admin/orders", None).await;
    assert_eq!(
        r.status,
        StatusCode::OK,
        "the team elsewhere is not locked out"
    );
}

#[tokio::test]
async fn the_admin_api_is_off_without_a_configured_token() {
    let sandbox = Sandbox::open_sale(5, 5);
    let mut state = sandbox.state(&[]).await;
    let mut config = (*state.config).clone();
    config.admin_token = None;
    state.config = std::sync::Arc::new(config);
    let app = TestApp::from_state(state, sandbox);
    let r = app.admin("GET", "/api/admin/orders", None).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}
