//! The Leptos app (wasm32 only): the routes, the pages, the components, the buyer's clock and
//! phone storage, and every call to the API. It reads the domain's types and rules; it never
//! touches the server's code.

pub mod api;
pub mod clock;
pub mod components;
pub mod format;
pub mod order_flow;
pub mod pages;
pub mod pwa;
pub mod storage;

#[allow(deprecated)] // the build.rs code generator would pull ICU's data tooling into every build
mod locales {
    leptos_i18n::load_locales!();
}

pub use locales::i18n;

use i18n::{use_i18n, I18nContextProvider};
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::path;

use components::LanguageSwitch;
use pages::{Admin, Home, MyOrders, NotFound, Tracking};

/// The header every page shares: the shop, "My orders" and the language switch.
#[component]
fn TopBar() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="topbar" aria-label="Orchard">
            <A href="/">{i18n::t!(i18n, nav_shop)}</A>
            <A href="/my-orders">{i18n::t!(i18n, nav_my_orders)}</A>
            <LanguageSwitch/>
        </nav>
    }
}

/// A small banner when a new version of the shop is ready; the buyer chooses when to switch.
#[component]
fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let ready = RwSignal::new(false);
    let handle = window_event_listener_untyped("orchard-update-ready", move |_| ready.set(true));
    on_cleanup(move || handle.remove());
    view! {
        <Show when=move || ready.get()>
            <div class="update-banner" role="status">
                <span>{i18n::t!(i18n, update_ready)}</span>
                <button type="button" class="secondary" on:click=|_| pwa::apply_update()>{i18n::t!(i18n, update_now)}</button>
            </div>
        </Show>
    }
}

/// The whole app: the storefront, an order's tracking page, the phone's orders, not-found.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <I18nContextProvider>
            <Router>
                <TopBar/>
                <UpdateBanner/>
                <Routes fallback=|| view! { <NotFound/> }>
                    <Route path=path!("/") view=Home/>
                    <Route path=path!("/orders/:id") view=Tracking/>
                    <Route path=path!("/my-orders") view=MyOrders/>
                    <Route path=path!("/admin") view=Admin/>
                </Routes>
            </Router>
        </I18nContextProvider>
    }
}

/// Replaces the static first screen of index.html with the app.
pub fn mount() {
    console_error_panic_hook::set_once();
    if let Some(shell) = document().get_element_by_id("app") {
        shell.set_inner_html("");
        let root: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(shell);
        leptos::mount::mount_to(root, App).forget();
    } else {
        leptos::mount::mount_to_body(App);
    }
}
