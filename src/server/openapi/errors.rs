//! How each operation refuses: the `ApiError`s it can answer, grouped by status into responses
//! whose `code` is the enum of those codes (so a tool checking answers against the document
//! also checks that no route answers a code it does not list), with `Retry-After` where one is
//! sent. Status, code and message come from `ApiError` itself; only the lists are here.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::kinds::{claim_invalid, invalid, json_body, member, owner, photo_invalid};
use crate::domain::ClaimRefusal;
use crate::server::error::ApiError;

/// The refusals of the operation `operation_id`, or `None` for one nobody listed.
fn refusals(operation_id: &str) -> Option<Vec<ApiError>> {
    let lists = match operation_id {
        "openapi" | "storefront" | "market" => vec![],
        "health" => vec![ApiError::Unavailable],
        "place_order" => [
            vec![
                ApiError::IdempotencyKeyRequired,
                invalid(),
                ApiError::IdempotencyKeyReused("This Idempotency-Key was already used.".into()),
                ApiError::RequestInProgress,
                ApiError::SaleNotOpen {
                    opens_at: "2026-11-11T00:00:00Z".into(),
                },
                ApiError::SaleClosed,
                ApiError::SoldOut,
                ApiError::InsufficientStock { available: 3 },
                ApiError::LimitReached { remaining: 2 },
                ApiError::RateLimited {
                    retry_after_secs: 1,
                },
                ApiError::Overloaded {
                    retry_after_secs: 1,
                },
                ApiError::Unavailable,
                ApiError::Unauthorized,
                ApiError::Forbidden,
            ],
            json_body(),
        ]
        .into_iter()
        .flatten()
        .collect(),
        "order_lookup" => vec![ApiError::NotFound, ApiError::Unavailable],
        "order_slip" => vec![
            ApiError::NotFound,
            ApiError::BadRequest("Failed to deserialize query string".into()),
            ApiError::Invalid(BTreeMap::from([(
                "origin".to_owned(),
                "Give the page's origin, a scheme and a host: https://apples.example.".to_owned(),
            )])),
            ApiError::Unavailable,
        ],
        "file_claim" => vec![
            ApiError::NotFound,
            ApiError::IdempotencyKeyRequired,
            ApiError::BadRequest("the multipart body is cut short".into()),
            ApiError::UnsupportedMediaType,
            ApiError::PayloadTooLarge,
            ApiError::RequestTimeout,
            claim_invalid(),
            ApiError::IdempotencyKeyReused("This Idempotency-Key was already used.".into()),
            ApiError::ClaimNotAllowed(ClaimRefusal::OutOfWindow),
            ApiError::RateLimited {
                retry_after_secs: 5,
            },
            ApiError::Overloaded {
                retry_after_secs: 5,
            },
            ApiError::Unavailable,
        ],
        "team_claims" => [owner(), vec![invalid()]].into_iter().flatten().collect(),
        "team_claim_photo" | "team_claim_thumb" => {
            [owner(), vec![ApiError::NotFound, photo_invalid()]]
                .into_iter()
                .flatten()
                .collect()
        }
        "team_resolve_claim" => [
            owner(),
            json_body(),
            vec![
                invalid(),
                ApiError::NotFound,
                ApiError::ClaimResolved,
                ApiError::RefundTooLarge { remaining_fen: 800 },
            ],
        ]
        .into_iter()
        .flatten()
        .collect(),
        "team_me" => member(),
        "team_orders" | "team_picklist" | "team_labels" => {
            [member(), vec![invalid()]].into_iter().flatten().collect()
        }
        "team_orders_csv" => [owner(), vec![invalid()]].into_iter().flatten().collect(),
        "team_summary" | "operator_market" => owner(),
        "team_move" => [
            owner(),
            json_body(),
            vec![
                invalid(),
                ApiError::NotFound,
                ApiError::InvalidTransition(
                    "Order A7K2 is shipped and cannot move to packed.".into(),
                ),
                ApiError::StatusConflict(
                    "Order A7K2 is already packed: someone else moved it.".into(),
                ),
            ],
        ]
        .into_iter()
        .flatten()
        .collect(),
        "team_bulk_move" => [owner(), json_body(), vec![invalid()]]
            .into_iter()
            .flatten()
            .collect(),
        "team_tracking_numbers" => [
            member(),
            vec![
                ApiError::BadRequest("the body was cut short".into()),
                ApiError::UnsupportedMediaType,
                ApiError::PayloadTooLarge,
                ApiError::RequestTimeout,
            ],
        ]
        .into_iter()
        .flatten()
        .collect(),
        "team_set_stock" => [owner(), json_body(), vec![invalid(), ApiError::NotFound]]
            .into_iter()
            .flatten()
            .collect(),
        "team_shortfall" => [
            owner(),
            json_body(),
            vec![
                invalid(),
                ApiError::NotFound,
                ApiError::ShortfallChanged {
                    moved: vec!["7KQ2M9XW4HTA".into()],
                },
            ],
        ]
        .into_iter()
        .flatten()
        .collect(),
        "market_create_producer" | "team_edit_content" => [owner(), json_body(), vec![invalid()]]
            .into_iter()
            .flatten()
            .collect(),
        "team_upload_picture" => [
            owner(),
            vec![
                ApiError::BadRequest("the multipart body is cut short".into()),
                ApiError::UnsupportedMediaType,
                ApiError::PayloadTooLarge,
                ApiError::RequestTimeout,
                claim_invalid(),
            ],
        ]
        .into_iter()
        .flatten()
        .collect(),
        "producer_picture" => vec![ApiError::NotFound, ApiError::Unavailable],
        // Refused in the providers' own shapes, described with the routes.
        "wechat_notify" | "alipay_notify" => vec![],
        "wechat_oauth" => vec![ApiError::NotFound, ApiError::Unavailable],
        "team_read_content" => owner(),
        _ => return None,
    };
    Some(lists)
}

