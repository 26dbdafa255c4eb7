//! The clients' reading of a refusal, natively (the rule is plain Rust, included from the
//! client): a proxy's own page (nginx's HTML) is read by its status, 413 final and 5xx
//! temporary, and the API's JSON keeps its code; a request kept on the phone (a buyer's claim,
//! a team move) leaves it only once accepted or refused for good.

#[path = "../src/client/api/answer.rs"]
mod answer;

/// What `answer.rs` reads as `crate::domain` in the client.
mod domain {
    pub use orchard::domain::ErrorCode;
}

use answer::{proxy_code, refusal, settles, Refusal};
use domain::ErrorCode;

/// The cases name codes as the wire spells them (an unknown one reads as `Unknown`).
const TOO_LARGE: &str = "payload_too_large";
const UNAVAILABLE: &str = "unavailable";

#[test]
fn a_proxys_page_is_read_by_its_status_413_too_large_and_5xx_unavailable() {
    let cases = [
        (413, Some(TOO_LARGE)),
        (502, Some(UNAVAILABLE)),
        (503, Some(UNAVAILABLE)),
        (504, Some(UNAVAILABLE)),
        (500, Some(UNAVAILABLE)),
        (408, Some("request_timeout")),
        (429, Some("rate_limited")),
        // A captive portal's page or a misrouted proxy's 404 says nothing the API would.
        (200, None),
        (302, None),
        (403, None),
        (404, None),
    ];
    assert_eq!(
        (answer::TOO_LARGE.as_str(), answer::UNAVAILABLE.as_str()),
        (TOO_LARGE, UNAVAILABLE)
    );
    for (status, want) in cases {
        assert_eq!(
            proxy_code(status).map(ErrorCode::as_str),
            want,
            "HTTP {status}"
        );
    }
}

#[test]
fn a_refusal_is_temporary_final_or_waits_for_a_sign_in_by_its_status_and_code() {
    let cases = [
        (413, TOO_LARGE, Refusal::Final),
        (502, UNAVAILABLE, Refusal::Temporary),
        (502, "bad_gateway", Refusal::Temporary),
        (503, "overloaded", Refusal::Temporary),
        (500, "internal", Refusal::Temporary),
        (408, "request_timeout", Refusal::Temporary),
        (429, "rate_limited", Refusal::Temporary),
        (409, "request_in_progress", Refusal::Temporary),
        (409, "claim_not_allowed", Refusal::Final),
        (409, "status_conflict", Refusal::Final),
        (422, "invalid", Refusal::Final),
        (404, "not_found", Refusal::Final),
        (403, "forbidden", Refusal::Final),
        (401, "unauthorized", Refusal::SignIn),
    ];
    for (status, code, want) in cases {
        let read = ErrorCode::from_code(code);
        assert_eq!(refusal(status, read), want, "HTTP {status} {code}");
    }
}

#[test]
fn a_kept_request_leaves_the_phone_only_once_accepted_or_refused_for_good() {
    let cases = [
        (201, None, true),
        (200, None, true),
        // nginx's HTML 413: the body will never pass, the buyer is told and it is forgotten.
        (413, None, true),
        (413, Some(TOO_LARGE), true),
        (422, Some("invalid"), true),
        (409, Some("claim_not_allowed"), true),
        (404, Some("not_found"), true),
        // nginx's HTML 502/504 while an instance is down: kept, sent again later.
        (502, None, false),
        (504, None, false),
        (503, Some("overloaded"), false),
        (500, Some("internal"), false),
        (502, Some("bad_gateway"), false),
        (429, None, false),
        (429, Some("rate_limited"), false),
        (408, Some("request_timeout"), false),
        (409, Some("request_in_progress"), false),
        (401, Some("unauthorized"), false),
        // A page nobody can read (a portal, a misrouted 404): kept rather than lost.
        (404, None, false),
        (403, None, false),
    ];
    for (status, code, want) in cases {
        let read = code.map(ErrorCode::from_code);
        assert_eq!(settles(status, read), want, "HTTP {status} {code:?}");
    }
}
