//! The Leptos app (wasm32 only): the routes, the pages, the components and every call to the
//! API. It reads the domain's types and rules; it never touches the server's code.

pub mod api;
pub mod components;
pub mod pages;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use pages::{Home, NotFound};

/// The whole app: the storefront at `/`, a not-found page for anything else.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("/") view=Home/>
            </Routes>
        </Router>
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
