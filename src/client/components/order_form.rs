//! The order form: box, quantity stepper, name, phone, address and a message. It checks fields
//! with the domain's own parse functions, sends one idempotency key per order (reused on every
//! retry), cannot send twice, and explains every refusal kindly on its field or below.

use leptos::prelude::*;

use super::lang;
use crate::client::api;
use crate::client::format;
use crate::client::i18n::{t, t_string, use_i18n, I18n, Key};
use crate::client::order_flow::{
    fresh_key, outcome, FieldProblem, FormInput, KeyKeeper, Outcome, Problems,
};
use crate::client::pwa;
use crate::client::storage;
use crate::domain::{BoxOffer, FieldError, Money, OrderCreated, OrderRequest};

/// A field problem in the buyer's language.
pub fn problem_text(i18n: I18n, problem: &FieldProblem) -> AnyView {
    let rule = match problem {
        FieldProblem::Rule(rule) => *rule,
        FieldProblem::Server(message) => return message.clone().into_any(),
    };
    match rule {
        FieldError::Required => t!(i18n, err_required).into_any(),
        FieldError::TooShort { min } => t!(i18n, err_too_short, min = min).into_any(),
        FieldError::TooLong { max } => t!(i18n, err_too_long, max = max).into_any(),
        FieldError::ControlCharacter => t!(i18n, err_control).into_any(),
        FieldError::NotAWholeNumber | FieldError::NotText => t!(i18n, err_whole_number).into_any(),
        FieldError::OutOfRange { min, max } => t!(i18n, err_range, min = min, max = max).into_any(),
        FieldError::InvalidPhone => t!(i18n, err_phone).into_any(),
        FieldError::InvalidCharacters { .. } => t!(i18n, err_chars).into_any(),
        FieldError::UnknownBox => t!(i18n, err_unknown_box).into_any(),
    }
}

/// What a refused, failed or queued order means, in the buyer's language.
pub fn outcome_message(i18n: I18n, outcome: &Outcome) -> AnyView {
    match *outcome {
        Outcome::SoldOut => t!(i18n, out_sold_out).into_any(),
        Outcome::Insufficient { available } => {
            t!(i18n, out_insufficient, count = available).into_any()
        }
        Outcome::NotOpen => t!(i18n, out_not_open).into_any(),
        Outcome::Closed => t!(i18n, out_closed).into_any(),
        Outcome::RateLimited { seconds } => {
            t!(i18n, out_rate_limited, seconds = seconds).into_any()
        }
        Outcome::Overloaded => t!(i18n, out_overloaded).into_any(),
        Outcome::Network => t!(i18n, out_network).into_any(),
        Outcome::Waiting => t!(i18n, out_waiting).into_any(),
        Outcome::Retry | Outcome::Fields(_) => t!(i18n, out_retry).into_any(),
    }
}

/// One labelled text field with its error below, tied by `aria-describedby`.
#[component]
fn Field(
    id: &'static str,
    label: Key,
    value: RwSignal<String>,
    problems: RwSignal<Problems>,
    #[prop(optional)] hint: Option<Key>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = move || problems.with(|p| p.get(id).map(|e| problem_text(i18n, e)));
    let described = move || {
        let mut ids = Vec::new();
        if hint.is_some() {
            ids.push(format!("{id}-hint"));
        }
        if error().is_some() {
            ids.push(format!("{id}-error"));
        }
        ids.join(" ")
    };
    view! {
        <div class="field" class:invalid=move || error().is_some()>
            <label for=format!("f-{id}")>{i18n.view(label)}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{i18n.view(h)}</p> })}
            <input
                id=format!("f-{id}")
                name=id
                type=kind
                autocomplete=autocomplete
                aria-invalid=move || error().is_some().to_string()
                aria-describedby=described
                prop:value=move || value.get()
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    problems.update(|p| { p.remove(id); });
                }
            />
            {move || error().map(|e| view! { <p class="field-error" id=format!("{id}-error")>{e}</p> })}
        </div>
    }
}

