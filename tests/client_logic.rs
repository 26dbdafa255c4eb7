//! The client's logic that can break, in a real browser: the countdown across the opening
//! moment, prices and numbers per language, server errors mapped to fields and messages, and
//! one idempotency key per order reused on every retry, what each refusal says in each
//! language, and a proxy's HTML answer read by its status for the buyer's claim and the team's
//! queued move alike.
#![cfg(target_arch = "wasm32")]

mod text_cases;

use std::collections::BTreeMap;

use orchard::client::api::{self, ApiError};
use orchard::client::claim_upload::still_waiting;
use orchard::client::clock::{next_milestone, offset_ms, parse_ms, Milestone, Remaining};
use orchard::client::components::{outcome_text, player_html, problem_text};
use orchard::client::format;
use orchard::client::i18n::Locale;
use orchard::client::order_flow::{
    outcome, FieldProblem, FormInput, GiftInput, KeyKeeper, Outcome, Problems,
};
use orchard::client::pages::admin::offline::{on_failure, OnFailure};
use orchard::domain::{BoxOffer, ErrorCode, ErrorDetail, FieldError, Money, StoryMedia};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const OPENS: i64 = 1_794_326_400_000; // 2026-11-10T16:00:00Z, midnight in China
const HARVEST: i64 = OPENS + 7 * 86_400_000;

#[wasm_bindgen_test]
fn the_countdown_runs_to_the_opening_then_to_the_harvest() {
    assert_eq!(
        next_milestone(OPENS - 1, OPENS, HARVEST),
        Some((Milestone::Opening, OPENS))
    );
    assert_eq!(
        next_milestone(OPENS, OPENS, HARVEST),
        Some((Milestone::Harvest, HARVEST))
    );
    assert_eq!(next_milestone(HARVEST, OPENS, HARVEST), None);
    let day_and_a_bit = Remaining::between(OPENS - (86_400_000 + 3_661_000), OPENS).unwrap();
    assert_eq!(
        day_and_a_bit,
        Remaining {
            days: 1,
            hours: 1,
            minutes: 1,
            seconds: 1
        }
    );
    assert_eq!(
        Remaining::between(OPENS - 1, OPENS),
        Some(Remaining {
            days: 0,
            hours: 0,
            minutes: 0,
            seconds: 1
        })
    );
    assert_eq!(
        Remaining::between(OPENS, OPENS),
        None,
        "at the opening moment the countdown is over"
    );
    assert_eq!(Remaining::between(OPENS + 1, OPENS), None);
}

#[wasm_bindgen_test]
fn a_wrong_phone_clock_is_corrected_by_the_server_time() {
    let server = parse_ms("2026-11-10T15:59:50Z").unwrap();
    assert_eq!(server, OPENS - 10_000);
    let phone_an_hour_late = server - 3_600_000;
    let offset = offset_ms(server, phone_an_hour_late);
    let now = phone_an_hour_late + offset;
    assert_eq!(Remaining::between(now, OPENS).map(|r| r.seconds), Some(10));
    assert_eq!(parse_ms("2026-11-11T00:00:00+08:00"), Some(OPENS));
    assert_eq!(parse_ms("not a time"), None);
}

#[wasm_bindgen_test]
fn prices_and_numbers_are_written_as_each_language_writes_them() {
    assert_eq!(format::money("en", Money::from_fen(6800)), "¥68.00");
    assert_eq!(format::money("zh", Money::from_fen(12850)), "¥128.50");
    assert_eq!(
        format::money("fr", Money::from_fen(12850)).replace(['\u{202f}', '\u{a0}'], " "),
        "128,50 ¥"
    );
    assert_eq!(format::number("en", 15_000), "15,000");
    assert_eq!(
        format::number("fr", 15_000).replace('\u{202f}', " "),
        "15 000"
    );
    // Formatters are kept per language: going back to one never answers in the last one's way.
    assert_eq!(format::number("en", 15_000), "15,000");
    assert_eq!(format::money("en", Money::from_fen(12850)), "¥128.50");
}

