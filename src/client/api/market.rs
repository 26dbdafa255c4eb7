//! The market as the operator's page reads it: the producers' names (`GET /api/market`, public)
//! for the switcher, and the market's numbers (`GET /api/admin/market`, the operator's). Each
//! type reads only the fields the page shows; the others are skipped as they come.

use serde::Deserialize;

use super::admin::get_url;
use super::{network, read_json, ApiError};
use crate::domain::{Lang, Localized};

/// A text of the market in `lang`, else in English, else in any language it has (the texts come
/// as `{zh, en, fr}` maps, as in the content file).
pub fn in_language(text: &Localized, lang: Lang) -> &str {
    text.get(lang.as_str())
        .or_else(|| text.get("en"))
        .or_else(|| text.values().next())
        .map_or("", String::as_str)
}

/// One producer of the market, by its slug and name.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ProducerName {
    pub slug: String,
    pub name: Localized,
}

/// `GET /api/market`, as the switcher reads it: the producers, the default one first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct MarketNames {
    pub producers: Vec<ProducerName>,
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

/// `GET /api/market`: the producers' names.
pub async fn names() -> Result<MarketNames, ApiError> {
    let r = gloo_net::http::Request::get("/api/market")
        .send()
        .await
        .map_err(network)?;
    read_json(r).await
}

/// `GET /api/admin/market`: the market's numbers (an operator's token; anyone else's is
/// refused with 403).
pub async fn numbers(token: &str) -> Result<MarketNumbers, ApiError> {
    read_json(get_url(token, "/api/admin/market").await?).await
}
