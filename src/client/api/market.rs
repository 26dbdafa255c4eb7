//! The market as the operator's page reads it: the producers' names (`GET /api/market`, public)
//! for the switcher, and the market's numbers (`GET /api/admin/market`, the operator's). Each
//! type reads only the fields the page shows; the others are skipped as they come.

use serde::Deserialize;

use super::admin::get_url;
use super::{network, read_json, ApiError};
use crate::domain::Lang;

/// A text the market writes in each language (`{zh, en, fr}`, as in the content file).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct Words {
    #[serde(default)]
    pub zh: String,
    #[serde(default)]
    pub en: String,
    #[serde(default)]
    pub fr: String,
}

impl Words {
    /// The words in `lang`, or in another language when the market left that one empty.
    pub fn get(&self, lang: Lang) -> &str {
        let asked = match lang {
            Lang::Zh => &self.zh,
            Lang::En => &self.en,
            Lang::Fr => &self.fr,
        };
        [asked, &self.zh, &self.en, &self.fr]
            .into_iter()
            .find(|w| !w.is_empty())
            .map_or("", String::as_str)
    }
}

/// One producer of the market, by its slug and name.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ProducerName {
    pub slug: String,
    pub name: Words,
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
