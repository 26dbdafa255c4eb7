//! Whom an order was placed with, as the buyer's orders name it (a market has many producers):
//! the name the phone kept with the order, else the market's name for the producer the order's
//! lookup names (`GET /api/market`, asked only when some order needs it), else that producer's
//! slug; nothing when no one says (a shop from before the market).

use leptos::prelude::*;

use crate::client::api::market::{self, name_of, ProducerName};
use crate::client::format::in_language;
use crate::client::i18n::{fill, lang, use_i18n, OrdersKey};
use crate::client::live::live;
use crate::client::storage::PlacedWith;

/// The producer's name in `lang`: the phone's (`kept`), else the market's for the slug kept or
/// answered by the order's lookup (`answered`, empty if none), else that slug.
pub fn producer_name(
    kept: &PlacedWith,
    answered: &str,
    market: &[ProducerName],
    lang: &str,
) -> Option<String> {
    if let Some(name) = kept.name(lang) {
        return Some(name.to_owned());
    }
    let slug = kept
        .slug
        .as_deref()
        .filter(|s| !s.is_empty())
        .or(Some(answered).filter(|s| !s.is_empty()))?;
    Some(name_of(market, slug).map_or_else(|| slug.to_owned(), |name| in_language(name, lang)))
}

/// The market's producers' names for a page, asked for once, and only when an order needs them
/// (`ask`): empty until the market answers, and if it cannot.
#[derive(Clone, Copy)]
pub struct MarketNames {
    names: RwSignal<Vec<ProducerName>>,
    asked: StoredValue<bool>,
}

impl Default for MarketNames {
    /// Nothing asked yet.
    fn default() -> Self {
        Self {
            names: RwSignal::new(Vec::new()),
            asked: StoredValue::new(false),
        }
    }
}

impl MarketNames {
    /// Asks the market for its names, the first time only, for an order whose lookup named
    /// `slug` (or whose producer the phone kept by its slug) if the phone has no name for it.
    pub fn ask(self, kept: &PlacedWith, slug: &str) {
        let nameless = kept.name("en").is_none();
        if !nameless || (slug.is_empty() && kept.slug.is_none()) || self.asked.get_value() {
            return;
        }
        self.asked.set_value(true);
        leptos::task::spawn_local(async move {
            if let Ok(found) = market::names().await {
                self.names.try_set(found.producers);
            }
        });
    }
}

/// "From {producer}" in a `<span>` of class `class`, once the producer is known (empty until
/// then). The market is asked for its name (`market.ask`, by the caller, once the order's lookup
/// answered) only when the phone has none.
pub fn producer_line(
    kept: PlacedWith,
    answered: RwSignal<String>,
    market: MarketNames,
    class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let words = live(move || {
        let name = answered.with(|a| market.names.with(|m| producer_name(&kept, a, m, lang())));
        name.map(|name| fill(i18n.get(OrdersKey::order_from), &[("name", name)]))
            .unwrap_or_default()
    });
    view! { <span class=class>{words}</span> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    fn names(pairs: &[(&str, &str)]) -> crate::domain::Localized {
        pairs
            .iter()
            .map(|(l, n)| (l.to_string(), n.to_string()))
            .collect()
    }

    #[wasm_bindgen_test]
    fn an_order_is_named_by_the_phone_then_by_the_market_then_by_its_slug() {
        let market = [ProducerName {
            slug: "hives".into(),
            name: names(&[("en", "Tsering's hives"), ("zh", "次仁的蜂箱")]),
        }];
        let kept = PlacedWith::new(
            Some("hives".into()),
            &names(&[("en", "Tsering"), ("fr", "Tsering (fr)")]),
        );
        let cases = [
            (&kept, "", "fr", Some("Tsering (fr)")),
            (&kept, "", "zh", Some("Tsering")),
            (
                &PlacedWith {
                    slug: Some("hives".into()),
                    ..Default::default()
                },
                "",
                "zh",
                Some("次仁的蜂箱"),
            ),
            (
                &PlacedWith::default(),
                "hives",
                "fr",
                Some("Tsering's hives"),
            ),
            (&PlacedWith::default(), "walnuts", "en", Some("walnuts")),
            (&PlacedWith::default(), "", "en", None),
        ];
        for (kept, answered, lang, want) in cases {
            assert_eq!(
                producer_name(kept, answered, &market, lang).as_deref(),
                want,
                "{kept:?} {answered} {lang}"
            );
        }
    }
}
