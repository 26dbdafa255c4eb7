//! The operator's side of the team's pages, on a phone at the service point: which producer's
//! pages they work on (a switcher named in the user's language, from `GET /api/market`; every
//! call of the pages then goes to that producer's API, `api::team_base`), and the market's
//! numbers (`GET /api/admin/market`): orders, kg and revenue per producer and for the market.
//! Members of a producer see none of it.

use leptos::prelude::*;

use super::session::AdminSession;
use crate::client::api::market::{self, in_language, MarketNames, Numbers};
use crate::client::format;
use crate::client::i18n::{lang, team, team_string, use_i18n};
use crate::domain::{ErrorCode, Money};

/// The name of producer `slug` in the user's language (its slug until the names are known).
fn name_of(names: &Option<MarketNames>, slug: &str) -> String {
    let locale = use_i18n().locale();
    names
        .iter()
        .flat_map(|m| &m.producers)
        .find(|p| p.slug == slug)
        .map_or_else(
            || slug.to_owned(),
            |p| in_language(&p.name, locale).to_owned(),
        )
}

/// The operator's producer switcher, in a market of two producers or more: choosing one
/// makes the pages again with that producer's list.
#[component]
pub fn ProducerSwitch(session: AdminSession) -> impl IntoView {
    let i18n = use_i18n();
    let options = move || {
        let known = session.producers();
        // The producer shown: the one chosen, else the market's first (the default producer).
        let first = known.iter().flat_map(|m| &m.producers).next();
        let current = session.scope.get().flatten();
        let current = current.or_else(|| first.map(|p| p.slug.clone()));
        known
            .iter()
            .flat_map(|m| &m.producers)
            .map(|p| {
                let selected = current.as_deref() == Some(p.slug.as_str());
                let label = name_of(&known, &p.slug);
                view! { <option value=p.slug.clone() selected=selected>{label}</option> }
            })
            .collect_view()
    };
    view! {
        <Show when=move || session.producers().is_some()>
            <div class="field producer-switch">
                <label for="producer">{team!(i18n, producer_label)}</label>
                <select id="producer" on:change=move |ev| session.choose(&event_target_value(&ev))>
                    {options}
                </select>
            </div>
        </Show>
    }
}

/// One line of the market's table.
fn numbers_row(label: String, n: &Numbers, total: bool) -> impl IntoView {
    let lang = lang();
    let cells = view! {
        <td>{format::number(lang, n.orders)}</td>
        <td>{format::number(lang, n.kg_sold)}</td>
        <td>{format::money(lang, Money::from_fen(n.revenue_fen))}</td>
    };
    view! { <tr class:total=total><th scope="row">{label}</th>{cells}</tr> }
}

/// The market's numbers, for the operator of a market of two producers or more: per producer
/// and for the whole market, reloaded after every change made on the page.
#[component]
pub fn MarketNumbers(session: AdminSession) -> impl IntoView {
    let i18n = use_i18n();
    let numbers = LocalResource::new(move || {
        session.version.track();
        let (market, token) = (session.producers().is_some(), session.token());
        // Asked of an operator's market only (`then_some` would ask it of every member).
        async move {
            match market {
                true => Some(market::numbers(&token).await),
                false => None,
            }
        }
    });
    let table = move || {
        let known = session.producers();
        let market = numbers.get().flatten()?;
        Some(match market {
            Ok(m) => {
                let count = m.producers.len() as u64;
                let rows = m
                    .producers
                    .iter()
                    .map(|p| numbers_row(name_of(&known, &p.slug), &p.summary, false));
                let rows = rows.collect_view();
                let total =
                    numbers_row(team_string!(i18n, market_total).to_owned(), &m.totals, true);
                view! {
                    <table class="market">
                        <caption>{team!(i18n, market_producers, count = count)}</caption>
                        <thead><tr>
                            <th scope="col">{team!(i18n, producer_label)}</th>
                            <th scope="col">{team!(i18n, dash_orders)}</th>
                            <th scope="col">{team!(i18n, market_kg)}</th>
                            <th scope="col">{team!(i18n, market_revenue)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                        <tfoot>{total}</tfoot>
                    </table>
                }
                .into_any()
            }
            Err(e) if e.code() == Some(ErrorCode::Forbidden) => {
                view! { <p role="alert">{team!(i18n, market_refused)}</p> }.into_any()
            }
            Err(e) => view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any(),
        })
    };
    view! {
        <Show when=move || session.producers().is_some()>
            <details class="market-numbers" open>
                <summary>{team!(i18n, market_title)}</summary>
                {table}
            </details>
        </Show>
    }
}
