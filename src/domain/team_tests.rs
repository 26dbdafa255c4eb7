//! The team's list query: each parameter's rule, and the shapes' JSON.

use super::*;

fn params(pairs: &[(&str, &str)]) -> OrderListParams {
    let mut p = OrderListParams::default();
    for (k, v) in pairs {
        let v = Some((*v).to_owned());
        match *k {
            "status" => p.status = v,
            "q" => p.q = v,
            "ref" => p.ref_tag = v,
            "limit" => p.limit = v,
            "cursor" => p.cursor = v,
            _ => unreachable!("unknown parameter {k}"),
        }
    }
    p
}

#[test]
fn an_empty_query_is_the_first_page_of_fifty_of_every_order() {
    let q = OrderListQuery::parse(&params(&[])).unwrap();
    assert_eq!(q.limit, 50);
    assert_eq!(q.after, None);
    assert_eq!(q.filter, OrderFilter::default());
}

#[test]
fn each_bad_parameter_is_named_in_the_fields() {
    let cases = [
        ("status", "lost", "status"),
        ("limit", "0", "limit"),
        ("limit", "201", "limit"),
        ("limit", "ten", "limit"),
        ("limit", "-3", "limit"),
        ("cursor", "zzz", "cursor"),
        ("cursor", "s", "cursor"),
        ("cursor", "s-1", "cursor"),
        ("cursor", "sffffffffffffffffff", "cursor"),
        ("ref", "no spaces", "ref"),
        ("q", &"x".repeat(101), "q"),
    ];
    for (key, value, field) in cases {
        let errors = OrderListQuery::parse(&params(&[(key, value)])).unwrap_err();
        assert!(errors.contains_key(field), "{key}={value}: {errors:?}");
    }
}

#[test]
fn a_cursor_reads_back_the_seq_it_was_made_from() {
    for seq in [1, 255, i64::MAX >> 4] {
        let raw = Cursor::after(seq).encode();
        assert_eq!(Cursor::parse(&raw).unwrap().seq(), seq);
    }
}

#[test]
fn a_search_compares_phone_digits_only_when_written_as_a_phone_with_three_digits() {
    let s = Search::parse("  138-0013 ").unwrap().unwrap();
    assert_eq!(s.text, "138-0013");
    assert_eq!(s.digits.as_deref(), Some("1380013"));
    assert_eq!(Search::parse("a1b2").unwrap().unwrap().digits, None);
    assert_eq!(Search::parse("12").unwrap().unwrap().digits, None);
    assert_eq!(Search::parse("K7Q213").unwrap().unwrap().digits, None);
    assert_eq!(Search::parse("SF123").unwrap().unwrap().digits, None);
    let s = Search::parse("+86 (139) 1234.5678").unwrap().unwrap();
    assert_eq!(s.digits.as_deref(), Some("8613912345678"));
    assert_eq!(Search::parse("   ").unwrap(), None);
    assert!(Search::parse(&"字".repeat(100)).unwrap().is_some());
}

#[test]
fn the_summary_and_pick_list_write_the_contract_s_json() {
    let summary = Summary {
        by_ref: BTreeMap::from([("wx".to_owned(), 2)]),
        boxes: vec![BoxTally {
            id: "5kg".into(),
            available: 3,
            ordered: 4,
        }],
        ..Summary::default()
    };
    let json = serde_json::to_value(&summary).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"orders": 0, "by_status": {"received": 0, "packed": 0, "shipped": 0,
            "delivered": 0, "cancelled": 0}, "kg_sold": 0, "revenue_fen": 0, "families_lifted": 0,
            "boxes": [{"id": "5kg", "available": 3, "ordered": 4}], "by_ref": {"wx": 2}})
    );
    let picklist = Picklist {
        boxes: vec![PickBox {
            id: "5kg".into(),
            orders: 2,
            boxes: 5,
        }],
        orders: 2,
    };
    assert_eq!(
        serde_json::to_value(&picklist).unwrap(),
        serde_json::json!({"boxes": [{"id": "5kg", "orders": 2, "boxes": 5}], "orders": 2})
    );
}
