//! The characters no text field takes, and text counted in its composed form.

use orchard::domain::*;

use super::text_cases;

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
