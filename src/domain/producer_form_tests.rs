use serde_json::{json, Value};

use super::{NewProducer, NewProducerRequest};
use crate::domain::{FieldError, Money};

fn request(body: Value) -> NewProducerRequest {
    serde_json::from_value(body).unwrap()
}

fn walnuts() -> Value {
    json!({
        "slug": "tsering",
        "name": {"zh": "次仁", "en": "Tsering"},
        "place": {"zh": "乡城县然乌乡", "en": "Ranwu, Xiangcheng county"},
        "story": {"zh": ["核桃树有六十年了。", "每一颗都是手剥的。"]},
        "greeting": "བཀྲ་ཤིས་བདེ་ལེགས",
        "sale": {"opens_at": "2027-11-11T00:00:00+08:00", "closes_at": null,
                 "harvest_at": "2027-10-01T00:00:00+08:00"},
        "boxes": [{"id": "2kg", "weight_kg": 2, "price_fen": 5800, "stock": 300},
                  {"id": "5kg", "weight_kg": 5, "price_fen": 13800, "stock": 0}],
        "limits": {"max_boxes_per_phone": 10}
    })
}

fn refused(body: Value) -> Vec<(String, FieldError)> {
    NewProducer::parse(&request(body))
        .unwrap_err()
        .into_iter()
        .collect()
}

fn with(path: &[&str], value: Value) -> Value {
    let mut body = walnuts();
    let mut at = &mut body;
    for key in &path[..path.len() - 1] {
        at = match key.parse::<usize>() {
            Ok(i) => &mut at[i],
            Err(_) => &mut at[*key],
        };
    }
    let last = path[path.len() - 1];
    match last.parse::<usize>() {
        Ok(i) => at[i] = value,
        Err(_) => at[last] = value,
    }
    body
}

#[test]
fn a_whole_producer_is_read_with_its_texts_dates_boxes_and_limit() {
    let p = NewProducer::parse(&request(walnuts())).unwrap();
    assert_eq!(p.slug.as_str(), "tsering");
    assert_eq!(p.name["en"], "Tsering");
    assert_eq!(p.story["zh"].len(), 2);
    assert_eq!(p.sale.opens_ms, 1_825_862_400_000);
    assert_eq!(p.sale.closes_ms, None);
    assert_eq!(p.boxes[1].price, Money::from_fen(13800));
    assert_eq!(p.boxes[1].stock.get(), 0);
    assert_eq!(p.max_boxes_per_phone, Some(10));
}

#[test]
fn texts_are_trimmed_and_the_greeting_and_limits_may_be_left_out() {
    let mut body = with(&["name", "zh"], json!("  次仁  "));
    body.as_object_mut().unwrap().remove("greeting");
    body.as_object_mut().unwrap().remove("limits");
    let p = NewProducer::parse(&request(body)).unwrap();
    assert_eq!(p.name["zh"], "次仁");
    assert_eq!((p.greeting.as_str(), p.max_boxes_per_phone), ("", None));
}

