//! The dispatch list's cells and lines: quoted, formulas defused, a gift's recipient, payment.

use super::{cell, head, lines};
use crate::domain::{
    AdminOrder, GiftRecipient, OrderStatus, OrderView, PaymentMethod, PaymentStatus, PaymentView,
    RefundStatus, RefundView,
};

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
        r#""order_id","created_at","status","box","quantity","name","phone","address","note","total_yuan","payment""#,
        r#""K7Q2M9XD4PRA","2026-11-11T00:00:01Z","received","5kg","2","'=HYPERLINK(""http://evil"",""Tashi"")","'+8613800138000","x;'=cmd|' /C calc'!A0","'-2+3;'@SUM(A1)","136.00","cod""#,
        r#""B8R3N0YE5QSB","2026-11-11T00:00:01Z","received","5kg","2","卓玛","13800138000","卓玛家, ""苹果树"" 旁, 中德村","","136.00","cod""#,
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
         \"136.00\",\"cod\"\r\n"
    );
}

#[test]
fn an_order_paid_online_says_its_method_its_payment_and_its_refund_in_the_last_column() {
    let mut paid = order("K7Q2M9XD4PRA", "卓玛", "13800138000", "中德村 1 号", None);
    paid.order.payment = Some(PaymentView {
        method: PaymentMethod::Wechat,
        status: PaymentStatus::Paid,
        expires_at: None,
        next: None,
    });
    paid.order.refund = Some(RefundView {
        status: RefundStatus::RefundPending,
        fen: 2000,
    });
    let line = lines(&[paid]);
    assert!(
        line.ends_with(",\"wechat paid, refund_pending 20.00\"\r\n"),
        "{line}"
    );
}
