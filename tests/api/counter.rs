//! Orders at a service point's counter: a team member places an order for a villager without a
//! smartphone with their token; it is tagged `counter` whatever the body said, the per-client
//! rate limit does not count it (one counter, many villagers), a wrong token is 401, and the
//! villager's order is followed and its slip printed like any other.

use axum::http::StatusCode;
use serde_json::Value;

use crate::common::{order_body, Sandbox, ADMIN_TOKEN};
use crate::helpers::TestApp;

async fn at_the_counter(
    app: &TestApp,
    token: &str,
    key: &str,
    body: &Value,
) -> crate::helpers::Reply {
    let bearer = format!("Bearer {token}");
    let headers = [("Idempotency-Key", key), ("Authorization", bearer.as_str())];
    app.call("POST", "/api/orders", &headers, Some(body)).await
}

#[tokio::test]
async fn a_counter_order_is_tagged_counter_and_the_rate_limit_does_not_count_it() {
    let app = TestApp::with(
        Sandbox::open_sale(100, 10),
        &["--rate-limit-per-minute", "1"],
    )
    .await;
    let mut body = order_body("5kg", 1);
    body["ref"] = "wechat-group".into();
    for n in 0..8 {
        let placed = at_the_counter(&app, ADMIN_TOKEN, &format!("villager-{n}"), &body).await;
        placed.assert_status(StatusCode::CREATED, app.store);
    }
    let summary = app.admin("GET", "/api/admin/summary", None).await;
    assert_eq!(summary.json["by_ref"]["counter"], 8, "{}", summary.json);
    assert!(
        summary.json["by_ref"].get("wechat-group").is_none(),
        "{}",
        summary.json
    );
    let mut buyers = Vec::new();
    for n in 0..8 {
        buyers.push(
            app.place(&format!("buyer-{n}"), &order_body("5kg", 1))
                .await
                .status,
        );
    }
    assert!(
        buyers.contains(&StatusCode::TOO_MANY_REQUESTS),
        "a buyer's own orders still meet the limit: {buyers:?}"
    );
}

#[tokio::test]
async fn a_counter_order_with_a_wrong_token_is_refused_and_places_nothing() {
    let app = TestApp::open_sale(100, 10).await;
    let wrong = at_the_counter(&app, "not-a-member-token", "k1", &order_body("5kg", 1)).await;
    wrong.assert_status(StatusCode::UNAUTHORIZED, app.store);
    assert_eq!(app.available("5kg").await, 100);
}
