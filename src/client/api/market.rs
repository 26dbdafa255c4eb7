//! The market as the client reads it. For the buyer's orders: which producer an order was placed
//! with (the `"producer"` its lookup carries) and each producer's name (`GET /api/market`), for
//! an order the phone keeps without its producer's name (one opened from a link, or kept before
//! the market had producers). For the operator's page: the producers' names for the switcher
//! and the market's numbers (`GET /api/admin/market`). Each type reads only the fields its page
//! shows; the others are skipped as they come.

use gloo_net::http::Request;
use serde::Deserialize;

use super::admin::get_url;
use super::{network, read_json, ApiError};
use crate::client::json;
use crate::domain::{Lang, Localized};

/// A text of the market in `lang`, else in English, else in any language it has (the texts come
/// as `{zh, en, fr}` maps, as in the content file).
pub fn in_language(text: &Localized, lang: Lang) -> &str {
    text.get(lang.as_str())
        .or_else(|| text.get("en"))
        .or_else(|| text.values().next())
        .map_or("", String::as_str)
}

/// One producer of the market: its slug and its name in every language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProducerName {
    pub slug: String,
    pub name: Localized,
}

/// `GET /api/market` as the client reads it: the producers, the default one first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct MarketNames {
    pub producers: Vec<ProducerName>,
}

/// The slug of the producer an order's lookup names (`"producer"`), empty where it names none (a
/// server from before the market).
#[derive(Default, Deserialize)]
struct OrderProducer {
    #[serde(default)]
    producer: String,
}

/// The producer's slug in an order's lookup, as JSON text.
pub fn producer_of(text: &str) -> String {
    json::parse::<OrderProducer>(text)
        .unwrap_or_default()
        .producer
}

/// `GET /api/market`: every producer's slug and name.
pub async fn names() -> Result<MarketNames, ApiError> {
    let response = Request::get("/api/market").send().await.map_err(network)?;
    read_json(response).await
}

/// The name of `slug` among `producers`, if the market has it.
pub fn name_of<'a>(producers: &'a [ProducerName], slug: &str) -> Option<&'a Localized> {
    producers.iter().find(|p| p.slug == slug).map(|p| &p.name)
}

/// What the operator's page shows of a producer's summary.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Numbers {
    pub orders: u64,
    pub kg_sold: u64,
    pub revenue_fen: i64,
    #[serde(default)]
    pub families_lifted: u64,
}

/// One producer's numbers in the market's.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ProducerNumbers {
    pub slug: String,
    pub summary: Numbers,
}

/// `GET /api/admin/market`: every producer's numbers, and the market's totals.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct MarketNumbers {
    pub producers: Vec<ProducerNumbers>,
    pub totals: Numbers,
}

/// `GET /api/admin/market`: the market's numbers (an operator's token; anyone else's is
/// refused with 403).
pub async fn numbers(token: &str) -> Result<MarketNumbers, ApiError> {
    read_json(get_url(token, "/api/admin/market").await?).await
}
