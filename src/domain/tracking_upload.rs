//! The courier's numbers (`POST /api/admin/tracking-numbers`) as rules: what one line of the
//! courier's file must hold (`TrackingLine::from_cells`: an order id and a courier number,
//! `courier_number`), and the answer (`TrackingUploadResult`). Reading the file itself (its
//! separator, quoting, encoding) is the server's (`server::courier_csv`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::error_code::ErrorCode;
use super::field_error::FieldError;
use super::fields::TrackingNumber;
use super::team_writes::{OrderId, WriteRefusal};

/// `200` to `POST /api/admin/tracking-numbers`.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrackingUploadResult {
    /// How many lines left their order shipped with their number.
    pub shipped: u64,
    /// Line number (from 1, as text) → why it was not applied (`WriteRefusal::code`).
    pub refused: BTreeMap<String, ErrorCode>,
}

/// One valid line of the courier's CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrackingLine {
    /// Its line number in the file, from 1.
    pub line: usize,
    /// The order it ships.
    pub id: OrderId,
    /// The courier's number.
    pub number: TrackingNumber,
}

/// The header a courier's CSV may start with.
pub const TRACKING_HEADER: [&str; 2] = ["order_id", "tracking_number"];

impl TrackingLine {
    /// Line `line` of the file, read as its `cells` (already unquoted): exactly two, an order id
    /// and a courier number, or the line is `Invalid`.
    pub fn from_cells(line: usize, cells: &[&str]) -> Result<Self, WriteRefusal> {
        let [id, number] = cells else {
            return Err(WriteRefusal::Invalid);
        };
        Ok(Self {
            line,
            id: OrderId::parse(id).map_err(|_| WriteRefusal::Invalid)?,
            number: courier_number(number).map_err(|_| WriteRefusal::Invalid)?,
        })
    }

    /// Whether `cells` are the header row `order_id,tracking_number` (in any case).
    pub fn is_header(cells: &[&str]) -> bool {
        cells.len() == TRACKING_HEADER.len()
            && cells
                .iter()
                .zip(TRACKING_HEADER)
                .all(|(c, h)| c.eq_ignore_ascii_case(h))
    }
}

/// A courier's number as the CSV gives it: 4–40 of `[A-Za-z0-9-]`.
pub fn courier_number(raw: &str) -> Result<TrackingNumber, FieldError> {
    let len = raw.chars().count();
    if len < 4 {
        return Err(FieldError::TooShort { min: 4 });
    }
    if len > 40 {
        return Err(FieldError::TooLong { max: 40 });
    }
    if !raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        return Err(FieldError::InvalidCharacters {
            allowed: "letters, digits and -",
        });
    }
    TrackingNumber::parse(raw)
}
