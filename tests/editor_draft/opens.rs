//! What the edit form opens with: the storefront's fields, and the limit per buyer from the
//! team's read of the content (the public storefront does not say it).

use super::editor_draft::{Draft, Slot};
use super::storefront;
use orchard::domain::{ContentLimits, ProducerContent};

#[test]
fn the_edit_opens_as_the_storefront_shows_the_producer() {
    let d = Draft::from_storefront("yangjin", &storefront());
    assert_eq!(d.name, ["央金", "Yangjin", "Yangjin"].map(String::from));
    assert_eq!(d.story[1], "One.\n\nTwo.");
    assert_eq!(
        (d.opens_at.as_str(), d.closes_at.as_str()),
        ("2027-11-11T00:00", "")
    );
    assert_eq!(d.harvest_at, "2027-10-31T00:00");
    let b = &d.boxes[0];
    assert_eq!(
        (b.id.as_str(), b.price_yuan.as_str(), b.kept),
        ("5kg", "68.5", true)
    );
    assert_eq!(d.picture, "/media/yangjin.jpg");
    assert_eq!(d.get(Slot::BoxStock(0)), "40");
    assert_eq!(d.get(Slot::BoxStock(1)), "", "no second box");
    assert_eq!(d.changes(&d), Ok(None), "nothing changed, nothing sent");
}

#[test]
fn the_edit_opens_with_the_limit_the_teams_read_names_and_sends_it_only_when_changed() {
    let content = |max_boxes_per_phone| ProducerContent {
        storefront: storefront(),
        limits: ContentLimits {
            max_boxes_per_phone,
        },
    };
    let d = Draft::from_content("yangjin", &content(Some(6)));
    assert_eq!(d.get(Slot::Limit), "6");
    assert_eq!(
        d.name,
        Draft::from_storefront("yangjin", &storefront()).name
    );
    assert_eq!(
        d.changes(&d),
        Ok(None),
        "saving another field keeps the limit"
    );
    let mut other = d.clone();
    other.set(Slot::Greeting, "Tashi delek la".into());
    let sent = other.changes(&d).unwrap().unwrap();
    assert!(
        sent.limits.is_null(),
        "the limit is not sent: {:?}",
        sent.limits
    );
    let unlimited = Draft::from_content("yangjin", &content(None));
    assert_eq!(unlimited.get(Slot::Limit), "", "no limit: an empty input");
}
