//! Reading the courier's CSV (`POST /api/admin/tracking-numbers`) with the `csv` crate, as
//! spreadsheets save it: `,`, `;` (a French or German spreadsheet) or a tab between cells,
//! sniffed from the first line; cells quoted as RFC 4180 says (`""` inside quotes is one `"`);
//! an optional UTF-8 byte-order mark and header row `order_id,tracking_number`; CRLF or LF; blank
//! lines skipped. What a line must hold is the domain's rule (`TrackingLine::from_cells`); here
//! only the file is read, line by line, each refused line by its number.

use std::collections::BTreeMap;

use csv::{ByteRecord, ReaderBuilder};

use crate::domain::{TrackingLine, WriteRefusal};

/// The separators a courier's file may use, most usual first (the one a tie goes to).
const SEPARATORS: [u8; 3] = [b',', b';', b'\t'];

/// The courier's CSV, read line by line: the valid lines, and the others by line number.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrackingUpload {
    /// The lines to apply, in file order.
    pub lines: Vec<TrackingLine>,
    /// Line number → why it was refused (here always `Invalid`).
    pub refused: BTreeMap<usize, WriteRefusal>,
}

impl TrackingUpload {
    /// Reads the body of an upload. A line that is not UTF-8, not exactly two cells, or whose
    /// cells are not an order id and a courier number is refused by its number (the line it
    /// starts on, from 1); the others are kept in file order.
    pub fn parse(body: &[u8]) -> Self {
        let body = body.strip_prefix("\u{feff}".as_bytes()).unwrap_or(body);
        let mut reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(separator(body))
            .from_reader(body);
        let mut upload = Self::default();
        let mut record = ByteRecord::new();
        let mut first = true;
        let mut lines = Lines {
            body,
            at: 0,
            line: 1,
        };
        // Reading from memory has no IO to fail, and a byte record never fails on encoding.
        while let Ok(true) = reader.read_byte_record(&mut record) {
            let line = lines.at(record.position().map_or(0, |p| p.byte() as usize));
            let cells: Option<Vec<&str>> = record
                .iter()
                .map(|raw| std::str::from_utf8(raw).ok().map(cell))
                .collect();
            let Some(cells) = cells else {
                upload.refused.insert(line, WriteRefusal::Invalid);
                first = false;
                continue;
            };
            if let [only] = cells.as_slice() {
                if only.is_empty() {
                    continue;
                }
            }
            let header = first && TrackingLine::is_header(&cells);
            first = false;
            if header {
                continue;
            }
            match TrackingLine::from_cells(line, &cells) {
                Ok(ok) => upload.lines.push(ok),
                Err(why) => drop(upload.refused.insert(line, why)),
            }
        }
        upload
    }
}

/// Line numbers in the file, counted here: the csv crate's own count lags behind after a CRLF
/// (it ends a record at the `\r` and counts the `\n` only when the next record is read).
struct Lines<'a> {
    body: &'a [u8],
    /// Where the last record started, and its line.
    at: usize,
    line: usize,
}

impl Lines<'_> {
    /// The line of the record read from byte `start` on (records come in file order): the
    /// line ends and blank lines before its first byte are not its own.
    fn at(&mut self, start: usize) -> usize {
        let mut start = start.clamp(self.at, self.body.len());
        while self
            .body
            .get(start)
            .is_some_and(|b| matches!(b, b'\r' | b'\n'))
        {
            start += 1;
        }
        let ends = self.body[self.at..start].iter().filter(|b| **b == b'\n');
        self.line += ends.count();
        self.at = start;
        self.line
    }
}

/// The separator of the file: the one of `,`, `;` or tab its first non-blank line holds most
/// often outside quotes (`,` when none or a tie).
pub fn separator(body: &[u8]) -> u8 {
    let first = body
        .split(|b| *b == b'\n')
        .find(|line| !line.trim_ascii().is_empty())
        .unwrap_or_default();
    let mut counts = [0usize; SEPARATORS.len()];
    let mut quoted = false;
    for b in first {
        if *b == b'"' {
            quoted = !quoted;
        } else if let Some(i) = SEPARATORS.iter().position(|s| s == b).filter(|_| !quoted) {
            counts[i] += 1;
        }
    }
    let most = counts.iter().copied().max().unwrap_or(0);
    SEPARATORS[counts.iter().position(|c| *c == most).unwrap_or(0)]
}

/// A cell without the spaces around it, nor the quotes of a quoted cell with spaces before its
/// opening quote (which RFC 4180 reads as text: `a, "b"`).
fn cell(raw: &str) -> &str {
    let raw = raw.trim();
    raw.strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .map_or(raw, str::trim)
}
