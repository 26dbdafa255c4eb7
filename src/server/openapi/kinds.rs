//! The refusals many operations share (a JSON body that cannot be read, any team route, the
//! owner's), and the examples of `invalid` the document shows: `errors.rs` lists them by
//! operation.

use std::collections::BTreeMap;

use crate::server::error::ApiError;

/// A JSON body that could not be read: malformed or with a key twice, not JSON, too large, too
/// slow.
pub(super) fn json_body() -> Vec<ApiError> {
    vec![
        ApiError::BadRequest("expected value at line 1 column 1".into()),
        ApiError::UnsupportedMediaType,
        ApiError::PayloadTooLarge,
        ApiError::RequestTimeout,
    ]
}

/// Any team route: no token or a wrong one, and too many wrong ones from one client.
pub(super) fn member() -> Vec<ApiError> {
    vec![
        ApiError::Unauthorized,
        ApiError::RateLimited {
            retry_after_secs: 6,
        },
        ApiError::Unavailable,
    ]
}

/// A team route for the owner only.
pub(super) fn owner() -> Vec<ApiError> {
    [member(), vec![ApiError::Forbidden]]
        .into_iter()
        .flatten()
        .collect()
}

pub(super) fn invalid() -> ApiError {
    ApiError::Invalid(BTreeMap::from([(
        "status".to_owned(),
        "Use one of: received, packed, shipped, delivered, cancelled.".to_owned(),
    )]))
}

pub(super) fn claim_invalid() -> ApiError {
    ApiError::Invalid(BTreeMap::from([(
        "photo".to_owned(),
        "Send a photo as a JPEG, PNG or WebP image.".to_owned(),
    )]))
}

/// A photo filed before photos were kept re-encoded, which the limits refuse when it is read.
pub(super) fn photo_invalid() -> ApiError {
    ApiError::Invalid(BTreeMap::from([(
        "photo".to_owned(),
        "Send a photo of at most 4096 pixels a side and 16 megapixels.".to_owned(),
    )]))
}
