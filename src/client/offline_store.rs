//! What the team's phone keeps for working without the network: typed values as JSON text in
//! IndexedDB, through the small helper only the team's page loads (public/team-offline.js, so
//! the storefront carries none of it), and the member signed in, in this tab's sessionStorage
//! next to the token. IndexedDB outlives the tab; the token and the member never do.

use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::client::json;
use crate::domain::MemberInfo;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = OrchardTeam, js_name = put, catch)]
    async fn put_js(store: &str, key: &str, text: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = OrchardTeam, js_name = get, catch)]
    async fn get_js(store: &str, key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = OrchardTeam, js_name = all, catch)]
    async fn all_js(store: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = OrchardTeam, js_name = keys, catch)]
    async fn keys_js(store: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = OrchardTeam, js_name = remove, catch)]
    async fn remove_js(store: &str, key: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = OrchardTeam, js_name = clear, catch)]
    async fn clear_js(store: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = OrchardTeam, js_name = pages, catch)]
    async fn pages_js(owner: bool) -> Result<JsValue, JsValue>;
}

/// One of the helper's two stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    /// The last list and summary shown, readable offline (buyers' details: each copy its
    /// member's, for a day, and forgotten at sign-out and when another member signs in).
    Saved,
    /// Moves made offline, waiting to be sent, in the order of their keys.
    Queue,
}

impl Store {
    fn name(self) -> &'static str {
        match self {
            Self::Saved => "saved",
            Self::Queue => "queue",
        }
    }
}

/// Keeps `value` under `key`; `false` when this browser could not (no IndexedDB, storage full).
pub async fn put<T: Serialize>(store: Store, key: &str, value: &T) -> bool {
    match json::to_string(value) {
        Ok(text) => put_text(store, key, &text).await,
        Err(_) => false,
    }
}

/// Keeps a JSON text under `key` as it is; `false` when this browser could not.
pub async fn put_text(store: Store, key: &str, text: &str) -> bool {
    put_js(store.name(), key, text).await.is_ok()
}

/// The text kept under `key`, if any.
pub async fn get_text(store: Store, key: &str) -> Option<String> {
    get_js(store.name(), key).await.ok()?.as_string()
}

/// Every value of the store this version can read, in the order of their keys.
pub async fn all<T: DeserializeOwned>(store: Store) -> Vec<T> {
    let Ok(list) = all_js(store.name()).await else {
        return Vec::new();
    };
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|text| json::parse(&text.as_string()?).ok())
        .collect()
}

/// The keys of every value of the store, in order.
pub async fn keys(store: Store) -> Vec<String> {
    let Ok(list) = keys_js(store.name()).await else {
        return Vec::new();
    };
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|key| key.as_string())
        .collect()
}

/// Forgets one value.
pub async fn remove(store: Store, key: &str) {
    let _ = remove_js(store.name(), key).await;
}

/// Forgets every value of the store.
pub async fn clear(store: Store) {
    let _ = clear_js(store.name()).await;
}

const MEMBER_KEY: &str = "orchard.admin.me";
const PRODUCER_KEY: &str = "orchard.admin.producer";

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Who the token of this tab belongs to, as the server last said (for a reload offline).
pub fn saved_member() -> Option<MemberInfo> {
    let text = session()?.get_item(MEMBER_KEY).ok()??;
    json::parse(&text).ok()
}

/// The name of the member this tab is signed in as, as the server last said.
pub fn member_name() -> Option<String> {
    saved_member().map(|m| m.name)
}

/// Tells the service worker whose phone this is: an owner's keeps the owner's page for
/// offline; anyone else's drops it from every cache (a packer's phone never keeps it).
pub async fn keep_pages(owner: bool) {
    let _ = pages_js(owner).await;
}

/// Remembers (or with `None`, forgets) who the token of this tab belongs to: the JSON text of
/// the server's answer, as it came.
pub fn set_saved_member(member_json: Option<&str>) {
    let Some(s) = session() else { return };
    let _ = match member_json {
        Some(text) => s.set_item(MEMBER_KEY, text),
        None => s.remove_item(MEMBER_KEY),
    };
}

/// The producer an operator chose in this tab, if any.
pub fn chosen_producer() -> Option<String> {
    session()?.get_item(PRODUCER_KEY).ok()?
}

/// Remembers (or with `None`, forgets) the producer an operator chose in this tab.
pub fn set_chosen_producer(slug: Option<&str>) {
    let Some(s) = session() else { return };
    let _ = match slug {
        Some(slug) => s.set_item(PRODUCER_KEY, slug),
        None => s.remove_item(PRODUCER_KEY),
    };
}
