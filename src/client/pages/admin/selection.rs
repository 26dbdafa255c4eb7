//! Which orders the helper has picked for a bulk move or a print: one by one, a range (shift
//! and click on a laptop; on a phone "range" then a tap on the last one), or every order the
//! filter matches, and the plain words for each order a bulk move refused.

use std::collections::BTreeSet;

use crate::client::i18n::TeamKey;
use crate::domain::ErrorCode;

/// The most orders one bulk move (and so one selection) holds, as the API allows.
pub const MAX_SELECTED: usize = 10_000;

/// The orders picked, by id, and the row the next range starts from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    ids: BTreeSet<String>,
    anchor: Option<usize>,
}

impl Selection {
    /// Whether this order is picked.
    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// How many orders are picked.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The picked ids, in a stable order.
    pub fn ids(&self) -> Vec<String> {
        self.ids.iter().cloned().collect()
    }

    /// Picks or unpicks the order at row `index`; the next range starts from that row.
    pub fn toggle(&mut self, index: usize, id: &str) {
        if !self.ids.remove(id) && self.ids.len() < MAX_SELECTED {
            self.ids.insert(id.to_owned());
        }
        self.anchor = Some(index);
    }

    /// The row a range would start from, if one was tapped.
    pub fn anchor(&self) -> Option<usize> {
        self.anchor
    }

    /// Picks every order of a range (`ids`, from the anchor to the row tapped); the range
    /// ends where it was tapped, so the next one carries on from there.
    pub fn add_range(&mut self, index: usize, ids: Vec<String>) {
        for id in ids {
            if self.ids.len() >= MAX_SELECTED {
                break;
            }
            self.ids.insert(id);
        }
        self.anchor = Some(index);
    }

    /// Picks exactly these orders (every order the filter matches), up to the most allowed.
    pub fn set_all(&mut self, ids: impl IntoIterator<Item = String>) {
        self.ids = ids.into_iter().take(MAX_SELECTED).collect();
        self.anchor = None;
    }

    /// Unpicks everything.
    pub fn clear(&mut self) {
        self.ids.clear();
        self.anchor = None;
    }

    /// Forgets the orders that were moved (they left the filter).
    pub fn remove_all<'a>(&mut self, ids: impl IntoIterator<Item = &'a String>) {
        for id in ids {
            self.ids.remove(id);
        }
        self.anchor = None;
    }
}

/// The helper's words for why the server refused to move one order.
pub fn refusal_key(code: ErrorCode) -> TeamKey {
    match code {
        ErrorCode::StatusConflict => TeamKey::refused_moved,
        ErrorCode::NotFound => TeamKey::refused_not_found,
        ErrorCode::InvalidTransition => TeamKey::refused_transition,
        ErrorCode::Forbidden => TeamKey::refused_forbidden,
        ErrorCode::PayloadTooLarge => TeamKey::refused_too_large,
        _ => TeamKey::refused_other,
    }
}

/// The status a bulk move sends orders of `from` on to, if the journey goes on from there.
pub fn next_status(from: crate::domain::OrderStatus) -> Option<crate::domain::OrderStatus> {
    use crate::domain::OrderStatus::{Delivered, Packed, Received, Shipped};
    match from {
        Received => Some(Packed),
        Packed => Some(Shipped),
        Shipped => Some(Delivered),
        _ => None,
    }
}
