//! Pieces of the pages: the language switch, the countdown, the boxes, the impact, the video,
//! the order form and its confirmation, and sharing.

mod boxes;
mod confirmation;
mod countdown;
mod impact;
mod language;
mod order_form;
mod share;
mod video;

pub use boxes::BoxList;
pub use confirmation::Confirmation;
pub use countdown::Countdown;
pub use impact::ImpactPanel;
pub use language::{lang, LanguageSwitch};
pub use order_form::{outcome_message, OrderForm};
pub use share::{CopyButton, ShareButton};
pub use video::StoryVideo;

use leptos::prelude::*;

use crate::client::i18n::{t, Locale};
use crate::domain::OrderStatus;

type I18n = leptos_i18n::I18nContext<Locale>;

/// An order status in the buyer's (or the team's) language.
pub fn status_name(i18n: I18n, status: OrderStatus) -> AnyView {
    match status {
        OrderStatus::Received => t!(i18n, status_received).into_any(),
        OrderStatus::Packed => t!(i18n, status_packed).into_any(),
        OrderStatus::Shipped => t!(i18n, status_shipped).into_any(),
        OrderStatus::Delivered => t!(i18n, status_delivered).into_any(),
        OrderStatus::Cancelled => t!(i18n, status_cancelled).into_any(),
    }
}

/// Removes index.html's static first screen once the app has something to show in its place.
pub fn remove_shell() {
    if let Some(shell) = document().get_element_by_id("shell") {
        shell.remove();
    }
}
