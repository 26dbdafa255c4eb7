//! The team's answers the page keeps on the phone for offline (`pages::admin::saved`), each
//! with the JSON text it came as: kept as the server wrote it, so the team's bundle carries no
//! serializer for the types it only reads.

use gloo_net::http::Response;
use serde::de::DeserializeOwned;

use super::admin::{get, get_url, list_query};
use super::team_base::Team;
use super::{network, read_json, ApiError};
use crate::client::json;
use crate::domain::{AdminOrderList, ErrorBody, MemberInfo, OrderListParams, Summary};

async fn read_kept<T: DeserializeOwned>(response: Response) -> Result<(T, String), ApiError> {
    if !response.ok() {
        // A refusal reads as for every call (never `Ok` for an error status).
        let refusal = read_json::<ErrorBody>(response).await.err();
        return Err(refusal.unwrap_or_else(|| ApiError::Unexpected(String::new())));
    }
    let text = response.text().await.map_err(network)?;
    let value = json::parse(&text).map_err(ApiError::Unexpected)?;
    Ok((value, text))
}

/// One page of orders, as `admin::orders`, with its JSON text.
pub async fn orders(
    team: &Team,
    params: &OrderListParams,
) -> Result<(AdminOrderList, String), ApiError> {
    read_kept(get(team, &format!("/orders{}", list_query(params))).await?).await
}

/// Whose token this is, as `admin::me`, with its JSON text.
pub async fn me(token: &str) -> Result<(MemberInfo, String), ApiError> {
    read_kept(get_url(token, "/api/admin/me").await?).await
}

/// The owner's summary, as `admin::summary`, with its JSON text.
pub async fn summary(team: &Team) -> Result<(Summary, String), ApiError> {
    read_kept(get(team, "/summary").await?).await
}
