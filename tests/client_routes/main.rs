//! Which page each address opens, in a real browser (headless Chromium via wasm-bindgen-test):
//! the storefront's bundle (`App`, its own few lines in `client::router`) and the buyer's orders
//! bundle (`OrdersApp`, leptos_router), mounted at an address set with the History API. The
//! API is never reached: `fetch` is replaced by one that notes each request and never answers.
#![cfg(target_arch = "wasm32")]

mod page;

use leptos::prelude::*;
use page::*;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

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
    forget_requests();
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

#[wasm_bindgen_test]
async fn a_producers_storefront_asks_its_producers_api_and_leaves_the_markets_home_to_the_browser()
{
    let page = storefront("/p/hives");
    settle().await;
    assert_ne!(page.title(), NOT_FOUND);
    let origin = window().location().origin().unwrap();
    assert_eq!(
        requests(),
        [format!("{origin}/api/producers/hives/storefront null")],
        "its own producer's storefront, not the default one's"
    );
    // `/` is the market's home there: another page.
    assert!(!app_takes(&page, "nav a[href='/']"), "the top bar's shop");
    drop(page);
    for address in ["/p/", "/p/Hives", "/p/hives/more"] {
        let page = storefront(address);
        settle().await;
        assert_eq!(page.title(), NOT_FOUND, "the storefront at {address}");
        assert!(requests().is_empty(), "{address}: {:?}", requests());
    }
}
