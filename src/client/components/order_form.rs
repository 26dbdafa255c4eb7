//! The order form: box, quantity stepper, name, phone, address, a message and, for a gift, who
//! receives the box and a few words for its label. It checks fields with the domain's own parse
//! functions, sends one idempotency key per order (reused on every retry), cannot send twice, and
//! explains every refusal kindly on its field or below.

use leptos::prelude::*;

use super::boxes::live_offer;
use super::field::{group_problem, Field};
use super::pay_choice::PayChoice;
use crate::client::api;
use crate::client::format;
use crate::client::i18n::{lang, t, t_string, use_i18n, Key, Text};
use crate::client::live::{live, money};
use crate::client::order_flow::{
    fresh_key, outcome, FormInput, GiftInput, KeyKeeper, Outcome, Problems,
};
use crate::client::payment::{first_choice, offers};
use crate::client::pwa;
use crate::client::storage::{self, PlacedWith};
use crate::domain::{BoxOffer, Money, OrderCreated, OrderRequest, PaymentMethod, Situation};

/// What a refused, failed or queued order means, in the buyer's words.
pub fn outcome_text(outcome: &Outcome) -> Text {
    let key = match *outcome {
        Outcome::SoldOut => Key::out_sold_out,
        Outcome::Insufficient { available } => {
            return Text::Count(Key::out_insufficient, u64::from(available))
        }
        Outcome::LimitReached { remaining: 0 } => Key::out_limit_none,
        Outcome::LimitReached { remaining } => {
            return Text::Message(Key::out_limit, vec![("count", remaining.to_string())])
        }
        Outcome::NotOpen => Key::out_not_open,
        Outcome::Closed => Key::out_closed,
        Outcome::RateLimited { seconds } => return Text::Count(Key::out_rate_limited, seconds),
        Outcome::Overloaded => Key::out_overloaded,
        Outcome::Network => Key::out_network,
        Outcome::Waiting => Key::out_waiting,
        Outcome::Retry | Outcome::Fields(_) => Key::out_retry,
    };
    key.into()
}

