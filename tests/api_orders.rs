//! The order API through the real router (`oneshot`): every status and error code of the
//! contract for placing and looking up orders.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{at, content_toml, order_body, Sandbox};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

struct Reply {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    json: Value,
}

async fn send(app: &axum::Router, req: Request<Body>) -> Reply {
    let response = app.clone().oneshot(req).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Reply {
        status,
        headers,
        json,
    }
}

fn post_order(key: Option<&str>, body: &Value) -> Request<Body> {
    let mut req = Request::post("/api/orders").header(header::CONTENT_TYPE, "application/json");
    if let Some(key) = key {
        req = req.header("Idempotency-Key", key);
    }
    req.body(Body::from(body.to_string())).unwrap()
}

fn get(path: &str, bearer: Option<&str>) -> Request<Body> {
    let mut req = Request::get(path);
    if let Some(token) = bearer {
        req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    req.body(Body::empty()).unwrap()
}

async fn open_app(stock_5: u32) -> (Sandbox, axum::Router) {
    let sandbox = Sandbox::open_sale(stock_5, 10);
    let app = orchard::server::app(sandbox.state(&["--rate-limit-per-minute", "0"]).await);
    (sandbox, app)
}

async fn available(app: &axum::Router, box_id: &str) -> u64 {
    let s = send(app, get("/api/storefront", None)).await.json;
    s["boxes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == box_id)
        .unwrap()["available"]
        .as_u64()
        .unwrap()
}

fn assert_error(reply: &Reply, status: StatusCode, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.json);
    assert_eq!(reply.json["error"]["code"], code, "{}", reply.json);
    assert!(reply.json["error"]["message"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
    assert!(
        reply.headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("application/json"),
        "error bodies are JSON"
    );
}

#[tokio::test]
async fn a_valid_order_is_created_with_a_secret_token_and_takes_stock() {
    let (_s, app) = open_app(100).await;
    let r = send(&app, post_order(Some("first-order"), &order_body("5kg", 2))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.json);
    assert_eq!(r.json["status"], "received");
    assert_eq!(r.json["box_id"], "5kg");
    assert_eq!(r.json["quantity"], 2);
    assert_eq!(r.json["total_fen"], 13600);
    assert!(
        r.json["token"].as_str().unwrap().len() >= 32,
        "at least 128 bits of token"
    );
    assert!(r.json["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(available(&app, "5kg").await, 98);
    let impact = send(&app, get("/api/storefront", None)).await.json["impact"].clone();
    assert_eq!(
        impact,
        json!({"orders": 1, "kg_sold": 10, "kg_per_family": 2000, "families_lifted": 0})
    );
}

#[tokio::test]
async fn the_total_is_computed_by_the_server_whatever_the_body_claims() {
    let (_s, app) = open_app(100).await;
    let mut body = order_body("10kg", 3);
    body["total_fen"] = json!(1);
    body["price_fen"] = json!(1);
    body["status"] = json!("delivered");
    let r = send(&app, post_order(Some("sneaky"), &body)).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.json["total_fen"], 38400);
    assert_eq!(r.json["status"], "received");
}

#[tokio::test]
async fn a_retry_with_the_same_key_answers_the_same_order_and_takes_no_more_stock() {
    let (_s, app) = open_app(100).await;
    let first = send(&app, post_order(Some("retry-me"), &order_body("5kg", 1))).await;
    // Same meaning, other spelling: key order, spaces and dashes in the phone.
    let same = json!({"address": "12 Chunxi Road, Jinjiang, Chengdu", "phone": "13800138000", "name": " Tashi Dorje ", "quantity": 1, "box_id": "5kg"});
    let second = send(&app, post_order(Some("retry-me"), &same)).await;
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(first.json, second.json);
    assert_eq!(available(&app, "5kg").await, 99);
}

#[tokio::test]
async fn the_same_key_with_another_order_is_refused() {
    let (_s, app) = open_app(100).await;
    send(&app, post_order(Some("one-key"), &order_body("5kg", 1))).await;
    let r = send(&app, post_order(Some("one-key"), &order_body("5kg", 2))).await;
    assert_error(
        &r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    );
    assert_eq!(available(&app, "5kg").await, 99);
}

#[tokio::test]
async fn an_order_without_a_usable_idempotency_key_is_refused() {
    let (_s, app) = open_app(100).await;
    for key in [
        None,
        Some(""),
        Some("has space"),
        Some(&"k".repeat(65)[..]),
        Some("ключ"),
    ] {
        let r = send(&app, post_order(key, &order_body("5kg", 1))).await;
        assert_error(&r, StatusCode::BAD_REQUEST, "idempotency_key_required");
    }
    let ok = send(
        &app,
        post_order(Some(&"k".repeat(64)), &order_body("5kg", 1)),
    )
    .await;
    assert_eq!(ok.status, StatusCode::CREATED);
}

#[tokio::test]
async fn malformed_mistyped_and_oversized_bodies_answer_the_json_error_shape() {
    let (_s, app) = open_app(100).await;
    let raw = |ct: Option<&str>, body: Vec<u8>| {
        let mut req = Request::post("/api/orders").header("Idempotency-Key", "bad-bodies");
        if let Some(ct) = ct {
            req = req.header(header::CONTENT_TYPE, ct);
        }
        req.body(Body::from(body)).unwrap()
    };
    assert_error(
        &send(
            &app,
            raw(Some("application/json"), b"{\"box_id\": ".to_vec()),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    assert_error(
        &send(&app, raw(Some("application/json"), b"[1,2]".to_vec())).await,
        StatusCode::BAD_REQUEST,
        "bad_request",
    );
    assert_error(
        &send(&app, raw(Some("text/plain"), b"{}".to_vec())).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    assert_error(
        &send(&app, raw(None, b"{}".to_vec())).await,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    let mut big = order_body("5kg", 1);
    big["note"] = json!("x".repeat(17 * 1024));
    let r = send(
        &app,
        raw(Some("application/json"), big.to_string().into_bytes()),
    )
    .await;
    assert_error(&r, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    let charset = send(
        &app,
        raw(
            Some("application/json; charset=utf-8"),
            order_body("5kg", 1).to_string().into_bytes(),
        ),
    )
    .await;
    assert_eq!(charset.status, StatusCode::CREATED);
    assert_eq!(
        available(&app, "5kg").await,
        99,
        "only the valid request took stock"
    );
}

#[tokio::test]
async fn invalid_fields_are_all_named_and_nothing_is_stored() {
    let (_s, app) = open_app(100).await;
    let body = json!({"box_id": "3kg", "quantity": 21, "name": "  ", "phone": "12345", "address": "abc", "note": "n".repeat(201), "ref": "bad ref!"});
    let r = send(&app, post_order(Some("invalid"), &body)).await;
    assert_error(&r, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let fields = r.json["error"]["fields"].as_object().unwrap();
    let mut named: Vec<&str> = fields.keys().map(String::as_str).collect();
    named.sort();
    assert_eq!(
        named,
        ["address", "box_id", "name", "note", "phone", "quantity", "ref"]
    );
    let missing = send(&app, post_order(Some("empty"), &json!({}))).await;
    assert_error(&missing, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    let typed = send(&app, post_order(Some("typed"), &json!({"box_id": 5, "quantity": "2", "name": ["x"], "phone": 13800138000u64, "address": null}))).await;
    assert_eq!(typed.json["error"]["fields"].as_object().unwrap().len(), 5);
    assert_eq!(available(&app, "5kg").await, 100);
    let admin = send(&app, get("/api/admin/orders", Some(common::ADMIN_TOKEN))).await;
    assert_eq!(admin.json["orders"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn an_order_over_the_stock_is_refused_with_what_is_left() {
    let (_s, app) = open_app(3).await;
    let r = send(&app, post_order(Some("too-many"), &order_body("5kg", 5))).await;
    assert_error(&r, StatusCode::CONFLICT, "insufficient_stock");
    assert_eq!(r.json["error"]["available"], 3);
    assert_eq!(
        send(&app, post_order(Some("all-three"), &order_body("5kg", 3)))
            .await
            .status,
        StatusCode::CREATED
    );
    let gone = send(&app, post_order(Some("one-more"), &order_body("5kg", 1))).await;
    assert_error(&gone, StatusCode::CONFLICT, "sold_out");
    assert_eq!(available(&app, "5kg").await, 0);
}

#[tokio::test]
async fn the_sale_state_follows_the_clock_and_the_stock() {
    let upcoming = Sandbox::new(&content_toml(&at(3600), None, 5, 5));
    let app = orchard::server::app(upcoming.state(&[]).await);
    let s = send(&app, get("/api/storefront", None)).await.json;
    assert_eq!(s["sale"]["state"], "upcoming");
    let r = send(&app, post_order(Some("early"), &order_body("5kg", 1))).await;
    assert_error(&r, StatusCode::CONFLICT, "sale_not_open");
    assert_eq!(r.json["error"]["opens_at"], s["sale"]["opens_at"]);

    let closed = Sandbox::new(&content_toml(&at(-7200), Some(&at(-60)), 5, 5));
    let app = orchard::server::app(closed.state(&[]).await);
    assert_eq!(
        send(&app, get("/api/storefront", None)).await.json["sale"]["state"],
        "closed"
    );
    assert_error(
        &send(&app, post_order(Some("late"), &order_body("5kg", 1))).await,
        StatusCode::CONFLICT,
        "sale_closed",
    );

    let empty = Sandbox::open_sale(0, 0);
    let app = orchard::server::app(empty.state(&[]).await);
    assert_eq!(
        send(&app, get("/api/storefront", None)).await.json["sale"]["state"],
        "sold_out"
    );
    assert_error(
        &send(&app, post_order(Some("none"), &order_body("5kg", 1))).await,
        StatusCode::CONFLICT,
        "sold_out",
    );
}

#[tokio::test]
async fn an_order_is_found_only_with_its_own_token() {
    let (_s, app) = open_app(100).await;
    let created = send(&app, post_order(Some("lookup"), &order_body("5kg", 2)))
        .await
        .json;
    let path = format!("/api/orders/{}", created["id"].as_str().unwrap());
    let ok = send(&app, get(&path, created["token"].as_str())).await;
    assert_eq!(ok.status, StatusCode::OK);
    assert_eq!(ok.json["id"], created["id"]);
    assert_eq!(ok.json["history"][0]["status"], "received");
    assert_eq!(ok.json["history"][0]["at"], created["created_at"]);
    let wrong = send(&app, get(&path, Some("0000"))).await;
    let missing = send(&app, get(&path, None)).await;
    let unknown = send(
        &app,
        get("/api/orders/NOSUCHORDER", created["token"].as_str()),
    )
    .await;
    for r in [&wrong, &missing, &unknown] {
        assert_error(r, StatusCode::NOT_FOUND, "not_found");
    }
    assert_eq!(
        wrong.json, unknown.json,
        "a wrong token reads exactly like an unknown id"
    );
}

#[tokio::test]
async fn the_rate_limit_answers_429_with_retry_after() {
    let sandbox = Sandbox::open_sale(100, 10);
    let app = orchard::server::app(sandbox.state(&["--rate-limit-per-minute", "2"]).await);
    assert_eq!(
        send(&app, post_order(Some("r1"), &order_body("5kg", 1)))
            .await
            .status,
        StatusCode::CREATED
    );
    assert_eq!(
        send(&app, post_order(Some("r2"), &order_body("5kg", 1)))
            .await
            .status,
        StatusCode::CREATED
    );
    let r = send(&app, post_order(Some("r3"), &order_body("5kg", 1))).await;
    assert_error(&r, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    assert!(
        r.headers[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
    // A retry of a placed order waits like any attempt: answering it would need a database read,
    // which is what the limit saves. After Retry-After it gets its order (the key is kept).
    let replay = send(&app, post_order(Some("r1"), &order_body("5kg", 1))).await;
    assert_error(&replay, StatusCode::TOO_MANY_REQUESTS, "rate_limited");
    assert_eq!(available(&app, "5kg").await, 98, "nothing more was taken");
}

#[tokio::test]
async fn unknown_api_paths_and_methods_answer_json_errors_while_other_paths_get_the_client() {
    let (_s, app) = open_app(1).await;
    assert_error(
        &send(&app, get("/api/nothing/here", None)).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
    let delete = Request::builder()
        .method(Method::DELETE)
        .uri("/api/storefront")
        .body(Body::empty())
        .unwrap();
    assert_error(
        &send(&app, delete).await,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    );
    let page = app
        .clone()
        .oneshot(get("/orders/ABC?t=x", None))
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(page.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    assert_eq!(page.headers()[header::CACHE_CONTROL], "no-cache");
    let health = send(&app, get("/healthz", None)).await;
    assert_eq!(health.status, StatusCode::OK);
}

fn post_raw(key: &str, body: &str) -> Request<Body> {
    Request::post("/api/orders")
        .header(header::CONTENT_TYPE, "application/json")
        .header("Idempotency-Key", key)
        .body(Body::from(body.to_owned()))
        .unwrap()
}

#[tokio::test]
async fn a_json_object_with_a_duplicate_key_is_refused_at_any_depth() {
    let (_s, app) = open_app(100).await;
    let fields = r#""box_id":"5kg","name":"Tashi","phone":"13800138000","address":"12 Chunxi Road, Chengdu""#;
    let refused = [
        format!(r#"{{{fields},"quantity":1,"quantity":20}}"#),
        format!(r#"{{"quantity":1,{fields},"quantity":1}}"#),
        format!(r#"{{{fields},"quantity":1,"n\u0061me":"Drolma"}}"#),
        format!(r#"{{{fields},"quantity":1,"extra":{{"a":1,"a":2}}}}"#),
        format!(r#"{{{fields},"quantity":1,"extra":[{{"a":1}},[{{"b":{{"c":1,"c":1}}}}]]}}"#),
    ];
    for (n, body) in refused.iter().enumerate() {
        let r = send(&app, post_raw(&format!("dup-{n}"), body)).await;
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
    assert_eq!(
        available(&app, "5kg").await,
        100,
        "no refused body took stock"
    );

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
        let r = send(&app, post_raw(&format!("unique-{n}"), body)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{body}: {}", r.json);
    }
    assert_eq!(available(&app, "5kg").await, 94);
}

#[tokio::test]
async fn invisible_and_direction_characters_are_refused_on_their_field() {
    let (_s, app) = open_app(100).await;
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
        let r = send(&app, post_order(Some(&format!("hidden-{n}")), &body)).await;
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
    assert_eq!(
        available(&app, "5kg").await,
        100,
        "no refused order took stock"
    );
}

#[tokio::test]
async fn a_decomposed_name_counts_and_is_kept_as_its_composed_form() {
    let (_s, app) = open_app(100).await;
    let mut body = order_body("5kg", 1);
    body["name"] = json!("e\u{301}".repeat(64));
    body["address"] = json!("Chemin de l'E\u{301}cole, Chengdu");
    let first = send(&app, post_order(Some("nfc"), &body)).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.json);
    body["name"] = json!("é".repeat(64));
    body["address"] = json!("Chemin de l'École, Chengdu");
    let again = send(&app, post_order(Some("nfc"), &body)).await;
    assert_eq!(
        again.json, first.json,
        "composed or not, it is the same order"
    );
    let admin = send(&app, get("/api/admin/orders", Some(common::ADMIN_TOKEN))).await;
    let stored = &admin.json["orders"][0];
    assert_eq!(stored["name"], "é".repeat(64));
    assert_eq!(stored["address"], "Chemin de l'École, Chengdu");
    body["name"] = json!("e\u{301}".repeat(65));
    let long = send(&app, post_order(Some("nfc-long"), &body)).await;
    assert_error(&long, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
    assert_eq!(
        long.json["error"]["fields"]["name"],
        "Use at most 64 characters."
    );
}
