//! Which page each address opens, in a real browser (headless Chromium via wasm-bindgen-test):
//! the storefront's bundle (`App`, its own few lines in `client::router`) and the buyer's orders
//! bundle (`OrdersApp`, leptos_router), mounted at an address set with the History API. The
//! API is never reached: `fetch` is replaced by one that notes each request and never answers.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::tachys::view::{Mountable, Render};
use orchard::client::{App, OrdersApp};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The browser's address, set without loading anything.
fn go_to(address: &str) {
    window()
        .history()
        .unwrap()
        .replace_state_with_url(&JsValue::NULL, "", Some(address))
        .unwrap();
}

/// The requests the page made since `quiet_fetch`: "url authorization" each.
fn requests() -> Vec<String> {
    let seen = js_sys::Reflect::get(&window(), &"__orchardSeen".into()).unwrap();
    js_sys::Array::from(&seen)
        .iter()
        .filter_map(|r| r.as_string())
        .collect()
}

/// Whether the page asked for the storefront (its page does, first thing; it shows once the
/// answer is here, which never comes in these tests).
fn asked_for_the_storefront() -> bool {
    requests().iter().any(|r| r.contains("/api/storefront "))
}

/// Replaces `fetch` with one that notes the request and never answers (the page stays on
/// "Loading…"), gives the storefront an empty order outbox (`public/pwa.js`'s), and returns
/// the browser's own `fetch` to put back.
fn quiet_fetch() -> JsValue {
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
async fn turn() {
    let wait = js_sys::Promise::new(&mut |done, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&done, 10)
            .unwrap();
    });
    JsFuture::from(wait).await.unwrap();
}

/// Lets the router draw: a few turns of the event loop.
async fn settle() {
    for _ in 0..5 {
        turn().await;
    }
}

