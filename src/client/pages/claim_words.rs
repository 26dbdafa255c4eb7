//! The buyer's words for a claim's kind and for a claim refused for good, read by the claims'
//! list (`claims`) and by the form (`claim_form`) alike.

use crate::client::api::{answer, ApiError};
use crate::client::i18n::OrdersKey;
use crate::domain::{ClaimKind, ErrorCode};

/// The words for a kind of claim.
pub fn kind_key(kind: ClaimKind) -> OrdersKey {
    match kind {
        ClaimKind::Damaged => OrdersKey::claim_kind_damaged,
        ClaimKind::Missing => OrdersKey::claim_kind_missing,
        ClaimKind::Wrong => OrdersKey::claim_kind_wrong,
        ClaimKind::Other => OrdersKey::claim_kind_other,
    }
}

/// What the buyer is told of a claim the shop refused for good, in their words.
pub fn refused_key(error: &ApiError) -> OrdersKey {
    match error.code() {
        Some(answer::TOO_LARGE) => OrdersKey::claim_too_large,
        Some(ErrorCode::ClaimNotAllowed) => OrdersKey::claim_not_allowed,
        _ => OrdersKey::claim_refused,
    }
}
