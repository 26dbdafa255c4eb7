//! A short harvest: the owner says how many boxes of one size will not come, previews the orders
//! that cannot be filled (newest first), and confirms: exactly the previewed orders are cancelled
//! with the reason `harvest_short` (their boxes never existed: none go back to the stock), or
//! none if one of them moved since. The request and its parse (`Shortfall`, shared by the team's
//! form and the API), the choice of orders (`Shortfall::choose`), the answer
//! (`ShortfallResult`) and the reason an order carries (`CancelReason`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::field_error::{FieldError, FieldErrors};
use super::stock::Stock;
use super::team_writes::{parse_ids, OrderId, MAX_BULK_IDS};

/// The most orders a preview names and a confirm cancels at once (as a bulk move): a harvest
/// short of more is previewed and confirmed again for the rest.
pub const MAX_SHORTFALL_ORDERS: usize = MAX_BULK_IDS;

/// Why an order was cancelled, when the buyer is owed a reason.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelReason {
    /// The harvest came in short of what was sold: the producer's doing, not the buyer's.
    HarvestShort,
    /// Not paid within the window its boxes were held for: the buyer's doing, closed by itself.
    Unpaid,
}

impl CancelReason {
    /// The reason as the API and the database write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HarvestShort => "harvest_short",
            Self::Unpaid => "unpaid",
        }
    }

    /// Reads a reason written by `as_str`.
    pub fn parse(raw: &str) -> Option<Self> {
        [Self::HarvestShort, Self::Unpaid]
            .into_iter()
            .find(|r| r.as_str() == raw)
    }
}

/// The body of `POST /api/admin/boxes/{id}/shortfall` as it arrives.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), schema(example = json!({"boxes": 3, "dry_run": false, "orders": ["7KQ2M9XW4HTA", "3MWX8Q2KT7HB"]})))]
pub struct ShortfallRequest {
    /// How many boxes of this size the harvest lacks: 1–1,000,000.
    #[serde(default)]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = u32, minimum = 1, maximum = 1_000_000, required = true))]
    pub boxes: Value,
    /// `true`: only say which orders would be cancelled. Absent or `false`: cancel the orders
    /// named in `orders`.
    #[serde(default)]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<bool>, required = false))]
    pub dry_run: Value,
    /// Without `dry_run`: the orders the preview named (1–10,000 ids), cancelled all or none
    /// (409 `shortfall_changed` if one is no longer a received order of this box).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(min_items = 1, max_items = 10_000))]
    pub orders: Option<Vec<String>>,
}

/// A valid shortfall, before it meets the orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shortfall {
    /// The boxes missing (at least one).
    pub boxes: u32,
    /// `None`: a preview (`dry_run`). Some: the confirm, naming the previewed orders (each
    /// once, in the order named), cancelled all or none.
    pub confirm: Option<Vec<OrderId>>,
}

fn at_least_one(stock: Stock) -> Result<u32, FieldError> {
    match stock.get() {
        0 => Err(FieldError::OutOfRange {
            min: 1,
            max: i64::from(Stock::MAX),
        }),
        n => Ok(n),
    }
}

impl Shortfall {
    /// Parses the API's body: every field at once; a confirm names the previewed orders.
    pub fn parse(req: &ShortfallRequest) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let boxes = Stock::parse_json(&req.boxes)
            .and_then(at_least_one)
            .map_err(|e| errors.insert("boxes", e))
            .ok();
        let dry_run = match req.dry_run {
            Value::Null => Some(false),
            Value::Bool(b) => Some(b),
            _ => {
                errors.insert("dry_run", FieldError::NotTrueOrFalse);
                None
            }
        };
        let confirm = match (dry_run, &req.orders) {
            (Some(false), None) => Err(FieldError::Required),
            (Some(false), Some(ids)) => parse_ids(ids).map(Some),
            _ => Ok(None),
        };
        let confirm = confirm.map_err(|e| errors.insert("orders", e)).ok();
        match (boxes, confirm) {
            (Some(boxes), Some(confirm)) if errors.is_empty() => Ok(Self { boxes, confirm }),
            _ => Err(errors),
        }
    }

    /// Whether this only previews.
    pub fn dry_run(&self) -> bool {
        self.confirm.is_none()
    }

    /// How many of a box's newest received orders a preview reads: each has a box at least,
    /// and a preview names at most `MAX_SHORTFALL_ORDERS`.
    pub fn read_at_most(&self) -> u32 {
        self.boxes.min(MAX_SHORTFALL_ORDERS as u32)
    }

    /// Parses the boxes as typed in the team's form.
    pub fn parse_boxes(raw: &str) -> Result<u32, FieldError> {
        Stock::parse_text(raw).and_then(at_least_one)
    }

    /// The orders a preview names among `received` (id and boxes, newest first): the fewest
    /// newest whose boxes add up to at least `self.boxes` (all of them if they add up to less),
    /// and the boxes they free.
    pub fn choose<'a>(
        &self,
        received: impl IntoIterator<Item = (&'a str, u32)>,
    ) -> (Vec<String>, u32) {
        let mut chosen = Vec::new();
        let mut freed = 0u32;
        for (id, quantity) in received {
            if freed >= self.boxes {
                break;
            }
            chosen.push(id.to_owned());
            freed = freed.saturating_add(quantity);
        }
        (chosen, freed)
    }
}

/// `200` to `POST /api/admin/boxes/{id}/shortfall`.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortfallResult {
    /// The orders cancelled (or, for a dry run, that would be), newest first.
    pub orders: Vec<String>,
    /// The boxes their cancellation frees: at least the boxes asked, unless fewer were ordered
    /// (or the preview reached `MAX_SHORTFALL_ORDERS` orders).
    pub boxes_freed: u32,
}
