//! What each refusal says in each language, the film player made on a press, and hidden text
//! refused by the form as by the server.

use std::collections::BTreeMap;

use orchard::client::components::{outcome_text, player_html, problem_text};
use orchard::client::i18n::Locale;
use orchard::client::order_flow::{FieldProblem, FormInput, Outcome};
use orchard::domain::{FieldError, StoryMedia};
use wasm_bindgen_test::*;

use super::form::five_kg_boxes;

use super::text_cases;

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
