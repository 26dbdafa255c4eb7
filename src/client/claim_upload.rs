//! The page's side of a buyer's claim (the JavaScript half is public/claims.js, in the orders
//! bundle only): photos shrunk on the phone before they leave it, the claim sent with its
//! upload's progress, and claims made offline kept on the phone (IndexedDB) with their
//! `Idempotency-Key` until the page sends them again.

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;

use super::api::{self, answer, ApiError};
use super::json;
use crate::domain::ClaimCreated;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = OrchardClaims, js_name = shrink, catch)]
    async fn shrink_js(file: JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = OrchardClaims, js_name = send, catch)]
    async fn send_js(claim: JsValue, progress: &js_sys::Function) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = OrchardClaims, js_name = queue, catch)]
    async fn queue_js(claim: JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = OrchardClaims, js_name = all, catch)]
    async fn all_js(order_id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = OrchardClaims, js_name = remove, catch)]
    async fn remove_js(key: &str) -> Result<JsValue, JsValue>;
}

/// A claim ready to send (or waiting to be): its key, its order and token, its fields as typed
/// (checked by the domain's rules first) and its photos, already shrunk (`Blob`s).
#[derive(Clone, Debug)]
pub struct Pending {
    pub key: String,
    pub order_id: String,
    pub token: String,
    pub kind: String,
    pub apples: String,
    pub message: String,
    pub photos: Vec<JsValue>,
}

fn text(object: &JsValue, name: &str) -> String {
    Reflect::get(object, &name.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

impl Pending {
    fn to_js(&self) -> JsValue {
        let object = Object::new();
        let photos: Array = self.photos.iter().collect();
        for (name, value) in [
            ("key", JsValue::from(&self.key)),
            ("orderId", JsValue::from(&self.order_id)),
            ("token", JsValue::from(&self.token)),
            ("kind", JsValue::from(&self.kind)),
            ("apples", JsValue::from(&self.apples)),
            ("message", JsValue::from(&self.message)),
            ("photos", photos.into()),
        ] {
            let _ = Reflect::set(&object, &name.into(), &value);
        }
        object.into()
    }

    fn from_js(object: &JsValue) -> Self {
        let photos = Reflect::get(object, &"photos".into())
            .map(|p| Array::from(&p).iter().collect())
            .unwrap_or_default();
        Self {
            key: text(object, "key"),
            order_id: text(object, "orderId"),
            token: text(object, "token"),
            kind: text(object, "kind"),
            apples: text(object, "apples"),
            message: text(object, "message"),
            photos,
        }
    }
}

/// A photo (a `File` from the input) redrawn at most 1600 px a side as a JPEG `Blob`.
pub async fn shrink(file: JsValue) -> Result<JsValue, ApiError> {
    shrink_js(file)
        .await
        .map_err(|_| ApiError::Unexpected("not an image".into()))
}

/// Sends the claim; `progress` hears how much of the upload is done (0 to 1).
pub async fn send(
    claim: &Pending,
    progress: impl Fn(f64) + 'static,
) -> Result<ClaimCreated, ApiError> {
    let progress = Closure::<dyn Fn(f64)>::new(progress);
    let answer = send_js(claim.to_js(), progress.as_ref().unchecked_ref())
        .await
        .map_err(|_| ApiError::Network("offline".into()))?;
    let status = Reflect::get(&answer, &"status".into())
        .ok()
        .and_then(|s| s.as_f64())
        .unwrap_or(0.0) as u16;
    let body = text(&answer, "body");
    if status == 201 {
        return json::parse(&body).map_err(ApiError::Unexpected);
    }
    let retry_after = text(&answer, "retryAfter").trim().parse().ok();
    Err(api::refusal(status, &body, retry_after))
}

/// Keeps a claim that could not be sent; `false` when this browser cannot keep it.
pub async fn queue(claim: &Pending) -> bool {
    queue_js(claim.to_js()).await.is_ok()
}

/// The claims of order `order_id` waiting on this phone.
pub async fn waiting(order_id: &str) -> Vec<Pending> {
    match all_js(order_id).await {
        Ok(list) => Array::from(&list)
            .iter()
            .map(|c| Pending::from_js(&c))
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Forgets a waiting claim (accepted, or refused for good).
pub async fn forget(key: &str) {
    let _ = remove_js(key).await;
}

/// Whether a failed send keeps the claim on the phone, to be sent again later: anything but an
/// answer that settles it (`answer::settles`: refused for good, a proxy's 413 too), so the
/// network, a busy or broken shop (a JSON 5xx, a proxy's 502 page), a 408 or 429 all keep it.
pub fn still_waiting(error: &ApiError) -> bool {
    match error {
        ApiError::Refused { status, detail, .. } => !answer::settles(*status, Some(detail.code)),
        ApiError::Network(_) | ApiError::Unexpected(_) => true,
    }
}
