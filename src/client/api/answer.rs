//! How every client call reads a refusal by its status, whoever wrote it: the API (its JSON
//! error shape, whose code is kept) or a proxy in front of it (nginx's own HTML page: a 413
//! for a body over its limit, a 502/504 while an instance is down). Plain Rust whose only import
//! is the domain's `ErrorCode`, so the rule is tested natively (`tests/proxy_answers.rs` includes
//! this file).

use crate::domain::ErrorCode;

/// The API's code for a body over the limit (the server's own 413 says it too).
pub const TOO_LARGE: ErrorCode = ErrorCode::PayloadTooLarge;
/// The API's code for a shop that cannot answer for a moment.
pub const UNAVAILABLE: ErrorCode = ErrorCode::Unavailable;

/// The API's code a proxy's answer of `status` means when its body is not the API's JSON, or
/// `None` when the status alone says nothing (a captive portal's page, a misrouted 404).
pub fn proxy_code(status: u16) -> Option<ErrorCode> {
    match status {
        413 => Some(TOO_LARGE),
        408 => Some(ErrorCode::RequestTimeout),
        429 => Some(ErrorCode::RateLimited),
        500..=599 => Some(UNAVAILABLE),
        _ => None,
    }
}

/// What a refusal means for a request the phone keeps until the shop answers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Try again later and keep it meanwhile: a timeout (408), too many requests (429), the
    /// same key still being worked on (409 `request_in_progress`), any 5xx (a busy or broken
    /// shop, a proxy whose instance is down).
    Temporary,
    /// The token is not (or no longer) valid: wait for a sign-in.
    SignIn,
    /// Refused for good: sent again, it would be refused again (a 4xx, a proxy's 413 too).
    Final,
}

/// What a refusal of `status` with the API's `code` (or the one `proxy_code` gave it) means.
pub fn refusal(status: u16, code: ErrorCode) -> Refusal {
    match (status, code) {
        (401, _) => Refusal::SignIn,
        (408 | 429, _) | (409, ErrorCode::RequestInProgress) => Refusal::Temporary,
        (400..=499, _) => Refusal::Final,
        _ => Refusal::Temporary,
    }
}

/// Whether a kept request answered `status` leaves the phone: accepted (2xx) or refused for
/// good. `json_code` is the code of the API's JSON error body, `None` when the body is not the
/// API's JSON (a proxy's page, read by its status alone; one that says nothing keeps it).
pub fn settles(status: u16, json_code: Option<ErrorCode>) -> bool {
    if (200..300).contains(&status) {
        return true;
    }
    json_code
        .or_else(|| proxy_code(status))
        .is_some_and(|code| refusal(status, code) == Refusal::Final)
}
