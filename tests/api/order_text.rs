//! An order's body byte for byte: a JSON object with a duplicate key, invisible and direction
//! characters in its text, and text counted and kept in its composed form.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::json;

use crate::common::order_body;
use crate::helpers::TestApp;
use crate::orders::assert_error;

/// An order whose body is `body` byte for byte (JSON a `Value` cannot hold, such as a duplicate
/// key).
fn post_raw(key: &str, body: &str) -> Request<Body> {
    Request::post("/api/orders")
        .header(header::CONTENT_TYPE, "application/json")
        .header("Idempotency-Key", key)
        .body(Body::from(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn a_json_object_with_a_duplicate_key_is_refused_at_any_depth() {
    let app = TestApp::open_sale(100, 10).await;
    let fields = r#""box_id":"5kg","name":"Tashi","phone":"13800138000","address":"12 Chunxi Road, Chengdu""#;
    let refused = [
        format!(r#"{{{fields},"quantity":1,"quantity":20}}"#),
        format!(r#"{{"quantity":1,{fields},"quantity":1}}"#),
        format!(r#"{{{fields},"quantity":1,"n\u0061me":"Drolma"}}"#),
        format!(r#"{{{fields},"quantity":1,"extra":{{"a":1,"a":2}}}}"#),
        format!(r#"{{{fields},"quantity":1,"extra":[{{"a":1}},[{{"b":{{"c":1,"c":1}}}}]]}}"#),
    ];
    for (n, body) in refused.iter().enumerate() {
        let r = app.send(post_raw(&format!("dup-{n}"), body)).await;
        assert_error(&r, StatusCode::BAD_REQUEST, "bad_request");
        assert!(
            r.json["error"]["message"]
                .as_str()
                .unwrap()
                .contains("duplicate key"),
            "{body}: {}",
            r.json
        );
    }
    let left = app.available("5kg").await;
    assert_eq!(left, 100, "no refused body took stock");

    let accepted = [
        format!(r#"{{{fields},"quantity":1}}"#),
        format!(
            r#"{{{fields},"quantity":2,"extra":{{"quantity":20,"name":"x"}},"list":[{{"a":1}},{{"a":2}}]}}"#
        ),
        format!(
            r#"{{{fields},"quantity":3,"Quantity":20,"note":null,"n":[1,2.5,-3,true,false,null,"s"]}}"#
        ),
    ];
    for (n, body) in accepted.iter().enumerate() {
        let r = app.send(post_raw(&format!("unique-{n}"), body)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{body}: {}", r.json);
    }
    assert_eq!(app.available("5kg").await, 94);
}

#[tokio::test]
async fn invisible_and_direction_characters_are_refused_on_their_field() {
    let app = TestApp::open_sale(100, 10).await;
    let cases = [
        ("name", "\u{200B}".to_owned()),
        ("address", "\u{200B}".repeat(5)),
        ("name", "\u{202E}amloD ihsaT\u{202C}".to_owned()),
        ("address", "12 Chunxi Road\u{2028}Chengdu".to_owned()),
        ("note", "thanks\u{2066}!\u{2069}".to_owned()),
        ("name", "\u{3164}".to_owned()),
    ];
    for (n, (field, text)) in cases.into_iter().enumerate() {
        let mut body = order_body("5kg", 1);
        body[field] = json!(text);
        let r = app.place(&format!("hidden-{n}"), &body).await;
        assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
        let fields = r.json["error"]["fields"].as_object().unwrap();
        assert_eq!(
            fields.keys().collect::<Vec<_>>(),
            [field],
            "{text:?}: {}",
            r.json
        );
        assert!(fields[field].as_str().is_some_and(|m| !m.is_empty()));
    }
    let left = app.available("5kg").await;
    assert_eq!(left, 100, "no refused order took stock");
}

#[tokio::test]
async fn a_decomposed_name_counts_and_is_kept_as_its_composed_form() {
    let app = TestApp::open_sale(100, 10).await;
    let mut body = order_body("5kg", 1);
    body["name"] = json!("e\u{301}".repeat(64));
    body["address"] = json!("Chemin de l'E\u{301}cole, Chengdu");
    let first = app.place("nfc", &body).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.json);
    body["name"] = json!("é".repeat(64));
    body["address"] = json!("Chemin de l'École, Chengdu");
    let again = app.place("nfc", &body).await;
    assert_eq!(
        again.json, first.json,
        "composed or not, it is the same order"
    );
    let admin = app.admin("GET", "/api/admin/orders", None).await;
    let stored = &admin.json["orders"][0];
    assert_eq!(stored["name"], "é".repeat(64));
    assert_eq!(stored["address"], "Chemin de l'École, Chengdu");
    body["name"] = json!("e\u{301}".repeat(65));
    let long = app.place("nfc-long", &body).await;
    assert_error(&long, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    assert_eq!(
        long.json["error"]["fields"]["name"],
        "Use at most 64 characters."
    );
}
