use serde_json::{json, Value};

use super::{ContentPatch, ContentPatchRequest};
use crate::domain::{BoxId, FieldError, Money, SaleDates};

const OPENS: i64 = 1_825_862_400_000;
const DAY: i64 = 86_400_000;

fn now() -> SaleDates {
    SaleDates::new(OPENS, Some(OPENS + 50 * DAY), OPENS - 10 * DAY).unwrap()
}

fn parse(body: Value) -> Result<ContentPatch, Vec<(String, FieldError)>> {
    let req: ContentPatchRequest = serde_json::from_value(body).unwrap();
    ContentPatch::parse(&req, now(), |id: &BoxId| {
        ["5kg", "10kg"].contains(&id.as_str())
    })
    .map_err(|e| e.into_iter().collect())
}

#[test]
fn an_empty_patch_changes_nothing() {
    assert_eq!(parse(json!({})).unwrap(), ContentPatch::default());
}

#[test]
fn a_patch_names_only_what_changes_and_the_slug_is_ignored() {
    let patch = parse(json!({
        "slug": "someone-else",
        "name": {"en": "Grandma Drolma"},
        "story": {"fr": ["Drolma vit à Zhongde."]},
        "boxes": [{"id": "5kg", "price_fen": 7200}],
        "media": {"picture": "/api/producers/drolma/pictures/3-1280.jpg"},
        "limits": {"max_boxes_per_phone": null}
    }))
    .unwrap();
    assert_eq!(patch.name.keys().collect::<Vec<_>>(), ["en"]);
    assert!(patch.place.is_empty() && patch.greeting.is_none() && patch.sale.is_none());
    assert_eq!(patch.story["fr"], ["Drolma vit à Zhongde."]);
    assert_eq!(patch.boxes[0].price, Some(Money::from_fen(7200)));
    assert_eq!(
        (patch.boxes[0].weight_kg, patch.boxes[0].stock),
        (None, None)
    );
    assert_eq!(
        patch.picture.as_deref(),
        Some("/api/producers/drolma/pictures/3-1280.jpg")
    );
    assert_eq!(patch.max_boxes_per_phone, Some(None));
}

#[test]
fn one_date_is_changed_and_checked_with_the_others_as_they_are() {
    let later = parse(json!({"sale": {"opens_at": "2027-11-12T00:00:00+08:00"}})).unwrap();
    let sale = later.sale.unwrap();
    assert_eq!(sale.opens_ms, OPENS + DAY);
    assert_eq!(
        (sale.closes_ms, sale.harvest_ms),
        (now().closes_ms, now().harvest_ms)
    );
    let endless = parse(json!({"sale": {"closes_at": null}})).unwrap();
    assert_eq!(endless.sale.unwrap().closes_ms, None);
    let too_late = parse(json!({"sale": {"opens_at": "2028-03-01T00:00:00Z"}}));
    assert_eq!(
        too_late.unwrap_err(),
        [("sale.opens_at".to_owned(), FieldError::ClosesBeforeOpens)]
    );
}

#[test]
fn a_new_box_needs_its_weight_price_and_stock_and_a_box_on_sale_takes_no_stock() {
    let new =
        parse(json!({"boxes": [{"id": "2kg", "weight_kg": 2, "price_fen": 3000, "stock": 40}]}));
    assert_eq!(new.unwrap().boxes[0].stock.map(|s| s.get()), Some(40));
    let cases = [
        (
            json!([{"id": "2kg", "price_fen": 3000}]),
            vec!["boxes[0].stock", "boxes[0].weight_kg"],
        ),
        (json!([{"id": "5kg", "stock": 9}]), vec!["boxes[0].stock"]),
        (
            json!([{"id": "5kg"}, {"id": "5kg", "price_fen": 1}]),
            vec!["boxes[1].id"],
        ),
        (
            json!([{"id": "10kg", "price_fen": -5}]),
            vec!["boxes[0].price_fen"],
        ),
        (json!({"id": "5kg"}), vec!["boxes"]),
    ];
    for (boxes, want) in cases {
        let errors = parse(json!({ "boxes": boxes })).unwrap_err();
        let paths: Vec<&str> = errors.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, want, "{boxes}");
    }
}

#[test]
fn texts_and_the_picture_follow_the_same_rules_as_a_new_producer() {
    let cases = [
        (json!({"name": {"zh": ""}}), "name.zh", FieldError::Required),
        (
            json!({"place": {"xx": "Zhongde"}}),
            "place.xx",
            FieldError::UnknownLanguage,
        ),
        (json!({"greeting": 5}), "greeting", FieldError::NotText),
        (
            json!({"story": {"en": ["ok", "\u{200B}"]}}),
            "story.en[1]",
            FieldError::InvisibleCharacter,
        ),
        (
            json!({"media": {"picture": "https://evil.example/x.jpg"}}),
            "media.picture",
            FieldError::NotASitePath,
        ),
        (
            json!({"media": {"picture": "//evil.example/x.jpg"}}),
            "media.picture",
            FieldError::NotASitePath,
        ),
        (
            json!({"media": {"picture": "/media/../secret"}}),
            "media.picture",
            FieldError::NotASitePath,
        ),
        (
            json!({"sale": {"harvest_at": "yesterday"}}),
            "sale.harvest_at",
            FieldError::NotATime,
        ),
        (
            json!({"limits": {"max_boxes_per_phone": 1001}}),
            "limits.max_boxes_per_phone",
            FieldError::OutOfRange { min: 1, max: 1000 },
        ),
    ];
    for (body, path, error) in cases {
        assert_eq!(
            parse(body).unwrap_err(),
            [(path.to_owned(), error)],
            "{path}"
        );
    }
}
