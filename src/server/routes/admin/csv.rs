//! The dispatch list as CSV for a spreadsheet: UTF-8 with a byte-order mark (so spreadsheet
//! programs read Chinese correctly), every cell quoted (RFC 4180), and nothing a spreadsheet
//! could run as a formula. The file is comma-separated, but a spreadsheet set to another list
//! separator (French Excel splits on `;`) cuts a cell wherever that separator stands, quotes or
//! not; so a `'` goes in front of every place a formula could start: the cell's start and the
//! place after each separator, wherever `= + - @` would come next. Their full-width forms
//! (`＝ ＋ － ＠`, which a Chinese input method types) count the same: spreadsheets read
//! `－2+3` and `＠SUM(…)` as formulas too.

use crate::domain::{AdminOrder, Money};

/// `name`, `phone` and `address` are who the box goes to: for a gift, its recipient; its `note`
/// then starts with who sent it and the gift's words (`gift_note`). The columns stay as they
/// always were, so a courier's import set up for them keeps working; `payment` came last (issue
/// #29): `cod`, or the method and the payment's state (`wechat paid`), and a refund's state and
/// yuan (`wechat paid, refunded 20.00`).
const HEADER: [&str; 11] = [
    "order_id",
    "created_at",
    "status",
    "box",
    "quantity",
    "name",
    "phone",
    "address",
    "note",
    "total_yuan",
    "payment",
];

/// Where a spreadsheet may cut a line into cells: this file's comma, the list separators other
/// settings use instead (semicolon, tab, pipe, the Arabic comma and semicolon), and line breaks,
/// which start a row.
const SEPARATORS: [char; 8] = [',', ';', '\t', '|', '\u{060C}', '\u{061B}', '\r', '\n'];

/// The characters a spreadsheet reads as the start of a formula: `= + - @` and their full-width
/// forms (U+FF1D, U+FF0B, U+FF0D, U+FF20).
const FORMULA: [char; 8] = [
    '=', '+', '-', '@', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
];

/// Whether a cell read from `rest` would be a formula: past any spaces and quotes (which some
/// programs drop), it begins with one of `FORMULA`.
fn starts_formula(rest: &str) -> bool {
    rest.trim_start_matches(|c: char| c.is_whitespace() || c == '"')
        .starts_with(FORMULA)
}

/// One cell: quoted, inner quotes doubled, and a `'` wherever a spreadsheet could start a
/// formula: first, if the cell starts with `= + - @`, tab or CR (a `+86…` phone too, which
/// then stays text rather than a number), and after each separator followed by `= + - @`.
pub fn cell(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 4);
    out.push('"');
    if raw.starts_with(['\t', '\r']) || starts_formula(raw) {
        out.push('\'');
    }
    for (i, c) in raw.char_indices() {
        if c == '"' {
            out.push('"');
        }
        out.push(c);
        if SEPARATORS.contains(&c) && starts_formula(&raw[i + c.len_utf8()..]) {
            out.push('\'');
        }
    }
    out.push('"');
    out
}

/// The file's start: the byte-order mark and the header line.
pub fn head() -> String {
    let header: Vec<String> = HEADER.iter().map(|c| cell(c)).collect();
    format!("\u{feff}{}\r\n", header.join(","))
}

/// The `note` cell: the buyer's note, after a gift's sender and words (in Chinese, as the
/// labels: `礼物，来自 王小明 13800138000：生日快乐 / 请放门卫`).
fn gift_note(o: &AdminOrder) -> String {
    let note = o.note.clone().unwrap_or_default();
    let Some([from, from_phone]) = o.gift_from() else {
        return note;
    };
    let words = o.order.gift_message.as_deref().unwrap_or_default();
    let mut cell = format!("礼物，来自 {from} {from_phone}：{words}");
    if !note.is_empty() {
        cell.push_str(" / ");
        cell.push_str(&note);
    }
    cell
}

/// The `payment` cell: how the order is paid, and where its payment and refund stand.
fn payment_cell(v: &crate::domain::OrderView) -> String {
    let Some(payment) = &v.payment else {
        return "cod".to_owned();
    };
    let mut cell = format!("{} {}", payment.method.as_str(), payment.status.as_str());
    if let Some(refund) = &v.refund {
        let yuan = Money::from_fen(refund.fen).yuan_decimal();
        cell.push_str(&format!(", {} {yuan}", refund.status.as_str()));
    }
    cell
}

/// The lines of some orders, one an order, each ended by `\r\n`.
pub fn lines(orders: &[AdminOrder]) -> String {
    let mut out = String::new();
    for o in orders {
        let v = &o.order;
        let [name, phone, address] = o.ship_to();
        let cells = [
            v.id.clone(),
            v.created_at.clone(),
            v.status.as_str().to_owned(),
            v.box_id.clone(),
            v.quantity.to_string(),
            name.to_owned(),
            phone.to_owned(),
            address.to_owned(),
            gift_note(o),
            Money::from_fen(v.total_fen).yuan_decimal(),
            payment_cell(v),
        ];
        let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
#[path = "csv_tests.rs"]
mod tests;
