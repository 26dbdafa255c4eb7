use serde_json::json;

use crate::domain::{ContentPatch, ContentPatchRequest, Money, NewProducer, SaleDates};
use crate::server::content::Content;

fn drolma() -> Content {
    Content::load(std::path::Path::new("content/drolma.toml")).unwrap()
}

#[test]
fn the_content_the_database_keeps_reads_back_the_same_but_for_the_first_stock() {
    let file = drolma();
    let back = Content::from_json(&file.to_json()).unwrap();
    assert_eq!(back.producer, file.producer);
    assert_eq!(
        (
            back.opens_ms,
            back.closes_ms,
            back.harvest_ms,
            back.kg_per_family
        ),
        (
            file.opens_ms,
            file.closes_ms,
            file.harvest_ms,
            file.kg_per_family
        )
    );
    let ids = |c: &Content| {
        c.boxes
            .iter()
            .map(|b| (b.id.clone(), b.weight_kg, b.price))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&back), ids(&file));
}

#[test]
fn an_edit_changes_what_it_names_and_keeps_the_rest() {
    let file = drolma();
    let sale = SaleDates::new(file.opens_ms, file.closes_ms, file.harvest_ms).unwrap();
    let req: ContentPatchRequest = serde_json::from_value(json!({
        "name": {"en": "Grandma Drolma"},
        "boxes": [{"id": "5kg", "price_fen": 7200}, {"id": "2kg", "weight_kg": 2, "price_fen": 3000, "stock": 40}]
    }))
    .unwrap();
    let patch = ContentPatch::parse(&req, sale, |id| file.find_box(id).is_some()).unwrap();
    let next = file.edited(&patch);
    assert_eq!(next.producer.name["en"], "Grandma Drolma");
    assert_eq!(next.producer.name["zh"], file.producer.name["zh"]);
    assert_eq!(next.producer.story, file.producer.story);
    assert_eq!(next.boxes[0].price, Money::from_fen(7200));
    assert_eq!(next.boxes[0].weight_kg, 5);
    assert_eq!(next.boxes[1], file.boxes[1]);
    assert_eq!(
        (next.boxes[2].id.as_str(), next.boxes[2].initial_stock),
        ("2kg", 40)
    );
}

#[test]
fn a_new_producer_starts_with_its_boxes_stock_and_a_picture_to_replace() {
    let req = serde_json::from_value(json!({
        "slug": "tsering", "name": {"zh": "次仁"}, "place": {"zh": "然乌乡"},
        "story": {"zh": ["核桃。"]},
        "sale": {"opens_at": "2027-11-11T00:00:00+08:00", "harvest_at": "2027-10-01T00:00:00+08:00"},
        "boxes": [{"id": "2kg", "weight_kg": 2, "price_fen": 5800, "stock": 300}]
    }))
    .unwrap();
    let content = Content::from_new(&NewProducer::parse(&req).unwrap());
    assert_eq!(content.boxes[0].initial_stock, 300);
    assert_eq!(content.producer.media.picture, super::NO_PICTURE);
    assert_eq!(content.kg_per_family, super::KG_PER_FAMILY);
}

#[test]
fn the_uploaded_pictures_a_content_names_are_its_own_producers_wherever_it_names_them() {
    let mut content = drolma();
    let media = &mut content.producer.media;
    media.picture = "/api/producers/drolma/pictures/41-1600.jpg".into();
    media.poster = Some("/api/producers/drolma/pictures/7-800.jpg".into());
    media.video = Some("/media/drolma.mp4".into());
    media.captions.insert(
        "en".into(),
        "/api/producers/walnuts/pictures/9-240.jpg".into(),
    );
    assert_eq!(content.pictures_named("drolma"), [41, 7]);
    assert_eq!(content.pictures_named("walnuts"), [9]);
    assert!(
        drolma().pictures_named("drolma").is_empty(),
        "a file's picture"
    );
}

#[test]
fn the_payment_terms_are_kept_and_a_row_written_before_payment_reads_as_pay_on_delivery() {
    use crate::domain::{PaymentMethod, PaymentTerms};
    let mut file = drolma();
    file.payment = PaymentTerms {
        methods: vec![PaymentMethod::Alipay, PaymentMethod::Cod],
        window_minutes: 30,
    };
    assert_eq!(
        Content::from_json(&file.to_json()).unwrap().payment,
        file.payment
    );
    let mut old: serde_json::Value = serde_json::from_str(&file.to_json()).unwrap();
    old.as_object_mut().unwrap().remove("payment");
    let back = Content::from_json(&old.to_string()).unwrap();
    assert_eq!(back.payment, PaymentTerms::default());
}
