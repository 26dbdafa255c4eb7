//! The tracking page's payment (orders bundle): while it waits, the time left to pay counting
//! down and the way to pay (the provider's page, WeChat's pay sheet, or the QR code to scan on
//! a computer); then paid, or cancelled unpaid with its boxes back on sale; and a refund with
//! its amount. An order paid on delivery shows none of it.

use std::time::Duration;

use leptos::prelude::*;

use super::pay_qr::PayQr;
use crate::client::clock::{local_now_ms, parse_ms};
use crate::client::components::method_key;
use crate::client::format;
use crate::client::i18n::{lang, orders, use_i18n, I18n, Key, OrdersKey};
use crate::client::live::live;
use crate::client::payment::{pay_state, pay_step, time_left, PayState, PayStep};
use crate::client::wechat_bridge;
use crate::domain::{
    fill, Money, OrderView, PaymentMethod, PaymentNext, RefundStatus, RefundView, Situation,
};

/// Whether the page runs inside WeChat.
fn in_wechat() -> bool {
    let agent = window().navigator().user_agent().unwrap_or_default();
    Situation::of_user_agent(&agent) == Situation::Wechat
}

/// A refund's state and amount, in the buyer's words (an order's, or a claim's).
pub(super) fn refund_view(i18n: I18n, refund: &RefundView) -> impl IntoView {
    let key = match refund.status {
        RefundStatus::RefundPending => OrdersKey::refund_pending,
        RefundStatus::Refunded => OrdersKey::refund_done,
        RefundStatus::RefundFailed => OrdersKey::refund_failed,
    };
    let fen = refund.fen;
    let text = move || {
        let amount = format::money(lang(), Money::from_fen(fen));
        fill(i18n.get(key), &[("amount", amount)])
    };
    view! { <p class="refund" role="status">{text}</p> }
}

/// The way to pay `next`: a button that opens the provider's page or WeChat's sheet, or the QR
/// code to scan. `bridged` keeps WeChat's sheet from opening by itself more than once a page;
/// `reload` asks the order again once the sheet answers.
fn pay_way(
    i18n: I18n,
    method: PaymentMethod,
    next: PaymentNext,
    bridged: StoredValue<bool>,
    reload: Callback<()>,
) -> AnyView {
    if method == PaymentMethod::Alipay && in_wechat() {
        return view! { <p class="hint">{i18n.view(Key::pay_in_browser)}</p> }.into_any();
    }
    let failed = RwSignal::new(false);
    let step = pay_step(&next);
    let pay = {
        let step = step.clone();
        move || match step.clone() {
            PayStep::Open(url) => {
                let _ = window().location().assign(&url);
            }
            PayStep::Bridge(params) => {
                failed.set(false);
                wechat_bridge::pay(params, move |paid| {
                    failed.set(!paid);
                    reload.run(());
                });
            }
            PayStep::Scan(_) => {}
        }
    };
    if let PayStep::Scan(code_url) = step {
        let label = i18n.get(OrdersKey::pay_scan).to_owned();
        return view! {
            <p>{orders!(i18n, pay_scan)}</p>
            <PayQr code_url label/>
        }
        .into_any();
    }
    // Back from WeChat's sign-in: the sheet opens by itself, once.
    if matches!(step, PayStep::Bridge(_)) && !bridged.get_value() {
        bridged.set_value(true);
        pay();
    }
    view! {
        <button type="button" class="primary" on:click=move |_| pay()>{orders!(i18n, pay_now)}</button>
        {move || failed.get().then(|| view! { <p role="alert">{orders!(i18n, pay_not_done)}</p> })}
    }
    .into_any()
}

/// The order's payment and refund, if it has either.
#[component]
pub fn PaymentPanel(
    order: OrderView,
    bridged: StoredValue<bool>,
    reload: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let refund = order.refund.as_ref().map(|r| refund_view(i18n, r));
    let method = order.payment.as_ref().map(|p| p.method);
    let state = pay_state(&order).map(|state| match state {
        PayState::Awaiting { expires_at, next } => {
            let until = expires_at.as_deref().and_then(parse_ms);
            let now = RwSignal::new(local_now_ms());
            if let Ok(tick) =
                set_interval_with_handle(move || now.set(local_now_ms()), Duration::from_secs(1))
            {
                on_cleanup(move || tick.clear());
            }
            let left = move || match until.and_then(|u| time_left(now.get(), u)) {
                Some(left) => fill(i18n.get(OrdersKey::pay_left), &[("left", left)]),
                None => i18n.get(OrdersKey::pay_time_up).to_owned(),
            };
            let way = next
                .zip(method)
                .map(|(next, method)| pay_way(i18n, method, next, bridged, reload));
            view! {
                <p class="pay-left" role="timer" aria-live="off">{live(left)}</p>
                {way}
            }
            .into_any()
        }
        PayState::Paid => {
            let method = method.unwrap_or(PaymentMethod::Wechat);
            let text = move || {
                let name = i18n.get(method_key(method)).to_owned();
                fill(i18n.get(OrdersKey::pay_paid), &[("method", name)])
            };
            view! { <p class="paid" role="status">{text}</p> }.into_any()
        }
        PayState::ClosedUnpaid => {
            view! { <p class="apology" role="status">{orders!(i18n, pay_closed_unpaid)}</p> }
                .into_any()
        }
        PayState::ClosedPaidLate => {
            view! { <p class="apology" role="status">{orders!(i18n, pay_closed_late)}</p> }
                .into_any()
        }
        PayState::Refunded if order.refund.is_none() => {
            view! { <p role="status">{orders!(i18n, pay_refunded)}</p> }.into_any()
        }
        PayState::Refunded => ().into_any(),
    });
    (state.is_some() || refund.is_some()).then(|| {
        view! {
            <section class="payment">
                {state}
                {refund}
            </section>
        }
    })
}
