//! The team's page's logic that can break, in a real browser: pages that land in the list only
//! when they answer the latest filter, the window of rows the DOM holds while scrolling, a
//! selection by range and by filter, the words for each refusal, a scanned id, and label
//! documents printed as one, and who may see the owner's page.
#![cfg(target_arch = "wasm32")]

use orchard::client::api::admin::{list_query, query};
use orchard::client::i18n::{Locale, TeamKey};
use orchard::client::pages::admin::listing::{Filter, Listing, RowWindow, ROW_PX, WINDOW_ROWS};
use orchard::client::pages::admin::print::merge_label_pages;
use orchard::client::pages::admin::scan::scanned_id;
use orchard::client::pages::admin::selection::{next_status, refusal_key, Selection, MAX_SELECTED};
use orchard::domain::{AdminOrderList, OrderStatus};
use wasm_bindgen_test::*;

mod team_fixtures;

use team_fixtures::order;

wasm_bindgen_test_configure!(run_in_browser);

fn page(ids: std::ops::Range<u32>, total: u64, next: Option<&str>) -> AdminOrderList {
    AdminOrderList {
        orders: ids.map(|n| order(&format!("O{n}"))).collect(),
        total,
        next_cursor: next.map(str::to_owned),
    }
}

fn filter(status: Option<OrderStatus>, q: &str) -> Filter {
    Filter {
        status,
        q: q.to_owned(),
        generation: 0,
    }
}

#[wasm_bindgen_test]
fn pages_follow_one_another_through_their_cursors_until_the_last() {
    let mut list = Listing::new(filter(None, ""));
    let first = list.request().clone();
    assert_eq!(first.cursor, None);
    assert!(list.take(&first, page(0..50, 120, Some("s2"))));
    assert_eq!(list.total(), Some(120));
    assert!(list.want_more());
    assert!(
        !list.want_more(),
        "a page already on its way is not asked twice"
    );
    let second = list.request().clone();
    assert_eq!(second.cursor.as_deref(), Some("s2"));
    assert!(list.take(&second, page(50..100, 120, Some("s3"))));
    assert!(list.want_more());
    let third = list.request().clone();
    assert!(list.take(&third, page(100..120, 120, None)));
    assert_eq!(list.orders().len(), 120);
    assert!(list.complete());
    assert!(!list.want_more(), "there is no page after the last");
}

#[wasm_bindgen_test]
fn a_slow_answer_for_an_older_search_never_lands_in_the_newer_list() {
    let old = Listing::new(filter(None, "Pe"));
    let old_request = old.request().clone();
    let mut list = Listing::new(filter(None, "Pema"));
    assert!(!list.take(&old_request, page(0..50, 900, Some("s9"))));
    assert!(list.orders().is_empty());
    assert!(list.waiting(), "the newer search is still on its way");
    let newer = list.request().clone();
    assert!(list.take(&newer, page(0..1, 1, None)));
    assert_eq!(list.total(), Some(1));
    assert!(
        !list.take(&newer, page(5..9, 4, None)),
        "one answer per page asked"
    );
}

#[wasm_bindgen_test]
fn an_order_that_moved_up_between_pages_is_listed_once() {
    let mut list = Listing::new(filter(None, ""));
    let first = list.request().clone();
    list.take(&first, page(0..50, 60, Some("s1")));
    list.want_more();
    let second = list.request().clone();
    list.take(&second, page(49..60, 60, None));
    assert_eq!(list.orders().len(), 60);
}

#[wasm_bindgen_test]
fn a_failed_page_is_asked_again_on_retry() {
    let mut list = Listing::new(filter(Some(OrderStatus::Packed), ""));
    let asked = list.request().clone();
    list.failed(&asked);
    assert!(!list.waiting());
    list.retry();
    assert!(list.waiting());
    assert_ne!(*list.request(), asked, "the retry is a new request");
    assert_eq!(list.request().cursor, asked.cursor);
}

#[wasm_bindgen_test]
fn the_dom_holds_a_bounded_window_of_rows_however_far_the_helper_scrolls() {
    for (len, row) in [
        (1_000, 0),
        (1_000, 10),
        (1_000, 200),
        (1_000, 555),
        (1_000, 999),
        (420, 419),
        (437, 420),
    ] {
        let w = RowWindow::at((row * ROW_PX) as f64, 844.0, len);
        assert!(w.end - w.start <= WINDOW_ROWS, "row {row}: {w:?}");
        assert!(
            w.start <= row && (row + 14).min(len) <= w.end,
            "row {row} is in {w:?}"
        );
        let covered = w.above_px() + (w.end - w.start) * ROW_PX + w.below_px(len);
        assert_eq!(covered, len * ROW_PX, "the spacers keep the list's height");
    }
    assert!(!RowWindow::at(0.0, 844.0, 1_000).near_end);
    assert!(RowWindow::at((980 * ROW_PX) as f64, 844.0, 1_000).near_end);
    let above = RowWindow::at(-300.0, 844.0, 3);
    assert_eq!((above.start, above.end), (0, 3));
    assert!(above.near_end, "a short list asks for more at once");
}

