//! Pieces of the pages: the language switch, the countdown, the boxes, the impact, the video,
//! the order form (its way to pay among them) and its confirmation, and sharing.

mod boxes;
mod confirmation;
mod countdown;
mod field;
mod impact;
mod language;
mod order_form;
mod pay_choice;
mod share;
mod video;

pub use boxes::BoxList;
pub use confirmation::Confirmation;
pub use countdown::Countdown;
pub use field::problem_text;
pub use impact::ImpactPanel;
pub use language::LanguageSwitch;
pub use order_form::{outcome_text, OrderForm};
pub use pay_choice::method_key;
pub use share::{CopyButton, ShareButton};
pub use video::{player_html, StoryVideo};

use leptos::prelude::*;

use crate::client::i18n::{I18n, SharedKey};
use crate::domain::OrderStatus;

/// The message naming an order status.
pub fn status_key(status: OrderStatus) -> SharedKey {
    match status {
        OrderStatus::AwaitingPayment => SharedKey::status_awaiting_payment,
        OrderStatus::Received => SharedKey::status_received,
        OrderStatus::Packed => SharedKey::status_packed,
        OrderStatus::Shipped => SharedKey::status_shipped,
        OrderStatus::Delivered => SharedKey::status_delivered,
        OrderStatus::Cancelled => SharedKey::status_cancelled,
    }
}

/// An order status in the buyer's (or the team's) language.
pub fn status_name(i18n: I18n, status: OrderStatus) -> impl IntoView + Copy + 'static {
    i18n.view(status_key(status))
}

/// Removes index.html's static first screen once the app has something to show in its place.
pub fn remove_shell() {
    if let Some(shell) = document().get_element_by_id("shell") {
        shell.remove();
    }
}
