//! The owner's short-harvest panel: a box size and how many boxes will not come; a preview
//! (`dry_run`) names the orders that would be cancelled, newest first, and only a second,
//! explicit tap cancels exactly those (the same rule, `Shortfall`, checks the number here and on
//! the server). If one of them moved meanwhile, nothing is cancelled: the panel says which moved
//! and shows a fresh preview to confirm instead.

use leptos::prelude::*;

use super::AdminSession;
use crate::client::api::{self, ApiError};
use crate::client::i18n::{fill, owner, use_i18n, I18n, OwnerKey};
use crate::domain::{ErrorCode, Shortfall, ShortfallResult};

/// Where the panel is: nothing asked yet, a preview to confirm (with the previewed orders that
/// moved before an earlier confirm, if one was refused), or the cancels done.
#[derive(Clone, PartialEq)]
enum Step {
    Ask,
    Preview(u32, ShortfallResult, Option<Vec<String>>),
    Done(ShortfallResult),
    Invalid,
    Failed,
}

/// The previewed orders a refused confirm names as moved, if that is why it was refused.
fn moved_since(error: &ApiError) -> Option<Vec<String>> {
    match error {
        ApiError::Refused { detail, .. } if detail.code == ErrorCode::ShortfallChanged => {
            Some(detail.moved.clone().unwrap_or_default())
        }
        _ => None,
    }
}

#[component]
pub fn ShortHarvest(session: AdminSession) -> impl IntoView {
    let i18n = use_i18n();
    let boxes = move || session.numbers().unwrap_or_default().boxes;
    let box_id = RwSignal::new(String::new());
    let missing = RwSignal::new(String::new());
    let step = RwSignal::new(Step::Ask);
    let send = Action::new_local(move |(n, confirm): &(u32, Option<Vec<String>>)| {
        let (team, n, confirm) = (session.team(), *n, confirm.clone());
        let id = box_id.get_untracked();
        let id = if id.is_empty() {
            boxes().first().map(|b| b.id.clone()).unwrap_or_default()
        } else {
            id
        };
        async move {
            let answer = api::admin::shortfall(&team, &id, n, confirm.as_deref()).await;
            step.set(match answer {
                Ok(result) if confirm.is_none() => Step::Preview(n, result, None),
                Ok(result) => {
                    session.changed();
                    Step::Done(result)
                }
                Err(e) => match moved_since(&e) {
                    // Nothing was cancelled: preview again, and say what moved.
                    Some(moved) => match api::admin::shortfall(&team, &id, n, None).await {
                        Ok(fresh) => Step::Preview(n, fresh, Some(moved)),
                        Err(_) => Step::Failed,
                    },
                    None => Step::Failed,
                },
            });
        }
    });
    let preview = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match Shortfall::parse_boxes(&missing.get_untracked()) {
            Ok(n) => drop(send.dispatch((n, None))),
            Err(_) => step.set(Step::Invalid),
        }
    };
    let changed = move |moved: Option<Vec<String>>| {
        moved.map(
            |ids| view! { <p role="alert">{owner!(i18n, short_changed, ids = ids.join(", "))}</p> },
        )
    };
    let outcome = move || {
        match step.get() {
        Step::Ask => ().into_any(),
        Step::Invalid => view! { <p role="alert">{owner!(i18n, short_invalid)}</p> }.into_any(),
        Step::Failed => view! { <p role="alert">{owner!(i18n, short_failed)}</p> }.into_any(),
        Step::Preview(_, r, moved) if r.orders.is_empty() => {
            view! { {changed(moved)}<p role="status">{owner!(i18n, short_none)}</p> }.into_any()
        }
        Step::Done(r) if r.orders.is_empty() => {
            view! { <p role="status">{owner!(i18n, short_none)}</p> }.into_any()
        }
        Step::Preview(n, r, moved) => {
            let count = r.orders.len();
            let previewed = r.orders.clone();
            view! {
                {changed(moved)}
                <p role="status">{move || freed(i18n, OwnerKey::short_will, count, r.boxes_freed)}</p>
                <ul class="short-orders">{r.orders.into_iter().map(|id| view! { <li class="order-id">{id}</li> }).collect_view()}</ul>
                <button type="button" class="danger" on:click=move |_| drop(send.dispatch((n, Some(previewed.clone()))))>
                    {owner!(i18n, short_confirm, count = count)}
                </button>
            }
            .into_any()
        }
        Step::Done(r) => view! {
            <p role="status">{move || freed(i18n, OwnerKey::short_done, r.orders.len(), r.boxes_freed)}</p>
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

/// Orders cancelled (or to be) and the boxes they free, each in the form its count takes, in the
/// current language (tracked).
fn freed(i18n: I18n, key: OwnerKey, orders: usize, boxes: u32) -> String {
    let boxes = i18n.count(OwnerKey::short_freed_boxes, boxes.into());
    fill(
        i18n.get_count(key, orders as u64),
        &[("count", orders.to_string()), ("boxes", boxes)],
    )
}
