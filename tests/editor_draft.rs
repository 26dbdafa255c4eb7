//! The producer's form's logic, natively (plain Rust on the domain, included from the client):
//! dates typed in China's time go out as the content's `+08:00` and come back from the
//! storefront's UTC; prices typed in yuan go out in fen; the edit sends only what changed; and
//! the domain's own parse refuses a field beside the input that shows it.

#[path = "../src/client/pages/admin/editor_draft.rs"]
mod editor_draft;
#[path = "../src/client/pages/admin/editor_request.rs"]
mod editor_request;
#[path = "../src/client/pages/admin/editor_time.rs"]
mod editor_time;

/// What the form's files read as `crate::domain` in the client.
mod domain {
    pub use orchard::domain::{
        parse_rfc3339_ms, yuan_to_fen, BoxId, ContentPatch, ContentPatchRequest, FieldError,
        NewProducer, NewProducerRequest, PathErrors, ProducerContent, SaleDates, Storefront,
    };
}

use editor_draft::{yuan, BoxDraft, Draft, Slot};

#[path = "editor_draft/opens.rs"]
mod opens;
use editor_time::{china_input, wire};
use orchard::domain::{BoxOffer, FieldError, Impact, Producer, SaleInfo, SaleState, Storefront};

fn storefront() -> Storefront {
    let texts = |zh: &str, en: &str, fr: &str| {
        [("zh", zh), ("en", en), ("fr", fr)]
            .map(|(l, t)| (l.to_owned(), t.to_owned()))
            .into()
    };
    let mut producer = Producer {
        name: texts("央金", "Yangjin", "Yangjin"),
        place: texts("乡城", "Xiangcheng", "Xiangcheng"),
        greeting: "Tashi delek".into(),
        ..Producer::default()
    };
    producer
        .story
        .insert("en".into(), vec!["One.".into(), "Two.".into()]);
    producer.media.picture = "/media/yangjin.jpg".into();
    Storefront {
        server_time: "2027-11-11T00:00:00Z".into(),
        sale: SaleInfo {
            state: SaleState::Open,
            opens_at: "2027-11-10T16:00:00Z".into(),
            closes_at: None,
            harvest_at: "2027-10-30T16:00:00.000Z".into(),
        },
        boxes: vec![BoxOffer {
            id: "5kg".into(),
            weight_kg: 5,
            price_fen: 6850,
            available: 40,
        }],
        impact: Impact::default(),
        producer,
        payment_methods: vec![orchard::domain::PaymentMethod::Cod],
    }
}

#[test]
fn a_time_typed_in_china_goes_out_with_the_contents_offset_and_comes_back_the_same() {
    assert_eq!(
        wire("2027-11-11T00:00").as_deref(),
        Some("2027-11-11T00:00:00+08:00")
    );
    assert_eq!(
        wire("2027-11-11T09:30:15").as_deref(),
        Some("2027-11-11T09:30:15+08:00")
    );
    let cases = [
        ("2027-11-10T16:00:00Z", "2027-11-11T00:00"),
        ("2027-12-31T20:30:00.250Z", "2028-01-01T04:30"),
        ("2027-11-11T00:00:00+08:00", "2027-11-11T00:00"),
        ("2028-02-28T17:00:00-01:00", "2028-02-29T02:00"),
    ];
    for (api, typed) in cases {
        assert_eq!(china_input(api).as_deref(), Some(typed), "{api}");
    }
}

#[test]
fn a_date_that_is_no_real_date_is_not_sent() {
    for typed in [
        "",
        "2027-02-29T10:00",
        "2027-13-01T10:00",
        "2027-11-11T24:00",
        "2027-11-11",
        "tomorrow",
    ] {
        assert_eq!(wire(typed), None, "{typed}");
    }
    assert_eq!(china_input("2027-11-11T00:00:00"), None, "no zone");
}

#[test]
fn prices_in_fen_read_back_as_the_yuan_the_team_types() {
    for (fen, typed) in [(6800, "68"), (12850, "128.5"), (5, "0.05"), (6899, "68.99")] {
        assert_eq!(yuan(fen), typed);
        assert_eq!(orchard::domain::yuan_to_fen(typed), Ok(fen));
    }
}

fn filled() -> Draft {
    let mut d = Draft::blank();
    for (slot, text) in [
        (Slot::Slug, "yangjin"),
        (Slot::Name(0), "央金"),
        (Slot::Name(1), "Yangjin"),
        (Slot::Place(0), "乡城县然乌村"),
        (Slot::Story(0), "央金家种核桃。"),
        (Slot::Story(1), "First paragraph.\n\n  Second one.\n"),
        (Slot::OpensAt, "2027-11-11T00:00"),
        (Slot::HarvestAt, "2027-10-31T08:00"),
        (Slot::BoxId(0), "5kg"),
        (Slot::BoxWeight(0), "5"),
        (Slot::BoxPrice(0), "68.5"),
        (Slot::BoxStock(0), "300"),
    ] {
        d.set(slot, text.into());
    }
    d
}

#[test]
fn a_filled_form_makes_the_designs_request_in_fen_and_china_time() {
    let body = serde_json::to_value(filled().new_producer().unwrap()).unwrap();
    assert_eq!(body["slug"], "yangjin");
    assert_eq!(
        body["name"],
        serde_json::json!({"zh": "央金", "en": "Yangjin"}),
        "no empty language"
    );
    assert_eq!(
        body["story"]["en"],
        serde_json::json!(["First paragraph.", "Second one."])
    );
    assert_eq!(body["sale"]["opens_at"], "2027-11-11T00:00:00+08:00");
    assert_eq!(body["sale"]["harvest_at"], "2027-10-31T08:00:00+08:00");
    assert_eq!(
        body["sale"]["closes_at"],
        serde_json::Value::Null,
        "no close date"
    );
    assert_eq!(
        body["boxes"],
        serde_json::json!([{"id": "5kg", "weight_kg": 5, "price_fen": 6850, "stock": 300}])
    );
    assert!(body.get("limits").is_none() && body.get("greeting").is_none());
    let mut limited = filled();
    limited.set(Slot::Limit, "4".into());
    let body = serde_json::to_value(limited.new_producer().unwrap()).unwrap();
    assert_eq!(body["limits"]["max_boxes_per_phone"], 4);
}

