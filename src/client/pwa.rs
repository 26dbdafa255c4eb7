//! The page's side of the installable, offline shop (the JavaScript half is public/pwa.js, shared
//! with the service worker): orders that could not be sent wait in the IndexedDB outbox with
//! their idempotency key, the address they were placed at and their producer, and are sent there
//! when the connection returns, whichever storefront the phone opens then; a new version is
//! announced.
//! Where the browser has no service worker or IndexedDB, these calls fail softly and the page
//! works as before.

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use super::api::{self, ApiError};
use super::json;
use super::order_flow::{outcome, waits, Outcome, Problems};
use super::storage::{self, PlacedWith};
use crate::domain::{OrderCreated, OrderRequest};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = OrchardOutbox, js_name = put, catch)]
    async fn outbox_put(
        key: &str,
        body: &str,
        url: &str,
        producer: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = OrchardOutbox, js_name = all, catch)]
    async fn outbox_all() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = OrchardOutbox, js_name = remove, catch)]
    async fn outbox_remove(key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = OrchardOutbox, js_name = reopen, catch)]
    async fn outbox_reopen(key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = OrchardPwa, js_name = applyUpdate, catch)]
    fn apply_update_js() -> Result<JsValue, JsValue>;
}

/// Keeps an order that could not be sent to `url`, placed with `producer`; `false` when this
/// browser has no outbox.
pub async fn queue(key: &str, request: &OrderRequest, url: &str, producer: &PlacedWith) -> bool {
    let (Ok(body), Ok(producer)) = (json::to_string(request), json::to_string(producer)) else {
        return false;
    };
    outbox_put(key, &body, url, &producer).await.is_ok()
}

#[derive(Deserialize)]
struct Answered {
    status: u16,
    body: String,
}

#[derive(Deserialize)]
struct Entry {
    key: String,
    body: String,
    /// Where it was placed (kept by an older version without it: the unscoped `/api/orders`).
    url: Option<String>,
    #[serde(default)]
    producer: PlacedWith,
    result: Option<Answered>,
}

/// What became of a waiting order.
pub enum Flushed {
    Placed(OrderCreated),
    Refused(Outcome),
}

fn read_answer(answer: Answered) -> Result<OrderCreated, ApiError> {
    if answer.status == 201 {
        return json::parse(&answer.body).map_err(ApiError::Unexpected);
    }
    // Read as every call is: a proxy's HTML 502 keeps the order waiting, its 413 is final.
    Err(api::refusal(answer.status, &answer.body, None))
}

/// Sends (or reads the service worker's answer for) every waiting order. An answer the worker
/// kept that says "later" (`order_flow::waits`) is forgotten, so the worker may send the order
/// again, and the page sends it now. Returns what was settled and how many still wait.
pub async fn flush() -> (Vec<Flushed>, usize) {
    let entries: Vec<Entry> = match outbox_all().await.ok().and_then(|v| v.as_string()) {
        Some(text) => json::parse(&text).unwrap_or_default(),
        None => return (Vec::new(), 0),
    };
    let mut settled = Vec::new();
    let mut waiting = 0;
    for entry in entries {
        let url = entry.url.as_deref().unwrap_or("/api/orders");
        let answer = match entry.result.map(read_answer) {
            Some(Err(error)) if waits(&error) => {
                let _ = outbox_reopen(&entry.key).await;
                api::send_order(url, &entry.key, entry.body).await
            }
            Some(kept) => kept,
            None => api::send_order(url, &entry.key, entry.body).await,
        };
        match answer {
            Ok(created) => {
                storage::remember(&created, &entry.producer);
                let _ = outbox_remove(&entry.key).await;
                settled.push(Flushed::Placed(created));
            }
            Err(error) if waits(&error) => waiting += 1,
            Err(error) => {
                let _ = outbox_remove(&entry.key).await;
                settled.push(Flushed::Refused(outcome(&error, &Problems::new())));
            }
        }
    }
    (settled, waiting)
}

/// Whether a new version was announced before the app started listening for it.
pub fn update_ready() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &"OrchardPwa".into())
        .and_then(|pwa| js_sys::Reflect::get(&pwa, &"updateReady".into()))
        .is_ok_and(|ready| ready.is_truthy())
}

/// Switches to the new version the service worker has ready, then reloads.
pub fn apply_update() {
    let _ = js_sys::Reflect::set(
        &js_sys::global(),
        &"__orchardUpdateAccepted".into(),
        &JsValue::TRUE,
    );
    if apply_update_js().is_err() {
        let _ = web_sys::window().map(|w| w.location().reload());
    }
}