#[wasm_bindgen_test]
fn a_filter_asks_the_api_for_its_status_search_and_page() {
    let f = filter(Some(OrderStatus::Received), "  139 1234 ");
    let q = list_query(&f.params(Some("s1f"), 50));
    assert_eq!(q, "?status=received&q=139%201234&limit=50&cursor=s1f");
    assert_eq!(
        list_query(&filter(None, " ").params(None, 200)),
        "?limit=200"
    );
    assert_eq!(query(&[("ids", Some("A,B"))]), "?ids=A%2CB");
    assert_eq!(query(&[("status", None)]), "");
}

#[wasm_bindgen_test]
fn a_range_picks_every_row_between_the_two_tapped_in_either_direction() {
    let mut list = Listing::new(filter(None, ""));
    let first = list.request().clone();
    list.take(&first, page(0..10, 10, None));
    let mut picked = Selection::default();
    picked.toggle(7, "O7");
    picked.add_range(3, list.ids_between(7, 3));
    assert_eq!(picked.ids(), ["O3", "O4", "O5", "O6", "O7"]);
    picked.toggle(5, "O5");
    assert!(!picked.contains("O5"));
    assert_eq!(picked.len(), 4);
    picked.remove_all(&["O3".to_owned(), "O4".to_owned()]);
    assert_eq!(picked.ids(), ["O6", "O7"]);
}

#[wasm_bindgen_test]
fn all_of_a_filter_is_at_most_what_one_bulk_move_takes() {
    let mut picked = Selection::default();
    picked.set_all((0..12_000).map(|n| format!("O{n}")));
    assert_eq!(picked.len(), MAX_SELECTED);
    picked.clear();
    assert!(picked.is_empty());
    assert_eq!(picked.anchor(), None);
}

#[wasm_bindgen_test]
fn a_bulk_move_goes_one_step_on_and_nowhere_after_delivery() {
    assert_eq!(
        next_status(OrderStatus::Received),
        Some(OrderStatus::Packed)
    );
    assert_eq!(next_status(OrderStatus::Packed), Some(OrderStatus::Shipped));
    assert_eq!(
        next_status(OrderStatus::Shipped),
        Some(OrderStatus::Delivered)
    );
    assert_eq!(next_status(OrderStatus::Delivered), None);
    assert_eq!(next_status(OrderStatus::Cancelled), None);
}

#[wasm_bindgen_test]
fn each_refusal_reads_plainly_in_every_language() {
    let cases = [
        (
            "status_conflict",
            TeamKey::refused_moved,
            "someone else moved it already",
        ),
        ("not_found", TeamKey::refused_not_found, "no such order"),
        (
            "invalid_transition",
            TeamKey::refused_transition,
            "it cannot go to that status from where it is",
        ),
        ("something_new", TeamKey::refused_other, "refused"),
    ];
    for (code, key, english) in cases {
        assert_eq!(refusal_key(code.into()), key, "{code}");
        assert_eq!(Locale::En.text(key), english);
        assert_ne!(Locale::Zh.text(key), english, "{code} in Chinese");
        assert_ne!(Locale::Fr.text(key), english, "{code} in French");
    }
}

#[wasm_bindgen_test]
fn a_scan_is_the_id_without_what_the_scanner_adds_around_it() {
    assert_eq!(scanned_id("  A1B2C3\r\n").as_deref(), Some("A1B2C3"));
    assert_eq!(scanned_id("\t"), None);
    assert_eq!(scanned_id("A1 B2"), None, "two words are not one id");
}

#[wasm_bindgen_test]
fn labels_asked_in_parts_print_as_one_document() {
    let part = |ids: &str| {
        format!("<!doctype html><html><head><style>@page{{}}</style></head><body class=l>{ids}</body></html>")
    };
    let merged = merge_label_pages(vec![part("<p>A</p>"), part("<p>B</p>"), part("<p>C</p>")]);
    assert_eq!(merged.matches("<body").count(), 1);
    assert_eq!(merged.matches("<style>").count(), 1);
    assert!(
        merged.contains("<p>A</p><p>B</p><p>C</p></body>"),
        "{merged}"
    );
    assert_eq!(merge_label_pages(vec![part("x")]), part("x"));
    assert_eq!(merge_label_pages(Vec::new()), "");
}

#[wasm_bindgen_test]
fn the_owners_page_shows_the_owner_alone_and_sends_anyone_else_to_sign_in() {
    use orchard::client::api::ApiError;
    use orchard::client::pages::admin::owner::Access;
    use orchard::domain::{MemberInfo, Role};
    let member = |role| {
        Ok(MemberInfo {
            name: "Pema".into(),
            role,
            producer: None,
        })
    };
    assert_eq!(
        Access::of(false, Some(&member(Role::Owner))),
        Access::SignIn
    );
    assert_eq!(Access::of(true, None), Access::Asking);
    assert_eq!(Access::of(true, Some(&member(Role::Owner))), Access::Owner);
    assert_eq!(
        Access::of(true, Some(&member(Role::Packer))),
        Access::NotOwner
    );
    let gone = Err(ApiError::Network(String::new()));
    assert_eq!(Access::of(true, Some(&gone)), Access::SignIn);
}
