//! The team's bulk writes as the domain reads them: which bulk moves are valid, what a bulk move
//! does to an order in each status, the courier's CSV line by line, and what a role may do.

use orchard::domain::*;

fn request(ids: &[&str], from: &str, status: &str) -> BulkMoveRequest {
    BulkMoveRequest {
        ids: ids.iter().map(|s| s.to_string()).collect(),
        from: from.into(),
        status: status.into(),
    }
}

#[test]
fn order_ids_are_12_crockford_symbols_and_lower_case_reads_as_upper() {
    assert_eq!(
        OrderId::parse("7KQ2M9XD4PRA").unwrap().as_str(),
        "7KQ2M9XD4PRA"
    );
    assert_eq!(
        OrderId::parse("7kq2m9xd4pra").unwrap().as_str(),
        "7KQ2M9XD4PRA"
    );
    for bad in [
        "",
        "7KQ2M9XD4PR",
        "7KQ2M9XD4PRAA",
        "7KQ2M9XD4PRI",
        "7KQ2M9XD4PRO",
        "7KQ2M9XD4PR-",
        " 7KQ2M9XD4PR",
        "7KQ2M9XD4PRé",
    ] {
        assert_eq!(OrderId::parse(bad), Err(NOT_AN_ORDER_ID), "{bad:?}");
    }
}

#[test]
fn a_bulk_move_collapses_repeated_ids_and_keeps_the_order_they_came_in() {
    let moving = BulkMove::parse(&request(
        &[
            "BBBBBBBBBBBB",
            "AAAAAAAAAAAA",
            "bbbbbbbbbbbb",
            "AAAAAAAAAAAA",
        ],
        "received",
        "packed",
    ))
    .unwrap();
    let ids: Vec<&str> = moving.ids.iter().map(OrderId::as_str).collect();
    assert_eq!(ids, ["BBBBBBBBBBBB", "AAAAAAAAAAAA"]);
    assert_eq!(
        (moving.from, moving.to),
        (OrderStatus::Received, OrderStatus::Packed)
    );
}

/// The `n`th order id: `n` in Crockford's base32, 12 symbols.
fn order_id(n: usize) -> String {
    let alphabet = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    (0..12)
        .rev()
        .map(|i| alphabet[(n >> (5 * i)) % 32] as char)
        .collect()
}

#[test]
fn a_bulk_move_takes_1_to_10000_ids() {
    let ids: Vec<String> = (0..10_001).map(order_id).collect();
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), 10_001, "the test needs distinct ids");
    let of = |n: usize| BulkMoveRequest {
        ids: ids[..n].to_vec(),
        from: "received".into(),
        status: "packed".into(),
    };
    assert_eq!(BulkMove::parse(&of(10_000)).unwrap().ids.len(), 10_000);
    assert_eq!(BulkMove::parse(&of(1)).unwrap().ids.len(), 1);
    let too_many = BulkMove::parse(&of(10_001)).unwrap_err();
    assert_eq!(too_many.get("ids"), Some(&BULK_IDS_RANGE));
    let none = BulkMove::parse(&of(0)).unwrap_err();
    assert_eq!(none.get("ids"), Some(&BULK_IDS_RANGE));
}

/// A bulk move's ids, `from` and `status`, and the fields refused.
type BadBulk = (
    &'static [&'static str],
    &'static str,
    &'static str,
    &'static [(&'static str, FieldError)],
);

