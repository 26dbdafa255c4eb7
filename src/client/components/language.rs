//! The language switch: 中文, English, Français, one tap away; the choice is remembered (a
//! cookie kept by leptos_i18n) and sets `<html lang>`.

use leptos::prelude::*;
use leptos_i18n::Locale as _;

use crate::client::i18n::{use_i18n, Locale};

/// The current language's tag (`en`, `zh`, `fr`), tracked.
pub fn lang() -> &'static str {
    use_i18n().get_locale().as_str()
}

/// Three buttons, the current one pressed.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let i18n = use_i18n();
    let choices = [
        (Locale::zh, "中文"),
        (Locale::en, "English"),
        (Locale::fr, "Français"),
    ];
    view! {
        <div class="languages" role="group" aria-label=move || crate::client::i18n::t_string!(i18n, choose_language)>
            {choices
                .into_iter()
                .map(|(locale, label)| {
                    view! {
                        <button
                            type="button"
                            lang=locale.as_str()
                            aria-pressed=move || (i18n.get_locale() == locale).to_string()
                            on:click=move |_| i18n.set_locale(locale)
                        >
                            {label}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
