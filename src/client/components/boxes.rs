//! The boxes on offer: weight, price in yuan and how many are left, live.

use leptos::prelude::*;

use crate::client::i18n::{t, use_i18n, Key, Text};
use crate::client::live::{live, money};
use crate::domain::BoxOffer;

/// A box's live offer: the newest numbers for the box with this id (`None` if it left the
/// sale).
pub fn live_offer(
    boxes: Signal<Vec<BoxOffer>>,
    id: String,
) -> impl Fn() -> Option<BoxOffer> + Copy {
    let id = StoredValue::new(id);
    move || boxes.with(|b| id.with_value(|id| b.iter().find(|b| &b.id == id).cloned()))
}

/// One card per box, with a sold-out state; announced politely when the numbers change. The
/// cards are the boxes the page opened with (a change of boxes comes with a new deploy and a
/// reload); their price and boxes left follow the live numbers, in place.
#[component]
pub fn BoxList(#[prop(into)] boxes: Signal<Vec<BoxOffer>>) -> impl IntoView {
    let i18n = use_i18n();
    let cards = boxes
        .get_untracked()
        .into_iter()
        .map(|b| {
            let offer = live_offer(boxes, b.id);
            let left = move || offer().map_or(0, |o| o.available);
            let price = move || offer().map_or(b.price_fen, |o| o.price_fen);
            view! {
                <li class="box" class:sold-out=live(move || left() == 0)>
                    <h3>{t!(i18n, box_name, kg = b.weight_kg)}</h3>
                    <p class="price">{money(price)}</p>
                    <p class="left">
                        {live(move || match left() {
                            0 => Text::from(Key::sold_out),
                            n => Text::Count(Key::boxes_left, u64::from(n)),
                        }.in_locale(i18n.locale()))}
                    </p>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="boxes" aria-live="polite">{cards}</ul> }
}