fn refused(
    code: &str,
    fields: Option<BTreeMap<String, String>>,
    available: Option<u32>,
) -> ApiError {
    let detail = ErrorDetail {
        code: code.into(),
        message: "…".into(),
        fields,
        opens_at: None,
        available,
        remaining: available,
        remaining_fen: None,
        moved: None,
    };
    ApiError::Refused {
        status: 409,
        detail,
        retry_after: Some(30),
    }
}

#[wasm_bindgen_test]
fn server_errors_land_on_their_fields_or_become_kind_messages() {
    let fields = BTreeMap::from([("phone".to_owned(), "Bad phone (server)".to_owned())]);
    let local: Problems = BTreeMap::from([(
        "phone".to_owned(),
        FieldProblem::Rule(FieldError::InvalidPhone),
    )]);
    assert_eq!(
        outcome(&refused("invalid", Some(fields.clone()), None), &local),
        Outcome::Fields(local.clone()),
        "our own rule, in the buyer's language, when it sees the problem too"
    );
    assert_eq!(
        outcome(&refused("invalid", Some(fields), None), &Problems::new()),
        Outcome::Fields(BTreeMap::from([(
            "phone".to_owned(),
            FieldProblem::Server("Bad phone (server)".into())
        )]))
    );
    assert_eq!(
        outcome(
            &refused("insufficient_stock", None, Some(3)),
            &Problems::new()
        ),
        Outcome::Insufficient { available: 3 }
    );
    assert_eq!(
        outcome(&refused("limit_reached", None, Some(2)), &Problems::new()),
        Outcome::LimitReached { remaining: 2 }
    );
    assert_eq!(
        outcome(&refused("sold_out", None, None), &Problems::new()),
        Outcome::SoldOut
    );
    assert_eq!(
        outcome(&refused("sale_not_open", None, None), &Problems::new()),
        Outcome::NotOpen
    );
    assert_eq!(
        outcome(&refused("rate_limited", None, None), &Problems::new()),
        Outcome::RateLimited { seconds: 30 }
    );
    assert_eq!(
        outcome(&refused("overloaded", None, None), &Problems::new()),
        Outcome::Overloaded
    );
    assert_eq!(
        outcome(&ApiError::Network("offline".into()), &Problems::new()),
        Outcome::Network
    );
}

/// A valid form for one 5 kg box, as a buyer fills it in.
fn tashis_form() -> FormInput {
    FormInput {
        box_id: "5kg".into(),
        quantity: 1,
        name: "Tashi".into(),
        phone: "13800138000".into(),
        address: "12 Chunxi Road".into(),
        ..FormInput::default()
    }
}

/// The one box size the form tests order from, three left.
fn five_kg_boxes() -> Vec<BoxOffer> {
    vec![BoxOffer {
        id: "5kg".into(),
        weight_kg: 5,
        price_fen: 6800,
        available: 3,
    }]
}

#[wasm_bindgen_test]
fn a_retry_of_the_same_order_reuses_its_key_and_a_new_order_gets_a_new_one() {
    let boxes = five_kg_boxes();
    let form = tashis_form();
    let request = form.check(&boxes).expect("a valid form");
    let mut keeper = KeyKeeper::default();
    let mut made = 0;
    let mut fresh = || {
        made += 1;
        format!("key-{made}")
    };
    let first = keeper.key_for(&request, &mut fresh);
    let retry = keeper.key_for(&request, &mut fresh);
    assert_eq!(
        first, retry,
        "a timeout or double tap retries with the same key"
    );
    let changed = FormInput {
        quantity: 2,
        ..form.clone()
    }
    .check(&boxes)
    .unwrap();
    let other = keeper.key_for(&changed, &mut fresh);
    assert_ne!(other, first, "a changed order is a new order");
    keeper.placed();
    assert_ne!(
        keeper.key_for(&changed, &mut fresh),
        other,
        "after success the next order is new"
    );

    let bad = FormInput {
        phone: "12".into(),
        box_id: "3kg".into(),
        ..form
    }
    .check(&boxes)
    .unwrap_err();
    assert_eq!(
        bad.get("phone"),
        Some(&FieldProblem::Rule(FieldError::InvalidPhone))
    );
    assert_eq!(
        bad.get("box_id"),
        Some(&FieldProblem::Rule(FieldError::UnknownBox))
    );
}

