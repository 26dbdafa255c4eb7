//! One `ApiError` for every refusal the API gives, each with its status and code and the JSON
//! error shape; `app_json` reads and writes the bodies and refuses in the same shape.

use std::collections::BTreeMap;

use axum::extract::rejection::BytesRejection;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

use super::body_deadline::is_body_timeout;
use super::store::{KeyReuse, Refused, StoreError};
use crate::domain::{
    ClaimRefusal, ErrorBody, ErrorCode, ErrorDetail, FieldError, FieldErrors, PathErrors,
    MAX_OPEN_CLAIMS, MAX_PHOTOS, MAX_PHOTO_BYTES,
};

/// The largest request body the API reads.
pub const MAX_BODY_BYTES: usize = 16 * 1024;
/// The largest bulk move body: 10,000 ids of 12 symbols, quoted, with room for spaces.
pub const MAX_BULK_BODY_BYTES: usize = 512 * 1024;
/// The largest producer's content (a new producer or an edit): its story at its longest, 12
/// paragraphs of 1000 characters in each of three languages, is some 110 KB of UTF-8.
pub const MAX_CONTENT_BODY_BYTES: usize = 128 * 1024;
/// The largest courier CSV.
pub const MAX_CSV_BODY_BYTES: usize = 2 * 1024 * 1024;
/// The largest claim: its photos at their largest and 64 KiB for the text and the form's framing.
pub const MAX_CLAIM_BODY_BYTES: usize = MAX_PHOTOS * MAX_PHOTO_BYTES + 64 * 1024;

/// The content type of every API answer, refusals included.
pub const JSON_UTF8: &str = "application/json; charset=utf-8";

/// JSON bytes as an API answer, under `JSON_UTF8`: refusals here, every other body in `AppJson`.
pub fn json_response(body: Vec<u8>) -> Response {
    (
        [(header::CONTENT_TYPE, HeaderValue::from_static(JSON_UTF8))],
        body,
    )
        .into_response()
}

/// Every way the API refuses a request.
#[derive(Debug)]
pub enum ApiError {
    /// 400: the body is not the JSON expected.
    BadRequest(String),
    /// 400: `Idempotency-Key` missing or not 1–64 of `[A-Za-z0-9_-]`.
    IdempotencyKeyRequired,
    /// 401: admin token missing or wrong (or the admin API is off).
    Unauthorized,
    /// 403: the member's role may not do this (a packer cancelling, setting stock…).
    Forbidden,
    /// 404: no such resource (or a token that does not open it).
    NotFound,
    /// 405: the path exists, the method does not.
    MethodNotAllowed,
    /// 408: the body did not arrive within `--body-timeout-secs` of its headers.
    RequestTimeout,
    /// 409: the first request with this idempotency key is still being processed.
    RequestInProgress,
    /// 409: orders open later.
    SaleNotOpen { opens_at: String },
    /// 409: the sale has ended.
    SaleClosed,
    /// 409: no box of this kind is left.
    SoldOut,
    /// 409: fewer boxes left than asked for.
    InsufficientStock { available: u32 },
    /// 409: this phone's orders would pass the boxes one buyer may have.
    LimitReached { remaining: u32 },
    /// 409: the order's status cannot move that way (anymore).
    InvalidTransition(String),
    /// 409: someone else moved the order since the helper last saw it.
    StatusConflict(String),
    /// 409: the order takes no claim now (not shipped, more than 14 days after its delivery, or
    /// three claims still open).
    ClaimNotAllowed(ClaimRefusal),
    /// 409: the claim was resolved before.
    ClaimResolved,
    /// 409: the refund would take the order's refunds past its total (`remaining_fen` is left).
    RefundTooLarge { remaining_fen: i64 },
    /// 409: orders a short harvest's confirm named have moved since its preview.
    ShortfallChanged { moved: Vec<String> },
    /// 413: body over `MAX_BODY_BYTES`.
    PayloadTooLarge,
    /// 415: the body is not `application/json`.
    UnsupportedMediaType,
    /// 422: fields that break the rules.
    Invalid(BTreeMap<String, String>),
    /// 422: the idempotency key was already used for a different order.
    IdempotencyKeyReused(String),
    /// 429: too many requests from this address (orders, team tokens, claim uploads).
    RateLimited { retry_after_secs: u64 },
    /// 503: the server is at capacity; try again shortly.
    Overloaded { retry_after_secs: u64 },
    /// 503: the database does not answer.
    Unavailable,
    /// 500: a fault of ours; the detail goes to the log, never to the client.
    Internal(String),
}

