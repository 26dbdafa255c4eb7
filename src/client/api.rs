//! Every call the client makes to the API, through gloo-net, with the API's JSON errors turned
//! into `ApiError`s the pages can explain.

use gloo_net::http::Request;

use crate::domain::{ErrorBody, ErrorDetail, Storefront};

/// Why a call to the API did not give what was asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// The server could not be reached (offline, timeout, DNS…).
    Network(String),
    /// The server answered with the API's error shape.
    Refused { status: u16, detail: ErrorDetail },
    /// The server answered something that is not the API's JSON.
    Unexpected(String),
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

async fn read_json<T: serde::de::DeserializeOwned>(
    response: gloo_net::http::Response,
) -> Result<T, ApiError> {
    let status = response.status();
    if response.ok() {
        return response
            .json::<T>()
            .await
            .map_err(|e| ApiError::Unexpected(e.to_string()));
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ApiError::Refused {
            status,
            detail: body.error,
        }),
        Err(e) => Err(ApiError::Unexpected(format!("HTTP {status}: {e}"))),
    }
}

/// `GET /api/storefront`.
pub async fn storefront() -> Result<Storefront, ApiError> {
    let response = Request::get("/api/storefront")
        .send()
        .await
        .map_err(|e| ApiError::Network(e.to_string()))?;
    read_json(response).await
}
