//! The dispatch list as CSV for a spreadsheet: UTF-8 with a byte-order mark (so spreadsheet
//! programs read Chinese correctly), RFC 4180 quoting, and cells that a spreadsheet would run
//! as a formula (`=`, `+`, `-`, `@`, tab, carriage return first) prefixed with `'`.

use crate::domain::{AdminOrder, Money};

const HEADER: [&str; 10] = [
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
];

/// One cell, made safe against formula injection and quoted when it must be.
pub fn cell(raw: &str) -> String {
    let defused = if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{raw}")
    } else {
        raw.to_owned()
    };
    if defused.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// The whole list, one order a line, `\r\n` line ends.
pub fn dispatch_list(orders: &[AdminOrder]) -> String {
    let mut out = String::from("\u{feff}");
    out.push_str(&HEADER.join(","));
    out.push_str("\r\n");
    for o in orders {
        let v = &o.order;
        let cells = [
            v.id.clone(),
            v.created_at.clone(),
            v.status.as_str().to_owned(),
            v.box_id.clone(),
            v.quantity.to_string(),
            o.name.clone(),
            o.phone.clone(),
            o.address.clone(),
            o.note.clone().unwrap_or_default(),
            Money::from_fen(v.total_fen).yuan_decimal(),
        ];
        let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cell;

    #[test]
    fn cells_are_defused_and_quoted_as_a_spreadsheet_needs() {
        let cases = [
            ("Drolma", "Drolma"),
            ("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\""),
            ("+8613800138000", "'+8613800138000"),
            ("-1", "'-1"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("a, b", "\"a, b\""),
            ("say \"hi\"", "\"say \"\"hi\"\"\""),
            ("line\nbreak", "\"line\nbreak\""),
            ("卓玛 བཀྲ་ཤིས", "卓玛 བཀྲ་ཤིས"),
            ("", ""),
        ];
        for (raw, want) in cases {
            assert_eq!(cell(raw), want, "cell({raw:?})");
        }
    }
}
