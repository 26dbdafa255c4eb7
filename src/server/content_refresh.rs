//! Several instances on one PostgreSQL database: an edit of a producer's content on one of them
//! reaches the others within `EVERY`, each reading the contents the database keeps and swapping
//! in those that differ from its own (`LiveContent::set`, so its storefront answer and pages are
//! made again). On SQLite the one instance is the only writer and nothing is read back.

use std::sync::{Arc, Weak};
use std::time::Duration;

use super::content::Content;
use super::shops::Shops;

/// How often another instance's edits are looked for.
pub const EVERY: Duration = Duration::from_secs(2);

/// Looks for other instances' edits every `EVERY` while the market lives (PostgreSQL only).
pub fn spawn(shops: &Arc<Shops>) {
    if !shops.default_shop().store.is_shared() {
        return;
    }
    let market: Weak<Shops> = Arc::downgrade(shops);
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(EVERY).await;
            let Some(shops) = market.upgrade() else {
                return;
            };
            refresh(&shops).await;
        }
    });
}

/// Swaps in every producer's content the database keeps that differs from the shop's.
pub async fn refresh(shops: &Shops) {
    let kept = match shops.default_shop().store.contents().await {
        Ok(kept) => kept,
        Err(e) => {
            tracing::warn!(error = ?e, "reading the producers' contents");
            return;
        }
    };
    for shop in shops.all().iter() {
        let Some((_, json)) = kept.iter().find(|(id, _)| *id == shop.id) else {
            continue;
        };
        if shop.content.get().to_json() == *json {
            continue;
        }
        match Content::from_json(json) {
            Ok(content) => shop.content.set(content),
            Err(why) => tracing::warn!(producer = %shop.slug, %why, "a producer's content"),
        }
    }
}
