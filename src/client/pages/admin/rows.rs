//! The order list's rows: only a window of them in the DOM (`listing::RowWindow`), with spacers
//! for the rows above and below, so the page stays light however far the helper scrolls; a
//! checkbox per row (shift-click or the range switch picks every row in between) and a tap
//! that opens the order.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::desk::Desk;
use super::listing::RowWindow;
use super::pay_words::payment_words;
use crate::client::components::status_name;
use crate::client::format;
use crate::client::i18n::{lang, use_i18n, TeamKey};
use crate::domain::{AdminOrder, Money};

/// How far the list's top is above the top of the viewport, in CSS pixels.
fn scrolled_past(list: &web_sys::HtmlElement) -> f64 {
    let mut top = 0.0;
    let mut node: Option<web_sys::HtmlElement> = Some(list.clone());
    while let Some(el) = node {
        top += f64::from(el.offset_top());
        node = el.offset_parent().map(|p| p.unchecked_into());
    }
    window().scroll_y().unwrap_or(0.0) - top
}

fn viewport_height() -> f64 {
    window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(844.0)
}

/// One order's row.
#[component]
fn OrderRow(desk: Desk, index: usize, order: AdminOrder, owner: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let id = order.order.id.clone();
    let checked = {
        let id = id.clone();
        move || desk.selection.with(|s| s.contains(&id))
    };
    let pick = {
        let id = id.clone();
        move |ev: web_sys::MouseEvent| desk.pick(index, &id, ev.shift_key())
    };
    let open = {
        let id = id.clone();
        move |_| desk.open.set(Some(id.clone()))
    };
    let total = Money::from_fen(order.order.total_fen);
    let status = order.order.status;
    let pay = payment_words(i18n, &order.order)
        .map(|words| view! { <span class="row-pay">{words}</span> });
    let line = format!(
        "{} · {} × {}",
        order.name, order.order.quantity, order.order.box_id
    );
    let select_label = {
        let id = id.clone();
        move || format!("{} {}", i18n.get(TeamKey::select_order), id)
    };
    view! {
        <li class="order-row">
            <input type="checkbox" aria-label=select_label prop:checked=checked on:click=pick/>
            <button type="button" class="row-open" on:click=open>
                <span class="row-id">{id.clone()}</span>
                <span class="row-status">{status_name(i18n, status)}</span>
                {pay}
                <span class="row-line">{line}{move || owner.get().then(|| format!(" · {}", format::money(lang(), total)))}</span>
            </button>
        </li>
    }
}

/// What of an order's payment and refund its row shows, as a key: a row is drawn again when
/// they change, as when its status does.
fn pay_mark(order: &crate::domain::OrderView) -> (Option<u8>, Option<u8>) {
    (
        order.payment.as_ref().map(|p| p.status as u8),
        order.refund.as_ref().map(|r| r.status as u8),
    )
}

/// The loaded orders, a window of them in the DOM, and a request for the next page as the
/// helper nears the last one.
#[component]
pub fn Rows(desk: Desk, #[prop(into)] owner: Signal<bool>) -> impl IntoView {
    let list = NodeRef::<leptos::html::Ul>::new();
    let scroll = RwSignal::new(0u32);
    let handle = window_event_listener(leptos::ev::scroll, move |_| scroll.update(|n| *n += 1));
    let resize = window_event_listener(leptos::ev::resize, move |_| scroll.update(|n| *n += 1));
    on_cleanup(move || {
        handle.remove();
        resize.remove();
    });
    let rows = Memo::new(move |_| {
        scroll.track();
        let len = desk.listing.with(|l| l.orders().len());
        let past = list.get().map(|ul| scrolled_past(&ul)).unwrap_or(0.0);
        RowWindow::at(past, viewport_height(), len)
    });
    // Also after each page lands: the window may not change (it is full) while the helper is
    // still near the end.
    Effect::new(move || {
        desk.listing.track();
        if rows.get().near_end {
            desk.listing.maybe_update(|l| l.want_more());
        }
    });
    let shown = move || {
        let w = rows.get();
        desk.listing.with(|l| {
            l.orders()[w.start..w.end]
                .iter()
                .enumerate()
                .map(|(i, o)| (w.start + i, o.clone()))
                .collect::<Vec<_>>()
        })
    };
    let len = move || desk.listing.with(|l| l.orders().len());
    view! {
        <ul class="order-list" node_ref=list>
            <li class="spacer" aria-hidden="true" style:height=move || format!("{}px", rows.get().above_px())></li>
            <For each=shown key=|(i, o)| (*i, o.order.id.clone(), o.order.status, pay_mark(&o.order)) let:row>
                <OrderRow desk index=row.0 order=row.1 owner/>
            </For>
            <li class="spacer" aria-hidden="true" style:height=move || format!("{}px", rows.get().below_px(len()))></li>
        </ul>
    }
}
