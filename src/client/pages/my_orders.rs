//! "My orders": the orders placed from this phone with every producer of the market, each a
//! card (box, status, date, total, producer) that opens its private tracking page.

use leptos::prelude::*;

use crate::client::api;
use crate::client::clock::parse_ms;
use crate::client::components::{remove_shell, status_name};
use crate::client::format;
use crate::client::i18n::{lang, orders, use_i18n};
use crate::client::live::{live, money};
use crate::client::storage::{saved_orders, SavedOrder};

use super::producer_name::{producer_line, MarketNames};

/// One saved order as a card, the whole card its tracking link. The date, the total and the
/// producer's name are the phone's own (the producer's from the market when the phone has no
/// name for it); the status is the server's as it is now (asked with the order's token, as the
/// tracking page does), and said to be unknown when the server cannot tell (offline).
#[component]
fn OrderCard(order: SavedOrder, market: MarketNames) -> impl IntoView {
    let i18n = use_i18n();
    let (id, token) = (order.id.clone(), order.token.clone());
    let status = RwSignal::new(None);
    let answered = RwSignal::new(String::new());
    let kept = order.producer.clone();
    leptos::task::spawn_local(async move {
        let found = api::order(&id, &token).await.map(|(o, producer)| {
            market.ask(&kept, &producer);
            answered.try_set(producer);
            o.status
        });
        status.try_set(Some(found));
    });
    let total = order.total_fen;
    let placed = parse_ms(&order.created_at);
    view! {
        <a class="order-card" href=order.tracking_path()>
            <span class="order-id">{order.id.clone()}</span>
            <span class="card-box">{format!("{} × {}", order.quantity, order.box_id)}</span>
            <span class="card-total">{money(move || total)}</span>
            {producer_line(order.producer.clone(), answered, market, "card-producer")}
            {placed.map(|at| view! {
                <span class="card-date">
                    {orders!(i18n, my_orders_placed)}" "
                    <time datetime=order.created_at.clone()>{live(move || format::date_time(lang(), at))}</time>
                </span>
            })}
            {move || match status.get() {
                None => view! { <span class="card-status">{orders!(i18n, my_orders_status_loading)}</span> }.into_any(),
                Some(Ok(s)) => view! { <strong class="card-status">{status_name(i18n, s)}</strong> }.into_any(),
                Some(Err(_)) => view! {
                    <span class="card-status unknown">{orders!(i18n, my_orders_status_unknown)}</span>
                }.into_any(),
            }}
        </a>
    }
}

/// The list kept in localStorage, newest first.
#[component]
pub fn MyOrders() -> impl IntoView {
    let i18n = use_i18n();
    remove_shell();
    let orders = saved_orders();
    let market = MarketNames::default();
    view! {
        <main class="page my-orders">
            <h1>{orders!(i18n, my_orders_title)}</h1>
            {if orders.is_empty() {
                view! { <p>{orders!(i18n, my_orders_empty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="saved-orders">
                        {orders.into_iter().map(|order| view! { <li><OrderCard order market/></li> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </main>
    }
}
