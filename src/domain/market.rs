//! `GET /api/market`: the county market at a glance, its name and place, its totals across
//! producers and one card per producer (the sale, the boxes left, the impact), built by a pure
//! function from each producer's storefront, so the market's home page and the API say the same.

use serde::{Deserialize, Serialize};

use super::api::{BoxOffer, Impact, Localized, SaleInfo, Storefront};

/// `GET /api/market`: the market's name and place, its totals and its producers, the default
/// one first.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketView {
    /// The market's name by language tag (`zh`, `en`, `fr`).
    pub name: Localized,
    /// Where the market is, by language tag.
    pub place: Localized,
    /// What every producer's sale has done so far, added up.
    pub impact: MarketImpact,
    /// One entry per producer, in the market file's order.
    pub producers: Vec<MarketProducer>,
}

/// The market's totals across its producers.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct MarketImpact {
    /// Orders placed with every producer.
    pub orders: u64,
    /// Kilograms sold by every producer.
    pub kg_sold: u64,
    /// Families lifted: the sum of each producer's, each counted by its own `kg_per_family`.
    pub families_lifted: u64,
}

/// One producer as the market shows it: enough for a card, with a link to its storefront.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketProducer {
    /// Its storefront is `/p/{slug}`; its API `/api/producers/{slug}/…`.
    pub slug: String,
    /// The producer's name by language tag.
    pub name: Localized,
    /// The producer's village by language tag.
    pub place: Localized,
    /// The producer's picture (a site path).
    pub picture: String,
    /// The sale's state and milestones, as in the storefront.
    pub sale: SaleInfo,
    /// The boxes on offer and how many are left, as in the storefront.
    pub boxes: Vec<BoxOffer>,
    /// What this producer's sale has done so far, as in the storefront.
    pub impact: Impact,
}

impl MarketView {
    /// The market from its name and place and each producer's `(slug, storefront)`, in order.
    pub fn new(
        name: Localized,
        place: Localized,
        producers: impl IntoIterator<Item = (String, Storefront)>,
    ) -> Self {
        let producers: Vec<MarketProducer> = producers
            .into_iter()
            .map(|(slug, storefront)| MarketProducer {
                slug,
                name: storefront.producer.name,
                place: storefront.producer.place,
                picture: storefront.producer.media.picture,
                sale: storefront.sale,
                boxes: storefront.boxes,
                impact: storefront.impact,
            })
            .collect();
        let impact = producers
            .iter()
            .fold(MarketImpact::default(), |total, p| MarketImpact {
                orders: total.orders + p.impact.orders,
                kg_sold: total.kg_sold + p.impact.kg_sold,
                families_lifted: total.families_lifted + p.impact.families_lifted,
            });
        Self {
            name,
            place,
            impact,
            producers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{MarketImpact, MarketView};
    use crate::domain::{
        families_lifted, BoxOffer, Impact, Localized, Producer, SaleInfo, SaleState, Storefront,
    };

    fn texts(en: &str) -> Localized {
        [("en".to_owned(), en.to_owned())].into()
    }

    fn storefront(name: &str, orders: u64, kg_sold: u64, kg_per_family: u64) -> Storefront {
        let mut producer = Producer {
            name: texts(name),
            place: texts("Xiangcheng"),
            ..Producer::default()
        };
        producer.media.picture = format!("/media/{name}.svg");
        Storefront {
            server_time: "2027-11-11T00:00:00Z".into(),
            sale: SaleInfo {
                state: SaleState::Open,
                opens_at: "2027-11-10T16:00:00Z".into(),
                closes_at: None,
                harvest_at: "2027-10-30T16:00:00Z".into(),
            },
            boxes: vec![BoxOffer {
                id: "5kg".into(),
                weight_kg: 5,
                price_fen: 6800,
                available: 7,
            }],
            impact: Impact {
                orders,
                kg_sold,
                kg_per_family,
                families_lifted: families_lifted(kg_sold, kg_per_family),
            },
            payment_methods: vec![crate::domain::PaymentMethod::Cod],
            producer,
        }
    }

    #[test]
    fn the_market_adds_up_its_producers_each_family_counted_by_its_own_rule() {
        let view = MarketView::new(
            texts("Xiangcheng county market"),
            texts("Xiangcheng"),
            [
                ("drolma".to_owned(), storefront("Drolma", 3, 3999, 2000)),
                ("tsering".to_owned(), storefront("Tsering", 2, 1500, 500)),
            ],
        );
        // 3999 kg at 2000 a family is 1, 1500 at 500 is 3: 4, not (3999 + 1500) / 2000 = 2.
        let want = MarketImpact {
            orders: 5,
            kg_sold: 5499,
            families_lifted: 4,
        };
        assert_eq!(view.impact, want);
    }

    #[test]
    fn each_producer_keeps_its_slug_texts_picture_sale_boxes_and_impact_in_order() {
        let drolma = storefront("Drolma", 3, 15, 2000);
        let view = MarketView::new(
            texts("Market"),
            texts("County"),
            [
                ("drolma".to_owned(), drolma.clone()),
                ("tsering".to_owned(), storefront("Tsering", 0, 0, 2000)),
            ],
        );
        let slugs: Vec<&str> = view.producers.iter().map(|p| p.slug.as_str()).collect();
        assert_eq!(slugs, ["drolma", "tsering"]);
        let first = &view.producers[0];
        assert_eq!(first.name, drolma.producer.name);
        assert_eq!(first.place, drolma.producer.place);
        assert_eq!(first.picture, "/media/Drolma.svg");
        assert_eq!((&first.sale, &first.boxes), (&drolma.sale, &drolma.boxes));
        assert_eq!(first.impact, drolma.impact);
        assert_eq!(view.name["en"], "Market");
    }

    #[test]
    fn the_wire_shape_is_the_designs() {
        let view = MarketView::new(
            texts("Market"),
            texts("County"),
            [("drolma".to_owned(), storefront("Drolma", 1, 5, 2000))],
        );
        let json = serde_json::to_value(&view).unwrap();
        let keys = |v: &serde_json::Value| {
            let mut k: Vec<String> = v.as_object().unwrap().keys().cloned().collect();
            k.sort();
            k
        };
        assert_eq!(keys(&json), ["impact", "name", "place", "producers"]);
        assert_eq!(
            keys(&json["impact"]),
            ["families_lifted", "kg_sold", "orders"]
        );
        let producer = &json["producers"][0];
        let want = [
            "boxes", "impact", "name", "picture", "place", "sale", "slug",
        ];
        assert_eq!(keys(producer), want);
        assert_eq!(
            keys(&producer["boxes"][0]),
            ["available", "id", "price_fen", "weight_kg"]
        );
        assert_eq!(producer["sale"]["state"], "open");
        assert_eq!(producer["name"]["en"], "Drolma");
        let back: MarketView = serde_json::from_value(json).unwrap();
        assert_eq!(back, view);
    }

    #[test]
    fn a_market_with_no_sales_yet_shows_zeroes() {
        let view = MarketView::new(texts("M"), texts("P"), Vec::new());
        assert_eq!(view.impact, MarketImpact::default());
        assert!(view.producers.is_empty());
    }
}
