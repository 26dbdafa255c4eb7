//! What the parts of the team's order desk share (`Desk`): the list shown, the orders picked,
//! the order opened. The desk (`orders`) makes one; the bulk bar, printing and the rows read it,
//! so they need nothing from the desk's own file.

use leptos::prelude::*;

use super::listing::{Filter, Listing};
use super::selection::Selection;

/// What the desk's parts share: the list, the picked orders, the order opened, and whether the
/// next tap on a checkbox ends a range (the phone's shift key).
#[derive(Clone, Copy)]
pub struct Desk {
    pub listing: RwSignal<Listing>,
    pub selection: RwSignal<Selection>,
    pub open: RwSignal<Option<String>>,
    pub range: RwSignal<bool>,
    /// When the list shown was saved, while it is the phone's copy (offline).
    pub saved: RwSignal<Option<i64>>,
}

impl Desk {
    /// A checkbox tapped on row `index`: a range from the last row tapped when shift is held
    /// or the range switch is on, else that one order.
    pub fn pick(&self, index: usize, id: &str, shift: bool) {
        let extend = shift || self.range.get_untracked();
        let listing = self.listing;
        self.selection.update(|s| match (extend, s.anchor()) {
            (true, Some(from)) => s.add_range(
                index,
                listing.with_untracked(|l| l.ids_between(from, index)),
            ),
            _ => s.toggle(index, id),
        });
        if extend {
            self.range.set(false);
        }
    }

    /// Shows another filter (or the same one afresh): its first page, nothing picked.
    pub fn show(&self, filter: Filter) {
        self.listing.set(Listing::new(filter));
        self.selection.update(Selection::clear);
    }

    /// Loads the filter shown afresh from its first page (after a change, or the network back).
    pub fn reload(&self) {
        let mut filter = self.filter();
        filter.generation += 1;
        self.listing.set(Listing::new(filter));
    }

    /// The filter shown (untracked).
    pub fn filter(&self) -> Filter {
        self.listing.with_untracked(|l| l.filter().clone())
    }
}
