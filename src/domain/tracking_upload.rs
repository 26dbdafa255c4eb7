//! The courier's CSV of tracking numbers (`POST /api/admin/tracking-numbers`), read line by
//! line (`TrackingUpload::parse`), and its answer (`TrackingUploadResult`).

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

/// The courier's CSV, read line by line: the valid lines, and the others by line number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrackingUpload {
    /// The lines to apply, in file order.
    pub lines: Vec<TrackingLine>,
    /// Line number → why it was refused (here always `Invalid`).
    pub refused: BTreeMap<usize, WriteRefusal>,
}

/// The header a courier's CSV may start with.
const TRACKING_HEADER: [&str; 2] = ["order_id", "tracking_number"];

impl TrackingUpload {
    /// Reads the body of an upload: UTF-8 (checked line by line), an optional byte-order mark,
    /// an optional header row `order_id,tracking_number`, CRLF or LF line ends, blank lines
    /// skipped; every other line must be exactly two cells (each may be quoted), an order id and
    /// a courier number (`courier_number`).
    pub fn parse(body: &[u8]) -> Self {
        let body = body.strip_prefix("\u{feff}".as_bytes()).unwrap_or(body);
        let mut upload = Self::default();
        let mut first = true;
        for (n, raw) in body.split(|b| *b == b'\n').enumerate() {
            let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
            let line = n + 1;
            let Ok(text) = std::str::from_utf8(raw) else {
                upload.refused.insert(line, WriteRefusal::Invalid);
                first = false;
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            let cells: Vec<&str> = text.split(',').map(cell).collect();
            let header = first
                && cells.len() == 2
                && cells
                    .iter()
                    .zip(TRACKING_HEADER)
                    .all(|(c, h)| c.eq_ignore_ascii_case(h));
            first = false;
            if header {
                continue;
            }
            match tracking_line(line, &cells) {
                Some(ok) => upload.lines.push(ok),
                None => drop(upload.refused.insert(line, WriteRefusal::Invalid)),
            }
        }
        upload
    }
}

/// A cell without the spaces around it and the double quotes a spreadsheet may put round it.
fn cell(raw: &str) -> &str {
    let raw = raw.trim();
    raw.strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .map_or(raw, str::trim)
}

fn tracking_line(line: usize, cells: &[&str]) -> Option<TrackingLine> {
    let [id, number] = cells else { return None };
    Some(TrackingLine {
        line,
        id: OrderId::parse(id).ok()?,
        number: courier_number(number).ok()?,
    })
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
