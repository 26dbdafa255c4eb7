//! The calls that put a producer on the market and change its page, with the team's token:
//! `POST /api/admin/producers` (an operator's), `PUT …/admin/content` and `POST …/admin/pictures`
//! (the operator's, or the producer's owner's, through `Team`), what the edit form opens with
//! (`GET …/admin/content`, read fresh: never the service worker's copy).

use gloo_net::http::Request;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use super::team_base::Team;
use super::{network, read_json, read_ok, with_json, ApiError};
use crate::domain::{PictureStored, ProducerContent};

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// `POST /api/admin/producers` with the new producer (`201` on success).
pub async fn create<T: Serialize>(token: &str, producer: &T) -> Result<(), ApiError> {
    let request = Request::post("/api/admin/producers").header("Authorization", &bearer(token));
    let r = with_json(request, producer)?
        .send()
        .await
        .map_err(network)?;
    read_ok(r).await.map(drop)
}

/// `PUT …/admin/content` with the fields that changed.
pub async fn change<T: Serialize>(team: &Team, change: &T) -> Result<(), ApiError> {
    let request = Request::put(&team.url("/content")).header("Authorization", &bearer(&team.token));
    let r = with_json(request, change)?.send().await.map_err(network)?;
    read_ok(r).await.map(drop)
}

/// `GET …/admin/content`: the producer's storefront and the limits only its team sees, what the
/// edit form opens with, read fresh.
pub async fn content(team: &Team) -> Result<ProducerContent, ApiError> {
    let r = Request::get(&team.url("/content"))
        .header("Authorization", &bearer(&team.token))
        .cache(web_sys::RequestCache::NoStore)
        .send()
        .await
        .map_err(network)?;
    read_json(r).await
}

/// `POST …/admin/pictures` with a photo (a `File` from an `<input type=file>`) as the one part
/// `photo`: the URL the server keeps it at.
pub async fn picture(team: &Team, file: JsValue) -> Result<String, ApiError> {
    let unexpected = |e: JsValue| ApiError::Unexpected(format!("{e:?}"));
    let form = web_sys::FormData::new().map_err(unexpected)?;
    form.append_with_blob("photo", file.unchecked_ref::<web_sys::Blob>())
        .map_err(unexpected)?;
    let r = Request::post(&team.url("/pictures"))
        .header("Authorization", &bearer(&team.token))
        .body(form)
        .map_err(network)?
        .send()
        .await
        .map_err(network)?;
    read_json::<PictureStored>(r).await.map(|p| p.url)
}
