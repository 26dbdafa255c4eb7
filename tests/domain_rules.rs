//! The domain's rules, table-driven: every field's valid and invalid cases (limits at N and
//! N+1, Chinese and Tibetan names, phones with spaces and dashes, control characters), money,
//! the sale state and the status journey.

mod text_cases;

use orchard::domain::*;
use serde_json::json;

#[test]
fn names_are_1_to_64_characters_after_trimming_in_any_script() {
    let ok = [
        "Drolma",
        "卓玛",
        "སྒྲོལ་མ",
        "  Tashi  ",
        "a",
        &"名".repeat(64),
        "Zoë O'Brien-Lee",
    ];
    for raw in ok {
        assert!(BuyerName::parse(raw).is_ok(), "{raw:?} should pass");
    }
    assert_eq!(BuyerName::parse("  Tashi  ").unwrap().as_str(), "Tashi");
    let too_long = "名".repeat(65);
    let control = ["Drol\nma", "Drolma\u{0}", "\tDrolma", "Drolma\u{7f}"];
    let refused: [(FieldError, &[&str]); 3] = [
        (FieldError::Required, &["", "   "]),
        (FieldError::TooLong { max: 64 }, &[&too_long]),
        (FieldError::ControlCharacter, &control),
    ];
    for (why, raws) in refused {
        for raw in raws {
            assert_eq!(BuyerName::parse(raw), Err(why), "{raw:?}");
        }
    }
}

#[test]
fn a_mainland_phone_is_the_same_buyer_with_or_without_plus_86() {
    let spell = |raw: &str| Phone::parse(raw).unwrap().spellings();
    let both = ["13800138000".to_owned(), "+8613800138000".to_owned()];
    assert_eq!(spell("138 0013 8000"), both);
    assert_eq!(spell("+86 138-0013-8000"), both);
    assert_eq!(spell("+33 6 12 34 56 78"), ["+33612345678"]);
    assert_eq!(
        spell("+8612345678901"),
        ["+8612345678901"],
        "not a mainland mobile after +86"
    );
    assert_eq!(
        spell("+1234567890"),
        ["+1234567890"],
        "11 characters, but an international number"
    );
}

