//! The team's reads at the sale's scale: the order list's query (filters, page size, cursor) and
//! its parse, the summary and the pick list. The server parses the query string with
//! `OrderListQuery::parse`; the admin client can build the same `OrderListParams`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::field_error::{FieldError, FieldErrors};
use super::fields::RefTag;
use super::status::OrderStatus;

/// The query string of `GET /api/admin/orders` (and of the pick list, labels and CSV) as it
/// arrives: every value is text, so that a bad one becomes a field error, not a bad request.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::IntoParams))]
#[cfg_attr(not(target_arch = "wasm32"), into_params(parameter_in = Query))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderListParams {
    /// One of the five statuses; empty means any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Search text: an order id (or its start), a name, a phone's digits, a tracking number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// A share or campaign tag.
    #[serde(default, rename = "ref", skip_serializing_if = "Option::is_none")]
    pub ref_tag: Option<String>,
    /// Orders a page: 1–200, 50 if not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    /// Where the previous page ended (its `next_cursor`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
    /// The labels only: order ids separated by commas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ids: Option<String>,
}

/// What the team searches for, as each kind of match compares it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    /// The trimmed text as typed (a tracking number is compared with it, ASCII case folded).
    pub text: String,
    /// The text in ASCII upper case, compared with the start of order ids.
    pub id_prefix: String,
    /// The text in ASCII lower case, found inside names (ASCII case folded).
    pub folded: String,
    /// The text's digits, if it is written as a phone is (digits, spaces, `+`, `-`, `(`, `)`, `.`)
    /// with at least 3 digits: found inside phone numbers. An order id or a tracking number that
    /// holds digits is not a phone search, so "K7Q213" never finds a phone with 213 in it.
    pub digits: Option<String>,
}

impl Search {
    /// The longest search text, in characters after trimming.
    pub const MAX_CHARS: usize = 100;
    /// The fewest digits a phone search compares.
    pub const MIN_DIGITS: usize = 3;

    /// Parses the search text; blank means no search.
    pub fn parse(raw: &str) -> Result<Option<Self>, FieldError> {
        let text = raw.trim();
        if text.is_empty() {
            return Ok(None);
        }
        if text.chars().count() > Self::MAX_CHARS {
            return Err(FieldError::TooLong {
                max: Self::MAX_CHARS,
            });
        }
        if text.chars().any(char::is_control) {
            return Err(FieldError::ControlCharacter);
        }
        let phone_like = text
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.'));
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let digits = if phone_like { digits } else { String::new() };
        Ok(Some(Self {
            text: text.to_owned(),
            id_prefix: text.to_ascii_uppercase(),
            folded: text.to_ascii_lowercase(),
            digits: (digits.len() >= Self::MIN_DIGITS).then_some(digits),
        }))
    }
}

/// Which orders the team looks at: every filter given must match.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderFilter {
    /// Only orders in this status.
    pub status: Option<OrderStatus>,
    /// Only orders this text finds.
    pub search: Option<Search>,
    /// Only orders placed through this tag.
    pub ref_tag: Option<RefTag>,
}

fn keep<T>(errors: &mut FieldErrors, field: &'static str, r: Result<T, FieldError>) -> Option<T> {
    r.map_err(|e| errors.insert(field, e)).ok()
}

fn nonblank(raw: &Option<String>) -> Option<&str> {
    raw.as_deref().filter(|s| !s.trim().is_empty())
}

impl OrderFilter {
    /// The statuses a filter may name, for the message.
    const STATUSES: &'static str = "received, packed, shipped, delivered or cancelled";

    fn parse_into(params: &OrderListParams, errors: &mut FieldErrors) -> Self {
        let status = nonblank(&params.status).map(|raw| {
            OrderStatus::parse(raw.trim()).ok_or(FieldError::InvalidCharacters {
                allowed: Self::STATUSES,
            })
        });
        let search = params.q.as_deref().map(Search::parse);
        let ref_tag = params
            .ref_tag
            .as_deref()
            .map(|raw| RefTag::parse(raw.trim()));
        Self {
            status: status.and_then(|r| keep(errors, "status", r)),
            search: search.and_then(|r| keep(errors, "q", r)).flatten(),
            ref_tag: ref_tag.and_then(|r| keep(errors, "ref", r)).flatten(),
        }
    }

    /// Parses the filters of `params` (its `limit` and `cursor` are not read).
    pub fn parse(params: &OrderListParams) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let filter = Self::parse_into(params, &mut errors);
        errors.is_empty().then_some(filter).ok_or(errors)
    }
}

