//! The page's side of the installable, offline shop (the JavaScript half is public/pwa.js, shared
//! with the service worker): orders that could not be sent wait in the IndexedDB outbox with
//! their idempotency key and are sent when the connection returns; a new version is announced.
//! Where the browser has no service worker or IndexedDB, these calls fail softly and the page
//! works as before.

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use super::api::{self, answer, ApiError};
use super::json;
use super::order_flow::{outcome, Outcome, Problems};
use super::storage;
use crate::domain::{OrderCreated, OrderRequest};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = OrchardOutbox, js_name = put, catch)]
    async fn outbox_put(key: &str, body: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = OrchardOutbox, js_name = all, catch)]
    async fn outbox_all() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = OrchardOutbox, js_name = remove, catch)]
    async fn outbox_remove(key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = OrchardPwa, js_name = applyUpdate, catch)]
    fn apply_update_js() -> Result<JsValue, JsValue>;
}

/// Keeps an order that could not be sent; `false` when this browser has no outbox.
pub async fn queue(key: &str, request: &OrderRequest) -> bool {
    let Ok(body) = json::to_string(request) else {
        return false;
    };
    outbox_put(key, &body).await.is_ok()
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

/// Whether a waiting order stays in the outbox: the network, or any refusal that does not settle
/// it (`answer::settles`: a 5xx, JSON or a proxy's, a 408, 429 or a key still being worked on).
fn still_waiting(error: &ApiError) -> bool {
    match error {
        ApiError::Refused { status, detail, .. } => !answer::settles(*status, Some(detail.code)),
        ApiError::Network(_) => true,
        ApiError::Unexpected(_) => false,
    }
}

/// Sends (or reads the service worker's answer for) every waiting order. Returns what was
/// settled and how many still wait for a connection.
pub async fn flush() -> (Vec<Flushed>, usize) {
    let entries: Vec<Entry> = match outbox_all().await.ok().and_then(|v| v.as_string()) {
        Some(text) => json::parse(&text).unwrap_or_default(),
        None => return (Vec::new(), 0),
    };
    let mut settled = Vec::new();
    let mut waiting = 0;
    for entry in entries {
        let answer = match entry.result {
            Some(answer) => read_answer(answer),
            None => api::send_order(&entry.key, entry.body).await,
        };
        match answer {
            Ok(created) => {
                storage::remember(&created);
                let _ = outbox_remove(&entry.key).await;
                settled.push(Flushed::Placed(created));
            }
            Err(error) if still_waiting(&error) => waiting += 1,
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
