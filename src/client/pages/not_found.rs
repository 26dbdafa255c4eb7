//! Any path the app does not know.

use leptos::prelude::*;

use crate::client::components::remove_shell;
use crate::client::i18n::{t, use_i18n};

/// A kind page for a wrong link, with the way back to the storefront (in the storefront's bundle
/// too: its own router follows the link without reloading).
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    remove_shell();
    view! {
        <main class="page not-found">
            <h1>{t!(i18n, not_found_title)}</h1>
            <p>{t!(i18n, not_found_text)}</p>
            // Another bundle for the orders bundle's router: the browser loads it.
            <p><a href="/" rel="external">{t!(i18n, back_home)}</a></p>
        </main>
    }
}
