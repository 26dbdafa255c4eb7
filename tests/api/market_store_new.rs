//! A producer put on the market while it runs (issue #28): `Writer::create_producer` gives it
//! the boxes of its content, refuses a slug the market has, and once made the database is the
//! truth for it (its own file's stock is not read again).

use orchard::server::Content;

use crate::market_store::{placed, producer, Market};

#[tokio::test]
async fn a_producer_put_on_the_market_at_run_time_keeps_its_boxes_and_its_slug_is_its_own() {
    for (store, m) in Market::on_both_stores().await {
        let content = Content::load(&m.a.sandbox.content()).unwrap();
        let writer = &m.a.state.shops.default_shop().writer;
        let made = writer.create_producer("lhamo", &content).await.unwrap();
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap();
        let (_, shown) = made.snapshot.storefront(&content, now.as_millis() as i64);
        let shown = serde_json::to_value(shown).unwrap();
        let five = shown["boxes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["id"] == "5kg")
            .cloned();
        assert_eq!(five.unwrap()["available"], 10, "{store}: {shown}");
        for taken in ["lhamo", "tashi", "content"] {
            let again = writer.create_producer(taken, &content).await;
            let why = format!("{:?}", again.err());
            assert!(why.contains("SlugTaken"), "{store}: {taken}: {why}");
        }
        // Opened later with other stock in its file: the database is the truth.
        let lhamo = producer(&m.a.sandbox.database(), "lhamo", 99).await;
        assert_eq!(lhamo.available("5kg").await, 10, "{store}");
        placed(&lhamo, "a1", 4).await;
        assert_eq!(lhamo.available("5kg").await, 6, "{store}");
        assert_eq!(m.a.available("5kg").await, 10, "{store}");
        assert_eq!(m.b.available("5kg").await, 3, "{store}");
    }
}
