//! The team's resolution of a claim and the claim list's query.

use serde_json::json;

use super::*;

fn request(body: serde_json::Value) -> ResolveRequest {
    serde_json::from_value(body).unwrap()
}

#[test]
fn a_refund_gives_back_one_fen_to_the_orders_total() {
    let ok = Resolution::parse(
        &request(json!({"outcome": "refund", "refund_fen": 6800})),
        6800,
    );
    assert_eq!(ok.unwrap().refund_fen, Some(6800));
    for bad in [json!(0), json!(6801), json!(1.5), json!("20"), json!(null)] {
        let body = request(json!({"outcome": "refund", "refund_fen": bad}));
        let errors = Resolution::parse(&body, 6800).unwrap_err();
        assert!(errors.contains_key("refund_fen"), "{bad}");
    }
}

#[test]
fn an_orders_refunds_never_add_up_past_its_total() {
    let refund = |fen: i64| {
        let body = request(json!({"outcome": "refund", "refund_fen": fen}));
        Resolution::parse(&body, 6800).unwrap()
    };
    assert_eq!(refund(4800).fits(6800, 2000), Ok(()), "exactly the total");
    assert_eq!(refund(4801).fits(6800, 2000), Err(4800));
    assert_eq!(refund(1).fits(6800, 6800), Err(0), "nothing is left");
    let resend = Resolution::parse(&request(json!({"outcome": "resend"})), 6800).unwrap();
    assert_eq!(resend.fits(6800, 6800), Ok(()), "a resend gives no money");
    assert_eq!(refund_room(6800, 9000), 0, "never below nothing");
}

#[test]
fn a_rejection_says_why_and_a_resend_needs_nothing() {
    let rejected = request(json!({"outcome": "rejected", "message": "  "}));
    assert_eq!(
        Resolution::parse(&rejected, 100).unwrap_err()["message"],
        FieldError::Required
    );
    let resend = Resolution::parse(&request(json!({"outcome": "resend", "refund_fen": 5})), 100);
    assert_eq!(
        resend.unwrap().refund_fen,
        None,
        "a resend gives no money back"
    );
    let unknown = Resolution::parse(&request(json!({"outcome": "sorry"})), 100).unwrap_err();
    assert_eq!(unknown["outcome"], FieldError::NotAnOutcome);
}

#[test]
fn the_claim_list_reads_its_status_page_size_and_cursor() {
    let params = |status: &str, limit: &str| ClaimListParams {
        status: Some(status.into()),
        limit: Some(limit.into()),
        cursor: None,
    };
    let open = ClaimListQuery::parse(&params("open", "")).unwrap();
    assert_eq!((open.status, open.limit), (Some(ClaimStatus::Open), 50));
    let errors = ClaimListQuery::parse(&params("closed", "500")).unwrap_err();
    assert!(errors.contains_key("status") && errors.contains_key("limit"));
}

#[test]
fn a_refund_typed_in_yuan_is_counted_in_fen() {
    assert_eq!(yuan_to_fen("20"), Ok(2000));
    assert_eq!(yuan_to_fen(" 20.5 "), Ok(2050));
    assert_eq!(yuan_to_fen("0.07"), Ok(7));
    for bad in ["", "abc", "1.234", "-3", ".5", "1e3"] {
        assert!(yuan_to_fen(bad).is_err(), "{bad:?}");
    }
}
