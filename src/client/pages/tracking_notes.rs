//! What the tracking page says about an order beyond its journey: to whom a gift goes and its
//! words (never the recipient's phone: the lookup does not send it), and the apology owed to a
//! buyer whose order a short harvest cancelled.

use leptos::prelude::*;

use crate::client::i18n::{orders, I18n};
use crate::domain::{CancelReason, OrderView};

/// The gift's recipient and message, and a short harvest's apology, if any.
pub fn order_notes(i18n: I18n, order: &OrderView) -> impl IntoView {
    let apology = (order.cancel_reason == Some(CancelReason::HarvestShort)).then(|| {
        view! { <p class="apology" role="status">{orders!(i18n, short_apology)}</p> }
    });
    let gift = order.recipient.as_ref().map(|to| {
        let words = order.gift_message.clone().map(|message| {
            view! { <p class="gift-words">{orders!(i18n, gift_words, message = message)}</p> }
        });
        let (name, address) = (to.name.clone(), to.address.clone());
        view! {
            <p class="gift-to">{orders!(i18n, gift_for, name = name, address = address)}</p>
            {words}
        }
    });
    (apology, gift)
}
