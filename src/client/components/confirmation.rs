//! After the order: its number, its total, what happens next, and the private tracking link to
//! copy or share.

use leptos::prelude::*;

use super::share::absolute;
use super::{CopyButton, ShareButton};
use crate::client::i18n::{t, use_i18n};
use crate::client::live::money;
use crate::client::storage::SavedOrder;
use crate::domain::OrderCreated;

/// The confirmation, focused when it appears so a screen reader reads it first.
#[component]
pub fn Confirmation(order: OrderCreated, on_again: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let path = SavedOrder::from(&order).tracking_path();
    let link = absolute(&path);
    let link_text = link.clone();
    let total = order.total_fen;
    let heading = NodeRef::<leptos::html::H2>::new();
    Effect::new(move || {
        if let Some(h) = heading.get() {
            let _ = h.focus();
        }
    });
    view! {
        <section class="confirmation" role="status" aria-live="polite">
            <h2 tabindex="-1" node_ref=heading>{t!(i18n, confirm_title)}</h2>
            <dl>
                <div><dt>{t!(i18n, order_number)}</dt><dd class="order-id">{order.id.clone()}</dd></div>
                <div><dt>{t!(i18n, total)}</dt><dd>{money(move || total)}</dd></div>
            </dl>
            <p>{t!(i18n, next_steps)}</p>
            <p class="tracking">
                <span>{t!(i18n, tracking_link)}</span>
                <a href=path.clone()>{link_text}</a>
            </p>
            <div class="actions">
                <CopyButton text=link.clone()/>
                <ShareButton path=path.clone()/>
                <button type="button" class="secondary" on:click=move |_| on_again.run(())>{t!(i18n, another_order)}</button>
            </div>
        </section>
    }
}
