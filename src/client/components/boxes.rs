//! The boxes on offer: weight, price in yuan and how many are left.

use leptos::prelude::*;

use crate::domain::{BoxOffer, Money};

/// One card per box, with a sold-out state.
#[component]
pub fn BoxList(boxes: Vec<BoxOffer>) -> impl IntoView {
    view! {
        <ul class="boxes" aria-live="polite">
            {boxes
                .into_iter()
                .map(|b| {
                    let sold_out = b.available == 0;
                    view! {
                        <li class="box" class:sold-out=sold_out>
                            <h3>{format!("{} kg", b.weight_kg)}</h3>
                            <p class="price">{Money::from_fen(b.price_fen).display_yuan()}</p>
                            <p class="left">
                                {if sold_out { "Sold out".to_string() } else { format!("{} boxes left", b.available) }}
                            </p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}
