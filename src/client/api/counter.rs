//! An order at a service point's counter, from the team's page: the boxes on sale (the
//! producer's storefront), the order placed with the member's token to the producer's buyers'
//! route (`Team::shop_url`, tagged `counter` by the server), and the slip printed for the
//! villager (`GET /api/orders/{id}/slip` with the order's token, HTML the server renders).

use gloo_net::http::Request;
use serde::Deserialize;

use super::admin::query;
use super::team_base::Team;
use super::{network, read_json, read_ok, ApiError};
use crate::client::json;
use crate::domain::{BoxOffer, OrderCreated, OrderRequest};

/// The storefront as the counter reads it: only the boxes (the rest is skipped as it comes).
#[derive(Deserialize)]
struct OnSale {
    boxes: Vec<BoxOffer>,
}

/// The boxes the producer has on sale now, asked past every cache (the counter wants the
/// boxes left now, not a copy).
pub async fn boxes(team: &Team) -> Result<Vec<BoxOffer>, ApiError> {
    let response = Request::get(&team.shop_url("/storefront"))
        .cache(web_sys::RequestCache::NoStore)
        .send()
        .await
        .map_err(network)?;
    read_json::<OnSale>(response).await.map(|s| s.boxes)
}

/// `POST …/orders` with the member's token and the order's idempotency key.
pub async fn place(team: &Team, key: &str, order: &OrderRequest) -> Result<OrderCreated, ApiError> {
    let body = json::to_string(order).map_err(ApiError::Unexpected)?;
    let response = Request::post(&team.shop_url("/orders"))
        .header("Authorization", &format!("Bearer {}", team.token))
        .header("Idempotency-Key", key)
        .header("Content-Type", "application/json")
        .body(body)
        .map_err(network)?
        .send()
        .await
        .map_err(network)?;
    read_json(response).await
}

/// The slip of order `id`, asked with its `token`, in `lang`, its link on `origin` unless the
/// server has a public URL of its own: a page of HTML.
pub async fn slip(id: &str, token: &str, lang: &str, origin: &str) -> Result<String, ApiError> {
    let url = format!(
        "/api/orders/{}/slip{}",
        String::from(js_sys::encode_uri_component(id)),
        query(&[("lang", Some(lang)), ("origin", Some(origin))])
    );
    let response = Request::get(&url)
        .header("Authorization", &format!("Bearer {token}"))
        .send()
        .await
        .map_err(network)?;
    read_ok(response).await
}