/// Waits (a few seconds at the most) until the page's title is `title`: Back and Forward are
/// the browser's to finish when it can.
async fn until_title(page: &Mounted, title: &str) {
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
struct Mounted {
    root: web_sys::HtmlElement,
    owner: Owner,
    unmount: Option<Box<dyn FnOnce()>>,
    fetch: JsValue,
}

impl Mounted {
    fn title(&self) -> String {
        self.root
            .query_selector("h1")
            .unwrap()
            .and_then(|h| h.text_content())
            .unwrap_or_default()
    }

    fn element(&self, selector: &str) -> web_sys::HtmlElement {
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

fn mount<F, V>(address: &str, app: F) -> Mounted
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

fn storefront(address: &str) -> Mounted {
    mount(address, || view! { <App/> })
}

fn orders(address: &str) -> Mounted {
    mount(address, || view! { <OrdersApp/> })
}

/// Keeps an order on the phone, as placing it does.
fn keep_order(id: &str, token: &str) {
    let saved = format!(
        r#"[{{"id":"{id}","token":"{token}","box_id":"5kg","quantity":1,"total_fen":6800,"created_at":"2026-12-07T05:00:00Z"}}]"#
    );
    let storage = window().local_storage().unwrap().unwrap();
    storage.set_item("orchard.orders", &saved).unwrap();
}

const NOT_FOUND: &str = "This page does not exist";

/// The page drawn, once it is checked to be the not-found page.
async fn not_found(page: Mounted) -> Mounted {
    settle().await;
    assert_eq!(page.title(), NOT_FOUND);
    page
}

#[wasm_bindgen_test]
async fn each_path_opens_its_page() {
    let shop = storefront("/");
    settle().await;
    assert_ne!(shop.title(), NOT_FOUND);
    assert!(asked_for_the_storefront(), "{:?}", requests());
    drop(shop);
    for address in ["/my-orders", "/my-orders/"] {
        let page = orders(address);
        settle().await;
        assert_eq!(page.title(), "My orders", "{address}");
    }
    let page = orders("/orders/OR-7K2P");
    settle().await;
    assert_eq!(page.title(), "Your order");
    assert!(
        requests()[0].contains("/api/orders/OR-7K2P "),
        "{:?}",
        requests()
    );
}

#[wasm_bindgen_test]
async fn unknown_or_malformed_paths_are_not_found() {
    for address in [
        "/orders/",
        "/orders/a/b",
        "/api/storefront",
        "/nowhere",
        "/admin",
    ] {
        let page = orders(address);
        settle().await;
        assert_eq!(page.title(), NOT_FOUND, "the buyer's orders at {address}");
        drop(page);
    }
    for address in ["/my-orders", "/orders/OR-7K2P", "/nowhere", "/admin"] {
        let page = storefront(address);
        settle().await;
        assert_eq!(page.title(), NOT_FOUND, "the storefront at {address}");
        assert!(requests().is_empty(), "{address}: {:?}", requests());
    }
}

#[wasm_bindgen_test]
async fn an_order_opened_from_my_orders_keeps_its_token_and_back_and_forward_return() {
    keep_order("OR-7K2P", "c0ffee");
    let page = orders("/my-orders");
    settle().await;
    js_sys::Reflect::set(&window(), &"__sameDocument".into(), &JsValue::TRUE).unwrap();
    page.element("a[href='/orders/OR-7K2P#t=c0ffee']").click();
    settle().await;
    assert_eq!(page.title(), "Your order");
    let here = window().location();
    assert_eq!(here.pathname().unwrap(), "/orders/OR-7K2P");
    assert_eq!(
        here.hash().unwrap(),
        "#t=c0ffee",
        "the router keeps the fragment"
    );
    let origin = here.origin().unwrap();
    assert_eq!(
        requests(),
        [format!("{origin}/api/orders/OR-7K2P Bearer c0ffee")],
        "the order is asked for with the token of its link"
    );
    window().history().unwrap().back().unwrap();
    until_title(&page, "My orders").await;
    assert_eq!(page.title(), "My orders");
    assert_eq!(here.pathname().unwrap(), "/my-orders");
    window().history().unwrap().forward().unwrap();
    until_title(&page, "Your order").await;
    assert_eq!(page.title(), "Your order");
    assert_eq!(here.hash().unwrap(), "#t=c0ffee");
    let same = js_sys::Reflect::get(&window(), &"__sameDocument".into()).unwrap();
    assert_eq!(same, JsValue::TRUE, "no page was loaded");
}

/// Clicks `selector` in `page` after the apps' own listeners: whether the app kept the click
/// for itself. The browser's navigation is stopped then, so the test page stays.
fn app_takes(page: &Mounted, selector: &str) -> bool {
    let took = std::rc::Rc::new(std::cell::Cell::new(None));
    let noted = took.clone();
    let watch = window_event_listener(leptos::ev::click, move |ev| {
        noted.set(Some(ev.default_prevented()));
        ev.prevent_default();
    });
    page.element(selector).click();
    watch.remove();
    took.get().expect("the click reached the window")
}

#[wasm_bindgen_test]
async fn links_to_another_bundle_are_left_to_the_browser() {
    let page = not_found(orders("/orders/a/b")).await;
    assert!(
        !app_takes(&page, "main a[href='/']"),
        "the way back to the shop"
    );
    assert!(!app_takes(&page, "nav a[href='/']"), "the top bar's shop");
    assert!(app_takes(&page, "nav a[href='/my-orders']"), "its own page");
    settle().await;
    assert_eq!(page.title(), "My orders");
    assert_eq!(window().location().pathname().unwrap(), "/my-orders");
}

#[wasm_bindgen_test]
async fn the_storefronts_not_found_page_leads_back_to_the_shop_without_reloading() {
    let page = not_found(storefront("/no/such/page")).await;
    assert!(
        !app_takes(&page, "nav a[href='/my-orders']"),
        "another bundle"
    );
    assert!(!asked_for_the_storefront());
    assert!(app_takes(&page, "main a[href='/']"));
    settle().await;
    assert_ne!(page.title(), NOT_FOUND);
    assert!(asked_for_the_storefront(), "{:?}", requests());
    assert_eq!(window().location().pathname().unwrap(), "/");
}
