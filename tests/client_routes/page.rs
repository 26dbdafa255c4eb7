//! The apps mounted at an address in the test's browser, with a `fetch` that notes each request and never answers, and the waits for what they show.

use leptos::prelude::*;
use leptos::tachys::view::{Mountable, Render};
use orchard::client::{App, OrdersApp};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The browser's address, set without loading anything.
pub fn go_to(address: &str) {
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(address))
        .unwrap();
}

/// The requests the page made since `quiet_fetch`: "url authorization" each.
pub fn requests() -> Vec<String> {
    let seen = js_sys::Reflect::get(&window(), &"__orchardSeen".into()).unwrap();
    js_sys::Array::from(&seen)
        .iter()
        .filter_map(|r| r.as_string())
        .collect()
}

/// Forgets the requests noted so far (the "My orders" cards ask for their orders' status).
pub fn forget_requests() {
    js_sys::Reflect::set(&window(), &"__orchardSeen".into(), &js_sys::Array::new()).unwrap();
}

/// Whether the page asked for the storefront (its page does, first thing; it shows once the
/// answer is here, which never comes in these tests).
pub fn asked_for_the_storefront() -> bool {
    requests().iter().any(|r| r.contains("/api/storefront "))
}

/// Replaces `fetch` with one that notes the request and never answers (the page stays on
/// "Loading…"), gives the storefront an empty order outbox (`public/pwa.js`'s), and returns
/// the browser's own `fetch` to put back.
pub fn quiet_fetch() -> JsValue {
    js_sys::Function::new_no_args(
        "window.OrchardOutbox = { put: async () => {}, all: async () => [], remove: async () => {} };",
    )
    .call0(&JsValue::NULL)
    .unwrap();
    let own = js_sys::Reflect::get(&window(), &"fetch".into()).unwrap();
    let quiet = js_sys::Function::new_with_args(
        "request",
        "window.__orchardSeen.push(request.url + ' ' + request.headers.get('Authorization'));\
         return new Promise(() => {});",
    );
    js_sys::Reflect::set(&window(), &"__orchardSeen".into(), &js_sys::Array::new()).unwrap();
    js_sys::Reflect::set(&window(), &"fetch".into(), &quiet).unwrap();
    own
}

/// One turn of the event loop: what the router does after a click or a popstate is done.
pub async fn turn() {
    let wait = js_sys::Promise::new(&mut |done, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&done, 10)
            .unwrap();
    });
    JsFuture::from(wait).await.unwrap();
}

/// Lets the router draw: a few turns of the event loop.
pub async fn settle() {
    for _ in 0..5 {
        turn().await;
    }
}

/// Waits (a few seconds at the most) until the page's title is `title`: Back and Forward are
/// the browser's to finish when it can.
pub async fn until_title(page: &Mounted, title: &str) {
    for _ in 0..300 {
        if page.title() == title {
            return;
        }
        turn().await;
    }
}

/// An app mounted in a fresh element at `address`, in English: the element, its reactive owner
/// (cleaned up when the test ends, so its routers stop following clicks), and the browser's own
/// `fetch`.
pub struct Mounted {
    root: web_sys::HtmlElement,
    owner: Owner,
    unmount: Option<Box<dyn FnOnce()>>,
    fetch: JsValue,
}

impl Mounted {
    pub fn title(&self) -> String {
        self.root
            .query_selector("h1")
            .unwrap()
            .and_then(|h| h.text_content())
            .unwrap_or_default()
    }

    pub fn element(&self, selector: &str) -> web_sys::HtmlElement {
        let found = self.root.query_selector(selector).unwrap();
        found
            .unwrap_or_else(|| panic!("no {selector}"))
            .unchecked_into()
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        if let Some(unmount) = self.unmount.take() {
            unmount();
        }
        self.owner.cleanup();
        self.root.remove();
        js_sys::Reflect::set(&window(), &"fetch".into(), &self.fetch).unwrap();
        let _ = window().local_storage().unwrap().unwrap().clear();
        go_to("/");
    }
}

pub fn mount<F, V>(address: &str, app: F) -> Mounted
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    go_to(address);
    // The page's language is the one the server wrote it in.
    let html = document().document_element().unwrap();
    html.set_attribute("lang", "en").unwrap();
    let fetch = quiet_fetch();
    let root: web_sys::HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    // leptos's own mount starts its task executor (on wasm-bindgen's) the first time.
    drop(leptos::mount::mount_to(root.clone(), || ()));
    let owner = Owner::new();
    let mut view = owner.with(|| {
        let mut view = app().into_view().build();
        view.mount(&root, None);
        view
    });
    Mounted {
        root,
        owner,
        unmount: Some(Box::new(move || view.unmount())),
        fetch,
    }
}

pub fn storefront(address: &str) -> Mounted {
    mount(address, || view! { <App/> })
}

pub fn orders(address: &str) -> Mounted {
    mount(address, || view! { <OrdersApp/> })
}

/// Keeps an order on the phone, as placing it does.
pub fn keep_order(id: &str, token: &str) {
    let saved = format!(
        r#"[{{"id":"{id}","token":"{token}","box_id":"5kg","quantity":1,"total_fen":6800,"created_at":"2026-12-07T05:00:00Z"}}]"#
    );
    let storage = window().local_storage().unwrap().unwrap();
    storage.set_item("orchard.orders", &saved).unwrap();
}

pub const NOT_FOUND: &str = "This page does not exist";

/// The page drawn, once it is checked to be the not-found page.
pub async fn not_found(page: Mounted) -> Mounted {
    settle().await;
    assert_eq!(page.title(), NOT_FOUND);
    page
}
