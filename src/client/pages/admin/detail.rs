//! One order as the team opens it from the list: the buyer's details, why it was cancelled, its
//! payment and refund, the journey with who made each step, and the moves the signed-in member
//! may make.

use leptos::prelude::*;

use super::pay_words::payment_words;
use super::AdminSession;
use crate::client::api::{self, ApiError};
use crate::client::components::{status_key, status_name};
use crate::client::i18n::{shared, team, use_i18n, TeamKey};
use crate::domain::{AdminOrder, CancelReason, OrderStatus, StatusMoveRequest};

/// The message saying why an order was cancelled.
fn cancel_key(reason: CancelReason) -> TeamKey {
    match reason {
        CancelReason::HarvestShort => TeamKey::short_cancelled,
        CancelReason::Unpaid => TeamKey::unpaid_cancelled,
    }
}

/// One order opened from the list: the buyer's details, its journey (who moved it, when), a
/// move forward (with the courier's number when shipping) and, for the owner, a cancel that
/// asks first.
#[component]
pub fn OrderDetail(session: AdminSession, order: AdminOrder) -> impl IntoView {
    let i18n = use_i18n();
    let current = order.order.status;
    let tracking = RwSignal::new(order.order.tracking_number.clone().unwrap_or_default());
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let id = order.order.id.clone();
    let mover = Action::new_local(move |to: &OrderStatus| {
        let (team, id, to) = (session.team(), id.clone(), *to);
        let number = tracking.get_untracked();
        let change = StatusMoveRequest {
            status: to.as_str().to_owned(),
            from: Some(current.as_str().to_owned()),
            tracking_number: (to == OrderStatus::Shipped && !number.trim().is_empty())
                .then_some(number),
        };
        async move {
            if let Err(e) = api::admin::move_status(&team, &id, &change).await {
                error.set(Some(match &e {
                    ApiError::Refused { detail, .. } => detail.message.clone(),
                    other => other.to_string(),
                }));
            }
            session.changed();
        }
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
    let owner = move || session.owner();
    let tracking_id = format!("tracking-{}", order.order.id);
    let pay_line = payment_words(i18n, &order.order);
    view! {
        <div class="order-detail">
            <p>{team!(i18n, phone_label)}": "<a href=format!("tel:{}", order.phone)>{order.phone.clone()}</a></p>
            <p>{team!(i18n, address_label)}": "{order.address.clone()}</p>
            {order.note.clone().map(|n| view! { <p>{team!(i18n, buyer_note)}": "<q>{n}</q></p> })}
            {order.order.recipient.clone().map(|to| {
                let phone = to.phone.unwrap_or_default();
                view! {
                    <p class="gift-to">{team!(i18n, gift_to)}": "{to.name}" · "
                        <a href=format!("tel:{phone}")>{phone.clone()}</a>" · "{to.address}</p>
                }
            })}
            {order.order.gift_message.clone().map(|m| view! { <p>{team!(i18n, gift_message)}": "<q>{m}</q></p> })}
            {order.order.cancel_reason.map(|reason| view! { <p>{i18n.view(cancel_key(reason))}</p> })}
            {pay_line.map(|words| view! { <p class="pay">{words}</p> })}
            <ol class="timeline">
                {order.order.history.iter().map(|h| {
                    let by = h.by.clone().map(|name| view! { " "<span class="by">{team!(i18n, history_by, name = name)}</span> });
                    view! { <li><span>{status_name(i18n, h.status)}</span><time datetime=h.at.clone()>{h.at.clone()}</time>{by}</li> }
                }).collect_view()}
            </ol>
            {current.can_move_to(OrderStatus::Shipped).then(|| view! {
                <div class="field">
                    <label for=tracking_id.clone()>{shared!(i18n, courier_number)}</label>
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
                    <Show when=owner>
                    <Show when=move || confirming.get() fallback=move || view! {
                        <button type="button" class="secondary" on:click=move |_| confirming.set(true)>{team!(i18n, cancel_order)}</button>
                    }>
                        <button type="button" class="danger" on:click=move |_| { mover.dispatch(OrderStatus::Cancelled); }>{team!(i18n, confirm_cancel)}</button>
                        <button type="button" class="secondary" on:click=move |_| confirming.set(false)>{team!(i18n, keep_order)}</button>
                    </Show>
                    </Show>
                })}
            </div>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </div>
    }
}
