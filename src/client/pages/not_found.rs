//! Any path the app does not know.

use leptos::prelude::*;

use crate::client::components::remove_shell;
use crate::client::i18n::{t, use_i18n};

/// A kind page for a wrong link, with the way back to the storefront.
#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    remove_shell();
    view! {
        <main class="page not-found">
            <h1>{t!(i18n, not_found_title)}</h1>
            <p>{t!(i18n, not_found_text)}</p>
            <p><a href="/">{t!(i18n, back_home)}</a></p>
        </main>
    }
}
