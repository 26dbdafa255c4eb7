//! "My orders": the orders placed from this phone, each with its private tracking link.

use leptos::prelude::*;

use crate::client::components::remove_shell;
use crate::client::i18n::{orders, use_i18n};
use crate::client::live::money;
use crate::client::storage::saved_orders;

/// The list kept in localStorage, newest first.
#[component]
pub fn MyOrders() -> impl IntoView {
    let i18n = use_i18n();
    remove_shell();
    let orders = saved_orders();
    view! {
        <main class="page my-orders">
            <h1>{orders!(i18n, my_orders_title)}</h1>
            {if orders.is_empty() {
                view! { <p>{orders!(i18n, my_orders_empty)}</p> }.into_any()
            } else {
                view! {
                    <ul class="saved-orders">
                        {orders.into_iter().map(|o| {
                            let total = o.total_fen;
                            view! {
                                <li>
                                    <a href=o.tracking_path()>{o.id.clone()}</a>
                                    <span>{format!(" · {} × {} · ", o.quantity, o.box_id)}{money(move || total)}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </main>
    }
}
