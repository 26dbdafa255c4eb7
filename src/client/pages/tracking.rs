//! An order's private tracking page (`/orders/{id}?t={token}`): the status timeline with times
//! and the road from Zhongde to the buyer.

use leptos::prelude::*;

use crate::client::api;
use crate::client::clock::parse_ms;
use crate::client::components::{remove_shell, status_name};
use crate::client::format;
use crate::client::i18n::{lang, t, use_i18n, Key};
use crate::client::live::{live, money};
use crate::client::router::use_location;
use crate::domain::{OrderStatus, OrderView};

/// Which stop of the road the order has reached: 0 Zhongde, 1 Chengdu, 2 the buyer.
fn road_stage(status: OrderStatus) -> usize {
    match status {
        OrderStatus::Received | OrderStatus::Packed | OrderStatus::Cancelled => 0,
        OrderStatus::Shipped => 1,
        OrderStatus::Delivered => 2,
    }
}

#[component]
fn OrderDetails(order: OrderView) -> impl IntoView {
    let i18n = use_i18n();
    let total = order.total_fen;
    let stage = road_stage(order.status);
    let cancelled = order.status == OrderStatus::Cancelled;
    let stops = [
        t!(i18n, road_village),
        t!(i18n, road_city),
        t!(i18n, road_you),
    ];
    view! {
        <p class="order-summary">
            <span class="order-id">{order.id.clone()}</span>
            {format!(" · {} × {} kg · ", order.quantity, order.weight_kg)}
            {money(move || total)}
        </p>
        <p class="current-status" aria-live="polite"><strong>{status_name(i18n, order.status)}</strong></p>
        {order.tracking_number.clone().map(|n| view! {
            <p class="courier">{t!(i18n, courier_number)}": "<strong>{n}</strong></p>
        })}
        <ol class="timeline">
            {order.history.iter().map(|step| {
                let at = parse_ms(&step.at).unwrap_or_default();
                view! {
                    <li>
                        <span class="step">{status_name(i18n, step.status)}</span>
                        <time datetime=step.at.clone()>{live(move || format::date_time(lang(), at))}</time>
                    </li>
                }
            }).collect_view()}
        </ol>
        {(!cancelled).then(|| view! {
            <section class="road" aria-labelledby="road-title">
                <h2 id="road-title">{t!(i18n, road_title)}</h2>
                <ol class="road-stops">
                    {stops.into_iter().enumerate().map(|(i, stop)| {
                        let here = i == stage;
                        view! {
                            <li class:done=i < stage class:here=here aria-current=here.then_some("step")>{stop}</li>
                        }
                    }).collect_view()}
                </ol>
            </section>
        })}
    }
}

/// The page: loads the order with the token from the link.
#[component]
pub fn Tracking(id: String) -> impl IntoView {
    let i18n = use_i18n();
    remove_shell();
    let token = use_location().query("t").unwrap_or_default();
    let order = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        order.try_set(Some(api::order(&id, &token).await));
    });
    view! {
        <main class="page tracking">
            <h1>{t!(i18n, track_title)}</h1>
            {move || match order.get() {
                None => view! { <p class="loading">{t!(i18n, loading)}</p> }.into_any(),
                Some(Ok(o)) => view! { <OrderDetails order=o/> }.into_any(),
                Some(Err(e)) => {
                    let key = if e.code() == Some("not_found") { Key::track_missing } else { Key::network_error };
                    view! { <p role="alert">{i18n.view(key)}</p> }.into_any()
                }
            }}
        </main>
    }
}