/// Where a page of the order list ended: the last order's `seq`, opaque to clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor(i64);

impl Cursor {
    /// The cursor after the order with this `seq` (a positive database sequence).
    pub fn after(seq: i64) -> Self {
        Self(seq)
    }

    /// The `seq` the next page starts below.
    pub fn seq(self) -> i64 {
        self.0
    }

    /// The cursor as the API sends it.
    pub fn encode(self) -> String {
        format!("s{:x}", self.0)
    }

    /// Reads a cursor written by `encode`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let invalid = FieldError::InvalidCharacters {
            allowed: "the next_cursor of a previous page",
        };
        let hex = raw.strip_prefix('s').ok_or(invalid)?;
        let valid = (1..=15).contains(&hex.len())
            && hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        match i64::from_str_radix(hex, 16) {
            Ok(seq) if valid && seq > 0 => Ok(Self(seq)),
            _ => Err(invalid),
        }
    }
}

/// One page of the order list, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderListQuery {
    /// Which orders.
    pub filter: OrderFilter,
    /// At most this many in the page.
    pub limit: u32,
    /// Only orders older than this one (the next page).
    pub after: Option<Cursor>,
}

impl OrderListQuery {
    /// The page size when none is given.
    pub const DEFAULT_LIMIT: u32 = 50;
    /// The largest page.
    pub const MAX_LIMIT: u32 = 200;

    /// Parses every parameter at once, as `NewOrder::parse` does for an order.
    pub fn parse(params: &OrderListParams) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let filter = OrderFilter::parse_into(params, &mut errors);
        let limit = match nonblank(&params.limit) {
            None => Some(Self::DEFAULT_LIMIT),
            Some(raw) => keep(&mut errors, "limit", Self::limit(raw.trim())),
        };
        let after = nonblank(&params.cursor).map(|raw| Cursor::parse(raw.trim()));
        let after = after.and_then(|r| keep(&mut errors, "cursor", r));
        match limit {
            Some(limit) if errors.is_empty() => Ok(Self {
                filter,
                limit,
                after,
            }),
            _ => Err(errors),
        }
    }

    /// Parses a page size: 1–`MAX_LIMIT`.
    pub(super) fn limit(raw: &str) -> Result<u32, FieldError> {
        let n: i64 = raw.parse().map_err(|_| FieldError::NotAWholeNumber)?;
        let max = Self::MAX_LIMIT;
        u32::try_from(n)
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or(FieldError::OutOfRange {
                min: 1,
                max: i64::from(max),
            })
    }
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Orders in each status (every key always present, but `awaiting_payment` while it is 0).
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusCounts {
    /// Online orders not paid yet (boxes held); left out while 0, as before payment.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub awaiting_payment: u64,
    pub received: u64,
    pub packed: u64,
    pub shipped: u64,
    pub delivered: u64,
    pub cancelled: u64,
}

impl StatusCounts {
    /// The count of one status, to add to.
    pub fn of_mut(&mut self, status: OrderStatus) -> &mut u64 {
        match status {
            OrderStatus::AwaitingPayment => &mut self.awaiting_payment,
            OrderStatus::Received => &mut self.received,
            OrderStatus::Packed => &mut self.packed,
            OrderStatus::Shipped => &mut self.shipped,
            OrderStatus::Delivered => &mut self.delivered,
            OrderStatus::Cancelled => &mut self.cancelled,
        }
    }
}

/// One box in the summary: how many are left and how many were ordered (not cancelled).
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoxTally {
    pub id: String,
    pub available: u32,
    pub ordered: u64,
}

/// `GET /api/admin/summary`: the sale at a glance. Cancelled orders count in `orders` and
/// `by_status` only.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub orders: u64,
    pub by_status: StatusCounts,
    pub kg_sold: u64,
    pub revenue_fen: i64,
    pub families_lifted: u64,
    pub boxes: Vec<BoxTally>,
    /// Share or campaign tag → orders placed through it.
    pub by_ref: BTreeMap<String, u64>,
}

/// One box kind to pack: how many orders want it and how many boxes that makes.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PickBox {
    pub id: String,
    pub orders: u64,
    pub boxes: u64,
}

/// `GET /api/admin/picklist`: what to pack.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Picklist {
    pub boxes: Vec<PickBox>,
    pub orders: u64,
}

#[cfg(test)]
#[path = "team_tests.rs"]
mod tests;
