//! A proxy's HTML answer read by its status, for the buyer's claim and the team's queued move
//! alike.

use orchard::client::api::{self, ApiError};
use orchard::client::claim_upload::still_waiting;
use orchard::client::pages::admin::offline::{on_failure, OnFailure};
use orchard::domain::ErrorCode;
use wasm_bindgen_test::*;

const NGINX_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
const NGINX_413: &str = "<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";

#[wasm_bindgen_test]
fn a_proxys_html_413_is_final_and_its_502_keeps_a_claim_or_a_move_for_later() {
    let too_large = api::refusal(413, NGINX_413, None);
    assert_eq!(
        too_large.code().map(ErrorCode::as_str),
        Some("payload_too_large")
    );
    assert!(
        !still_waiting(&too_large),
        "the buyer is told, the claim forgotten"
    );
    assert_eq!(
        on_failure(&too_large),
        OnFailure::GiveUp("payload_too_large".into())
    );

    for status in [502, 503, 504] {
        let down = api::refusal(status, NGINX_502, Some(5));
        assert_eq!(
            down.code().map(ErrorCode::as_str),
            Some("unavailable"),
            "HTTP {status}"
        );
        assert_eq!(down.retry_after(), Some(5));
        assert!(
            still_waiting(&down),
            "a claim stays queued through {status}"
        );
        assert_eq!(on_failure(&down), OnFailure::Wait, "HTTP {status}");
    }

    // The API's own JSON keeps its code, whatever its status.
    let busy = api::refusal(
        503,
        r#"{"error":{"code":"overloaded","message":"Many buyers at once."}}"#,
        Some(2),
    );
    assert_eq!(busy.code().map(ErrorCode::as_str), Some("overloaded"));
    assert!(still_waiting(&busy));
    let late = api::refusal(
        409,
        r#"{"error":{"code":"claim_not_allowed","message":"Too late."}}"#,
        None,
    );
    assert_eq!(
        late.code().map(ErrorCode::as_str),
        Some("claim_not_allowed")
    );
    assert!(!still_waiting(&late));

    // A page nobody can read (a captive portal's) is unexpected, and loses nothing.
    let portal = api::refusal(404, "<html>Sign in to the Wi-Fi</html>", None);
    assert!(matches!(portal, ApiError::Unexpected(_)));
    assert!(still_waiting(&portal));
    assert_eq!(on_failure(&portal), OnFailure::Wait);
}
