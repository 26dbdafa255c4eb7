//! The numbers the owner watches: orders, kilograms, revenue, families lifted, boxes left (with
//! a stock field per box), a short harvest's cancels, and orders per share tag.

use leptos::prelude::*;

use super::shortfall::ShortHarvest;
use super::AdminSession;
use crate::client::api;
use crate::client::format;
use crate::client::i18n::{lang, owner, owner_string, team, use_i18n};
use crate::domain::{BoxTally, Money, Stock};

#[component]
fn StockRow(session: AdminSession, offer: BoxTally) -> impl IntoView {
    let i18n = use_i18n();
    let value = RwSignal::new(offer.available.to_string());
    let saved = RwSignal::new(false);
    let invalid = RwSignal::new(false);
    let box_id = offer.id.clone();
    let save = Action::new_local(move |stock: &u32| {
        let (team, id, stock) = (session.team(), box_id.clone(), *stock);
        async move {
            if api::admin::set_stock(&team, &id, stock).await.is_ok() {
                saved.set(true);
                session.changed();
            }
        }
    });
    let input_id = format!("stock-{}", offer.id);
    let id = offer.id.clone();
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
            <label for=input_id.clone()>{owner!(i18n, stock_of, id = offer.id.clone())}</label>
            <input id=input_id type="number" min="0" max=Stock::MAX inputmode="numeric" prop:value=move || value.get()
                on:input=move |ev| { value.set(event_target_value(&ev)); saved.set(false); }/>
            <button type="submit" class="secondary" aria-label=move || format!("{} ({id})", owner_string!(i18n, save_stock))>{owner!(i18n, save_stock)}</button>
            {move || saved.get().then(|| view! { <span role="status">{owner!(i18n, stock_saved)}</span> })}
            {move || invalid.get().then(|| view! { <span role="alert">{owner!(i18n, stock_invalid)}</span> })}
        </form>
    }
}

/// The owner's numbers from the summary (kept by the server, never counted here), the stock
/// per box, and the orders per share tag, on the owner's page (open; it folds away on a phone).
#[component]
pub fn Dashboard(session: AdminSession) -> impl IntoView {
    let i18n = use_i18n();
    let numbers = move || session.numbers().unwrap_or_default();
    view! {
        <details class="dashboard" open>
            <summary>{owner!(i18n, dash_title)}</summary>
            {move || session.summary_saved.get().map(|ms| view! {
                <p class="saved-copy" role="status">{team!(i18n, saved_copy, time = format::date_time(lang(), ms))}</p>
            })}
            <dl class="numbers">
                <div><dt>{team!(i18n, dash_orders)}</dt><dd>{move || format::number(lang(), numbers().orders)}</dd></div>
                <div><dt>{owner!(i18n, dash_kg)}</dt><dd>{move || format::number(lang(), numbers().kg_sold)}</dd></div>
                <div><dt>{owner!(i18n, dash_revenue)}</dt><dd>{move || format::money(lang(), Money::from_fen(numbers().revenue_fen))}</dd></div>
                <div><dt>{owner!(i18n, dash_families)}</dt><dd>{move || numbers().families_lifted}</dd></div>
            </dl>
            <h2>{owner!(i18n, stock_title)}</h2>
            // Keyed by box, so a row (and what was just typed or saved in it) survives a refresh.
            <For
                each=move || numbers().boxes
                key=|offer| offer.id.clone()
                let:offer
            >
                <StockRow session offer/>
            </For>
            <ShortHarvest session/>
            <h2>{owner!(i18n, dash_refs)}</h2>
            <table class="refs">
                <tbody>
                    {move || numbers().by_ref.into_iter().map(|(tag, n)| {
                        let label = if tag.is_empty() { owner_string!(i18n, no_ref).to_string() } else { tag };
                        view! { <tr><th scope="row">{label}</th><td>{n}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </details>
    }
}
