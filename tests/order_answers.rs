//! The one rule for an order waiting in the phone's outbox (`order_flow::waits`), in a real
//! browser: every answer to an order, whoever got it (the page, or the service worker, which keeps
//! whatever came for the page to read), either settles the order or keeps it to be sent again.
#![cfg(target_arch = "wasm32")]

use orchard::client::api::{self, ApiError};
use orchard::client::order_flow::waits;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// nginx's own page for `status`, as it writes it.
fn nginx(status: u16, reason: &str) -> String {
    format!(
        "<html>\r\n<head><title>{status} {reason}</title></head>\r\n<body>\r\n<center><h1>{status} \
         {reason}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
    )
}

/// The API's JSON error body with `code`.
fn api_error(code: &str) -> String {
    format!(r#"{{"error":{{"code":"{code}","message":"…"}}}}"#)
}

#[wasm_bindgen_test]
fn an_order_answered_busy_or_later_waits_and_any_refusal_for_good_settles_it() {
    let cases = [
        // Try again later, with the same key: a busy or broken shop, a proxy whose instance is
        // down, too many requests, a timeout, the same order still being written.
        (503, api_error("overloaded"), true),
        (500, api_error("internal"), true),
        (502, nginx(502, "Bad Gateway"), true),
        (503, nginx(503, "Service Temporarily Unavailable"), true),
        (504, nginx(504, "Gateway Time-out"), true),
        (429, api_error("rate_limited"), true),
        (429, nginx(429, "Too Many Requests"), true),
        (408, nginx(408, "Request Time-out"), true),
        (409, api_error("request_in_progress"), true),
        // Final: sent again it would be refused again, and the buyer is told why.
        (409, api_error("sold_out"), false),
        (409, api_error("insufficient_stock"), false),
        (409, api_error("limit_reached"), false),
        (409, api_error("sale_not_open"), false),
        (409, api_error("sale_closed"), false),
        (422, api_error("invalid"), false),
        (413, api_error("payload_too_large"), false),
        (413, nginx(413, "Request Entity Too Large"), false),
        // A page nobody can read (a captive portal's): the buyer is asked to try again.
        (404, "<html>Sign in to the Wi-Fi</html>".to_owned(), false),
    ];
    for (status, body, want) in cases {
        let error = api::refusal(status, &body, None);
        assert_eq!(waits(&error), want, "HTTP {status} {body}");
    }
    assert!(
        waits(&ApiError::Network("offline".into())),
        "no answer at all: the order waits for the connection"
    );
}
