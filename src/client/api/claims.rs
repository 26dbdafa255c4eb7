//! The team's claim calls, with the team's token as a Bearer header (the buyer's claim goes
//! through `client::claim_upload`, which shows the upload's progress).

use gloo_net::http::Request;

use super::team_base::Team;
use super::{network, read_json, with_json, ApiError};
use crate::domain::{AdminClaim, AdminClaimList, ResolveRequest};

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// `GET …/admin/claims?status=open`: the first page of open claims, oldest first.
pub async fn open(team: &Team) -> Result<AdminClaimList, ApiError> {
    let r = Request::get(&team.url("/claims?status=open&limit=200"))
        .header("Authorization", &bearer(&team.token))
        .send()
        .await
        .map_err(network)?;
    read_json(r).await
}

/// `POST …/admin/claims/{id}`: the claim resolved.
pub async fn resolve(
    team: &Team,
    id: &str,
    resolution: &ResolveRequest,
) -> Result<AdminClaim, ApiError> {
    let request = Request::post(&team.url(&format!("/claims/{id}")))
        .header("Authorization", &bearer(&team.token));
    let r = with_json(request, resolution)?
        .send()
        .await
        .map_err(network)?;
    read_json(r).await
}

/// A claim's photo fetched with the token (an `<img src>` cannot send one), as a `blob:` URL
/// for the page to show; the caller revokes it.
pub async fn photo(token: &str, url: &str) -> Result<String, ApiError> {
    let r = Request::get(url)
        .header("Authorization", &bearer(token))
        .send()
        .await
        .map_err(network)?;
    if !r.ok() {
        return read_json::<()>(r).await.map(|_| String::new());
    }
    let kind = r.headers().get("content-type").unwrap_or_default();
    let bytes = r.binary().await.map_err(network)?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(&kind);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|e| ApiError::Unexpected(format!("{e:?}")))?;
    web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|e| ApiError::Unexpected(format!("{e:?}")))
}
