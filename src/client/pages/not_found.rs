//! Any path the app does not know.

use leptos::prelude::*;

/// A kind page for a wrong link, with the way back to the storefront.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <main class="page not-found">
            <h1>"This page does not exist"</h1>
            <p>"The link may be cut short or out of date."</p>
            <p><a href="/">"Back to the apples"</a></p>
        </main>
    }
}
