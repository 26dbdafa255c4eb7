//! The calls that put a producer on the market and change its page, with the team's token:
//! `POST /api/admin/producers` (an operator's), `PUT …/admin/content` and `POST …/admin/pictures`
//! (the operator's, or the producer's owner's, through `Team`), and the storefront the edit form
//! opens with, read fresh (never the service worker's copy).

use gloo_net::http::Request;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

use super::team_base::Team;
use super::{network, read_json, read_ok, with_json, ApiError};
use crate::domain::{PictureStored, Storefront};

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

/// `GET /api/producers/{slug}/storefront` (the default producer's `/api/storefront` for `None`),
/// fresh.
pub async fn storefront(slug: Option<&str>) -> Result<Storefront, ApiError> {
    let url = match slug {
        Some(slug) => format!("/api/producers/{slug}/storefront"),
        None => "/api/storefront".to_owned(),
    };
    let r = Request::get(&url)
        .cache(web_sys::RequestCache::NoStore)
        .send()
        .await
        .map_err(network)?;
    read_json(r).await
}
