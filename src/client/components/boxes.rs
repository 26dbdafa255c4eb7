//! The boxes on offer: weight, price in yuan and how many are left, live.

use leptos::prelude::*;

use super::lang;
use crate::client::format;
use crate::client::i18n::{t, use_i18n};
use crate::domain::{BoxOffer, Money};

/// One card per box, with a sold-out state; announced politely when the numbers change.
#[component]
pub fn BoxList(#[prop(into)] boxes: Signal<Vec<BoxOffer>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="boxes" aria-live="polite">
            <For each=move || boxes.get() key=|b| (b.id.clone(), b.available, b.price_fen) let:b>
                {
                    let sold_out = b.available == 0;
                    let price = Money::from_fen(b.price_fen);
                    let (kg, count) = (b.weight_kg, b.available);
                    view! {
                        <li class="box" class:sold-out=sold_out>
                            <h3>{t!(i18n, box_name, kg = kg)}</h3>
                            <p class="price">{move || format::money(lang(), price)}</p>
                            <p class="left">
                                {move || {
                                    if sold_out {
                                        t!(i18n, sold_out).into_any()
                                    } else {
                                        let count = format::number(lang(), u64::from(count));
                                        t!(i18n, boxes_left, count = count).into_any()
                                    }
                                }}
                            </p>
                        </li>
                    }
                }
            </For>
        </ul>
    }
}
