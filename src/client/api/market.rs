//! The market as the buyer's orders name it: which producer an order was placed with (the
//! `"producer"` its lookup carries) and each producer's name (`GET /api/market`), for an order
//! the phone keeps without its producer's name (one opened from a link, or kept before the
//! market had producers).

use gloo_net::http::Request;
use serde::Deserialize;

use super::{network, read_json, ApiError};
use crate::client::json;
use crate::domain::Localized;

/// One producer of the market: its slug and its name in every language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ProducerName {
    pub slug: String,
    pub name: Localized,
}

/// What "My orders" reads of `GET /api/market`: its producers' names (the rest is the market's
/// home page's).
#[derive(Deserialize)]
struct MarketNames {
    producers: Vec<ProducerName>,
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
pub async fn names() -> Result<Vec<ProducerName>, ApiError> {
    let response = Request::get("/api/market").send().await.map_err(network)?;
    read_json::<MarketNames>(response)
        .await
        .map(|m| m.producers)
}

/// The name of `slug` among `producers`, if the market has it.
pub fn name_of<'a>(producers: &'a [ProducerName], slug: &str) -> Option<&'a Localized> {
    producers.iter().find(|p| p.slug == slug).map(|p| &p.name)
}