#[wasm_bindgen_test]
fn a_gift_form_is_checked_by_the_recipients_rules_and_a_changed_recipient_is_a_new_order() {
    let boxes = five_kg_boxes();
    let gift = |name: &str| GiftInput {
        name: name.into(),
        phone: "13900139000".into(),
        address: "27 Zhongguancun Street, Beijing".into(),
        message: String::new(),
    };
    let form = FormInput {
        gift: Some(gift("")),
        ..tashis_form()
    };
    let problems = form.check(&boxes).unwrap_err();
    assert_eq!(
        problems.keys().collect::<Vec<_>>(),
        ["recipient.name"],
        "only the recipient's missing name is marked"
    );
    let to_mum = FormInput {
        gift: Some(gift("Wang Mama")),
        ..form.clone()
    }
    .check(&boxes)
    .expect("a valid gift");
    assert_eq!(to_mum.recipient["name"], "Wang Mama");
    assert!(to_mum.gift_message.is_null(), "no words, no message");
    let to_dad = FormInput {
        gift: Some(gift("Wang Baba")),
        ..form
    }
    .check(&boxes)
    .unwrap();
    let mut keeper = KeyKeeper::default();
    assert_eq!(keeper.key_for(&to_mum, || "key-1".into()), "key-1");
    assert_eq!(keeper.key_for(&to_dad, || "key-2".into()), "key-2");
}

#[wasm_bindgen_test]
fn refusals_are_explained_with_their_numbers_in_every_language() {
    let short = outcome_text(&Outcome::Insufficient { available: 3 });
    assert_eq!(short.in_locale(Locale::En), "Only 3 of this box are left.");
    for locale in [Locale::Zh, Locale::Fr] {
        let said = short.in_locale(locale);
        assert!(said.contains('3') && !said.contains("{{"), "{said}");
        assert_ne!(said, short.in_locale(Locale::En));
    }
    let limit = outcome_text(&Outcome::LimitReached { remaining: 2 });
    let full = outcome_text(&Outcome::LimitReached { remaining: 0 });
    for locale in [Locale::Zh, Locale::En, Locale::Fr] {
        let said = limit.in_locale(locale);
        assert!(said.contains('2') && !said.contains("{{"), "{said}");
        assert_ne!(full.in_locale(locale), said);
    }
    let wait = outcome_text(&Outcome::RateLimited { seconds: 12 }).in_locale(Locale::Fr);
    assert!(wait.contains("12") && !wait.contains("{{"), "{wait}");
    let range = problem_text(&FieldProblem::Rule(FieldError::OutOfRange {
        min: 1,
        max: 20,
    }));
    assert_eq!(range.in_locale(Locale::En), "Choose from 1 to 20.");
    // A message the server wrote itself is shown as it came.
    let server = problem_text(&FieldProblem::Server("Adresse trop courte".into()));
    assert_eq!(server.in_locale(Locale::Zh), "Adresse trop courte");
}