#[test]
fn each_bad_field_is_refused_under_its_own_path() {
    let cases: Vec<(Value, &str, FieldError)> = vec![
        (
            with(&["slug"], json!("Tsering")),
            "slug",
            FieldError::InvalidCharacters {
                allowed: "lower-case letters, digits and -",
            },
        ),
        (
            with(&["slug"], json!("a".repeat(33))),
            "slug",
            FieldError::TooLong { max: 32 },
        ),
        (with(&["slug"], Value::Null), "slug", FieldError::Required),
        (
            with(&["name", "zh"], json!("   ")),
            "name.zh",
            FieldError::Required,
        ),
        (
            with(&["name", "en"], json!("Ts\u{202E}ering")),
            "name.en",
            FieldError::InvisibleCharacter,
        ),
        (
            with(&["name", "de"], json!("Tsering")),
            "name.de",
            FieldError::UnknownLanguage,
        ),
        (
            with(&["name"], json!({"en": "Tsering"})),
            "name.zh",
            FieldError::Required,
        ),
        (
            with(&["place", "zh"], json!("乡".repeat(121))),
            "place.zh",
            FieldError::TooLong { max: 120 },
        ),
        (
            with(&["story", "zh"], json!([])),
            "story.zh",
            FieldError::Required,
        ),
        (
            with(&["story", "zh", "1"], json!("line\nbreak")),
            "story.zh[1]",
            FieldError::ControlCharacter,
        ),
        (
            with(&["story", "en"], json!("one paragraph")),
            "story.en",
            FieldError::NotAList,
        ),
        (
            with(&["story", "zh"], json!(vec!["段"; 13])),
            "story.zh",
            FieldError::TooManyItems { max: 12 },
        ),
        (
            with(&["greeting"], json!("x".repeat(65))),
            "greeting",
            FieldError::TooLong { max: 64 },
        ),
        (
            with(&["sale", "opens_at"], json!("11/11/2027")),
            "sale.opens_at",
            FieldError::NotATime,
        ),
        (
            with(&["sale", "harvest_at"], Value::Null),
            "sale.harvest_at",
            FieldError::Required,
        ),
        (
            with(&["sale", "closes_at"], json!("2027-11-10T00:00:00+08:00")),
            "sale.closes_at",
            FieldError::ClosesBeforeOpens,
        ),
        (
            with(&["sale"], json!("soon")),
            "sale",
            FieldError::NotAnObject,
        ),
        (with(&["boxes"], json!([])), "boxes", FieldError::Required),
        (
            with(&["boxes", "1", "id"], json!("2kg")),
            "boxes[1].id",
            FieldError::Duplicate,
        ),
        (
            with(&["boxes", "1", "id"], json!("5 kg")),
            "boxes[1].id",
            FieldError::InvalidCharacters {
                allowed: "lower-case letters, digits and -",
            },
        ),
        (
            with(&["boxes", "1", "price_fen"], json!(0)),
            "boxes[1].price_fen",
            FieldError::OutOfRange {
                min: 1,
                max: 100_000_000,
            },
        ),
        (
            with(&["boxes", "1", "price_fen"], json!(58.5)),
            "boxes[1].price_fen",
            FieldError::NotAWholeNumber,
        ),
        (
            with(&["boxes", "0", "weight_kg"], json!("2")),
            "boxes[0].weight_kg",
            FieldError::NotAWholeNumber,
        ),
        (
            with(&["boxes", "0", "stock"], json!(1_000_001)),
            "boxes[0].stock",
            FieldError::OutOfRange {
                min: 0,
                max: 1_000_000,
            },
        ),
        (
            with(&["boxes", "0", "stock"], Value::Null),
            "boxes[0].stock",
            FieldError::Required,
        ),
        (
            with(&["limits", "max_boxes_per_phone"], json!(0)),
            "limits.max_boxes_per_phone",
            FieldError::OutOfRange { min: 1, max: 1000 },
        ),
    ];
    for (body, path, error) in cases {
        let errors = refused(body);
        assert_eq!(errors, vec![(path.to_owned(), error)], "{path}");
    }
}

#[test]
fn every_mistake_is_reported_at_once() {
    let body = json!({"slug": "", "name": {}, "sale": {}, "boxes": [{"id": "x"}]});
    let paths: Vec<String> = refused(body).into_iter().map(|(p, _)| p).collect();
    let want = [
        "boxes[0].price_fen",
        "boxes[0].stock",
        "boxes[0].weight_kg",
        "name.zh",
        "place",
        "sale.harvest_at",
        "sale.opens_at",
        "slug",
        "story",
    ];
    assert_eq!(paths, want);
}

#[test]
fn the_request_serializes_back_to_the_body_a_form_would_send() {
    let req = request(walnuts());
    assert_eq!(serde_json::to_value(&req).unwrap(), walnuts());
}
