//! `GET /api/openapi.json`: the document describes every route of the contract, each
//! operation with its refusals, security and headers, and nothing that is not routed.

use std::path::Path;

use axum::http::StatusCode;
use serde_json::Value;

use crate::helpers::TestApp;

/// The contract's routes (`DESIGN.md`), as `method path` in the document's spelling.
const CONTRACT: &[(&str, &str)] = &[
    ("get", "/api/storefront"),
    ("post", "/api/orders"),
    ("get", "/api/orders/{id}"),
    ("get", "/api/admin/orders"),
    ("get", "/api/admin/orders.csv"),
    ("post", "/api/admin/orders/{id}/status"),
    ("put", "/api/admin/boxes/{id}"),
    ("get", "/api/admin/summary"),
    ("post", "/api/admin/orders/status"),
    ("post", "/api/admin/tracking-numbers"),
    ("get", "/api/admin/labels"),
    ("get", "/api/admin/picklist"),
    ("get", "/api/admin/me"),
    ("get", "/healthz"),
    ("get", "/api/openapi.json"),
    ("post", "/api/pay/wechat/{slug}"),
    ("post", "/api/pay/alipay/{slug}"),
    ("get", "/api/pay/wechat/{slug}/oauth"),
];

pub async fn document() -> Value {
    let app = TestApp::open_sale(10, 10).await;
    let reply = app.get("/api/openapi.json").await;
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(reply.content_type(), "application/json; charset=utf-8");
    reply.json
}

