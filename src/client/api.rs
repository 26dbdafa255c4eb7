//! Every call the client makes to the API, through gloo-net, with the API's JSON errors turned
//! into `ApiError`s the pages can explain. Bodies go through `client::json`. The storefront's
//! calls go to its page's producer (`router::api_base`: `/api/producers/{slug}/…` on
//! `/p/{slug}`, `/api/…` on `/`); an order's lookup stays market-wide (`/api/orders/{id}`: its
//! token is what proves it).

use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;

use crate::client::json;
use crate::client::router::{api_base, here};

pub mod admin;
pub mod answer;
pub mod claims;
pub mod counter;
pub mod kept;
pub mod market;
pub mod producers;
pub mod team_base;

use crate::domain::{
    ErrorBody, ErrorCode, ErrorDetail, OrderCreated, OrderRequest, OrderView, Storefront,
};

/// Why a call to the API did not give what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The server could not be reached (offline, timeout, DNS…).
    Network(String),
    /// The server answered with the API's error shape.
    Refused {
        status: u16,
        detail: ErrorDetail,
        retry_after: Option<u64>,
    },
    /// The server answered something that is not the API's JSON.
    Unexpected(String),
}

impl ApiError {
    /// The error code, for a refusal.
    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            Self::Refused { detail, .. } => Some(detail.code),
            _ => None,
        }
    }

    /// Seconds the server asked to wait (`Retry-After`).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            Self::Refused { retry_after, .. } => *retry_after,
            _ => None,
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Network(_) => write!(
                f,
                "The shop cannot be reached. Check your connection and try again."
            ),
            Self::Refused { detail, .. } => write!(f, "{}", detail.message),
            Self::Unexpected(_) => write!(
                f,
                "The shop answered something unexpected. Please try again in a moment."
            ),
        }
    }
}

impl std::error::Error for ApiError {}

fn network(e: gloo_net::Error) -> ApiError {
    ApiError::Network(e.to_string())
}

/// A request with a JSON body.
fn with_json<T: Serialize>(request: RequestBuilder, body: &T) -> Result<Request, ApiError> {
    let text = json::to_string(body).map_err(ApiError::Unexpected)?;
    request
        .header("Content-Type", "application/json")
        .body(text)
        .map_err(network)
}

async fn read_json<T: serde::de::DeserializeOwned>(response: Response) -> Result<T, ApiError> {
    json::parse(&read_ok(response).await?).map_err(ApiError::Unexpected)
}

/// The body of a successful answer, or the refusal it is.
async fn read_ok(response: Response) -> Result<String, ApiError> {
    let status = response.status();
    let text = response.text().await.map_err(network)?;
    if response.ok() {
        return Ok(text);
    }
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse().ok());
    Err(refusal(status, &text, retry_after))
}

/// The one reading of a refusal's body, for every call (the buyer's claim upload and the
/// order outbox too): the API's JSON keeps its code; a body that is not (a proxy's own page)
/// is read by its status as the API would have said it (`answer::proxy_code`: 413 too large,
/// final; a 5xx unavailable, temporary), and only a status that says nothing is unexpected.
pub fn refusal(status: u16, text: &str, retry_after: Option<u64>) -> ApiError {
    let detail = match json::parse::<ErrorBody>(text) {
        Ok(body) => body.error,
        Err(e) => match answer::proxy_code(status) {
            Some(code) => ErrorDetail {
                code,
                message: match code {
                    answer::TOO_LARGE => "This is too large for the shop to accept.",
                    _ => "The shop is not answering for a moment. Please try again shortly.",
                }
                .to_owned(),
                ..ErrorDetail::default()
            },
            None => return ApiError::Unexpected(format!("HTTP {status}: {e}")),
        },
    };
    ApiError::Refused {
        status,
        detail,
        retry_after,
    }
}

/// `GET /api/storefront` (or its producer's, `GET /api/producers/{slug}/storefront`), and whether its `server_time` is fresh enough to set the page's clock
/// by. Polls go through the HTTP cache and the service worker (ETag/304, stale-while-revalidate),
/// which may hand back an older body, so only a `fresh` read (no cache at all) sets the clock.
pub async fn storefront(fresh: bool) -> Result<(Storefront, bool), ApiError> {
    let mut request = Request::get(&format!("{}/storefront", api_base(&here())));
    if fresh {
        request = request.cache(web_sys::RequestCache::NoStore);
    }
    let response = request.send().await.map_err(network)?;
    let clock_ok = fresh && !response.headers().has("x-orchard-cached");
    read_json(response).await.map(|s| (s, clock_ok))
}

/// Where this page's orders go: `/api/orders`, or `/api/producers/{slug}/orders` on a producer's
/// page (kept with an order that waits in the outbox, so it goes where it was placed).
pub fn orders_url() -> String {
    format!("{}/orders", api_base(&here()))
}

/// `POST` the order to this page's producer (`orders_url`) with the order's idempotency key.
pub async fn place_order(key: &str, order: &OrderRequest) -> Result<OrderCreated, ApiError> {
    let body = json::to_string(order).map_err(ApiError::Unexpected)?;
    send_order(&orders_url(), key, body).await
}

/// The same to `url`, with the order already written as JSON: an order kept in the phone's
/// outbox goes out as it was kept, where it was placed, without being read back into Rust (which
/// would bring a JSON value reader into the storefront for that alone).
pub async fn send_order(url: &str, key: &str, body: String) -> Result<OrderCreated, ApiError> {
    let request = Request::post(url)
        .header("Idempotency-Key", key)
        .header("Content-Type", "application/json")
        .body(body)
        .map_err(network)?;
    read_json(request.send().await.map_err(network)?).await
}

/// `GET /api/orders/{id}` with the order's private token: the order, and the slug of the producer
/// it was placed with as the answer names it (`market::producer_of`).
pub async fn order(id: &str, token: &str) -> Result<(OrderView, String), ApiError> {
    let response = Request::get(&format!("/api/orders/{id}"))
        .header("Authorization", &format!("Bearer {token}"))
        .send()
        .await
        .map_err(network)?;
    let text = read_ok(response).await?;
    let order = json::parse(&text).map_err(ApiError::Unexpected)?;
    Ok((order, market::producer_of(&text)))
}