impl ApiError {
    /// The 422 for a form whose fields are named by path (`boxes[1].price_fen`).
    pub fn invalid_paths(errors: PathErrors) -> Self {
        Self::Invalid(
            errors
                .into_iter()
                .map(|(k, v)| (k, v.to_string()))
                .collect(),
        )
    }

    /// The 422 for parse failures.
    pub fn invalid(errors: FieldErrors) -> Self {
        Self::Invalid(
            errors
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v.to_string()))
                .collect(),
        )
    }

    /// Why a body could not be read: too slow (408), too large (413), or cut short (400).
    pub fn from_body(rejection: BytesRejection) -> Self {
        if is_body_timeout(&rejection) {
            Self::RequestTimeout
        } else if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Self::PayloadTooLarge
        } else {
            Self::BadRequest(rejection.body_text())
        }
    }

    /// A 500 whose cause is logged.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(cause.to_string())
    }

    /// The `code` of the JSON body (`sold_out`, `invalid`, …).
    pub fn code(&self) -> ErrorCode {
        self.parts().0
    }

    /// The HTTP status (the code's: `ErrorCode::status`).
    pub fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.code().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The `message` of the JSON body, for a person.
    pub fn message(&self) -> String {
        self.parts().1
    }

    fn parts(&self) -> (ErrorCode, String) {
        use ErrorCode as C;
        match self {
            Self::BadRequest(m) => (C::BadRequest, format!("The request body is not valid JSON for this endpoint: {m}")),
            Self::IdempotencyKeyRequired => (
                C::IdempotencyKeyRequired,
                "Send an Idempotency-Key header of 1–64 letters, digits, _ or -, the same on every retry of one order.".into(),
            ),
            Self::Unauthorized => (C::Unauthorized, "A valid admin token is required.".into()),
            Self::Forbidden => (C::Forbidden, "Your role in the team may not do this; ask the owner.".into()),
            Self::NotFound => (C::NotFound, "Nothing here.".into()),
            Self::MethodNotAllowed => (C::MethodNotAllowed, "This path does not take that method.".into()),
            Self::RequestTimeout => (C::RequestTimeout, "The request body arrived too slowly; send it again.".into()),
            Self::RequestInProgress => (
                C::RequestInProgress,
                "An order with this Idempotency-Key is still being placed; retry in a moment.".into(),
            ),
            Self::SaleNotOpen { opens_at } => (C::SaleNotOpen, format!("The sale opens at {opens_at}.")),
            Self::SaleClosed => (C::SaleClosed, "The sale has ended.".into()),
            Self::SoldOut => (C::SoldOut, "This box is sold out.".into()),
            Self::InsufficientStock { available } => (C::InsufficientStock, format!("Only {available} of this box are left.")),
            Self::LimitReached { remaining: 0 } => (
                C::LimitReached,
                "This phone number already has as many boxes as one buyer may order.".into(),
            ),
            Self::LimitReached { remaining } => (
                C::LimitReached,
                format!("One buyer may order a limited number of boxes: {remaining} more with this phone number."),
            ),
            Self::InvalidTransition(m) => (C::InvalidTransition, m.clone()),
            Self::StatusConflict(m) => (C::StatusConflict, m.clone()),
            Self::ClaimNotAllowed(ClaimRefusal::OutOfWindow) => (
                C::ClaimNotAllowed,
                "An order can be claimed once it is shipped and until 14 days after its delivery.".into(),
            ),
            Self::ClaimNotAllowed(ClaimRefusal::TooManyOpen) => (
                C::ClaimNotAllowed,
                format!("This order already has {MAX_OPEN_CLAIMS} open claims; wait for the team's answer."),
            ),
            Self::ClaimResolved => (C::ClaimResolved, "This claim was already resolved.".into()),
            Self::RefundTooLarge { remaining_fen } => (C::RefundTooLarge, format!("An order's refunds never pass its total: {remaining_fen} fen are left to refund on this order.")),
            Self::ShortfallChanged { moved } => (C::ShortfallChanged, format!("Nothing was cancelled: {} of the previewed orders moved since the preview; preview again.", moved.len())),
            Self::PayloadTooLarge => (C::PayloadTooLarge, format!("Request bodies are limited to {MAX_BODY_BYTES} bytes (a bulk move to {MAX_BULK_BODY_BYTES}, a courier CSV to {MAX_CSV_BODY_BYTES}, a producer's content to {MAX_CONTENT_BODY_BYTES}, a claim to {MAX_CLAIM_BODY_BYTES} with each photo within {MAX_PHOTO_BYTES}).")),
            Self::UnsupportedMediaType => (C::UnsupportedMediaType, "Send the body as application/json (a courier CSV as text/csv, a claim as multipart/form-data).".into()),
            Self::Invalid(_) => (C::Invalid, "Some fields need correcting.".into()),
            Self::IdempotencyKeyReused(m) => (C::IdempotencyKeyReused, m.clone()),
            Self::RateLimited { .. } => (C::RateLimited, "Too many requests from this address at once; wait a little and try again.".into()),
            Self::Overloaded { .. } => (C::Overloaded, "Many buyers at once; please retry in a moment.".into()),
            Self::Unavailable => (C::Unavailable, "The database does not answer.".into()),
            Self::Internal(_) => (C::Internal, "Something went wrong on our side.".into()),
        }
    }
}

