//! `open` with the producers of a market file, on both stores: each seed is a producer of its
//! own with its own boxes and storefront numbers, the first takes the rows of a shop from before
//! the market, and opening again finds the same producers without seeding their boxes again.

use super::{open, Seed};
use crate::server::content::Content;

/// A producer file with one box, `5kg`, of `stock` boxes.
fn content(stock: u32) -> Content {
    Content::parse(&format!(
        r#"[producer]
name = {{ en = "Drolma" }}
place = {{ en = "Zhongde" }}
picture = "/p.svg"
[producer.story]
en = ["A tree."]
[sale]
opens_at = "2023-11-14T22:13:20Z"
harvest_at = "2023-11-01T00:00:00Z"
[impact]
kg_per_family = 2000
[[boxes]]
id = "5kg"
weight_kg = 5
price_fen = 6800
stock = {stock}
"#
    ))
    .unwrap()
}

/// The boxes of 5 kg left of each producer `url` opens with `stocks` (slugs `p0`, `p1`, …).
async fn opened_stock(url: &str, stocks: &[u32]) -> Vec<(i64, String, u32)> {
    let contents: Vec<Content> = stocks.iter().map(|s| content(*s)).collect();
    let slugs: Vec<String> = (0..stocks.len()).map(|n| format!("p{n}")).collect();
    let seeds: Vec<Seed> = slugs
        .iter()
        .zip(&contents)
        .map(|(slug, content)| Seed { slug, content })
        .collect();
    let opened = open(url, &seeds, 2, 8).await.unwrap();
    assert_eq!(
        opened.store.producer(),
        opened.producers[0].id,
        "the first is the default"
    );
    let found = opened
        .producers
        .iter()
        .zip(&contents)
        .map(|(p, content)| {
            let (_, storefront) = p.snapshot.storefront(content, 1_700_000_000_000);
            (p.id.0, p.slug.clone(), storefront.boxes[0].available)
        })
        .collect();
    opened.writer.shutdown().await;
    found
}

async fn each_seed_is_a_producer_with_its_own_stock_kept_across_restarts(url: &str) {
    let first = opened_stock(url, &[10, 3, 7]).await;
    let want = [(1, "p0", 10), (2, "p1", 3), (3, "p2", 7)];
    let want: Vec<(i64, String, u32)> = want
        .iter()
        .map(|(i, s, n)| (*i, s.to_string(), *n))
        .collect();
    assert_eq!(
        first, want,
        "producer 1 is the migrated shop's, the others new"
    );
    let again = opened_stock(url, &[99, 99, 99]).await;
    assert_eq!(
        again, want,
        "the same producers, their boxes not seeded again"
    );
}

#[test]
fn open_makes_a_producer_of_each_seed_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("market.db").display());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(each_seed_is_a_producer_with_its_own_stock_kept_across_restarts(&url));
}

#[test]
fn open_makes_a_producer_of_each_seed_on_postgres() {
    use sqlx::{Connection, Executor};
    let admin = std::env::var("ORCHARD_TEST_POSTGRES")
        .expect("ORCHARD_TEST_POSTGRES is not set: run the tests through scripts/with-postgres.sh");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let name = format!("orchard_market_{:016x}", rand::random::<u64>());
        let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
        conn.execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap();
        let base = admin.split('?').next().unwrap().rsplit_once('/').unwrap().0;
        each_seed_is_a_producer_with_its_own_stock_kept_across_restarts(&format!("{base}/{name}"))
            .await;
    });
}
