//! The storefront's address, without a routing library: the storefront is one page (`/`), any
//! other path the storefront's bundle is served for is the not-found page, and its `?ref=`
//! query is read here. A link to `/` from the not-found page changes the address with the
//! History API instead of reloading, and Back and Forward work; links to another bundle (the
//! buyer's orders, the team's page), the API, media, `tel:`, downloads, new tabs and modified
//! clicks are left to the browser. The buyer's orders bundle, which has several pages, routes
//! with leptos_router instead (`client::OrdersApp`); this file holds only the few lines the
//! storefront needs, held to its byte budget.
//!
//! The top bar's links (`NavLink`) are shared by every bundle: they read the storefront's
//! `Location`, or one that follows the orders bundle's router (`follow_path`).

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Whether a path is the storefront's one page (`/`, or `//`), and not the not-found page.
pub fn is_home(path: &str) -> bool {
    let path = path
        .strip_suffix('/')
        .filter(|p| !p.is_empty())
        .unwrap_or(path);
    path == "/"
}

/// Where the storefront is: its path and its query string, tracked.
#[derive(Clone, Copy)]
pub struct Location {
    path: RwSignal<String>,
    search: RwSignal<String>,
}

impl Location {
    /// Whether the storefront's page is shown, rather than the not-found page (tracked).
    pub fn home(self) -> Memo<bool> {
        Memo::new(move |_| self.path.with(|p| is_home(p)))
    }

    /// One query parameter, decoded (tracked).
    pub fn query(self, name: &str) -> Option<String> {
        self.search.with(|search| {
            web_sys::UrlSearchParams::new_with_str(search)
                .ok()
                .and_then(|q| q.get(name))
        })
    }

    fn read(self) {
        let location = window().location();
        self.path
            .set(location.pathname().unwrap_or_else(|_| "/".into()));
        self.search.set(location.search().unwrap_or_default());
    }

    /// Goes to an address of the storefront without reloading the page.
    pub fn go(self, href: &str) {
        if let Ok(history) = window().history() {
            if history
                .push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
                .is_ok()
            {
                self.read();
                window().scroll_to_with_x_and_y(0.0, 0.0);
                return;
            }
        }
        let _ = window().location().set_href(href);
    }
}

/// The anchor a click lands in, when it leads to the storefront's page and the app should
/// handle it itself.
fn own_link(ev: &web_sys::MouseEvent) -> Option<String> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return None;
    }
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let anchor: web_sys::HtmlAnchorElement = target.closest("a[href]").ok()??.dyn_into().ok()?;
    if !anchor.target().is_empty() || anchor.has_attribute("download") {
        return None;
    }
    let here = window().location();
    if anchor.origin() != here.origin().ok()? {
        return None;
    }
    let (path, search, hash) = (anchor.pathname(), anchor.search(), anchor.hash());
    let same_page = here.pathname().ok()? == path && here.search().ok()? == search;
    if (same_page && !hash.is_empty()) || !is_home(&path) {
        return None;
    }
    Some(format!("{path}{search}{hash}"))
}

/// Starts following the storefront's address: Back/Forward, and clicks on links to `/`.
pub fn provide_location() -> Location {
    let location = Location {
        path: RwSignal::new(String::new()),
        search: RwSignal::new(String::new()),
    };
    location.read();
    let back = window_event_listener(leptos::ev::popstate, move |_| location.read());
    let click = window_event_listener(leptos::ev::click, move |ev| {
        if let Some(href) = own_link(&ev) {
            ev.prevent_default();
            location.go(&href);
        }
    });
    on_cleanup(move || {
        back.remove();
        click.remove();
    });
    provide_context(location);
    location
}

/// Provides a `Location` whose path follows another router's (the orders bundle's), so the top
/// bar marks the page shown.
pub fn follow_path(path: Memo<String>) {
    let location = Location {
        path: RwSignal::new(path.get_untracked()),
        search: RwSignal::new(String::new()),
    };
    Effect::new(move || location.path.set(path.get()));
    provide_context(location);
}

/// Where the storefront is, from any component under it.
pub fn use_location() -> Location {
    expect_context()
}

/// A link of the top bar, marked `aria-current="page"` while its page is shown. Where no app
/// follows the address (the team's pages) it reads the page's own. `rel="external"` tells the
/// orders bundle's router that the link leads to another bundle, for the browser to load.
#[component]
pub fn NavLink(
    href: &'static str,
    #[prop(optional)] rel: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let location = use_context::<Location>();
    let current = move || {
        let path = match location {
            Some(location) => location.path.get(),
            None => window().location().pathname().unwrap_or_default(),
        };
        (path == href).then_some("page")
    };
    view! { <a href=href rel=rel aria-current=current>{children()}</a> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn only_the_root_is_the_storefronts_page() {
        assert!(is_home("/"));
        assert!(is_home("//"));
        for other in ["/my-orders", "/orders/OR-7K2P", "/admin", "/nowhere", ""] {
            assert!(!is_home(other), "{other}");
        }
    }
}
