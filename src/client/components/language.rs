//! The language switch: 中文, English, Français, one tap away; the choice is remembered on the
//! phone and sets `<html lang>` (see `client::i18n`).

use leptos::prelude::*;

use crate::client::i18n::{use_i18n, Locale};
use crate::client::live::live;

/// Three buttons, the current one pressed.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="languages" role="group" aria-label=move || i18n.locale().language_word()>
            {Locale::ALL
                .into_iter()
                .map(|locale| {
                    view! {
                        <button
                            type="button"
                            lang=locale.as_str()
                            aria-pressed=live(move || (i18n.locale() == locale).to_string())
                            on:click=move |_| i18n.set_locale(locale)
                        >
                            {locale.name()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