/// The store's refusals in the API's words: the messages live here, at the HTTP edge.
impl From<Refused> for ApiError {
    fn from(refused: Refused) -> Self {
        match refused {
            Refused::SoldOut => Self::SoldOut,
            Refused::ShortStock { available } => Self::InsufficientStock { available },
            Refused::LimitReached { remaining } => Self::LimitReached { remaining },
            Refused::KeyReused(KeyReuse::OtherOrder) => Self::IdempotencyKeyReused(
                "This Idempotency-Key was already used for a different order; use a new key for a new order.".into(),
            ),
            Refused::KeyReused(KeyReuse::TooOld) => Self::IdempotencyKeyReused(
                "This Idempotency-Key belongs to an order placed more than 48 hours ago; use a new key.".into(),
            ),
            Refused::StatusConflict { id, now } => Self::StatusConflict(format!(
                "Order {id} is already {}: someone else moved it. Look again before moving it.",
                now.as_str()
            )),
            Refused::InvalidTransition { id, from, to } => Self::InvalidTransition(format!(
                "Order {id} is {} and cannot move to {}.",
                from.as_str(),
                to.as_str()
            )),
            Refused::KeyReused(KeyReuse::OtherClaim) => Self::IdempotencyKeyReused(
                "This Idempotency-Key was already used for a different claim; use a new key for a new claim.".into(),
            ),
            Refused::NotFound => Self::NotFound,
            Refused::ClaimNotAllowed(why) => Self::ClaimNotAllowed(why),
            Refused::ClaimResolved => Self::ClaimResolved,
            Refused::RefundTooLarge { remaining_fen } => Self::RefundTooLarge { remaining_fen },
            Refused::ShortfallChanged { moved } => Self::ShortfallChanged { moved },
            Refused::SlugTaken => Self::Invalid(BTreeMap::from([("slug".into(), FieldError::Taken.to_string())])),
            // The edit route reads again and retries; past its tries, a retry later is safe.
            Refused::ContentMoved => Self::Unavailable,
        }
    }
}

/// A refusal as above; a writer that is not running is 503; a database failure is a 500 whose
/// cause is logged.
impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Refused(refused) => refused.into(),
            StoreError::Unavailable => Self::Unavailable,
            StoreError::Database(cause) => Self::Internal(cause),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        let (code, message) = self.parts();
        if let Self::Internal(cause) = &self {
            tracing::error!(%cause, "internal error");
        }
        let mut detail = ErrorDetail {
            code,
            message,
            ..ErrorDetail::default()
        };
        let mut retry_after = None;
        let close = matches!(self, Self::RequestTimeout);
        match self {
            Self::Invalid(fields) => detail.fields = Some(fields),
            Self::SaleNotOpen { opens_at } => detail.opens_at = Some(opens_at),
            Self::InsufficientStock { available } => detail.available = Some(available),
            Self::LimitReached { remaining } => detail.remaining = Some(remaining),
            Self::RefundTooLarge { remaining_fen } => detail.remaining_fen = Some(remaining_fen),
            Self::ShortfallChanged { moved } => detail.moved = Some(moved),
            Self::RateLimited { retry_after_secs } | Self::Overloaded { retry_after_secs } => {
                retry_after = Some(retry_after_secs)
            }
            _ => {}
        }
        // Strings, numbers and a map with string keys: serde_json cannot fail to write it.
        let body = serde_json::to_vec(&ErrorBody { error: detail }).unwrap_or_default();
        let mut response = (status, json_response(body)).into_response();
        if let Some(secs) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs.max(1)));
        }
        if close {
            // The rest of a slow body is not worth waiting for: hyper closes after this answer.
            response
                .headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        response
    }
}
