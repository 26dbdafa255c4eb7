//! The impact so far: orders, kilograms sold, families lifted, and the way to the next family.

use leptos::prelude::*;

use crate::client::format;
use crate::client::i18n::{lang, t, use_i18n, Key, Text};
use crate::client::live::{live, number};
use crate::domain::Impact;

/// Three numbers and a progress bar to the next family.
#[component]
pub fn ImpactPanel(#[prop(into)] impact: Signal<Impact>) -> impl IntoView {
    let i18n = use_i18n();
    let per_family = move || impact.get().kg_per_family.max(1);
    let into_family = move || impact.get().kg_sold % per_family();
    let to_next = move || per_family() - into_family();
    view! {
        <section class="impact" aria-labelledby="impact-title">
            <h2 id="impact-title">{t!(i18n, impact_title)}</h2>
            <dl aria-live="polite">
                <div><dt>{t!(i18n, impact_orders)}</dt><dd>{number(move || impact.get().orders)}</dd></div>
                <div><dt>{t!(i18n, impact_kg)}</dt><dd>{number(move || impact.get().kg_sold)}</dd></div>
                <div><dt>{t!(i18n, impact_families)}</dt><dd>{number(move || impact.get().families_lifted)}</dd></div>
            </dl>
            <progress max=live(move || per_family().to_string()) value=live(move || into_family().to_string())></progress>
            <p class="next-family">{live(move || {
                let kg = format::number(lang(), to_next());
                Text::Message(Key::impact_next, vec![("kg", kg)]).in_locale(i18n.locale())
            })}</p>
        </section>
    }
}
