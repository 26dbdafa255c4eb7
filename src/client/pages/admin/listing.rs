//! The team's order list as plain data, apart from its view: the filter it answers, every page
//! loaded so far (kept in memory however far the helper scrolls), the page being asked for, and
//! the few rows the DOM holds at a time (a window that follows the scroll), so a phone scrolling
//! through a thousand orders never holds more than a few hundred rows.

use crate::domain::{AdminOrder, AdminOrderList, OrderListParams, OrderStatus};

/// Orders asked for a page (the API's default).
pub const PAGE_SIZE: u32 = 50;
/// The height of one row in the list, in CSS pixels (style/admin.css `.order-row`). Whole
/// pixels: the spacers' heights are written without float formatting (which costs the
/// bundle some 4 KB).
pub const ROW_PX: usize = 64;
/// Rows the DOM holds at most.
pub const WINDOW_ROWS: usize = 150;
/// The window's first row moves in steps of this many rows, so a scroll re-renders rarely.
const STEP: usize = 25;
/// The next page is asked for when the helper is this many rows from the last one loaded.
const AHEAD_ROWS: usize = 30;

/// What the list shows: a status (or every one) and the search text, and a generation that a
/// change made by the team bumps so the same filter loads afresh.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub status: Option<OrderStatus>,
    pub q: String,
    pub generation: u32,
}

impl Filter {
    /// The API's query for one page of this filter.
    pub fn params(&self, cursor: Option<&str>, limit: u32) -> OrderListParams {
        let q = self.q.trim();
        OrderListParams {
            status: self.status.map(|s| s.as_str().to_owned()),
            q: (!q.is_empty()).then(|| q.to_owned()),
            ref_tag: None,
            limit: Some(limit.to_string()),
            cursor: cursor.map(str::to_owned),
            ids: None,
        }
    }
}

/// One page asked of the server: the filter, the cursor (none for the first page), and the
/// attempt (a retry after a failure asks the same page again).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRequest {
    pub filter: Filter,
    pub cursor: Option<String>,
    pub attempt: u32,
}

/// The list of one filter: the orders loaded so far, newest first, and what comes next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    request: PageRequest,
    waiting: bool,
    orders: Vec<AdminOrder>,
    total: Option<u64>,
    next: Option<String>,
}

impl Listing {
    /// A list of `filter` that asks for its first page.
    pub fn new(filter: Filter) -> Self {
        Self {
            request: PageRequest {
                filter,
                cursor: None,
                attempt: 0,
            },
            waiting: true,
            orders: Vec::new(),
            total: None,
            next: None,
        }
    }

    /// The filter this list shows.
    pub fn filter(&self) -> &Filter {
        &self.request.filter
    }

    /// The page to fetch (the last one asked for).
    pub fn request(&self) -> &PageRequest {
        &self.request
    }

    /// The orders loaded so far.
    pub fn orders(&self) -> &[AdminOrder] {
        &self.orders
    }

    /// Every order the filter matches, once the first page has said.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// Whether a page is on its way.
    pub fn waiting(&self) -> bool {
        self.waiting
    }

    /// Whether every order of the filter is loaded.
    pub fn complete(&self) -> bool {
        self.total.is_some() && self.next.is_none()
    }

    /// Asks for the next page, unless one is on its way or there is none; says whether it did.
    pub fn want_more(&mut self) -> bool {
        if self.waiting {
            return false;
        }
        let Some(next) = self.next.clone() else {
            return false;
        };
        self.request.cursor = Some(next);
        self.request.attempt = 0;
        self.waiting = true;
        true
    }

    /// Asks for the same page again after it failed.
    pub fn retry(&mut self) {
        self.request.attempt += 1;
        self.waiting = true;
    }

    /// The page did not come (the view shows why and offers to retry).
    pub fn failed(&mut self, answered: &PageRequest) {
        if *answered == self.request {
            self.waiting = false;
        }
    }

    /// Adds a page the server answered, if it answers the page this list asked for last:
    /// an answer for an older filter or search (a slow one) never lands in a newer list.
    /// An order already listed (it moved up while the helper scrolled) is not listed twice.
    pub fn take(&mut self, answered: &PageRequest, page: AdminOrderList) -> bool {
        if !self.waiting || *answered != self.request {
            return false;
        }
        self.waiting = false;
        self.total = Some(page.total);
        self.next = page.next_cursor;
        for order in page.orders {
            if !self.orders.iter().any(|o| o.order.id == order.order.id) {
                self.orders.push(order);
            }
        }
        true
    }

    /// The orders' ids from `from` to `to` (both included, in either order), for a range.
    pub fn ids_between(&self, from: usize, to: usize) -> Vec<String> {
        let (a, b) = if from <= to { (from, to) } else { (to, from) };
        self.orders
            .iter()
            .skip(a)
            .take(b + 1 - a)
            .map(|o| o.order.id.clone())
            .collect()
    }
}

/// The rows the DOM holds: `start..end` of the loaded orders, and whether the helper is near
/// enough to the last loaded order to ask for the next page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowWindow {
    pub start: usize,
    pub end: usize,
    pub near_end: bool,
}

impl RowWindow {
    /// The window for a list whose top is `scrolled_px` above the top of a viewport
    /// `viewport_px` high (negative while the list starts lower on the screen), with `len`
    /// orders loaded.
    pub fn at(scrolled_px: f64, viewport_px: f64, len: usize) -> Self {
        let row = ROW_PX as f64;
        let rows_above = (scrolled_px.max(0.0) / row) as usize;
        let rows_seen = (viewport_px.max(0.0) / row).ceil() as usize + 1;
        let last_seen = rows_above + rows_seen;
        let start = rows_above.saturating_sub(WINDOW_ROWS / 3) / STEP * STEP;
        // Near the end the window ends at the last row, whatever the step.
        let start = start.min(len.saturating_sub(WINDOW_ROWS));
        let end = (start + WINDOW_ROWS).min(len);
        Self {
            start: start.min(end),
            end,
            near_end: last_seen + AHEAD_ROWS >= len,
        }
    }

    /// The height of the rows above the window, which the DOM does not hold, in pixels.
    pub fn above_px(&self) -> usize {
        self.start * ROW_PX
    }

    /// The height of the loaded rows below the window, in pixels.
    pub fn below_px(&self, len: usize) -> usize {
        len.saturating_sub(self.end) * ROW_PX
    }
}