/// The form itself. `open` says whether orders are taken now (it turns on by itself when the
/// countdown reaches the opening).
#[component]
pub fn OrderForm(
    #[prop(into)] boxes: Signal<Vec<BoxOffer>>,
    #[prop(into)] open: Signal<bool>,
    ref_tag: String,
    /// Whom the order is placed with, kept with it on the phone.
    producer: PlacedWith,
    /// The ways the producer is paid (`Storefront.payment_methods`).
    methods: Vec<PaymentMethod>,
    on_placed: Callback<OrderCreated>,
    /// Called when an order could not be sent and waits in the phone's outbox.
    on_queued: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let box_id = RwSignal::new(boxes.with_untracked(|b| {
        b.iter()
            .find(|b| b.available > 0)
            .or(b.first())
            .map(|b| b.id.clone())
            .unwrap_or_default()
    }));
    let quantity = RwSignal::new(1u32);
    let (name, phone, address, note) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    // A gift: the box goes to someone else, with a few words on its label.
    let gift = RwSignal::new(false);
    let to = [(); 4].map(|_| RwSignal::new(String::new()));
    let problems = RwSignal::new(Problems::new());
    let result = RwSignal::new(None::<Outcome>);
    let keeper = StoredValue::new(KeyKeeper::default());
    let last_sent = StoredValue::new(None::<(String, OrderRequest)>);
    let outcome_box = NodeRef::<leptos::html::Div>::new();
    let producer = StoredValue::new(producer);

    let pending = RwSignal::new(false);
    // The producer's methods as this phone can pay them, the first of those chosen.
    let agent = window().navigator().user_agent().unwrap_or_default();
    let offered = offers(&methods, Situation::of_user_agent(&agent));
    let payment = RwSignal::new(first_choice(&offered));
    let methods = StoredValue::new(methods);

    let input = move || FormInput {
        box_id: box_id.get(),
        quantity: quantity.get(),
        name: name.get(),
        phone: phone.get(),
        address: address.get(),
        note: note.get(),
        ref_tag: ref_tag.clone(),
        gift: gift.get().then(|| {
            let [name, phone, address, message] = to.map(|s| s.get());
            GiftInput {
                name,
                phone,
                address,
                message,
            }
        }),
        payment: payment.get(),
    };
    let focus_outcome = move || {
        request_animation_frame(move || {
            if let Some(el) = outcome_box.get_untracked() {
                let _ = el.focus();
            }
        })
    };

    let answered = move |answer: Result<OrderCreated, api::ApiError>| {
        match answer {
            Ok(created) => {
                keeper.update_value(KeyKeeper::placed);
                producer.with_value(|p| storage::remember(&created, p));
                result.set(None);
                on_placed.run(created);
            }
            Err(error) => {
                match outcome(&error, &Problems::new()) {
                    Outcome::Fields(fields) => {
                        problems.set(fields);
                        result.set(None);
                    }
                    Outcome::Network => {
                        // Offline or timed out: keep the order, with its key, in the outbox.
                        result.set(Some(Outcome::Network));
                        if let Some((key, request)) = last_sent.get_value() {
                            leptos::task::spawn_local(async move {
                                let (url, producer) = (api::orders_url(), producer.get_value());
                                if pwa::queue(&key, &request, &url, &producer).await {
                                    result.set(Some(Outcome::Waiting));
                                    on_queued.run(());
                                }
                            });
                        }
                    }
                    other => result.set(Some(other)),
                }
                focus_outcome();
            }
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() || !open.get_untracked() {
            return;
        }
        match methods.with_value(|m| input().check_with(&boxes.get_untracked(), m)) {
            Err(found) => {
                problems.set(found);
                result.set(None);
                focus_outcome();
            }
            Ok(request) => {
                problems.set(Problems::new());
                let key = keeper
                    .try_update_value(|k| k.key_for(&request, fresh_key))
                    .unwrap_or_else(fresh_key);
                last_sent.set_value(Some((key.clone(), request.clone())));
                pending.set(true);
                leptos::task::spawn_local(async move {
                    let answer = api::place_order(&key, &request).await;
                    pending.set(false);
                    answered(answer);
                });
            }
        }
    };

    let chosen = move || boxes.with(|b| b.iter().find(|b| b.id == box_id.get()).cloned());
    let total = move || {
        chosen().map(|b| {
            Money::from_fen(b.price_fen)
                .times(quantity.get())
                .unwrap_or_default()
        })
    };

    // The boxes the page opened with; whether each can be chosen, and its price, stay live.
    let choices = boxes
        .get_untracked()
        .into_iter()
        .map(|b| {
            let offer = live_offer(boxes, b.id.clone());
            let price = move || offer().map_or(b.price_fen, |o| o.price_fen);
            let (id, id_for_check) = (b.id.clone(), b.id);
            view! {
                <label class="radio">
                    <input type="radio" name="box_id" value=id.clone()
                        disabled=live(move || offer().is_none_or(|o| o.available == 0))
                        prop:checked=live(move || box_id.get() == id_for_check)
                        on:change=move |_| box_id.set(id.clone())/>
                    <span>{t!(i18n, box_name, kg = b.weight_kg)}" · "{money(price)}</span>
                </label>
            }
        })
        .collect_view();

    view! {
        <form class="order-form" id="order" on:submit=submit novalidate=true aria-labelledby="order-title">
            <h2 id="order-title">{t!(i18n, form_title)}</h2>
            <fieldset class="box-choice">
                <legend>{t!(i18n, field_box)}</legend>
                {choices}
                {group_problem(problems, "box_id")}
            </fieldset>
            <div class="field quantity">
                <span class="label" id="quantity-label">{t!(i18n, field_quantity)}</span>
                <div class="stepper" role="group" aria-labelledby="quantity-label">
                    <button type="button" aria-label=move || t_string!(i18n, less) disabled=live(move || quantity.get() <= 1)
                        on:click=move |_| quantity.update(|q| *q = (*q).saturating_sub(1).max(1))>"−"</button>
                    <output aria-live="polite">{live(move || quantity.get().to_string())}</output>
                    <button type="button" aria-label=move || t_string!(i18n, more) disabled=live(move || quantity.get() >= 20)
                        on:click=move |_| quantity.update(|q| *q = (*q + 1).min(20))>"+"</button>
                </div>
            </div>
            <Field id="name" label=Key::field_name value=name problems autocomplete="name"/>
            <Field id="phone" kind="tel" autocomplete="tel" label=Key::field_phone
                hint=Key::phone_hint value=phone problems/>
            <Field id="address" autocomplete="street-address" label=Key::field_address value=address problems/>
            <Field id="note" label=Key::field_note value=note problems/>
            <label class="radio">
                <input type="checkbox" name="gift" prop:checked=live(move || gift.get())
                    on:change=move |ev| gift.set(event_target_checked(&ev))/>
                <span>{t!(i18n, gift_toggle)}</span>
            </label>
            // Always in the page, shown when ticked: one view, no second copy of the machinery.
            <fieldset class="gift" hidden=live(move || !gift.get())>
                <legend>{t!(i18n, gift_to)}</legend>
                {[("recipient.name", Key::gift_name), ("recipient.phone", Key::gift_phone),
                  ("recipient.address", Key::gift_address), ("gift_message", Key::gift_words)]
                    .into_iter()
                    .zip(to)
                    .map(|((id, label), value)| view! { <Field id label value problems/> })
                    .collect_view()}
            </fieldset>
            <PayChoice offers=offered chosen=payment problems/>
            <p class="total">{t!(i18n, total)}": "<strong>{live(move || total().map(|m| format::money(lang(), m)).unwrap_or_default())}</strong></p>
            <div class="outcome" tabindex="-1" node_ref=outcome_box role="alert">
                {move || (!problems.with(Problems::is_empty)).then(|| view! { <p>{t!(i18n, fix_fields)}</p> })}
                {move || result.get().map(|o| {
                    let message = i18n.show(outcome_text(&o));
                    let take = match o {
                        Outcome::Insufficient { available: n } | Outcome::LimitReached { remaining: n } if n > 0 => Some(n),
                        _ => None,
                    };
                    view! {
                        <p>{message}</p>
                        {take.map(|n| view! {
                            <button type="button" class="secondary" on:click=move |_| { quantity.set(n); result.set(None); }>
                                {t!(i18n, out_take_available, count = n)}
                            </button>
                        })}
                    }
                })}
            </div>
            <button type="submit" class="primary" disabled=live(move || pending.get() || !open.get()) aria-busy=live(move || pending.get().to_string())>
                {move || i18n.get(if pending.get() {
                    Key::submitting
                } else if open.get() {
                    Key::submit
                } else {
                    Key::submit_closed
                })}
            </button>
        </form>
    }
}
