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

/// Removes index.html's static first screen once the app has something to show in its place.
pub fn remove_shell() {
    if let Some(shell) = leptos::prelude::document().get_element_by_id("shell") {
        shell.remove();
    }
}
