//! Order at the counter: a service point's member (any member: packer, owner, or the operator
//! for the producer chosen) places an order for a villager who has no smartphone, then prints
//! the villager's slip with the order's tracking link as a QR code. The fields, their parse
//! functions and their error messages are the buyer's order form's (`order_flow`,
//! `problem_text`), and so is the one idempotency key per order, reused on every retry; the
//! order goes with the member's token and `"ref": "counter"`. The slip is the server's page
//! (`GET /api/orders/{id}/slip`), asked with the order's token while the page still has it,
//! and printed in a tab of its own as the labels are.

use leptos::prelude::*;

use super::print::{is_open, show_printable};
use super::AdminSession;
use crate::client::api::counter;
use crate::client::components::{outcome_text, problem_text};
use crate::client::format;
use crate::client::i18n::{fill, team, team_string, use_i18n, Key, TeamKey};
use crate::client::order_flow::{fresh_key, outcome, FormInput, KeyKeeper, Outcome, Problems};
use crate::domain::{BoxOffer, Money, OrderCreated};

/// The tag of an order placed at the counter (the server sets it too, whatever it is sent).
const COUNTER: &str = "counter";

/// An order placed at the counter, with the villager's name as typed (the answer has none).
#[derive(Clone, Debug)]
struct Placed {
    order: OrderCreated,
    name: String,
}

/// "Order at the counter", folded until opened: the producer's boxes are asked only then.
#[component]
pub fn CounterOrder(session: AdminSession) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let done = RwSignal::new(None::<Placed>);
    // Asked again after each order: the boxes left have changed.
    let boxes = LocalResource::new(move || {
        let (shown, again) = (open.get(), done.with(Option::is_none));
        let team = session.team();
        async move {
            match shown && again {
                true => Some(counter::boxes(&team).await),
                false => None,
            }
        }
    });
    let on_placed = Callback::new(move |p: Placed| done.set(Some(p)));
    let on_again = Callback::new(move |_| done.set(None));
    view! {
        <details class="counter" on:toggle=move |ev| open.set(is_open(&ev))>
            <summary>{team!(i18n, counter_title)}</summary>
            <p class="hint">{team!(i18n, counter_intro)}</p>
            {move || match (done.get(), boxes.get().flatten()) {
                (Some(placed), _) => view! { <PlacedSlip placed on_again/> }.into_any(),
                (None, None) => view! { <p role="status">{team!(i18n, loading)}</p> }.into_any(),
                (None, Some(Err(e))) => view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any(),
                (None, Some(Ok(offers))) if offers.is_empty() => view! { <p>{team!(i18n, counter_nothing)}</p> }.into_any(),
                (None, Some(Ok(offers))) => view! { <CounterForm session offers on_placed/> }.into_any(),
            }}
        </details>
    }
}

