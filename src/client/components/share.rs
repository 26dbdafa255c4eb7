//! Sharing: the Web Share API where the phone has it, copying the link where it does not.

use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::client::i18n::{t_string, use_i18n, Key};

/// The full URL of a site path, on the shop's public origin when the server names one
/// (`<html data-origin>`, from `--public-url`), else on the page's own.
pub fn absolute(path: &str) -> String {
    let origin = document()
        .document_element()
        .and_then(|html| html.get_attribute("data-origin"))
        .unwrap_or_else(|| window().location().origin().unwrap_or_default());
    format!("{origin}{path}")
}

async fn copy(text: &str) -> bool {
    let promise = window().navigator().clipboard().write_text(text);
    JsFuture::from(promise).await.is_ok()
}

/// A button that copies `text` and says so.
#[component]
pub fn CopyButton(#[prop(into)] text: String) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let on_click = move |_| {
        let text = text.clone();
        leptos::task::spawn_local(async move { copied.set(copy(&text).await) });
    };
    view! {
        <button type="button" class="secondary" on:click=on_click>
            {move || i18n.get(if copied.get() { Key::copied } else { Key::copy_link })}
        </button>
    }
}

/// Shares `path` with the phone's share sheet, or copies its link when there is none.
#[component]
pub fn ShareButton(#[prop(into)] path: String, #[prop(optional)] page: bool) -> impl IntoView {
    let i18n = use_i18n();
    let copied = RwSignal::new(false);
    let on_click = move |_| {
        let url = absolute(&path);
        let title = t_string!(i18n, share_text).to_string();
        leptos::task::spawn_local(async move {
            let navigator = window().navigator();
            let data = web_sys::ShareData::new();
            data.set_title(&title);
            data.set_text(&title);
            data.set_url(&url);
            let can_share = js_sys::Reflect::has(&navigator, &"share".into()).unwrap_or(false);
            if can_share
                && JsFuture::from(navigator.share_with_data(&data))
                    .await
                    .is_ok()
            {
                return;
            }
            copied.set(copy(&url).await);
        });
    };
    view! {
        <button type="button" class="secondary" on:click=on_click>
            {move || i18n.get(match (copied.get(), page) {
                (true, _) => Key::copied,
                (false, true) => Key::share_page,
                (false, false) => Key::share,
            })}
        </button>
    }
}
