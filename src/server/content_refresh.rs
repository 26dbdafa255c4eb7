//! Several instances on one PostgreSQL database: what one of them changes in the market reaches
//! the others within `EVERY`. Each reads the contents the database keeps and swaps in those that
//! differ from its own (`LiveContent::set`, so its storefront answer and pages are made again),
//! and serves the producers another instance put on the market (a buyer's link to `/p/{slug}`
//! works whichever instance answers it). On SQLite the one instance is the only writer and
//! nothing is read back.

use std::sync::{Arc, Weak};
use std::time::Duration;

use super::content::Content;
use super::shops::{LiveContent, Shop, Shops};
use super::storefront_cache::StorefrontCache;

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
            adopt(&shops).await;
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

/// Serves every producer another instance put on the market since this one started.
pub async fn adopt(shops: &Shops) {
    let market = shops.default_shop();
    let all = shops.all();
    let named: Vec<&str> = all.iter().map(|s| s.slug.as_str()).collect();
    let found = match market.store.put_on_at_run_time(&named).await {
        Ok(found) => found,
        Err(e) => {
            tracing::warn!(error = ?e, "reading the producers put on the market");
            return;
        }
    };
    for producer in found {
        match market.writer.adopt(&market.store, producer).await {
            Ok(opened) => drop(shops.add(Shop {
                id: opened.id,
                slug: opened.slug,
                content: LiveContent::new(opened.content),
                store: market.store.scoped(opened.id),
                writer: market.writer.scoped(opened.id),
                snapshot: opened.snapshot,
                storefront: StorefrontCache::new(),
            })),
            Err(e) => tracing::warn!(error = ?e, "serving a producer put on the market"),
        }
    }
}