/// Every `(method, path, operation)` of the document.
pub fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let paths = doc["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            let item = item.as_object().expect("a path item");
            item.iter()
                .map(|(method, op)| (method.clone(), path.clone(), op.clone()))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The codes a response's schema allows.
pub fn codes(op: &Value, status: &str) -> Vec<String> {
    let schema = &op["responses"][status]["content"]["application/json"]["schema"];
    let code = &schema["allOf"][1]["properties"]["error"]["properties"]["code"]["enum"];
    let codes = code
        .as_array()
        .unwrap_or_else(|| panic!("no codes for {status}: {op}"));
    codes
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_document_is_openapi_3_1_and_describes_every_route_of_the_contract() {
    let doc = document().await;
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        doc["openapi"]
    );
    let found: Vec<(String, String)> = operations(&doc)
        .into_iter()
        .map(|(method, path, _)| (method, path))
        .collect();
    for (method, path) in CONTRACT {
        assert!(
            found.iter().any(|(m, p)| m == method && p == path),
            "{method} {path} is not in the document"
        );
    }
    for (_, _, op) in operations(&doc) {
        assert!(op["operationId"].is_string(), "{op}");
        let responses = op["responses"].as_object().unwrap();
        // What it does when it does not refuse: an answer, or (WeChat's OAuth) a redirect.
        let answers = |s: &String| s.starts_with('2') || s.starts_with('3');
        assert!(responses.keys().any(answers), "{op}");
    }
    assert!(doc["components"]["schemas"]["ErrorBody"].is_object());
    assert!(doc["components"]["schemas"]["OrderRequest"].is_object());
}

#[tokio::test]
async fn every_team_operation_names_its_token_and_its_refusals() {
    let doc = document().await;
    for (method, path, op) in operations(&doc) {
        if !path.starts_with("/api/admin/") {
            continue;
        }
        assert_eq!(
            op["security"][0]["team_token"],
            Value::Array(vec![]),
            "{method} {path}"
        );
        assert_eq!(codes(&op, "401"), ["unauthorized"], "{method} {path}");
        assert_eq!(codes(&op, "429"), ["rate_limited"], "{method} {path}");
        assert_eq!(
            op["responses"]["429"]["headers"]["Retry-After"]["required"], true,
            "{method} {path}"
        );
    }
    assert_eq!(
        doc["components"]["securitySchemes"]["team_token"]["scheme"],
        "bearer"
    );
}

#[tokio::test]
async fn placing_an_order_is_described_with_its_key_its_body_and_every_refusal() {
    let doc = document().await;
    let op = &doc["paths"]["/api/orders"]["post"];
    let key = op["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Idempotency-Key")
        .expect("the Idempotency-Key header");
    assert_eq!(key["in"], "header");
    assert_eq!(key["required"], true);
    let body = &op["requestBody"]["content"]["application/json"]["schema"]["$ref"];
    assert_eq!(body, "#/components/schemas/OrderRequest");
    assert_eq!(
        codes(op, "409"),
        [
            "request_in_progress",
            "sale_not_open",
            "sale_closed",
            "sold_out",
            "insufficient_stock",
            "limit_reached"
        ]
    );
    assert_eq!(codes(op, "422"), ["invalid", "idempotency_key_reused"]);
    assert_eq!(
        codes(op, "400"),
        ["idempotency_key_required", "bad_request"]
    );
    for status in ["413", "415", "429", "503"] {
        assert!(op["responses"][status].is_object(), "{status}");
    }
    assert!(op["responses"]["503"]["headers"]["Retry-After"].is_object());
    let quantity = &doc["components"]["schemas"]["OrderRequest"]["properties"]["quantity"];
    assert_eq!(
        (&quantity["minimum"], &quantity["maximum"]),
        (&1.into(), &20.into())
    );
    let storefront = &doc["paths"]["/api/storefront"]["get"]["responses"];
    assert!(storefront["200"]["headers"]["ETag"].is_object());
    assert!(storefront["304"].is_object());
}

/// Schemathesis's findings in the document: a courier CSV is bytes (a JSON value sent as
/// `text/csv` is still a CSV the server reads), and a stock update without `stock` is invalid.
#[tokio::test]
async fn the_courier_csv_is_described_as_bytes_and_a_stock_update_needs_its_stock() {
    let doc = document().await;
    let body = &doc["paths"]["/api/admin/tracking-numbers"]["post"]["requestBody"];
    let named = body["content"]["text/csv"]["schema"]["$ref"]
        .as_str()
        .unwrap();
    let csv = &doc["components"]["schemas"][named.rsplit('/').next().unwrap()];
    assert_eq!(
        (&csv["type"], &csv["format"]),
        (&"string".into(), &"binary".into())
    );
    let stock = &doc["components"]["schemas"]["StockUpdate"];
    assert_eq!(stock["required"], serde_json::json!(["stock"]), "{stock}");
}

/// A path that exists for the router answers 405 to a method it does not take, where an
/// unknown path answers 404; a documented method is never 405.
#[tokio::test]
async fn every_operation_in_the_document_is_routed() {
    let doc = document().await;
    let app = TestApp::open_sale(10, 10).await;
    for (method, path, _) in operations(&doc) {
        let slug = &app.state.shops.default_shop().slug;
        let concrete = path.replace("{id}", "5kg").replace("{slug}", slug);
        let other = app.admin("DELETE", &concrete, None).await;
        assert_eq!(
            other.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "DELETE {concrete}"
        );
        let documented = app.admin(&method.to_uppercase(), &concrete, None).await;
        assert_ne!(
            documented.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {concrete}"
        );
    }
}

/// The API's routes are all made in `src/server/routes/` with `utoipa_axum::routes!`, which
/// takes the path from the handler's description: an axum `.route(...)` there would be a route
/// the document does not know.
#[test]
fn no_api_route_is_registered_without_its_description() {
    fn visit(dir: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for (n, line) in text.lines().enumerate() {
                    if line.contains(".route(") || line.contains(".route_service(") {
                        found.push(format!("{}:{}: {line}", path.display(), n + 1));
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    visit(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src/server/routes"),
        &mut found,
    );
    assert!(
        found.is_empty(),
        "routes without a description:\n{}",
        found.join("\n")
    );
}
