//! The producer's form in a real browser: what it sends is the JSON DESIGN writes, through the
//! browser's own serializer (`client::json`: a sale that no longer closes is `null`, a field not
//! changed is absent, texts are plain objects by language, a language left empty is left out), and a 422's `fields` are shown beside
//! their inputs, in the user's words where our rules see the problem too.
#![cfg(target_arch = "wasm32")]

use orchard::client::api::ApiError;
use orchard::client::json;
use orchard::client::pages::admin::editor_draft::{Draft, Slot};
use orchard::client::pages::admin::editor_fields::{server_problems, Problem};
use orchard::domain::{ErrorCode, ErrorDetail, FieldError};
use serde_json::{json, Value};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn sent<T: serde::Serialize>(body: &T) -> Value {
    serde_json::from_str(&json::to_string(body).unwrap()).unwrap()
}

fn filled() -> Draft {
    let mut d = Draft::blank();
    for (slot, text) in [
        (Slot::Slug, "yangjin"),
        (Slot::Name(0), "央金"),
        (Slot::Name(1), "Yangjin"),
        (Slot::Name(2), "Yangjin"),
        (Slot::Place(0), "然乌村"),
        (Slot::Story(0), "核桃。"),
        (Slot::Story(1), "Walnuts.\nBy hand."),
        (Slot::OpensAt, "2027-11-11T00:00"),
        (Slot::HarvestAt, "2027-10-31T00:00"),
        (Slot::BoxId(0), "5kg"),
        (Slot::BoxWeight(0), "5"),
        (Slot::BoxPrice(0), "68"),
        (Slot::BoxStock(0), "30"),
    ] {
        d.set(slot, text.into());
    }
    d
}

#[wasm_bindgen_test]
fn a_new_producer_goes_out_as_designs_json_through_the_browsers_serializer() {
    let body = sent(&filled().new_producer().unwrap());
    assert_eq!(
        body,
        json!({
            "slug": "yangjin",
            "name": {"zh": "央金", "en": "Yangjin", "fr": "Yangjin"},
            "place": {"zh": "然乌村"},
            "story": {"zh": ["核桃。"], "en": ["Walnuts.", "By hand."]},
            "sale": {
                "opens_at": "2027-11-11T00:00:00+08:00",
                "closes_at": null,
                "harvest_at": "2027-10-31T00:00:00+08:00"
            },
            "boxes": [{"id": "5kg", "weight_kg": 5, "price_fen": 6800, "stock": 30}]
        })
    );
}

#[wasm_bindgen_test]
fn an_edit_names_only_what_changed_and_a_sale_that_no_longer_closes_is_null() {
    // As saved: its box is on sale.
    let mut before = filled().as_saved();
    before.set(Slot::ClosesAt, "2027-12-31T00:00".into());
    let mut after = before.clone();
    after.set(Slot::ClosesAt, String::new());
    after.set(Slot::Greeting, "扎西德勒".into());
    assert_eq!(
        sent(&after.changes(&before).unwrap().unwrap()),
        json!({"greeting": "扎西德勒", "sale": {"closes_at": null}})
    );
}

#[wasm_bindgen_test]
fn the_servers_fields_sit_beside_their_inputs_in_our_words_where_our_rules_see_them() {
    let mut d = filled();
    d.set(Slot::BoxPrice(0), "sixty".into());
    let local = d.new_producer().unwrap_err();
    let taken = FieldError::Taken.to_string();
    let fields = [
        ("boxes[0].price_fen", "Give a whole number."),
        ("slug", taken.as_str()),
        ("story.en[1]", "A rule this page does not know."),
    ];
    let refusal = ApiError::Refused {
        status: 422,
        detail: ErrorDetail {
            code: ErrorCode::Invalid,
            message: "Some fields are invalid.".into(),
            fields: Some(fields.map(|(f, m)| (f.to_owned(), m.to_owned())).into()),
            ..ErrorDetail::default()
        },
        retry_after: None,
    };
    let shown = server_problems(&refusal, local).unwrap();
    let price = Problem::Rule(FieldError::NotAWholeNumber);
    assert_eq!(shown["boxes[0].price_fen"], price, "our rule saw it too");
    assert_eq!(
        shown["slug"],
        Problem::Rule(FieldError::Taken),
        "the server's alone, in our words"
    );
    let unknown = Problem::Server("A rule this page does not know.".into());
    assert_eq!(
        shown["story.en"], unknown,
        "beside the story's box, in the server's words"
    );
    let offline = ApiError::Network("offline".into());
    assert_eq!(server_problems(&offline, Default::default()), Err(offline));
}