/// The form: a box, how many, and the villager's name, phone and address.
#[component]
fn CounterForm(
    session: AdminSession,
    offers: Vec<BoxOffer>,
    on_placed: Callback<Placed>,
) -> impl IntoView {
    let i18n = use_i18n();
    let first = offers
        .iter()
        .find(|b| b.available > 0)
        .or(offers.first())
        .map(|b| b.id.clone())
        .unwrap_or_default();
    let box_id = RwSignal::new(first);
    let quantity = RwSignal::new("1".to_owned());
    let [name, phone, address] = [(); 3].map(|_| RwSignal::new(String::new()));
    let problems = RwSignal::new(Problems::new());
    let result = RwSignal::new(None::<Outcome>);
    let pending = RwSignal::new(false);
    let keeper = StoredValue::new(KeyKeeper::default());
    let offers = StoredValue::new(offers);

    let typed = move || FormInput {
        box_id: box_id.get_untracked(),
        // Not a whole number: 0, which the quantity's own rule refuses in its words.
        quantity: quantity.get_untracked().trim().parse().unwrap_or(0),
        name: name.get_untracked(),
        phone: phone.get_untracked(),
        address: address.get_untracked(),
        note: String::new(),
        ref_tag: COUNTER.to_owned(),
        gift: None,
        // The counter names no way to pay, as before payment: the server reads it as `cod`.
        payment: None,
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let input = typed();
        let request = match offers.with_value(|o| input.check(o)) {
            Ok(request) => request,
            Err(found) => {
                problems.set(found);
                result.set(None);
                return;
            }
        };
        problems.set(Problems::new());
        result.set(None);
        let key = keeper
            .try_update_value(|k| k.key_for(&request, fresh_key))
            .unwrap_or_else(fresh_key);
        pending.set(true);
        let team = session.team();
        leptos::task::spawn_local(async move {
            let answer = counter::place(&team, &key, &request).await;
            pending.set(false);
            match answer {
                Ok(order) => {
                    keeper.update_value(KeyKeeper::placed);
                    session.changed();
                    let name = input.name.trim().to_owned();
                    on_placed.run(Placed { order, name });
                }
                Err(error) => match outcome(&error, &Problems::new()) {
                    Outcome::Fields(fields) => problems.set(fields),
                    other => result.set(Some(other)),
                },
            }
        });
    };

    // One labelled field, its error (the buyer's words) below it.
    let field = move |id: &'static str,
                      label: TeamKey,
                      value: RwSignal<String>,
                      kind: &'static str| {
        let error = move || problems.with(|p| p.get(id).map(problem_text));
        let error_id = format!("counter-{id}-error");
        view! {
            <div class="field" class:invalid=move || error().is_some()>
                <label for=format!("counter-{id}")>{i18n.view(label)}</label>
                <input id=format!("counter-{id}") name=id type=kind autocomplete="off"
                    aria-invalid=move || error().is_some().to_string()
                    aria-describedby=error_id.clone()
                    prop:value=move || value.get()
                    on:input=move |ev| {
                        value.set(event_target_value(&ev));
                        problems.update(|p| { p.remove(id); });
                    }/>
                {move || error().map(|e| view! { <p class="field-error" id=error_id.clone()>{i18n.show(e)}</p> })}
            </div>
        }
    };
    let choices = offers.with_value(|o| o.clone()).into_iter().map(|b| {
        let (id, id_checked) = (b.id.clone(), b.id.clone());
        let price = format::money(i18n.locale().as_str(), Money::from_fen(b.price_fen));
        view! {
            <label class="radio">
                <input type="radio" name="counter-box" value=id.clone() disabled=b.available == 0
                    prop:checked=move || box_id.get() == id_checked
                    on:change=move |_| box_id.set(id.clone())/>
                <span>{team!(i18n, counter_box_choice, kg = b.weight_kg, price = price)}</span>
            </label>
        }
    }).collect_view();
    let total = move || {
        let fen = offers.with_value(|o| {
            o.iter()
                .find(|b| b.id == box_id.get())
                .map_or(0, |b| b.price_fen)
        });
        let n = quantity.with(|q| q.trim().parse::<u32>().unwrap_or(0));
        let money = Money::from_fen(fen).times(n).unwrap_or_default();
        format::money(i18n.locale().as_str(), money)
    };
    view! {
        <form class="counter-form" on:submit=submit novalidate=true>
            <fieldset>
                <legend>{team!(i18n, counter_box)}</legend>
                {choices}
                {move || problems.with(|p| p.get("box_id").map(problem_text)).map(|e| view! { <p class="field-error">{i18n.show(e)}</p> })}
            </fieldset>
            {field("quantity", TeamKey::counter_quantity, quantity, "number")}
            {field("name", TeamKey::counter_name, name, "text")}
            {field("phone", TeamKey::counter_phone, phone, "tel")}
            {field("address", TeamKey::counter_address, address, "text")}
            <p class="total">{move || fill(i18n.get(TeamKey::counter_total), &[("total", total())])}</p>
            <div class="outcome" role="alert">
                {move || (!problems.with(Problems::is_empty)).then(|| view! { <p>{i18n.view(Key::fix_fields)}</p> })}
                {move || result.get().map(|o| view! { <p>{i18n.show(outcome_text(&o))}</p> })}
            </div>
            <button type="submit" class="primary" disabled=move || pending.get()>
                {move || i18n.get(if pending.get() { TeamKey::counter_placing } else { TeamKey::counter_place })}
            </button>
        </form>
    }
}

/// The order placed: what it is, the slip to print for the villager, and the next order.
#[component]
fn PlacedSlip(placed: Placed, on_again: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let problem = RwSignal::new(None::<String>);
    let order = StoredValue::new(placed.order);
    let print = move |_| {
        problem.set(None);
        // Opened blank at the tap, so no pop-up blocker stops it; filled once the slip is here.
        let Some(tab) = window()
            .open_with_url_and_target("", "_blank")
            .ok()
            .flatten()
        else {
            problem.set(Some(team_string!(i18n, counter_popup_blocked).to_owned()));
            return;
        };
        let (id, token) = order.with_value(|o| (o.id.clone(), o.token.clone()));
        let lang = i18n.locale().as_str();
        let origin = window().location().origin().unwrap_or_default();
        leptos::task::spawn_local(async move {
            match counter::slip(&id, &token, lang, &origin).await {
                Ok(page) => show_printable(&tab, &page),
                Err(e) => {
                    let _ = tab.close();
                    problem.set(Some(e.to_string()));
                }
            }
        });
    };
    let o = order.get_value();
    let total = format::money(i18n.locale().as_str(), Money::from_fen(o.total_fen));
    view! {
        <p class="counter-placed" role="status">
            {team!(i18n, counter_placed, id = o.id, name = placed.name, size = o.box_id, quantity = o.quantity, total = total)}
        </p>
        <p class="actions">
            <button type="button" class="primary" on:click=print>{team!(i18n, counter_print)}</button>
            <button type="button" class="secondary" on:click=move |_| on_again.run(())>{team!(i18n, counter_again)}</button>
        </p>
        {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
    }
}
