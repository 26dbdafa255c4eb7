//! The order form's way to pay: the producer's methods as this phone can pay them (Alipay inside
//! WeChat is explained, not offered), shown only when there is a choice or one to explain, with
//! the `payment` field's problem below them.

use leptos::prelude::*;

use super::field::group_problem;
use crate::client::i18n::{t, use_i18n, Key};
use crate::client::order_flow::Problems;
use crate::client::payment::{shows_methods, Offer};
use crate::domain::PaymentMethod;

/// The message naming a way to pay.
pub fn method_key(method: PaymentMethod) -> Key {
    match method {
        PaymentMethod::Wechat => Key::pay_wechat,
        PaymentMethod::Alipay => Key::pay_alipay,
        PaymentMethod::Cod => Key::pay_cod,
    }
}

/// The methods as radio buttons, `chosen` the one picked; nothing at all for a shop paid on
/// delivery only.
#[component]
pub fn PayChoice(
    offers: Vec<Offer>,
    chosen: RwSignal<Option<PaymentMethod>>,
    problems: RwSignal<Problems>,
) -> impl IntoView {
    let i18n = use_i18n();
    shows_methods(&offers).then(|| {
        // Alipay inside WeChat: its choice is greyed out, and one line below says what to do.
        let explain = offers.iter().any(|o| !o.here);
        let choices = offers
            .into_iter()
            .map(|Offer { method, here }| {
                view! {
                    <label class="radio">
                        // The browser keeps which one is checked; the choice follows it.
                        <input type="radio" name="payment" value=method.as_str() disabled=!here
                            checked=chosen.get_untracked() == Some(method)
                            on:change=move |_| chosen.set(Some(method))/>
                        <span>{i18n.view(method_key(method))}</span>
                    </label>
                }
            })
            .collect_view();
        view! {
            <fieldset class="pay-choice">
                <legend>{t!(i18n, field_payment)}</legend>
                {choices}
                {explain.then(|| view! { <p class="hint">{t!(i18n, pay_in_browser)}</p> })}
                {group_problem(problems, "payment")}
            </fieldset>
        }
    })
}
