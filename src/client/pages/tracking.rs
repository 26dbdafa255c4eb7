//! An order's private tracking page (`/orders/{id}#t={token}`, or an old `?t={token}` link): the
//! producer it was placed with, the status timeline with times, its payment (asked again every
//! few seconds while it waits), the road from Zhongde to the buyer, and the buyer's claims.

use leptos::prelude::*;

use super::claim_form::ClaimDraft;
use super::claims::Claims;
use super::producer_name::{producer_line, MarketNames};
use super::tracking_notes::order_notes;
use super::tracking_pay::PaymentPanel;
use crate::client::api;
use crate::client::clock::parse_ms;
use crate::client::components::{remove_shell, status_name};
use crate::client::format;
use crate::client::i18n::{lang, orders, shared, use_i18n, Key, OrdersKey};
use crate::client::live::{live, money};
use crate::client::payment::asks_again;
use crate::client::storage::{self, SavedOrder};
use crate::client::tracking_link::{without_token, LinkToken};
use crate::domain::{ErrorCode, OrderStatus, OrderView};

/// Which stop of the road the order has reached: 0 Zhongde, 1 Chengdu, 2 the buyer.
fn road_stage(status: OrderStatus) -> usize {
    match status {
        OrderStatus::AwaitingPayment
        | OrderStatus::Received
        | OrderStatus::Packed
        | OrderStatus::Cancelled => 0,
        OrderStatus::Shipped => 1,
        OrderStatus::Delivered => 2,
    }
}

/// How often a payment that waits is asked about while the page is seen.
const ASK_EVERY: std::time::Duration = std::time::Duration::from_secs(4);

#[component]
fn OrderDetails(
    order: OrderView,
    bridged: StoredValue<bool>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let total = order.total_fen;
    let stage = road_stage(order.status);
    let cancelled = order.status == OrderStatus::Cancelled;
    let stops = [
        orders!(i18n, road_village),
        orders!(i18n, road_city),
        orders!(i18n, road_you),
    ];
    view! {
        <p class="order-summary">
            <span class="order-id">{order.id.clone()}</span>
            {format!(" · {} × {} kg · ", order.quantity, order.weight_kg)}
            {money(move || total)}
        </p>
        <p class="current-status" aria-live="polite"><strong>{status_name(i18n, order.status)}</strong></p>
        {order_notes(i18n, &order)}
        <PaymentPanel order=order.clone() bridged reload/>
        {order.tracking_number.clone().map(|n| view! {
            <p class="courier">{shared!(i18n, courier_number)}": "<strong>{n}</strong></p>
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
                <h2 id="road-title">{orders!(i18n, road_title)}</h2>
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

/// Once a token from the address has opened the order: keeps it in "My orders" (with the slug of
/// the producer the lookup named, if any), and takes an old link's `?t=` out of the address (into
/// the fragment instead if the phone could not keep it), so a reload, a bookmark or a copied
/// address never sends it to the server again.
fn keep_token(order: &OrderView, token: &str, producer: String) {
    let producer = Some(producer).filter(|p| !p.is_empty());
    storage::keep(SavedOrder::looked_up(order, token, producer));
    let kept = storage::saved_token(&order.id).is_some();
    let here = window().location();
    let (path, search) = (
        here.pathname().unwrap_or_default(),
        here.search().unwrap_or_default(),
    );
    // Only while the page is still this order's (`/orders/{id}`, or with a `/`), opened from an
    // old link.
    let this_order = path.strip_suffix('/').unwrap_or(&path) == format!("/orders/{}", order.id);
    if !this_order || !matches!(LinkToken::read(&search, ""), LinkToken::Query(_)) {
        return;
    }
    let hash = if kept {
        here.hash().unwrap_or_default()
    } else {
        format!("#t={token}")
    };
    let address = format!("{path}{}{hash}", without_token(&search));
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&address));
    }
}

/// The page: loads the order with the token from the link (`link`, read from the router's
/// address), or the one "My orders" keeps.
#[component]
pub fn Tracking(id: String, link: LinkToken) -> impl IntoView {
    let i18n = use_i18n();
    remove_shell();
    let from_link = link.token().is_some();
    let token = link
        .token()
        .map(str::to_owned)
        .or_else(|| storage::saved_token(&id))
        .unwrap_or_default();
    let order = RwSignal::new(None);
    let claim_notice = RwSignal::new(None);
    let claim_draft = ClaimDraft::new();
    // Whom it was ordered from: the phone's record, else the market's name for the lookup's slug.
    let kept = storage::saved_orders()
        .into_iter()
        .find(|o| o.id == id)
        .map(|o| o.producer)
        .unwrap_or_default();
    let market = MarketNames::default();
    let answered = RwSignal::new(String::new());
    let (first_id, first_token, first_kept) = (id.clone(), token.clone(), kept.clone());
    leptos::task::spawn_local(async move {
        let found = api::order(&first_id, &first_token)
            .await
            .map(|(o, producer)| {
                market.ask(&first_kept, &producer);
                if from_link {
                    keep_token(&o, &first_token, producer.clone());
                }
                answered.try_set(producer);
                o
            });
        order.try_set(Some(found));
    });
    // After a claim is filed, or while a payment waits: the order again (the page is drawn
    // again only if it changed).
    let reload = {
        let token = token.clone();
        Callback::new(move |()| {
            let (id, token) = (id.clone(), token.clone());
            leptos::task::spawn_local(async move {
                if let Ok((found, _)) = api::order(&id, &token).await {
                    let same = order.with_untracked(|o| matches!(o, Some(Ok(o)) if *o == found));
                    if !same {
                        order.try_set(Some(Ok(found)));
                    }
                }
            });
        })
    };
    // A payment that waits is asked about every few seconds while the page is seen (the server
    // asks the provider each time), and at once when the buyer comes back to the page.
    let waits = move || {
        !document().hidden() && order.with_untracked(|o| matches!(o, Some(Ok(o)) if asks_again(o)))
    };
    if let Ok(every) = set_interval_with_handle(
        move || {
            if waits() {
                reload.run(())
            }
        },
        ASK_EVERY,
    ) {
        on_cleanup(move || every.clear());
    }
    let back = window_event_listener_untyped("visibilitychange", move |_| {
        if waits() {
            reload.run(())
        }
    });
    on_cleanup(move || back.remove());
    let bridged = StoredValue::new(false);
    view! {
        <main class="page tracking">
            <h1>{orders!(i18n, track_title)}</h1>
            {move || match order.get() {
                None => view! { <p class="loading">{orders!(i18n, loading)}</p> }.into_any(),
                Some(Ok(o)) => view! {
                    {producer_line(kept.clone(), answered, market, "order-producer")}
                    <OrderDetails order=o.clone() bridged reload/>
                    <Claims order=o token=token.clone() reload notice=claim_notice draft=claim_draft/>
                }.into_any(),
                Some(Err(e)) => {
                    let missing = e.code() == Some(ErrorCode::NotFound);
                    let text = move || if missing { i18n.get(OrdersKey::track_missing) } else { i18n.get(Key::network_error) };
                    view! { <p role="alert">{text}</p> }.into_any()
                }
            }}
        </main>
    }
}
