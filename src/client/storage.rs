//! What the phone remembers (localStorage): the orders placed from it (or opened from their
//! private link on it), each with the producer it was placed with, so "My orders" can list them
//! later with their private links and their producers, across a market, and the tracking page
//! finds an order's token when its address no longer has it.

use serde::{Deserialize, Serialize};

use crate::client::json;
use crate::domain::{Localized, OrderCreated, OrderView};

const KEY: &str = "orchard.orders";

/// The producer an order was placed with, as the phone keeps it: the slug of the page it was
/// placed on (`None` on `/`, the default producer's page) and the producer's name in each of the
/// shop's languages, as its storefront gave it (a field a language, not a map: the storefront
/// then writes no JSON map, bytes it would carry for this alone). Orders kept before a market had
/// producers have neither.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlacedWith {
    pub slug: Option<String>,
    pub zh: String,
    pub en: String,
    pub fr: String,
}

impl PlacedWith {
    /// Placed on the page of `slug` (`None`: `/`) with the producer named `name`.
    pub fn new(slug: Option<String>, name: &Localized) -> Self {
        let name = |lang: &str| name.get(lang).cloned().unwrap_or_default();
        Self {
            slug,
            zh: name("zh"),
            en: name("en"),
            fr: name("fr"),
        }
    }

    /// The producer's name in `lang`, else in English, else in any language kept; `None` if the
    /// phone kept none.
    pub fn name(&self, lang: &str) -> Option<&str> {
        let kept = match lang {
            "zh" => &self.zh,
            "fr" => &self.fr,
            _ => &self.en,
        };
        [kept, &self.en, &self.zh, &self.fr]
            .into_iter()
            .find(|n| !n.is_empty())
            .map(String::as_str)
    }
}

/// One order as the phone keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedOrder {
    pub id: String,
    pub token: String,
    pub box_id: String,
    pub quantity: u32,
    pub total_fen: i64,
    pub created_at: String,
    /// Who it was ordered from.
    #[serde(default)]
    pub producer: PlacedWith,
}

impl SavedOrder {
    /// The private tracking path, the token in the fragment so no request (and no log) carries
    /// it (see `client::tracking_link`).
    pub fn tracking_path(&self) -> String {
        format!("/orders/{}#t={}", self.id, self.token)
    }

    /// An order opened with its token (a private link opened on this phone), of the producer
    /// the server named (`producer`, its slug), if it named one.
    pub fn looked_up(order: &OrderView, token: &str, producer: Option<String>) -> Self {
        Self {
            id: order.id.clone(),
            token: token.to_owned(),
            box_id: order.box_id.clone(),
            quantity: order.quantity,
            total_fen: order.total_fen,
            created_at: order.created_at.clone(),
            producer: PlacedWith {
                slug: producer,
                ..PlacedWith::default()
            },
        }
    }
}

impl From<&OrderCreated> for SavedOrder {
    fn from(o: &OrderCreated) -> Self {
        Self {
            id: o.id.clone(),
            token: o.token.clone(),
            box_id: o.box_id.clone(),
            quantity: o.quantity,
            total_fen: o.total_fen,
            created_at: o.created_at.clone(),
            producer: PlacedWith::default(),
        }
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The orders placed from this phone, newest first.
pub fn saved_orders() -> Vec<SavedOrder> {
    storage()
        .and_then(|s| s.get_item(KEY).ok().flatten())
        .and_then(|text| json::parse(&text).ok())
        .unwrap_or_default()
}

/// Remembers an order placed with `producer` (once, whatever how often it is confirmed).
pub fn remember(order: &OrderCreated, producer: &PlacedWith) {
    keep_new(&order.id, || SavedOrder {
        producer: producer.clone(),
        ..SavedOrder::from(order)
    });
}

/// Keeps an order in "My orders" unless it is there already (without localStorage, or with it
/// full, nothing is kept: `saved_token` tells).
pub fn keep(order: SavedOrder) {
    keep_new(&order.id.clone(), || order);
}

/// Adds the order `id` (made only if it is new: the storefront's bytes count) at the top.
fn keep_new(id: &str, order: impl FnOnce() -> SavedOrder) {
    let mut orders = saved_orders();
    if orders.iter().any(|o| o.id == id) {
        return;
    }
    orders.insert(0, order());
    if let (Some(s), Ok(text)) = (storage(), json::to_string(&orders)) {
        let _ = s.set_item(KEY, &text);
    }
}

/// The token this phone keeps for an order, if any.
pub fn saved_token(id: &str) -> Option<String> {
    saved_orders()
        .into_iter()
        .find(|o| o.id == id)
        .map(|o| o.token)
}

const ADMIN_KEY: &str = "orchard.admin";

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// The team's admin token for this tab (sessionStorage: gone when the tab closes, never in a
/// URL nor in localStorage).
pub fn admin_token() -> Option<String> {
    session()?
        .get_item(ADMIN_KEY)
        .ok()
        .flatten()
        .filter(|t| !t.is_empty())
}

/// Keeps (or with `None`, forgets) the admin token for this tab.
pub fn set_admin_token(token: Option<&str>) {
    if let Some(s) = session() {
        let _ = match token {
            Some(t) => s.set_item(ADMIN_KEY, t),
            None => s.remove_item(ADMIN_KEY),
        };
    }
}
