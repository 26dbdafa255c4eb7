//! Money, the sale state and the status journey.

use orchard::domain::*;

#[test]
fn money_is_shown_in_yuan_from_integer_fen() {
    let cases = [
        (6800, "¥68.00"),
        (12800, "¥128.00"),
        (5, "¥0.05"),
        (0, "¥0.00"),
        (14_620_000, "¥146200.00"),
        (-150, "¥-1.50"),
    ];
    for (fen, shown) in cases {
        assert_eq!(Money::from_fen(fen).display_yuan(), shown);
    }
    assert_eq!(Money::from_fen(6800).times(3), Some(Money::from_fen(20400)));
    assert_eq!(Money::from_fen(i64::MAX).times(2), None);
}

#[test]
fn the_sale_state_follows_the_clock_and_the_stock() {
    let (opens, closes) = (1_000, Some(2_000));
    for (now, closes, left, state) in [
        (999, closes, 5, SaleState::Upcoming),
        (1_000, closes, 5, SaleState::Open),
        (1_500, closes, 0, SaleState::SoldOut),
        (2_000, closes, 5, SaleState::Closed),
        (i64::MAX, None, 5, SaleState::Open),
    ] {
        assert_eq!(SaleState::at(now, opens, closes, left), state, "at {now}");
    }
    assert_eq!(families_lifted(15_000, 2_000), 7);
    assert_eq!(families_lifted(1_999, 2_000), 0);
    assert_eq!(families_lifted(10, 0), 0);
}

#[test]
fn orders_move_forward_and_cancel_only_before_leaving_the_village() {
    use OrderStatus::*;
    let allowed = [
        (Received, Packed),
        (Received, Shipped),
        (Received, Delivered),
        (Packed, Shipped),
        (Packed, Delivered),
        (Shipped, Delivered),
        (Received, Cancelled),
        (Packed, Cancelled),
    ];
    for from in OrderStatus::ALL {
        for to in OrderStatus::ALL {
            assert_eq!(
                from.can_move_to(to),
                allowed.contains(&(from, to)),
                "{from:?} → {to:?}"
            );
        }
    }
    for s in OrderStatus::ALL {
        assert_eq!(OrderStatus::parse(s.as_str()), Some(s));
    }
}

#[test]
fn a_move_is_refused_when_the_order_moved_since_the_helper_looked_or_cannot_go_there() {
    use OrderStatus::*;
    let cases = [
        (Received, Packed, None, Ok(())),
        (Received, Packed, Some(Received), Ok(())),
        (Packed, Cancelled, Some(Received), Err(MoveRefusal::Moved)),
        (Shipped, Packed, None, Err(MoveRefusal::NotAllowed)),
        (
            Cancelled,
            Cancelled,
            Some(Cancelled),
            Err(MoveRefusal::NotAllowed),
        ),
        // What the helper saw is checked first: a stale view is told so, whatever the move.
        (Shipped, Packed, Some(Packed), Err(MoveRefusal::Moved)),
    ];
    for (from, to, seen, expected) in cases {
        assert_eq!(
            from.check_move(to, seen),
            expected,
            "{from:?} → {to:?} seen {seen:?}"
        );
    }
}

#[test]
fn a_status_move_is_parsed_whole_with_every_mistake_named() {
    let request = |status: &str, from: Option<&str>, tracking: Option<&str>| StatusMoveRequest {
        status: status.into(),
        from: from.map(Into::into),
        tracking_number: tracking.map(Into::into),
    };
    let parsed = StatusMove::parse(&request("shipped", Some("packed"), Some(" SF1234567890 ")))
        .expect("a valid move");
    assert_eq!(parsed.to, OrderStatus::Shipped);
    assert_eq!(parsed.seen, Some(OrderStatus::Packed));
    assert_eq!(parsed.tracking_number.unwrap().as_str(), "SF1234567890");
    let blank = StatusMove::parse(&request("packed", None, Some("  "))).unwrap();
    assert_eq!(blank.tracking_number, None, "a blank number is no number");

    let errors = StatusMove::parse(&request("received", Some("lost"), Some("\nSF1"))).unwrap_err();
    assert_eq!(errors.get("status"), Some(&FieldError::NotAMove));
    assert_eq!(errors.get("from"), Some(&FieldError::UnknownStatus));
    assert_eq!(
        errors.get("tracking_number"),
        Some(&FieldError::ControlCharacter)
    );
    for status in ["", "Packed", "lost"] {
        let errors = StatusMove::parse(&request(status, None, None)).unwrap_err();
        assert_eq!(errors.keys().collect::<Vec<_>>(), [&"status"], "{status:?}");
    }
}

#[test]
fn every_status_and_sale_state_reads_back_by_its_name_and_an_unknown_name_is_refused() {
    for status in OrderStatus::ALL {
        let json = serde_json::to_string(&status).unwrap();
        assert_eq!(serde_json::from_str::<OrderStatus>(&json).unwrap(), status);
    }
    use SaleState::*;
    for state in [Upcoming, Open, SoldOut, Closed] {
        let json = serde_json::to_string(&state).unwrap();
        assert_eq!(serde_json::from_str::<SaleState>(&json).unwrap(), state);
    }
    let refused = serde_json::from_str::<OrderStatus>("\"lost\"").unwrap_err();
    assert!(refused.to_string().contains("an order status"), "{refused}");
    assert!(serde_json::from_str::<SaleState>("\"ended\"").is_err());
}