#[wasm_bindgen_test]
fn the_film_player_made_on_a_press_quotes_its_paths_and_turns_on_the_buyers_captions() {
    let media = StoryMedia {
        picture: "/media/tree.svg".into(),
        video: Some("/media/film.mp4?a=1&b=\"2\"".into()),
        poster: Some("/media/poster.jpg".into()),
        captions: BTreeMap::from([
            ("en".to_owned(), "/media/film.en.vtt".to_owned()),
            ("zh".to_owned(), "/media/film.zh.vtt".to_owned()),
        ]),
    };
    let html = player_html(&media, "zh");
    // Parsed the way the page parses it: one player, its source, two tracks, Chinese on.
    let holder = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .create_element("div")
        .unwrap();
    holder.set_inner_html(&html);
    assert_eq!(holder.child_element_count(), 1, "{html}");
    let video = holder.first_element_child().unwrap();
    assert_eq!(video.tag_name(), "VIDEO");
    for attribute in ["controls", "playsinline"] {
        assert!(video.has_attribute(attribute), "{attribute} in {html}");
    }
    // The press starts it; the markup alone never plays.
    assert!(!video.has_attribute("autoplay"), "{html}");
    assert_eq!(
        video.get_attribute("poster").as_deref(),
        Some("/media/poster.jpg")
    );
    let source = video.query_selector("source").unwrap().unwrap();
    assert_eq!(
        source.get_attribute("src").as_deref(),
        Some("/media/film.mp4?a=1&b=\"2\"")
    );
    let tracks = video.query_selector_all("track[kind=captions]").unwrap();
    assert_eq!(tracks.length(), 2);
    let on = video.query_selector("track[default]").unwrap().unwrap();
    assert_eq!(on.get_attribute("srclang").as_deref(), Some("zh"));
    assert_eq!(on.get_attribute("label").as_deref(), Some("中文"));
}

#[wasm_bindgen_test]
fn the_form_normalizes_and_refuses_hidden_text_as_the_server_does() {
    use orchard::domain::{Address, BuyerName, Note};
    // The same cases as tests/domain_rules.rs (tests/text_cases), here through
    // String.prototype.normalize and the browser's `\p{M}` instead of the unicode-normalization
    // crate.
    for (raw, want) in text_cases::COMPOSED {
        assert_eq!(BuyerName::parse(raw).unwrap().as_str(), want, "{raw:?}");
        assert_eq!(Note::parse(raw).unwrap().unwrap().as_str(), want, "{raw:?}");
    }
    assert_eq!(
        BuyerName::parse(&"e\u{301}".repeat(64)).unwrap().as_str(),
        "é".repeat(64)
    );
    assert_eq!(
        BuyerName::parse(&"e\u{301}".repeat(65)),
        Err(FieldError::TooLong { max: 64 })
    );
    for raw in [
        "\u{301}",
        "\u{20DD}",
        "\u{FE0F}\u{34F}",
        "\u{3164}",
        " \u{2800} ",
    ] {
        assert_eq!(
            BuyerName::parse(raw),
            Err(FieldError::NothingVisible),
            "{raw:?}"
        );
    }
    for raw in ["\u{3164}T", "क\u{93F}", "卓玛"] {
        assert!(BuyerName::parse(raw).is_ok(), "{raw:?}");
    }
    assert_eq!(
        Address::parse("12 Chunxi Road\u{2028}Chengdu"),
        Err(FieldError::InvisibleCharacter)
    );

    let form = FormInput {
        box_id: "5kg".into(),
        quantity: 1,
        name: "\u{202E}amloD\u{202C}".into(),
        phone: "13800138000".into(),
        address: "\u{200B}".repeat(5),
        ..FormInput::default()
    };
    let boxes = five_kg_boxes();
    let problems = form.check(&boxes).unwrap_err();
    let hidden = FieldProblem::Rule(FieldError::InvisibleCharacter);
    assert_eq!(problems.get("name"), Some(&hidden));
    assert_eq!(problems.get("address"), Some(&hidden));
    for rule in [FieldError::InvisibleCharacter, FieldError::NothingVisible] {
        let text = problem_text(&FieldProblem::Rule(rule));
        let said: Vec<String> = [Locale::Zh, Locale::En, Locale::Fr]
            .into_iter()
            .map(|l| text.in_locale(l))
            .collect();
        assert!(said.iter().all(|s| !s.is_empty()), "{said:?}");
        assert!(said[0] != said[1] && said[1] != said[2], "{said:?}");
    }
}

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
