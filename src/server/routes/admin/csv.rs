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
/// always were, so a courier's import set up for them keeps working.
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
        ];
        let line: Vec<String> = cells.iter().map(|c| cell(c)).collect();
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{cell, head, lines};
    use crate::domain::{AdminOrder, GiftRecipient, OrderStatus, OrderView};

    /// The whole list as the export streams it: the head, then the lines.
    fn dispatch_list(orders: &[AdminOrder]) -> String {
        head() + &lines(orders)
    }

    #[test]
    fn every_cell_is_quoted_and_no_formula_can_start_anywhere_in_it() {
        let cases = [
            ("Drolma", r#""Drolma""#),
            ("卓玛 བཀྲ་ཤིས", r#""卓玛 བཀྲ་ཤིས""#),
            ("", r#""""#),
            ("2", r#""2""#),
            ("128.00", r#""128.00""#),
            // A formula at the start, and what a phone starting with + becomes.
            ("=HYPERLINK(\"x\")", r#""'=HYPERLINK(""x"")""#),
            ("+8613800138000", r#""'+8613800138000""#),
            ("13800138000", r#""13800138000""#),
            ("-1", r#""'-1""#),
            ("@SUM(A1)", r#""'@SUM(A1)""#),
            ("\tx", "\"'\tx\""),
            ("\rx", "\"'\rx\""),
            ("  =1+1", r#""'  =1+1""#),
            ("\"=1+1", r#""'""=1+1""#),
            // The review's address: French Excel splits on `;`, quotes or not.
            ("x;=cmd|' /C calc'!A0", r#""x;'=cmd|' /C calc'!A0""#),
            ("a,=1", r#""a,'=1""#),
            ("a, +1", r#""a,' +1""#),
            ("a\t-1", "\"a\t'-1\""),
            ("a|@x", r#""a|'@x""#),
            ("a؛=1", r#""a؛'=1""#),
            ("a،=1", r#""a،'=1""#),
            ("a\n=1", "\"a\n'=1\""),
            ("a;\"=1", r#""a;'""=1""#),
            ("a;;=1", r#""a;;'=1""#),
            ("=1;=2", r#""'=1;'=2""#),
            // Separators and signs that start nothing stay as they are.
            ("a, b", r#""a, b""#),
            ("a; b-1", r#""a; b-1""#),
            ("Room 3 -1F", r#""Room 3 -1F""#),
            ("a=b+c@d", r#""a=b+c@d""#),
            ("say \"hi\"", r#""say ""hi""""#),
            ("line\nbreak", "\"line\nbreak\""),
        ];
        for (raw, want) in cases {
            assert_eq!(cell(raw), want, "cell({raw:?})");
        }
    }

    fn order(id: &str, name: &str, phone: &str, address: &str, note: Option<&str>) -> AdminOrder {
        AdminOrder {
            order: OrderView {
                id: id.into(),
                status: OrderStatus::Received,
                box_id: "5kg".into(),
                weight_kg: 5,
                quantity: 2,
                total_fen: 13600,
                created_at: "2026-11-11T00:00:01Z".into(),
                history: vec![],
                tracking_number: None,
                cancel_reason: None,
                recipient: None,
                gift_message: None,
                claims: vec![],
                producer: "drolma".into(),
                payment: None,
                refund: None,
            },
            name: name.into(),
            phone: phone.into(),
            address: address.into(),
            note: note.map(Into::into),
            ref_tag: None,
        }
    }

    #[test]
    fn full_width_formula_signs_are_defused_like_ascii_ones() {
        let cases = [
            // At the cell's start, as the review's `－2+3` and `＠SUM(…)`.
            ("－2+3", "\"'－2+3\""),
            ("＠SUM(A1)", "\"'＠SUM(A1)\""),
            ("＝HYPERLINK(\"x\")", "\"'＝HYPERLINK(\"\"x\"\")\""),
            ("＋8613800138000", "\"'＋8613800138000\""),
            // Past spaces (the ideographic one too) and quotes, as the ASCII signs.
            ("  ＝1+1", "\"'  ＝1+1\""),
            ("\u{3000}＝1", "\"'\u{3000}＝1\""),
            ("\"＠x", "\"'\"\"＠x\""),
            // After every separator a spreadsheet may cut at.
            ("x;＝cmd|' /C calc'!A0", "\"x;'＝cmd|' /C calc'!A0\""),
            ("a,＋1", "\"a,'＋1\""),
            ("a\t－1", "\"a\t'－1\""),
            ("a|＠x", "\"a|'＠x\""),
            ("a\n ＝1", "\"a\n' ＝1\""),
            // Inside a text they start nothing, as the ASCII ones.
            ("Room 3 －1F", "\"Room 3 －1F\""),
            ("a＝b＋c＠d", "\"a＝b＋c＠d\""),
            ("卓玛家－苹果树旁", "\"卓玛家－苹果树旁\""),
        ];
        for (raw, want) in cases {
            assert_eq!(cell(raw), want, "cell({raw:?})");
        }
    }

    #[test]
    fn a_hostile_dispatch_list_reads_as_plain_text_line_by_line() {
        let orders = [
            order(
                "K7Q2M9XD4PRA",
                "=HYPERLINK(\"http://evil\",\"Tashi\")",
                "+8613800138000",
                "x;=cmd|' /C calc'!A0",
                Some("-2+3;@SUM(A1)"),
            ),
            order(
                "B8R3N0YE5QSB",
                "卓玛",
                "13800138000",
                "卓玛家, \"苹果树\" 旁, 中德村",
                None,
            ),
        ];
        let csv = dispatch_list(&orders);
        let csv = csv
            .strip_prefix('\u{feff}')
            .expect("a byte-order mark first");
        let lines: Vec<&str> = csv.split("\r\n").collect();
        let want = [
            r#""order_id","created_at","status","box","quantity","name","phone","address","note","total_yuan""#,
            r#""K7Q2M9XD4PRA","2026-11-11T00:00:01Z","received","5kg","2","'=HYPERLINK(""http://evil"",""Tashi"")","'+8613800138000","x;'=cmd|' /C calc'!A0","'-2+3;'@SUM(A1)","136.00""#,
            r#""B8R3N0YE5QSB","2026-11-11T00:00:01Z","received","5kg","2","卓玛","13800138000","卓玛家, ""苹果树"" 旁, 中德村","","136.00""#,
            "",
        ];
        assert_eq!(lines.len(), want.len(), "{csv}");
        for (n, (got, want)) in lines.iter().zip(want).enumerate() {
            assert_eq!(*got, want, "line {}", n + 1);
        }
    }

    #[test]
    fn a_gift_is_dispatched_to_its_recipient_with_its_message_and_its_buyer() {
        let mut gift = order(
            "K7Q2M9XD4PRA",
            "王小明",
            "13800138000",
            "成都市武侯区 1 号",
            Some("请放门卫"),
        );
        gift.order.recipient = Some(GiftRecipient {
            name: "王妈妈".into(),
            phone: Some("13900139000".into()),
            address: "北京市海淀区 2 号".into(),
        });
        gift.order.gift_message = Some("妈妈，尝尝卓玛奶奶的苹果".into());
        let csv = lines(&[gift]);
        assert_eq!(
            csv,
            "\"K7Q2M9XD4PRA\",\"2026-11-11T00:00:01Z\",\"received\",\"5kg\",\"2\",\"王妈妈\",\
             \"13900139000\",\"北京市海淀区 2 号\",\"礼物，来自 王小明 13800138000：妈妈，尝尝卓玛奶奶的苹果 / 请放门卫\",\
             \"136.00\"\r\n"
        );
    }
}
