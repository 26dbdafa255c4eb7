//! The app's few addresses, without a routing library: the path picks the page, links between
//! the pages of one bundle change the address with the History API instead of reloading, and
//! Back and Forward work. Links to another bundle (the storefront, the buyer's orders, the
//! team's page), the API, media, `tel:`, downloads, new tabs and modified clicks are left to
//! the browser.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The pages of the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    Tracking { id: String },
    MyOrders,
    NotFound,
}

impl Page {
    /// The page at a path (`/orders/{id}` is an order's tracking page).
    pub fn at(path: &str) -> Page {
        let path = path
            .strip_suffix('/')
            .filter(|p| !p.is_empty())
            .unwrap_or(path);
        match path {
            "/" => Page::Home,
            "/my-orders" => Page::MyOrders,
            _ => match path.strip_prefix("/orders/") {
                Some(id) if !id.is_empty() && !id.contains('/') => {
                    Page::Tracking { id: id.to_string() }
                }
                _ => Page::NotFound,
            },
        }
    }
}

/// Where the page is: its path and its query string, tracked.
#[derive(Clone, Copy)]
pub struct Location {
    path: RwSignal<String>,
    search: RwSignal<String>,
}

impl Location {
    /// The current page (tracked).
    pub fn page(self) -> Memo<Page> {
        Memo::new(move |_| self.path.with(|p| Page::at(p)))
    }

    /// The path (tracked).
    pub fn path(self) -> String {
        self.path.get()
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

    /// Goes to an address of the app without reloading the page.
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

/// The anchor a click lands in, when the app should handle it itself.
fn own_link(ev: &web_sys::MouseEvent, owns: fn(&Page) -> bool) -> Option<String> {
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
    if (same_page && !hash.is_empty()) || !owns(&Page::at(&path)) {
        return None;
    }
    Some(format!("{path}{search}{hash}"))
}

/// Starts following the address: Back/Forward, and clicks on links to the pages this bundle
/// `owns`.
pub fn provide_location(owns: fn(&Page) -> bool) -> Location {
    let location = Location {
        path: RwSignal::new(String::new()),
        search: RwSignal::new(String::new()),
    };
    location.read();
    let back = window_event_listener(leptos::ev::popstate, move |_| location.read());
    let click = window_event_listener(leptos::ev::click, move |ev| {
        if let Some(href) = own_link(&ev, owns) {
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

/// Where the page is, from any component under the app.
pub fn use_location() -> Location {
    expect_context()
}

/// A link of the top bar, marked `aria-current="page"` while its page is shown. Outside the
/// buyer's app (on the team's page) it is a plain link.
#[component]
pub fn NavLink(href: &'static str, children: Children) -> impl IntoView {
    let location = use_context::<Location>();
    let current = move || {
        let path = match location {
            Some(location) => location.path(),
            None => window().location().pathname().unwrap_or_default(),
        };
        (path == href).then_some("page")
    };
    view! { <a href=href aria-current=current>{children()}</a> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn each_path_opens_its_page() {
        assert_eq!(Page::at("/"), Page::Home);
        assert_eq!(Page::at("/my-orders"), Page::MyOrders);
        assert_eq!(Page::at("/my-orders/"), Page::MyOrders);
        assert_eq!(
            Page::at("/orders/OR-7K2P"),
            Page::Tracking {
                id: "OR-7K2P".into()
            }
        );
    }

    #[wasm_bindgen_test]
    fn unknown_or_malformed_paths_are_not_found() {
        assert_eq!(Page::at("/orders/"), Page::NotFound);
        assert_eq!(Page::at("/orders/a/b"), Page::NotFound);
        assert_eq!(Page::at("/api/storefront"), Page::NotFound);
        assert_eq!(Page::at("/nowhere"), Page::NotFound);
        assert_eq!(
            Page::at("/admin"),
            Page::NotFound,
            "the team's page is not the buyer's app"
        );
    }
}
