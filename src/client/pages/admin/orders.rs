//! The team's order desk: filter by status, search by name, phone or order number, open an
//! order, move it forward (with the courier's number when shipping), cancel it after a
//! confirmation, and export the dispatch list as CSV.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::AdminSession;
use crate::client::api::{self, ApiError};
use crate::client::components::{status_key, status_name};
use crate::client::format;
use crate::client::i18n::{lang, t, team, use_i18n};
use crate::domain::{AdminOrder, Money, OrderStatus, StatusMoveRequest};

fn matches(order: &AdminOrder, status: &str, search: &str) -> bool {
    let wanted = search.trim().to_lowercase();
    let digits: String = wanted.chars().filter(char::is_ascii_digit).collect();
    (status.is_empty() || order.order.status.as_str() == status)
        && (wanted.is_empty()
            || order.name.to_lowercase().contains(&wanted)
            || order.order.id.to_lowercase().contains(&wanted)
            || (!digits.is_empty() && order.phone.contains(&digits)))
}

/// Saves `text` as a file. The byte-order mark that the server sends (and `fetch` strips when
/// it decodes) is put back, so spreadsheet programs read the Chinese correctly.
fn download(name: &str, text: &str) {
    let with_bom = format!("\u{feff}{}", text.trim_start_matches('\u{feff}'));
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&with_bom));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document().create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

#[component]
fn OrderDetail(session: AdminSession, order: AdminOrder) -> impl IntoView {
    let i18n = use_i18n();
    let current = order.order.status;
    let tracking = RwSignal::new(order.order.tracking_number.clone().unwrap_or_default());
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let id = order.order.id.clone();
    let mover = Action::new_local(move |to: &OrderStatus| {
        let (token, id, to) = (session.token(), id.clone(), *to);
        let number = tracking.get_untracked();
        let change = StatusMoveRequest {
            status: to.as_str().to_owned(),
            from: Some(current.as_str().to_owned()),
            tracking_number: (to == OrderStatus::Shipped && !number.trim().is_empty())
                .then_some(number),
        };
        async move { api::admin::move_status(&token, &id, &change).await }
    });
    Effect::new(move || match mover.value().get() {
        Some(Ok(_)) => session.changed(),
        Some(Err(e)) => {
            error.set(Some(match &e {
                ApiError::Refused { detail, .. } => detail.message.clone(),
                other => other.to_string(),
            }));
            session.changed();
        }
        None => {}
    });
    let forward: Vec<OrderStatus> = [
        OrderStatus::Packed,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
    ]
    .into_iter()
    .filter(|s| current.can_move_to(*s))
    .collect();
    let can_cancel = current.can_move_to(OrderStatus::Cancelled);
    let tracking_id = format!("tracking-{}", order.order.id);
    view! {
        <div class="order-detail">
            <p>{team!(i18n, phone_label)}": "<a href=format!("tel:{}", order.phone)>{order.phone.clone()}</a></p>
            <p>{team!(i18n, address_label)}": "{order.address.clone()}</p>
            {order.note.clone().map(|n| view! { <p>{team!(i18n, buyer_note)}": "<q>{n}</q></p> })}
            <ol class="timeline">
                {order.order.history.iter().map(|h| {
                    view! { <li><span>{status_name(i18n, h.status)}</span><time datetime=h.at.clone()>{h.at.clone()}</time></li> }
                }).collect_view()}
            </ol>
            {current.can_move_to(OrderStatus::Shipped).then(|| view! {
                <div class="field">
                    <label for=tracking_id.clone()>{t!(i18n, courier_number)}</label>
                    <input id=tracking_id.clone() prop:value=move || tracking.get() on:input=move |ev| tracking.set(event_target_value(&ev))/>
                </div>
            })}
            <div class="actions">
                {forward.into_iter().map(|to| {
                    view! {
                        <button type="button" class="primary small" disabled=move || mover.pending().get()
                            on:click=move |_| { mover.dispatch(to); }>
                            {move || team!(i18n, move_to, status = i18n.get(status_key(to)))}
                        </button>
                    }
                }).collect_view()}
                {can_cancel.then(|| view! {
                    <Show when=move || confirming.get() fallback=move || view! {
                        <button type="button" class="secondary" on:click=move |_| confirming.set(true)>{team!(i18n, cancel_order)}</button>
                    }>
                        <button type="button" class="danger" on:click=move |_| { mover.dispatch(OrderStatus::Cancelled); }>{team!(i18n, confirm_cancel)}</button>
                        <button type="button" class="secondary" on:click=move |_| confirming.set(false)>{team!(i18n, keep_order)}</button>
                    </Show>
                })}
            </div>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </div>
    }
}

/// Filters, search, export, and the list of orders with their details.
#[component]
pub fn OrderDesk(
    session: AdminSession,
    #[prop(into)] orders: Signal<Vec<AdminOrder>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let status = RwSignal::new(String::new());
    let search = RwSignal::new(String::new());
    let shown = move || {
        orders.with(|o| {
            o.iter()
                .filter(|o| matches(o, &status.get(), &search.get()))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let export = Action::new_local(move |status: &String| {
        let (token, status) = (session.token(), status.clone());
        async move { api::admin::dispatch_csv(&token, &status).await }
    });
    Effect::new(move || {
        if let Some(Ok(csv)) = export.value().get() {
            download("orchard-dispatch.csv", &csv);
        }
    });
    view! {
        <section class="orders" aria-labelledby="desk-title">
            <h2 id="desk-title">{team!(i18n, dash_orders)}</h2>
            <div class="filters">
                <div class="field">
                    <label for="filter-status">{team!(i18n, filter_status)}</label>
                    <select id="filter-status" on:change=move |ev| status.set(event_target_value(&ev))>
                        <option value="">{team!(i18n, all_statuses)}</option>
                        {OrderStatus::ALL.into_iter().map(|s| view! { <option value=s.as_str()>{status_name(i18n, s)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="search">{team!(i18n, search)}</label>
                    <input id="search" type="search" on:input=move |ev| search.set(event_target_value(&ev))/>
                </div>
                <button type="button" class="secondary" on:click=move |_| { export.dispatch(status.get_untracked()); }>{team!(i18n, export_csv)}</button>
            </div>
            <ul class="order-list">
                <For each=shown key=|o| (o.order.id.clone(), o.order.status, o.order.history.len()) let:o>
                    {
                        let total = Money::from_fen(o.order.total_fen);
                        let summary = format!("{} · {} · {} × {}", o.order.id, o.name, o.order.quantity, o.order.box_id);
                        let status = o.order.status;
                        view! {
                            <li>
                                <details>
                                    <summary>{summary}" · "{status_name(i18n, status)}" · "{move || format::money(lang(), total)}</summary>
                                    <OrderDetail session order=o.clone()/>
                                </details>
                            </li>
                        }
                    }
                </For>
            </ul>
            {move || shown().is_empty().then(|| view! { <p>{team!(i18n, no_orders)}</p> })}
        </section>
    }
}
