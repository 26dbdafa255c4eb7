//! The market's producers as the routes see them: one `Shop` each (its row id, slug, content,
//! store and writer handles scoped to it, live numbers and rendered storefront), and `Shops`,
//! the market that holds them. A request's producer comes from its address
//! (`/api/producers/{slug}/…`, `/p/{slug}`: see `scope.rs`); the unscoped addresses mean the
//! default producer, the first the files name, so a shop that grows into a market breaks no link.

use std::sync::{Arc, RwLock};

use super::content::Content;
use super::snapshot::Snapshot;
use super::store::{ProducerId, Store, Writer};
use super::storefront_cache::StorefrontCache;
use crate::domain::{Localized, MarketView};

/// One producer of the market, with everything a request for it needs.
pub struct Shop {
    pub id: ProducerId,
    pub slug: String,
    /// Its content as the database holds it; an edit swaps it (`LiveContent::set`).
    pub content: LiveContent,
    /// Reads this producer's rows only.
    pub store: Store,
    /// Writes this producer's rows only (the one writer, shared by every shop).
    pub writer: Writer,
    /// Boxes left, orders and kilograms sold, kept by the writer.
    pub snapshot: Arc<Snapshot>,
    /// The storefront answer rendered last, with its ETag.
    pub storefront: StorefrontCache,
}

/// A producer's content, swapped whole by an edit: readers take the current one (`get`) and
/// keep it for their request; `revision` counts the edits, so that what was made from an older
/// content (the storefront's answer, the rendered pages) is made again. Its edits in this
/// process are made one at a time (`editing`), so that it is swapped in the order the edits
/// were written.
pub struct LiveContent(RwLock<(u64, Arc<Content>)>, tokio::sync::Mutex<()>);

impl LiveContent {
    /// The content a producer starts with.
    pub fn new(content: Content) -> Self {
        Self(
            RwLock::new((0, Arc::new(content))),
            tokio::sync::Mutex::new(()),
        )
    }

    /// Waits for this process's edit of the content, if one is being made, and holds off the
    /// next until the guard is dropped.
    pub async fn editing(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.1.lock().await
    }

    /// The content now.
    pub fn get(&self) -> Arc<Content> {
        self.0.read().unwrap_or_else(|p| p.into_inner()).1.clone()
    }

    /// The content now and how many edits made it.
    pub fn revision(&self) -> (u64, Arc<Content>) {
        self.0.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The content from now on (the database already holds it).
    pub fn set(&self, content: Content) {
        let mut slot = self.0.write().unwrap_or_else(|p| p.into_inner());
        *slot = (slot.0 + 1, Arc::new(content));
    }
}

/// The producer a request is for: the one its address named, else the default one. As a
/// request's extension, it is there only when the address named it (so `/` can tell a
/// producer's storefront from the market's home).
#[derive(Clone)]
pub struct ShopScope(pub Arc<Shop>);

/// A producer's store and writer handles.
pub struct Handles {
    pub store: Store,
    pub writer: Writer,
}

/// The market: its name and place, and its producers in the files' order (the first is the
/// default one). Producers may be added while it runs (the operator's page).
pub struct Shops {
    pub name: Localized,
    pub place: Localized,
    all: RwLock<Arc<Vec<Arc<Shop>>>>,
}

impl Shops {
    /// A market of `shops` (at least one: the default producer first).
    pub fn new(name: Localized, place: Localized, shops: Vec<Shop>) -> Result<Self, String> {
        if shops.is_empty() {
            return Err("a market needs at least one producer".into());
        }
        let all = shops.into_iter().map(Arc::new).collect();
        Ok(Self {
            name,
            place,
            all: RwLock::new(Arc::new(all)),
        })
    }

    /// Every producer, the default one first.
    pub fn all(&self) -> Arc<Vec<Arc<Shop>>> {
        self.all.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The default producer: what the unscoped addresses mean.
    pub fn default_shop(&self) -> Arc<Shop> {
        self.all()[0].clone()
    }

    /// The producer with this slug, if the market has one.
    pub fn find(&self, slug: &str) -> Option<Arc<Shop>> {
        self.all().iter().find(|s| s.slug == slug).cloned()
    }

    /// The producer whose row id is `id`, if this process serves it.
    pub fn by_id(&self, id: ProducerId) -> Option<Arc<Shop>> {
        self.all().iter().find(|s| s.id == id).cloned()
    }

    /// The producer whose row id is `id`, found by a market-wide read (an order's lookup):
    /// its shop, or, for a producer the database has and this process does not (yet), the
    /// default shop's handles scoped to it.
    pub fn serving(&self, id: ProducerId) -> Handles {
        let default = self.default_shop();
        match self.by_id(id) {
            Some(shop) => Handles {
                store: shop.store.clone(),
                writer: shop.writer.clone(),
            },
            None => Handles {
                store: default.store.scoped(id),
                writer: default.writer.scoped(id),
            },
        }
    }

    /// Whether the server is a market of several producers (its home page is the market's),
    /// rather than one producer's shop.
    pub fn is_market(&self) -> bool {
        self.all().len() > 1
    }

    /// The market as `GET /api/market` and its home show it at `now_ms`: its name, place and
    /// totals and each producer's storefront, in order.
    pub fn view(&self, now_ms: i64) -> MarketView {
        let all = self.all();
        let producers = all.iter().map(|shop| {
            let (_, storefront) = shop.snapshot.storefront(&shop.content.get(), now_ms);
            (shop.slug.clone(), storefront)
        });
        MarketView::new(self.name.clone(), self.place.clone(), producers)
    }

    /// Adds a producer at the end (its slug is new: the store refused a taken one), unless the
    /// market has it already (made here and found by the refresher at once): then that one.
    pub fn add(&self, shop: Shop) -> Arc<Shop> {
        let mut all = self.all.write().unwrap_or_else(|p| p.into_inner());
        if let Some(known) = all.iter().find(|s| s.id == shop.id) {
            return known.clone();
        }
        let shop = Arc::new(shop);
        let mut next = Vec::clone(&all);
        next.push(shop.clone());
        *all = Arc::new(next);
        shop
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_market_of_no_producer_is_refused() {
        let refused = Shops::new(Localized::new(), Localized::new(), Vec::new());
        assert!(refused.is_err());
    }
}
