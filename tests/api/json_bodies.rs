//! Every JSON body of the API is an object: an array is refused before it is read, where serde
//! alone would read `[0]` as `{"stock": 0}` (Schemathesis found a stock set to 0 that way).

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::TestApp;

#[tokio::test]
async fn a_body_that_is_not_a_json_object_changes_nothing_and_answers_400() {
    for app in TestApp::on_both_stores(10).await {
        let placed = app
            .place("array-1", &crate::common::order_body("5kg", 1))
            .await;
        let id = placed.json["id"].as_str().unwrap();
        let move_path = format!("/api/admin/orders/{id}/status");
        for (method, path, body) in [
            ("PUT", "/api/admin/boxes/5kg", json!([0])),
            ("POST", move_path.as_str(), json!(["cancelled"])),
            (
                "POST",
                "/api/admin/orders/status",
                json!([[id], "received", "packed"]),
            ),
        ] {
            let r = app.admin(method, path, Some(&body)).await;
            assert_eq!(
                r.status,
                StatusCode::BAD_REQUEST,
                "{method} {path} {}",
                app.store
            );
            assert_eq!(r.json["error"]["code"], "bad_request", "{method} {path}");
        }
        let order = app.place("array-2", &json!(["5kg", 1])).await;
        assert_eq!(order.status, StatusCode::BAD_REQUEST, "{}", app.store);
        assert_eq!(app.available("5kg").await, 9, "{}", app.store);
        let order = app.buyer_view(&placed.json).await;
        assert_eq!(order["status"], "received", "{}", app.store);
    }
}