#[test]
fn the_apis_own_rules_refuse_a_field_beside_the_input_that_shows_it() {
    let mut d = filled();
    d.set(Slot::Slug, "Yang Jin".into());
    d.set(Slot::Name(0), String::new());
    d.set(Slot::Story(1), "Fine.\nHidden\u{200B}space.".into());
    d.set(Slot::BoxPrice(0), "sixty".into());
    d.set(Slot::HarvestAt, String::new());
    d.set(Slot::ClosesAt, "2027-11-10T00:00".into());
    d.boxes.push(BoxDraft::default());
    d.set(Slot::BoxWeight(1), "2.5".into());
    d.set(Slot::Limit, "0".into());
    let problems = d.new_producer().unwrap_err();
    let want = [
        (
            "slug",
            FieldError::InvalidCharacters {
                allowed: "a-z, 0-9 and -",
            },
        ),
        ("name.zh", FieldError::Required),
        ("story.en", FieldError::InvisibleCharacter),
        ("boxes[0].price_fen", FieldError::NotAWholeNumber),
        ("sale.harvest_at", FieldError::Required),
        ("boxes[1].id", FieldError::Required),
        ("boxes[1].weight_kg", FieldError::NotAWholeNumber),
        ("boxes[1].stock", FieldError::Required),
        (
            "limits.max_boxes_per_phone",
            FieldError::OutOfRange { min: 1, max: 1000 },
        ),
    ];
    for (field, error) in want {
        let kind = problems.get(field).map(std::mem::discriminant);
        assert_eq!(
            kind,
            Some(std::mem::discriminant(&error)),
            "{field}: {problems:?}"
        );
    }
    // Every problem is one an input of the form shows.
    let shown: Vec<String> = d.slots().iter().map(|s| s.field()).collect();
    assert!(problems.keys().all(|f| shown.contains(f)), "{problems:?}");
    // A sale that closes before it opens, once the harvest is there.
    d.set(Slot::HarvestAt, "2027-10-31T08:00".into());
    let problems = d.new_producer().unwrap_err();
    assert_eq!(
        problems.get("sale.closes_at"),
        Some(&FieldError::ClosesBeforeOpens)
    );
}

#[test]
fn the_edit_sends_only_what_changed() {
    let before = Draft::from_storefront("yangjin", &storefront());
    let mut after = before.clone();
    after.set(Slot::Name(2), "Yangjin (Xiangcheng)".into());
    after.set(Slot::BoxPrice(0), "72".into());
    after.set(Slot::ClosesAt, "2027-12-31T00:00".into());
    after.boxes.push(BoxDraft::default());
    for (slot, text) in [
        (Slot::BoxId(1), "10kg"),
        (Slot::BoxWeight(1), "10"),
        (Slot::BoxPrice(1), "128"),
        (Slot::BoxStock(1), "20"),
    ] {
        after.set(slot, text.into());
    }
    let body = serde_json::to_value(after.changes(&before).unwrap().unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "name": {"fr": "Yangjin (Xiangcheng)"},
            "sale": {"closes_at": "2027-12-31T00:00:00+08:00"},
            "boxes": [
                {"id": "5kg", "price_fen": 7200},
                {"id": "10kg", "weight_kg": 10, "price_fen": 12800, "stock": 20}
            ]
        })
    );
    // Once saved, the new box is one on sale: its stock is the stock list's.
    let after = after.as_saved();
    assert!(after.boxes.iter().all(|b| b.kept));
    let mut reopened = after.clone();
    reopened.set(Slot::ClosesAt, String::new());
    reopened.picture = "/media/pictures/yangjin.jpg".into();
    let body = serde_json::to_value(reopened.changes(&after).unwrap().unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"sale": {"closes_at": null}, "media": {"picture": "/media/pictures/yangjin.jpg"}}),
        "no close date any more, and the new picture"
    );
}

#[test]
fn an_edit_is_checked_against_the_producer_as_it_was_opened() {
    let before = Draft::from_storefront("yangjin", &storefront());
    let mut after = before.clone();
    // Closing before the opening the server has (the opening is not sent again).
    after.set(Slot::ClosesAt, "2027-11-01T00:00".into());
    after.set(Slot::Name(1), " ".into());
    let problems = after.changes(&before).unwrap_err();
    assert_eq!(
        problems.get("sale.closes_at"),
        Some(&FieldError::ClosesBeforeOpens)
    );
    assert!(problems.contains_key("name.en"), "{problems:?}");
}

#[test]
fn an_uploaded_picture_becomes_the_producers_by_its_site_path() {
    let patch = editor_request::picture_patch("/api/producers/yangjin/pictures/1-1200.jpg");
    let body = serde_json::to_value(&patch).unwrap();
    let want =
        serde_json::json!({"media": {"picture": "/api/producers/yangjin/pictures/1-1200.jpg"}});
    assert_eq!(body, want);
    let sale = orchard::domain::SaleDates::new(0, None, 0).unwrap();
    let parsed = orchard::domain::ContentPatch::parse(&patch, sale, |_| true).unwrap();
    assert_eq!(
        parsed.picture.as_deref(),
        Some("/api/producers/yangjin/pictures/1-1200.jpg")
    );
}
