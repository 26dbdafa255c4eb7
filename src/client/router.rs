//! The storefront's address, without a routing library: the storefront is one page (`/`, or
//! `/p/{slug}` for a producer of a market, whose API is then `/api/producers/{slug}/…`), any
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

/// The producer whose storefront a path is: `slug` for `/p/{slug}` (or with a `/`), a slug being
/// `[a-z0-9-]{1,32}` as the market file has them; `None` for `/`, the default producer's.
pub fn producer_slug(path: &str) -> Option<&str> {
    let slug = path.strip_prefix("/p/")?;
    let slug = slug.strip_suffix('/').unwrap_or(slug);
    let fits = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
    (!slug.is_empty() && slug.len() <= 32 && slug.bytes().all(fits)).then_some(slug)
}

/// Where the storefront at `path` finds its API: `/api/producers/{slug}` on a producer's page,
/// `/api` (the default producer's, as a shop of one has always had it) anywhere else.
pub fn api_base(path: &str) -> String {
    producer_slug(path).map_or_else(|| "/api".to_owned(), |s| format!("/api/producers/{s}"))
}

/// The page's own path (`/` if the browser cannot say).
pub fn here() -> String {
    window()
        .location()
        .pathname()
        .unwrap_or_else(|_| "/".into())
}

/// Where the storefront is: its path and its query string, tracked.
#[derive(Clone, Copy)]
pub struct Location {
    path: RwSignal<String>,
    search: RwSignal<String>,
}

impl Location {
    /// Whether a storefront's page (`/`, a producer's `/p/{slug}`) is shown, rather than the
    /// not-found page (tracked).
    pub fn home(self) -> Memo<bool> {
        Memo::new(move |_| self.path.with(|p| is_home(p) || producer_slug(p).is_some()))
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
        self.path.set(here());
        self.search
            .set(window().location().search().unwrap_or_default());
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
/// handle it itself. Never from a producer's page (`/p/{slug}`): `/` is then the market's home,
/// another page, which the browser loads.
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
    let at = here.pathname().ok()?;
    let same_page = at == path && here.search().ok()? == search;
    if (same_page && !hash.is_empty()) || !is_home(&path) || producer_slug(&at).is_some() {
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

    #[wasm_bindgen_test]
    fn a_producers_page_talks_to_its_producers_api_and_any_other_to_the_default_one() {
        for (path, base) in [
            ("/p/hives", "/api/producers/hives"),
            ("/p/hives/", "/api/producers/hives"),
            ("/p/walnut-farm-2", "/api/producers/walnut-farm-2"),
            ("/", "/api"),
            ("/index.html", "/api"),
            ("/p/", "/api"),
            ("/p", "/api"),
            ("/p/hives/orders", "/api"),
            ("/p/Hives", "/api"),
            ("/p/h%C3%A9", "/api"),
            (
                "/p/a-slug-of-thirty-two-letters-xyz",
                "/api/producers/a-slug-of-thirty-two-letters-xyz",
            ),
            ("/p/a-slug-of-thirty-three-letters-xy", "/api"),
            ("/x/p/hives", "/api"),
        ] {
            assert_eq!(api_base(path), base, "{path}");
        }
        assert_eq!(producer_slug("/p/hives"), Some("hives"));
        assert_eq!(producer_slug("/"), None);
    }
}
