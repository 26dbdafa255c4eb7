//! The storefront's live numbers: deltas, holds, and totals reloaded beside own writes.

use super::*;

fn totals(left: u32, orders: u64) -> Totals {
    Totals {
        stock: vec![("5kg".to_owned(), left)],
        orders,
        kg_sold: orders * 15,
    }
}

fn ordered() -> Delta {
    Delta::Ordered {
        box_id: "5kg".to_owned(),
        quantity: 3,
        weight_kg: 5,
    }
}

#[test]
fn an_order_awaiting_its_payment_holds_its_boxes_and_counts_as_sold_only_once_paid() {
    let snapshot = Snapshot::new(totals(14, 2));
    let held = |quantity| Delta::Held {
        box_id: "5kg".to_owned(),
        quantity,
    };
    snapshot.apply(&[held(3), held(2)]);
    let numbers = |s: &Snapshot| {
        let n = s.numbers.read().unwrap();
        (n.stock["5kg"], n.orders, n.kg_sold)
    };
    assert_eq!(numbers(&snapshot), (9, 2, 30), "held, not sold");
    let sold = Delta::Sold {
        quantity: 3,
        weight_kg: 5,
    };
    let released = Delta::Released {
        box_id: "5kg".to_owned(),
        quantity: 2,
    };
    snapshot.apply(&[sold, released]);
    assert_eq!(
        numbers(&snapshot),
        (11, 3, 45),
        "one paid, one closed unpaid"
    );
}

#[test]
fn totals_read_while_an_own_write_commits_never_count_it_twice() {
    let snapshot = Snapshot::new(totals(14, 2));
    let seen = snapshot.version();
    // The write commits; the reload reads totals that already count it…
    let writing = snapshot.writing();
    let reloaded = totals(11, 3);
    assert!(
        !snapshot.replace(seen, reloaded.clone()),
        "refused while in flight"
    );
    // …and its delta lands: 11 boxes, not 8.
    writing.apply(&[ordered()]);
    assert_eq!(snapshot.available("5kg"), 11);
    assert!(!snapshot.replace(seen, reloaded), "refused: applied since");
    assert_eq!(snapshot.available("5kg"), 11);
}

#[test]
fn totals_read_when_no_own_write_is_under_way_replace_the_numbers() {
    let snapshot = Snapshot::new(totals(14, 2));
    let seen = snapshot.version();
    // Another instance sold 5 boxes.
    assert!(snapshot.replace(seen, totals(9, 3)));
    assert_eq!(snapshot.available("5kg"), 9);
    assert_eq!(snapshot.version(), seen + 1);
}
