//! The API's one vocabulary of refusals in its document: every code an `ApiError` answers is in
//! the `ErrorCode` schema (made from the domain's `ErrorCode` table), and nothing else is.

use std::collections::BTreeSet;

use orchard::domain::ClaimRefusal;
use orchard::server::ApiError;

use crate::openapi::{codes, document, operations};

/// One of each `ApiError` variant. The `match` has no catch-all, so a variant added to
/// `ApiError` does not compile until it is listed here too.
fn every_api_error() -> Vec<ApiError> {
    let all = vec![
        ApiError::BadRequest("not JSON".into()),
        ApiError::IdempotencyKeyRequired,
        ApiError::Unauthorized,
        ApiError::Forbidden,
        ApiError::NotFound,
        ApiError::MethodNotAllowed,
        ApiError::RequestTimeout,
        ApiError::RequestInProgress,
        ApiError::SaleNotOpen {
            opens_at: "2026-11-11T00:00:00Z".into(),
        },
        ApiError::SaleClosed,
        ApiError::SoldOut,
        ApiError::InsufficientStock { available: 1 },
        ApiError::LimitReached { remaining: 0 },
        ApiError::InvalidTransition("moved".into()),
        ApiError::StatusConflict("moved".into()),
        ApiError::ClaimNotAllowed(ClaimRefusal::OutOfWindow),
        ApiError::ClaimResolved,
        ApiError::RefundTooLarge { remaining_fen: 1 },
        ApiError::ShortfallChanged { moved: vec![] },
        ApiError::PayloadTooLarge,
        ApiError::UnsupportedMediaType,
        ApiError::Invalid(Default::default()),
        ApiError::IdempotencyKeyReused("used".into()),
        ApiError::RateLimited {
            retry_after_secs: 1,
        },
        ApiError::Overloaded {
            retry_after_secs: 1,
        },
        ApiError::Unavailable,
        ApiError::Internal("a fault".into()),
    ];
    for error in &all {
        match error {
            ApiError::BadRequest(_)
            | ApiError::IdempotencyKeyRequired
            | ApiError::Unauthorized
            | ApiError::Forbidden
            | ApiError::NotFound
            | ApiError::MethodNotAllowed
            | ApiError::RequestTimeout
            | ApiError::RequestInProgress
            | ApiError::SaleNotOpen { .. }
            | ApiError::SaleClosed
            | ApiError::SoldOut
            | ApiError::InsufficientStock { .. }
            | ApiError::LimitReached { .. }
            | ApiError::InvalidTransition(_)
            | ApiError::StatusConflict(_)
            | ApiError::ClaimNotAllowed(_)
            | ApiError::ClaimResolved
            | ApiError::RefundTooLarge { .. }
            | ApiError::ShortfallChanged { .. }
            | ApiError::PayloadTooLarge
            | ApiError::UnsupportedMediaType
            | ApiError::Invalid(_)
            | ApiError::IdempotencyKeyReused(_)
            | ApiError::RateLimited { .. }
            | ApiError::Overloaded { .. }
            | ApiError::Unavailable
            | ApiError::Internal(_) => {}
        }
    }
    all
}

/// The document's `ErrorCode` schema (what every error body's `code` may be) lists exactly the
/// codes the API answers, each `ApiError`'s; every code an operation names is one of them.
#[tokio::test]
async fn every_code_the_api_answers_is_documented_and_nothing_else() {
    let doc = document().await;
    let schemas = &doc["components"]["schemas"];
    let documented: BTreeSet<&str> = schemas["ErrorCode"]["enum"]
        .as_array()
        .expect("the ErrorCode schema lists its codes")
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let answered: BTreeSet<&str> = every_api_error()
        .iter()
        .map(|e| e.code().as_str())
        .collect();
    assert_eq!(documented, answered);
    assert_eq!(
        schemas["ErrorDetail"]["properties"]["code"]["$ref"],
        "#/components/schemas/ErrorCode"
    );
    for (method, path, op) in operations(&doc) {
        // The providers' notifications are refused in the providers' own shapes (WeChat Pay's
        // `{"code": "FAIL"}`, Alipay's `fail`), documented with their routes.
        if path.starts_with("/api/pay/") && method == "post" {
            continue;
        }
        for status in op["responses"].as_object().unwrap().keys() {
            if status.starts_with(['4', '5']) {
                for code in codes(&op, status) {
                    assert!(
                        documented.contains(code.as_str()),
                        "{method} {path} {status}: {code}"
                    );
                }
            }
        }
    }
}
