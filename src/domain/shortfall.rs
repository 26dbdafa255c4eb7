//! A short harvest: the owner says how many boxes of one size will not come, and the orders
//! that cannot be filled are cancelled, newest first, with the reason `harvest_short` (their
//! boxes never existed: none go back to the stock). The request and its parse (`Shortfall`,
//! shared by the team's form and the API), the choice of orders (`Shortfall::choose`), the
//! answer (`ShortfallResult`) and the reason an order carries (`CancelReason`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::field_error::FieldError;
use super::order::FieldErrors;
use super::stock::Stock;

/// Why an order was cancelled, when the buyer is owed a reason.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelReason {
    /// The harvest came in short of what was sold: the producer's doing, not the buyer's.
    HarvestShort,
}

impl CancelReason {
    /// The reason as the API and the database write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HarvestShort => "harvest_short",
        }
    }

    /// Reads a reason written by `as_str`.
    pub fn parse(raw: &str) -> Option<Self> {
        (raw == "harvest_short").then_some(Self::HarvestShort)
    }
}

/// The body of `POST /api/admin/boxes/{id}/shortfall` as it arrives.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), schema(example = json!({"boxes": 40, "dry_run": true})))]
pub struct ShortfallRequest {
    /// How many boxes of this size the harvest lacks: 1–1,000,000.
    #[serde(default)]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = u32, minimum = 1, maximum = 1_000_000, required = true))]
    pub boxes: Value,
    /// `true`: only say which orders would be cancelled. Absent or `false`: cancel them.
    #[serde(default)]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<bool>, required = false))]
    pub dry_run: Value,
}

/// A valid shortfall, before it meets the orders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shortfall {
    /// The boxes missing (at least one).
    pub boxes: u32,
    /// Whether to only preview.
    pub dry_run: bool,
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
    /// Parses the API's body: both fields at once.
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
        match (boxes, dry_run) {
            (Some(boxes), Some(dry_run)) => Ok(Self { boxes, dry_run }),
            _ => Err(errors),
        }
    }

    /// Parses the boxes as typed in the team's form.
    pub fn parse_boxes(raw: &str) -> Result<u32, FieldError> {
        Stock::parse_text(raw).and_then(at_least_one)
    }

    /// The orders to cancel among `received` (id and boxes, newest first): the fewest newest
    /// whose boxes add up to at least `self.boxes` (all of them if they add up to less), and
    /// the boxes they free.
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
    /// The boxes their cancellation frees: at least the boxes asked, unless fewer were ordered.
    pub boxes_freed: u32,
}