#[test]
fn a_bulk_move_refuses_every_bad_field_at_once() {
    let cases: [BadBulk; 5] = [
        (
            &["7KQ2M9XD4PRA"],
            "received",
            "lost",
            &[("status", FieldError::NotAMove)],
        ),
        (
            &["7KQ2M9XD4PRA"],
            "packed",
            "received",
            &[("status", FieldError::NotAMove)],
        ),
        (
            &["7KQ2M9XD4PRA"],
            "",
            "packed",
            &[("from", FieldError::UnknownStatus)],
        ),
        (
            &["7KQ2M9XD4PRA", "nope"],
            "received",
            "packed",
            &[("ids", NOT_AN_ORDER_ID)],
        ),
        (
            &["x"],
            "paid",
            "gone",
            &[
                ("ids", NOT_AN_ORDER_ID),
                ("from", FieldError::UnknownStatus),
                ("status", FieldError::NotAMove),
            ],
        ),
    ];
    for (ids, from, status, want) in cases {
        let errors = BulkMove::parse(&request(ids, from, status)).unwrap_err();
        let want: FieldErrors = want.iter().copied().collect();
        assert_eq!(errors, want, "{ids:?} {from} → {status}");
    }
}

#[test]
fn a_bulk_move_moves_what_is_still_in_from_counts_what_is_already_there_and_refuses_the_rest() {
    use OrderStatus::*;
    let cases = [
        // (from, to, the order now, what happens)
        (Received, Packed, Received, Ok(BulkStep::Move)),
        (Received, Packed, Packed, Ok(BulkStep::AlreadyThere)),
        (Received, Packed, Shipped, Err(WriteRefusal::StatusConflict)),
        (
            Received,
            Packed,
            Cancelled,
            Err(WriteRefusal::StatusConflict),
        ),
        (Packed, Cancelled, Packed, Ok(BulkStep::Move)),
        (Packed, Cancelled, Cancelled, Ok(BulkStep::AlreadyThere)),
        (
            Received,
            Cancelled,
            Packed,
            Err(WriteRefusal::StatusConflict),
        ),
        // The journey does not go that way: nothing moves, nothing counts as moved.
        (
            Shipped,
            Cancelled,
            Shipped,
            Err(WriteRefusal::InvalidTransition),
        ),
        (
            Shipped,
            Cancelled,
            Cancelled,
            Err(WriteRefusal::StatusConflict),
        ),
        (
            Shipped,
            Packed,
            Shipped,
            Err(WriteRefusal::InvalidTransition),
        ),
        (Shipped, Packed, Packed, Err(WriteRefusal::StatusConflict)),
        (Packed, Packed, Packed, Err(WriteRefusal::InvalidTransition)),
    ];
    for (from, to, now, want) in cases {
        let moving = BulkMove {
            ids: vec![],
            from,
            to,
        };
        assert_eq!(
            moving.step(now),
            want,
            "{from:?} → {to:?} for an order {now:?}"
        );
    }
    let codes = [
        (WriteRefusal::Invalid, "invalid"),
        (WriteRefusal::NotFound, "not_found"),
        (WriteRefusal::StatusConflict, "status_conflict"),
        (WriteRefusal::InvalidTransition, "invalid_transition"),
    ];
    for (refusal, code) in codes {
        assert_eq!(refusal.code().as_str(), code);
    }
}

#[test]
fn a_courier_number_is_4_to_40_letters_digits_and_dashes() {
    for ok in ["SF12", "YT-2026-001", &"A".repeat(40)] {
        assert_eq!(courier_number(ok).unwrap().as_str(), ok);
    }
    assert_eq!(courier_number("SF1"), Err(FieldError::TooShort { min: 4 }));
    assert_eq!(
        courier_number(&"A".repeat(41)),
        Err(FieldError::TooLong { max: 40 })
    );
    assert!(matches!(
        courier_number("SF_1234"),
        Err(FieldError::InvalidCharacters { .. })
    ));
}

#[test]
fn a_packer_moves_orders_forward_but_never_cancels() {
    for to in OrderStatus::ALL {
        assert!(Role::Owner.may_move_to(to));
        assert_eq!(
            Role::Packer.may_move_to(to),
            to != OrderStatus::Cancelled,
            "{to:?}"
        );
    }
    let me: MemberInfo = serde_json::from_str(r#"{"name":"Tashi","role":"packer"}"#).unwrap();
    assert_eq!(me.role, Role::Packer);
}
