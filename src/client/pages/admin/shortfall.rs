//! The owner's short-harvest panel: a box size and how many boxes will not come; a preview
//! (`dry_run`) names the orders that would be cancelled, newest first, and only a second,
//! explicit tap cancels them (the same rule, `Shortfall`, checks the number here and on the
//! server).

use leptos::prelude::*;

use super::AdminSession;
use crate::client::api;
use crate::client::i18n::{owner, use_i18n};
use crate::domain::{Shortfall, ShortfallResult};

/// Where the panel is: nothing asked yet, a preview to confirm, or the cancels done.
#[derive(Clone, PartialEq)]
enum Step {
    Ask,
    Preview(u32, ShortfallResult),
    Done(ShortfallResult),
    Invalid,
    Failed,
}

#[component]
pub fn ShortHarvest(session: AdminSession) -> impl IntoView {
    let i18n = use_i18n();
    let boxes = move || session.numbers().unwrap_or_default().boxes;
    let box_id = RwSignal::new(String::new());
    let missing = RwSignal::new(String::new());
    let step = RwSignal::new(Step::Ask);
    let send = Action::new_local(move |(n, dry_run): &(u32, bool)| {
        let (token, n, dry_run) = (session.token(), *n, *dry_run);
        let id = box_id.get_untracked();
        let id = if id.is_empty() {
            boxes().first().map(|b| b.id.clone()).unwrap_or_default()
        } else {
            id
        };
        async move {
            let answer = api::admin::shortfall(&token, &id, n, dry_run).await;
            step.set(match answer {
                Ok(result) if dry_run => Step::Preview(n, result),
                Ok(result) => {
                    session.changed();
                    Step::Done(result)
                }
                Err(_) => Step::Failed,
            });
        }
    });
    let preview = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match Shortfall::parse_boxes(&missing.get_untracked()) {
            Ok(n) => drop(send.dispatch((n, true))),
            Err(_) => step.set(Step::Invalid),
        }
    };
    let outcome = move || {
        match step.get() {
        Step::Ask => ().into_any(),
        Step::Invalid => view! { <p role="alert">{owner!(i18n, short_invalid)}</p> }.into_any(),
        Step::Failed => view! { <p role="alert">{owner!(i18n, short_failed)}</p> }.into_any(),
        Step::Preview(_, r) | Step::Done(r) if r.orders.is_empty() => {
            view! { <p role="status">{owner!(i18n, short_none)}</p> }.into_any()
        }
        Step::Preview(n, r) => {
            let count = r.orders.len();
            view! {
                <p role="status">{owner!(i18n, short_will, count = count, boxes = r.boxes_freed)}</p>
                <ul class="short-orders">{r.orders.into_iter().map(|id| view! { <li class="order-id">{id}</li> }).collect_view()}</ul>
                <button type="button" class="danger" on:click=move |_| drop(send.dispatch((n, false)))>
                    {owner!(i18n, short_confirm, count = count)}
                </button>
            }
            .into_any()
        }
        Step::Done(r) => view! {
            <p role="status">{owner!(i18n, short_done, count = r.orders.len(), boxes = r.boxes_freed)}</p>
        }
        .into_any(),
    }
    };
    view! {
        <h2>{owner!(i18n, short_title)}</h2>
        <form class="stock-row shortfall" on:submit=preview novalidate=true>
            <label for="short-box">{owner!(i18n, short_box)}</label>
            <select id="short-box" on:change=move |ev| { box_id.set(event_target_value(&ev)); step.set(Step::Ask); }>
                {move || boxes().into_iter().map(|b| view! { <option value=b.id.clone()>{b.id.clone()}</option> }).collect_view()}
            </select>
            <label for="short-missing">{owner!(i18n, short_boxes)}</label>
            <input id="short-missing" type="number" min="1" inputmode="numeric" prop:value=move || missing.get()
                on:input=move |ev| { missing.set(event_target_value(&ev)); step.set(Step::Ask); }/>
            <button type="submit" class="secondary" disabled=move || send.pending().get()>{owner!(i18n, short_preview)}</button>
        </form>
        <div class="short-outcome">{outcome}</div>
    }
}
