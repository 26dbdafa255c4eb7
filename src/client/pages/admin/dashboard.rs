//! The numbers the team watches: orders, kilograms, revenue, families lifted, boxes left (with
//! a stock field per box) and orders per share tag.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::{live, AdminSession};
use crate::client::api;
use crate::client::format;
use crate::client::i18n::{lang, t, team, team_string, use_i18n};
use crate::domain::{families_lifted, AdminOrder, BoxOffer, Money, Stock};

#[component]
fn StockRow(session: AdminSession, offer: BoxOffer) -> impl IntoView {
    let i18n = use_i18n();
    let value = RwSignal::new(offer.available.to_string());
    let saved = RwSignal::new(false);
    let invalid = RwSignal::new(false);
    let box_id = offer.id.clone();
    let save = Action::new_local(move |stock: &u32| {
        let (token, id, stock) = (session.token(), box_id.clone(), *stock);
        async move { api::admin::set_stock(&token, &id, stock).await }
    });
    Effect::new(move || {
        if let Some(Ok(_)) = save.value().get() {
            saved.set(true);
            session.changed();
        }
    });
    let input_id = format!("stock-{}", offer.id);
    let kg = offer.weight_kg;
    view! {
        <form class="stock-row" on:submit=move |ev| {
            ev.prevent_default();
            saved.set(false);
            match Stock::parse_text(&value.get_untracked()) {
                Ok(n) => {
                    invalid.set(false);
                    save.dispatch(n.get());
                }
                Err(_) => invalid.set(true),
            }
        }>
            <label for=input_id.clone()>{t!(i18n, box_name, kg = kg)}</label>
            <input id=input_id type="number" min="0" max=Stock::MAX inputmode="numeric" prop:value=move || value.get()
                on:input=move |ev| { value.set(event_target_value(&ev)); saved.set(false); }/>
            <button type="submit" class="secondary" aria-label=move || format!("{} ({kg} kg)", team_string!(i18n, save_stock))>{team!(i18n, save_stock)}</button>
            {move || saved.get().then(|| view! { <span role="status">{team!(i18n, stock_saved)}</span> })}
            {move || invalid.get().then(|| view! { <span role="alert">{team!(i18n, stock_invalid)}</span> })}
        </form>
    }
}

/// The dashboard.
#[component]
pub fn Dashboard(
    session: AdminSession,
    #[prop(into)] orders: Signal<Vec<AdminOrder>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let storefront = LocalResource::new(move || {
        session.version.track();
        api::storefront(false)
    });
    let kg_sold = move || {
        orders.with(|o| {
            live(o)
                .map(|o| u64::from(o.order.quantity * o.order.weight_kg))
                .sum::<u64>()
        })
    };
    let revenue =
        move || orders.with(|o| Money::from_fen(live(o).map(|o| o.order.total_fen).sum()));
    let per_ref = move || {
        orders.with(|o| {
            let mut counts: BTreeMap<String, u32> = BTreeMap::new();
            for order in live(o) {
                *counts
                    .entry(order.ref_tag.clone().unwrap_or_default())
                    .or_default() += 1;
            }
            counts
        })
    };
    view! {
        <section class="dashboard" aria-label=move || team_string!(i18n, admin_title)>
            <dl class="numbers">
                <div><dt>{team!(i18n, dash_orders)}</dt><dd>{move || orders.with(|o| live(o).count())}</dd></div>
                <div><dt>{team!(i18n, dash_kg)}</dt><dd>{move || format::number(lang(), kg_sold())}</dd></div>
                <div><dt>{team!(i18n, dash_revenue)}</dt><dd>{move || format::money(lang(), revenue())}</dd></div>
                <div><dt>{team!(i18n, dash_families)}</dt><dd>{move || {
                    let per = storefront.get().and_then(Result::ok).map(|(s, _)| s.impact.kg_per_family).unwrap_or(2000);
                    families_lifted(kg_sold(), per)
                }}</dd></div>
            </dl>
            <h2>{team!(i18n, stock_title)}</h2>
            // Keyed by box, so a row (and what was just typed or saved in it) survives a refresh.
            <For
                each=move || storefront.get().and_then(Result::ok).map(|(s, _)| s.boxes).unwrap_or_default()
                key=|offer| offer.id.clone()
                let:offer
            >
                <StockRow session offer/>
            </For>
            <h2>{team!(i18n, dash_refs)}</h2>
            <table class="refs">
                <tbody>
                    {move || per_ref().into_iter().map(|(tag, n)| {
                        let label = if tag.is_empty() { team_string!(i18n, no_ref).to_string() } else { tag };
                        view! { <tr><th scope="row">{label}</th><td>{n}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}