/// Adds its refusals to every operation of `doc` (a serialized OpenAPI document).
///
/// # Panics
/// When an operation has no operation id or no entry in `refusals`.
pub fn describe(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for (method, operation) in item.iter_mut() {
            let id = operation["operationId"].as_str().unwrap_or_default();
            let refused = refusals(id).unwrap_or_else(|| {
                panic!("{method} {path} ({id:?}): list its refusals in openapi/errors.rs")
            });
            let responses = operation["responses"]
                .as_object_mut()
                .expect("utoipa writes responses");
            for (status, response) in by_status(&refused) {
                responses.insert(status, response);
            }
        }
    }
}

/// One response per status, in status order.
fn by_status(refused: &[ApiError]) -> BTreeMap<String, Value> {
    let mut groups: BTreeMap<u16, Vec<&ApiError>> = BTreeMap::new();
    for error in refused {
        groups
            .entry(error.status().as_u16())
            .or_default()
            .push(error);
    }
    groups
        .into_iter()
        .map(|(status, errors)| (status.to_string(), response(&errors)))
        .collect()
}

fn response(errors: &[&ApiError]) -> Value {
    let codes: Vec<&str> = errors.iter().map(|e| e.code().as_str()).collect();
    let description = errors
        .iter()
        .map(|e| format!("`{}`: {}", e.code(), e.message()))
        .collect::<Vec<_>>()
        .join(" ");
    let schema = json!({
        "allOf": [
            {"$ref": "#/components/schemas/ErrorBody"},
            {"type": "object", "properties": {"error": {"type": "object", "properties": {
                "code": {"type": "string", "enum": codes}
            }}}}
        ]
    });
    let mut response = Map::new();
    response.insert("description".into(), description.into());
    response.insert(
        "content".into(),
        json!({"application/json": {"schema": schema}}),
    );
    let waits = |e: &&ApiError| {
        matches!(
            e,
            ApiError::RateLimited { .. } | ApiError::Overloaded { .. }
        )
    };
    if errors.iter().any(waits) {
        response.insert(
            "headers".into(),
            json!({"Retry-After": {
                "description": "Seconds to wait before trying again (with `rate_limited` and `overloaded`).",
                "required": errors.iter().all(waits),
                "schema": {"type": "integer", "minimum": 1}
            }}),
        );
    }
    Value::Object(response)
}