/// The form itself. `open` says whether orders are taken now (it turns on by itself when the
/// countdown reaches the opening).
#[component]
pub fn OrderForm(
    #[prop(into)] boxes: Signal<Vec<BoxOffer>>,
    #[prop(into)] open: Signal<bool>,
    ref_tag: String,
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
    let problems = RwSignal::new(Problems::new());
    let result = RwSignal::new(None::<Outcome>);
    let keeper = StoredValue::new(KeyKeeper::default());
    let last_sent = StoredValue::new(None::<(String, OrderRequest)>);
    let outcome_box = NodeRef::<leptos::html::Div>::new();

    let place = Action::new_local(|(key, request): &(String, OrderRequest)| {
        let (key, request) = (key.clone(), request.clone());
        async move { api::place_order(&key, &request).await }
    });
    let pending = place.pending();

    let input = move || FormInput {
        box_id: box_id.get(),
        quantity: quantity.get(),
        name: name.get(),
        phone: phone.get(),
        address: address.get(),
        note: note.get(),
        ref_tag: ref_tag.clone(),
    };
    let focus_outcome = move || {
        request_animation_frame(move || {
            if let Some(el) = outcome_box.get_untracked() {
                let _ = el.focus();
            }
        })
    };

    Effect::new(move || {
        let Some(answer) = place.value().get() else {
            return;
        };
        match answer {
            Ok(created) => {
                keeper.update_value(KeyKeeper::placed);
                storage::remember(&created);
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
                                if pwa::queue(&key, &request).await {
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
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() || !open.get_untracked() {
            return;
        }
        match input().check(&boxes.get_untracked()) {
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
                place.dispatch((key, request));
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

    view! {
        <form class="order-form" id="order" on:submit=submit novalidate=true aria-labelledby="order-title">
            <h2 id="order-title">{t!(i18n, form_title)}</h2>
            <fieldset class="box-choice">
                <legend>{t!(i18n, field_box)}</legend>
                <For each=move || boxes.get() key=|b| (b.id.clone(), b.available) let:b>
                    {
                        let id = b.id.clone();
                        let id_for_check = id.clone();
                        let price = Money::from_fen(b.price_fen);
                        let kg = b.weight_kg;
                        view! {
                            <label class="radio">
                                <input type="radio" name="box_id" value=id.clone() disabled=b.available == 0
                                    prop:checked=move || box_id.get() == id_for_check
                                    on:change=move |_| box_id.set(id.clone())/>
                                <span>{t!(i18n, box_name, kg = kg)}" · "{move || format::money(lang(), price)}</span>
                            </label>
                        }
                    }
                </For>
                {move || problems.with(|p| p.get("box_id").map(|e| problem_text(i18n, e))).map(|e| view! { <p class="field-error">{e}</p> })}
            </fieldset>
            <div class="field quantity">
                <span class="label" id="quantity-label">{t!(i18n, field_quantity)}</span>
                <div class="stepper" role="group" aria-labelledby="quantity-label">
                    <button type="button" aria-label=move || t_string!(i18n, less) disabled=move || { quantity.get() <= 1 }
                        on:click=move |_| quantity.update(|q| *q = (*q).saturating_sub(1).max(1))>"−"</button>
                    <output aria-live="polite">{move || quantity.get()}</output>
                    <button type="button" aria-label=move || t_string!(i18n, more) disabled=move || { quantity.get() >= 20 }
                        on:click=move |_| quantity.update(|q| *q = (*q + 1).min(20))>"+"</button>
                </div>
            </div>
            <Field id="name" label=Key::field_name value=name problems autocomplete="name"/>
            <Field id="phone" kind="tel" autocomplete="tel" label=Key::field_phone
                hint=Key::phone_hint value=phone problems/>
            <Field id="address" autocomplete="street-address" label=Key::field_address value=address problems/>
            <Field id="note" label=Key::field_note value=note problems/>
            <p class="total">{t!(i18n, total)}": "<strong>{move || total().map(|m| format::money(lang(), m))}</strong></p>
            <div class="outcome" tabindex="-1" node_ref=outcome_box role="alert">
                {move || (!problems.with(Problems::is_empty)).then(|| view! { <p>{t!(i18n, fix_fields)}</p> })}
                {move || result.get().map(|o| {
                    let message = outcome_message(i18n, &o);
                    let take = match o {
                        Outcome::Insufficient { available } if available > 0 => Some(available),
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
            <button type="submit" class="primary" disabled=move || pending.get() || !open.get() aria-busy=move || pending.get().to_string()>
                {move || if pending.get() {
                    t!(i18n, submitting).into_any()
                } else if open.get() {
                    t!(i18n, submit).into_any()
                } else {
                    t!(i18n, submit_closed).into_any()
                }}
            </button>
        </form>
    }
}
