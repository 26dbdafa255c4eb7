//! Every field of an order: valid and invalid cases, and the order request parsed whole.

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
