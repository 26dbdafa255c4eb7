//! The Leptos app (wasm32 only): the routes, the pages, the components, the buyer's clock and
//! phone storage, and every call to the API. It reads the domain's types and rules; it never
//! touches the server's code.

pub mod api;
pub mod claim_upload;
pub mod clock;
pub mod components;
pub mod format;
pub mod i18n;
pub mod json;
pub mod live;
pub mod offline_store;
pub mod order_flow;
pub mod pages;
pub mod payment;
pub mod pwa;
pub mod router;
pub mod storage;
pub mod tracking_link;
pub mod wechat_bridge;

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::hooks::{use_location, use_params_map};
use leptos_router::path;

use components::LanguageSwitch;
use i18n::{provide_i18n, t, team, use_i18n};
use pages::{Admin, Home, MyOrders, NotFound, OwnerPage, ScanPage, Tracking};
use router::{follow_path, provide_location, NavLink};
use tracking_link::LinkToken;

/// The header every page shares: the shop, "My orders" and the language switch. The shop is
/// `rel="external"` to the orders bundle's router: it is another bundle, which the browser loads.
#[component]
fn TopBar() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="topbar" aria-label="Orchard">
            <NavLink href="/" rel="external">{t!(i18n, nav_shop)}</NavLink>
            <NavLink href="/my-orders">{t!(i18n, nav_my_orders)}</NavLink>
            <LanguageSwitch/>
        </nav>
    }
}

/// The same bar on the team's pages, in the team's own messages: one reference to a buyers'
/// message would bring the storefront's whole table (every message in three languages) along.
#[component]
fn TeamBar() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="topbar" aria-label="Orchard">
            <NavLink href="/">{team!(i18n, nav_shop)}</NavLink>
            <NavLink href="/my-orders">{team!(i18n, nav_my_orders)}</NavLink>
            <LanguageSwitch/>
        </nav>
    }
}

/// A small banner when a new version of the shop is ready; the buyer chooses when to switch.
#[component]
fn UpdateBanner() -> impl IntoView {
    let i18n = use_i18n();
    let ready = RwSignal::new(pwa::update_ready());
    let handle = window_event_listener_untyped("orchard-update-ready", move |_| ready.set(true));
    on_cleanup(move || handle.remove());
    view! {
        {move || ready.get().then(|| view! {
            <div class="update-banner" role="status">
                <span>{t!(i18n, update_ready)}</span>
                <button type="button" class="secondary" on:click=|_| pwa::apply_update()>{t!(i18n, update_now)}</button>
            </div>
        })}
    }
}

/// The storefront (`/`), and the not-found page for any path no page has.
#[component]
pub fn App() -> impl IntoView {
    provide_i18n();
    let home = provide_location().home();
    view! {
        <TopBar/>
        <UpdateBanner/>
        {move || if home.get() {
            view! { <Home/> }.into_any()
        } else {
            view! { <NotFound/> }.into_any()
        }}
    }
}

/// The buyer's own orders (`/my-orders`, `/orders/{id}`): a bundle of its own, so the
/// storefront a crowd opens at the sale carries none of it. Its pages are leptos_router's
/// routes: a link between them changes the address without reloading, Back and Forward work,
/// and any other path shows the not-found page.
#[component]
pub fn OrdersApp() -> impl IntoView {
    provide_i18n();
    view! {
        <Router>
            <OrdersPages/>
        </Router>
    }
}

/// The orders bundle's pages, under its router.
#[component]
fn OrdersPages() -> impl IntoView {
    follow_path(use_location().pathname);
    view! {
        <TopBar/>
        <UpdateBanner/>
        <FlatRoutes fallback=NotFound>
            <Route path=path!("/my-orders") view=MyOrders/>
            <Route path=path!("/orders/:id") view=TrackingRoute/>
        </FlatRoutes>
    }
}

/// An order's tracking page, for the order the address names. The link's token is read from
/// the router's address (the fragment kept, `#t=…`), which a link followed inside the bundle
/// puts in the browser's address bar only once the page is drawn. Another order's address
/// draws the page anew; the same order's (its token taken out of the address) does not.
#[component]
fn TrackingRoute() -> impl IntoView {
    let (params, here) = (use_params_map(), use_location());
    let id = Memo::new(move |_| params.with(|p| p.get("id")).unwrap_or_default());
    move || {
        let link = LinkToken::read(&here.search.get_untracked(), &here.hash.get_untracked());
        view! { <Tracking id=id.get() link/> }
    }
}

/// The team's page (`/admin`, a bundle of its own so buyers never download it).
#[component]
pub fn TeamApp() -> impl IntoView {
    provide_i18n();
    view! {
        <TeamBar/>
        <Admin/>
    }
}

/// Scan to pack (`/admin/scan`, a bundle of its own: the list never carries the camera).
#[component]
pub fn ScanApp() -> impl IntoView {
    provide_i18n();
    view! {
        <TeamBar/>
        <ScanPage/>
    }
}

/// The owner's page (`/admin/owner`, a bundle of its own so the helpers' phones never download
/// it).
#[component]
pub fn OwnerApp() -> impl IntoView {
    provide_i18n();
    view! {
        <TeamBar/>
        <OwnerPage/>
    }
}

/// Mounts an app in place of the page's `#app` placeholder (and its static first screen), or
/// at the end of the body.
///
/// In the task after the one that compiled the WebAssembly: on a cheap phone each of the two is
/// a long stretch on its own, and the phone can paint and answer a tap between them.
fn start<F, N>(app: F)
where
    F: FnOnce() -> N + 'static,
    N: IntoView + 'static,
{
    // A panic's message in the console is for engineers with a debug build; the release build
    // leaves out the formatting it needs (every byte counts on the buyer's first load).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    set_timeout(
        move || {
            if let Some(shell) = document().get_element_by_id("app") {
                shell.set_inner_html("");
                let root: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(shell);
                leptos::mount::mount_to(root, app).forget();
            } else {
                leptos::mount::mount_to_body(app);
            }
        },
        std::time::Duration::ZERO,
    );
}

/// The storefront's entry point.
pub fn mount() {
    start(App);
}

/// The buyer's orders' entry point.
pub fn mount_orders() {
    start(OrdersApp);
}

/// The team's page's entry point.
pub fn mount_admin() {
    start(TeamApp);
}

/// Scan to pack's entry point.
pub fn mount_scan() {
    start(ScanApp);
}

/// The owner's page's entry point.
pub fn mount_owner() {
    start(OwnerApp);
}
