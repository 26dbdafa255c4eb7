//! Server errors on their fields or as kind messages, one idempotency key per order reused on
//! every retry, and a gift's recipient checked by its own rules.

use std::collections::BTreeMap;

use orchard::client::api::ApiError;
use orchard::client::order_flow::{
    outcome, FieldProblem, FormInput, GiftInput, KeyKeeper, Outcome, Problems,
};
use orchard::domain::{BoxOffer, ErrorDetail, FieldError};
use wasm_bindgen_test::*;

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
pub(crate) fn five_kg_boxes() -> Vec<BoxOffer> {
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