#[test]
fn phones_are_mainland_mobiles_or_international_numbers() {
    let ok = [
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("19912345678", "19912345678"),
        ("+33612345678", "+33612345678"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+12345678", "+12345678"),
        ("+123456789012345", "+123456789012345"),
    ];
    for (raw, kept) in ok {
        assert_eq!(
            Phone::parse(raw).map(|p| p.to_string()),
            Ok(kept.to_owned()),
            "{raw:?}"
        );
    }
    let not_phones = [
        "12800138000",
        "1380013800",
        "138001380000",
        "+1234567",
        "+1234567890123456",
        "+86 138 0013 800a",
        "(138) 0013 8000",
        "１３８００１３８０００",
    ];
    for raw in not_phones {
        assert_eq!(Phone::parse(raw), Err(FieldError::InvalidPhone), "{raw:?}");
    }
    for (raw, why) in [
        ("", FieldError::Required),
        (" - ", FieldError::Required),
        ("138\n00138000", FieldError::ControlCharacter),
    ] {
        assert_eq!(Phone::parse(raw), Err(why), "{raw:?}");
    }
}

#[test]
fn addresses_are_5_to_200_characters_and_notes_at_most_200() {
    assert!(Address::parse("成都市锦江").is_ok());
    assert!(Address::parse(&"a".repeat(200)).is_ok());
    assert_eq!(Note::parse(""), Ok(None));
    assert_eq!(Note::parse("   "), Ok(None));
    assert!(Note::parse(&"谢".repeat(200)).unwrap().is_some());
    let refused = [
        (
            Address::parse("成都市锦").map(drop),
            FieldError::TooShort { min: 5 },
        ),
        (Address::parse("  ").map(drop), FieldError::Required),
        (
            Address::parse(&"a".repeat(201)).map(drop),
            FieldError::TooLong { max: 200 },
        ),
        (
            Address::parse("12 Road\r\nChengdu").map(drop),
            FieldError::ControlCharacter,
        ),
        (
            Note::parse(&"谢".repeat(201)).map(drop),
            FieldError::TooLong { max: 200 },
        ),
        (
            Note::parse("thanks\u{1b}[31m").map(drop),
            FieldError::ControlCharacter,
        ),
    ];
    for (n, (parsed, why)) in refused.into_iter().enumerate() {
        assert_eq!(parsed, Err(why), "case {n}");
    }
}

#[test]
fn quantities_are_whole_numbers_from_1_to_20() {
    for n in [1, 2, 19, 20] {
        assert_eq!(Quantity::parse(n).map(Quantity::get), Ok(n as u32));
    }
    for n in [0, 21, -1, i64::MAX] {
        assert_eq!(
            Quantity::parse(n),
            Err(FieldError::OutOfRange { min: 1, max: 20 }),
            "{n}"
        );
    }
    assert_eq!(Quantity::parse_text(" 3 ").map(Quantity::get), Ok(3));
    assert_eq!(Quantity::parse_text(""), Err(FieldError::Required));
    assert_eq!(
        Quantity::parse_text("2.5"),
        Err(FieldError::NotAWholeNumber)
    );
    assert_eq!(
        Quantity::parse_text("two"),
        Err(FieldError::NotAWholeNumber)
    );
}

#[test]
fn refs_box_ids_and_idempotency_keys_use_their_own_alphabets() {
    assert_eq!(RefTag::parse(""), Ok(None));
    assert!(RefTag::parse("douyin_video-2").unwrap().is_some());
    assert!(RefTag::parse(&"r".repeat(64)).is_ok());
    assert_eq!(
        RefTag::parse(&"r".repeat(65)),
        Err(FieldError::TooLong { max: 64 })
    );
    assert!(matches!(
        RefTag::parse("wechat post"),
        Err(FieldError::InvalidCharacters { .. })
    ));
    assert!(BoxId::parse("5kg").is_ok());
    assert!(BoxId::parse(&"b".repeat(32)).is_ok());
    assert!(BoxId::parse(&"b".repeat(33)).is_err());
    assert!(BoxId::parse("5KG").is_err());
    assert!(BoxId::parse("").is_err());
    assert!(IdempotencyKey::parse("0f7c-AB_9").is_ok());
    assert!(IdempotencyKey::parse(&"k".repeat(64)).is_ok());
    assert!(IdempotencyKey::parse(&"k".repeat(65)).is_err());
    assert!(IdempotencyKey::parse("a/b").is_err());
}

#[test]
fn an_order_request_is_parsed_whole_with_every_mistake_named() {
    let on_sale = |id: &BoxId| id.as_str() == "5kg";
    let good = OrderRequest::from_form(
        "5kg",
        2,
        " 卓玛 ",
        "138 0013 8000",
        "中德村 1 号, 乡城",
        "",
        "",
    );
    let order = NewOrder::parse(&good, on_sale).unwrap();
    assert_eq!(
        (
            order.quantity.get(),
            order.name.as_str(),
            order.note.clone()
        ),
        (2, "卓玛", None)
    );

    let bad: OrderRequest = serde_json::from_value(
        json!({"box_id": "10kg", "quantity": 0, "phone": "1", "address": "x", "note": 5}),
    )
    .unwrap();
    let errors = NewOrder::parse(&bad, on_sale).unwrap_err();
    assert_eq!(errors.get("box_id"), Some(&FieldError::UnknownBox));
    assert_eq!(errors.get("name"), Some(&FieldError::Required));
    assert_eq!(errors.get("note"), Some(&FieldError::NotText));
    assert_eq!(errors.len(), 6);
}

#[test]
fn the_same_order_spelled_differently_has_the_same_fingerprint() {
    let on_sale = |_: &BoxId| true;
    let a = NewOrder::parse(
        &OrderRequest::from_form("5kg", 1, "Tashi", "138-0013-8000", "Chengdu 1 road", "", ""),
        on_sale,
    )
    .unwrap();
    let b = NewOrder::parse(
        &OrderRequest::from_form(
            "5kg",
            1,
            " Tashi ",
            "13800138000",
            "Chengdu 1 road ",
            " ",
            "",
        ),
        on_sale,
    )
    .unwrap();
    let c = NewOrder::parse(
        &OrderRequest::from_form("5kg", 2, "Tashi", "13800138000", "Chengdu 1 road", "", ""),
        on_sale,
    )
    .unwrap();
    assert_eq!(a.fingerprint(), b.fingerprint());
    assert_ne!(a.fingerprint(), c.fingerprint());
}

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

/// Every range of General_Category Cf (Unicode 17.0) by its ends, then Zl and Zp.
const HIDDEN: [char; 33] = [
    '\u{AD}',
    '\u{600}',
    '\u{605}',
    '\u{61C}',
    '\u{6DD}',
    '\u{70F}',
    '\u{890}',
    '\u{891}',
    '\u{8E2}',
    '\u{180E}',
    '\u{200B}',
    '\u{200F}',
    '\u{202A}',
    '\u{202E}',
    '\u{2060}',
    '\u{2064}',
    '\u{2066}',
    '\u{206F}',
    '\u{FEFF}',
    '\u{FFF9}',
    '\u{FFFB}',
    '\u{110BD}',
    '\u{110CD}',
    '\u{13430}',
    '\u{1343F}',
    '\u{1BCA0}',
    '\u{1BCA3}',
    '\u{1D173}',
    '\u{1D17A}',
    '\u{E0001}',
    '\u{E007F}',
    '\u{2028}',
    '\u{2029}',
];

/// One text field's parse, its value set aside.
type Parse = fn(&str) -> Result<(), FieldError>;

#[test]
fn format_and_separator_characters_are_refused_anywhere_in_every_text_field() {
    let fields: [(&str, Parse); 5] = [
        ("name", |s| BuyerName::parse(s).map(drop)),
        ("address", |s| Address::parse(s).map(drop)),
        ("note", |s| Note::parse(s).map(drop)),
        ("tracking number", |s| TrackingNumber::parse(s).map(drop)),
        ("phone", |s| Phone::parse(s).map(drop)),
    ];
    for (field, parse) in fields {
        let valid = if field == "phone" {
            "13800138000"
        } else {
            "12 Chunxi Road"
        };
        assert_eq!(parse(valid), Ok(()), "{field}");
        for c in HIDDEN {
            for text in [
                format!("{c}{valid}"),
                format!("12{c}{}", &valid[2..]),
                format!("{valid}{c}"),
            ] {
                assert_eq!(
                    parse(&text),
                    Err(FieldError::InvisibleCharacter),
                    "{field} {text:?}"
                );
            }
        }
    }
    // The review's examples, and what stays allowed around them.
    let bad = [
        (
            BuyerName::parse("\u{200B}").map(drop),
            "one zero-width space",
        ),
        (
            Address::parse(&"\u{200B}".repeat(5)).map(drop),
            "five of them",
        ),
        (
            BuyerName::parse("\u{202E}amloD\u{202C}").map(drop),
            "a right-to-left override",
        ),
        (
            Address::parse("12 Chunxi Road\u{2028}Chengdu").map(drop),
            "a line separator",
        ),
    ];
    for (result, what) in bad {
        assert_eq!(result, Err(FieldError::InvisibleCharacter), "{what}");
    }
    // The neighbours of the ranges' ends are ordinary characters.
    for c in [
        '\u{AC}',
        '\u{AE}',
        '\u{606}',
        '\u{61B}',
        '\u{2010}',
        '\u{2027}',
        '\u{2030}',
        '\u{2070}',
        '\u{FFFC}',
        '\u{110BE}',
        '\u{13440}',
        '\u{1D17B}',
        '\u{E0080}',
    ] {
        assert!(Note::parse(&format!("a{c}b")).is_ok(), "{c:?}");
    }
    assert_eq!(
        BuyerName::parse("Drol\u{0}ma"),
        Err(FieldError::ControlCharacter)
    );
    for ok in [
        "བཀྲ་ཤིས་",
        "Zoë",
        "卓玛\u{3000}Drolma",
        "عائشة",
        "😀",
        "Tashi\u{A0}Dorje",
    ] {
        assert!(BuyerName::parse(ok).is_ok(), "{ok:?}");
    }
}

#[test]
fn a_name_or_an_address_needs_a_character_that_shows() {
    let blank = [
        "\u{3164}",
        "\u{115F}\u{1160}",
        "\u{FFA0}",
        "\u{2800}",
        "\u{301}",
        "\u{20DD}",
        "\u{FE0F}\u{34F}",
        " \u{3000}\u{3164} \u{2800}",
    ];
    for raw in blank {
        assert_eq!(
            BuyerName::parse(raw),
            Err(FieldError::NothingVisible),
            "{raw:?}"
        );
        let address = raw.repeat(5);
        assert_eq!(
            Address::parse(&address),
            Err(FieldError::NothingVisible),
            "{address:?}"
        );
        assert!(Note::parse(raw).is_ok(), "a note may be blank: {raw:?}");
    }
    assert_eq!(BuyerName::parse(" \u{3000} "), Err(FieldError::Required));
    assert!(BuyerName::parse("\u{3164}T").is_ok());
    assert!(Address::parse("\u{2800}\u{2800}\u{2800}\u{2800}5").is_ok());
}

#[test]
fn text_is_counted_and_kept_in_its_composed_form() {
    for (raw, composed) in text_cases::COMPOSED {
        assert_eq!(BuyerName::parse(raw).unwrap().as_str(), composed, "{raw:?}");
        assert_eq!(
            Note::parse(raw).unwrap().unwrap().as_str(),
            composed,
            "{raw:?}"
        );
    }
    let decomposed = "e\u{301}".repeat(64);
    assert_eq!(decomposed.chars().count(), 128);
    assert_eq!(
        BuyerName::parse(&decomposed).unwrap().as_str(),
        "é".repeat(64)
    );
    assert_eq!(
        BuyerName::parse(&"e\u{301}".repeat(65)),
        Err(FieldError::TooLong { max: 64 })
    );
    assert_eq!(
        Address::parse("A\u{30A}bc\u{327}d"),
        Err(FieldError::TooShort { min: 5 }),
        "Åbçd is 4 characters, not 6"
    );
}
