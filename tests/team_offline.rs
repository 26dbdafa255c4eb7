//! The team's page in the shed, in a real browser: a move kept offline is sent again exactly as
//! made and in the order made, only the network (or a busy shop, or a lost sign-in) keeps a move
//! waiting, each order of a sent move is reported moved or refused, an order someone else moved
//! says so with its status now, the copies saved for offline read back as they were kept, and
//! the phone (IndexedDB, through the team's page's helper) keeps the moves in the order made.
#![cfg(target_arch = "wasm32")]

use std::collections::BTreeMap;

use orchard::client::api::ApiError;
use orchard::client::i18n::{fill, Locale, TeamKey};
use orchard::client::json;
use orchard::client::offline_store::{self as store, Store};
use orchard::client::pages::admin::offline::{
    add_report, list_key, on_failure, read_saved, saved_text, OnFailure, Problem, QueuedMove,
    SentReport, LOOKUPS_PER_REPORT, REPORTS_KEPT,
};
use orchard::domain::{AdminOrderList, BulkMoveResult, OrderStatus};
use wasm_bindgen_test::*;

mod team_fixtures;

use team_fixtures::{change, order, refused};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_move_kept_offline_is_sent_again_exactly_as_made() {
    let made = change(&["A1", "B2"], "received", "packed");
    let kept = QueuedMove::new(&made, 1_764_752_400_000, 7);
    assert_eq!(kept.request(), made);
    let text = json::to_string(&kept).unwrap();
    assert_eq!(
        json::parse::<QueuedMove>(&text).unwrap(),
        kept,
        "as IndexedDB gives it back"
    );
}

#[wasm_bindgen_test]
fn moves_kept_offline_are_sent_in_the_order_they_were_made() {
    let one = change(&["A1"], "received", "packed");
    let keys = [
        QueuedMove::new(&one, 999, 0xffff_ffff).key,
        QueuedMove::new(&one, 1_000, 5).key,
        QueuedMove::new(&one, 1_764_752_400_000, 0).key,
        QueuedMove::new(&one, 1_764_752_400_001, 0).key,
    ];
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(sorted, keys, "keys sort as the moves were made");
    let same_moment = QueuedMove::new(&one, 1_000, 6).key;
    assert_ne!(
        same_moment, keys[1],
        "two moves in one millisecond keep both"
    );
}

#[wasm_bindgen_test]
fn only_the_network_a_busy_shop_or_a_lost_sign_in_keeps_a_move_waiting() {
    let cases = [
        (ApiError::Network("offline".into()), OnFailure::Wait),
        (
            ApiError::Unexpected("a portal's page".into()),
            OnFailure::Wait,
        ),
        (refused(503, "overloaded"), OnFailure::Wait),
        (refused(500, "internal"), OnFailure::Wait),
        (refused(429, "rate_limited"), OnFailure::Wait),
        (refused(401, "unauthorized"), OnFailure::SignIn),
        (
            refused(403, "forbidden"),
            OnFailure::GiveUp("forbidden".into()),
        ),
        (refused(422, "invalid"), OnFailure::GiveUp("invalid".into())),
    ];
    for (error, want) in cases {
        assert_eq!(on_failure(&error), want, "{error:?}");
    }
}

#[wasm_bindgen_test]
fn each_order_of_a_sent_move_is_reported_moved_or_refused_in_the_order_queued() {
    let kept = QueuedMove::new(
        &change(&["C3", "A1", "B2", "D4"], "received", "packed"),
        5,
        1,
    );
    let answer = BulkMoveResult {
        moved: vec!["A1".into(), "D4".into()],
        refused: BTreeMap::from([
            ("B2".to_owned(), "status_conflict".into()),
            ("C3".to_owned(), "not_found".into()),
        ]),
    };
    let report = SentReport::answered(&kept, &answer);
    assert_eq!(report.status, "packed");
    assert_eq!(report.moved, ["A1", "D4"]);
    assert_eq!(
        report.problems,
        [
            ("C3".to_owned(), Problem::Refused("not_found".into())),
            ("B2".to_owned(), Problem::MovedMeanwhile(None)),
        ]
    );
}

#[wasm_bindgen_test]
fn an_order_someone_else_moved_is_reported_with_its_status_now() {
    let kept = QueuedMove::new(&change(&["A1", "B2"], "received", "packed"), 5, 1);
    let answer = BulkMoveResult {
        moved: vec![],
        refused: BTreeMap::from([
            ("A1".to_owned(), "status_conflict".into()),
            ("B2".to_owned(), "status_conflict".into()),
        ]),
    };
    let mut report = SentReport::answered(&kept, &answer);
    assert_eq!(report.to_look_up(), ["A1", "B2"]);
    report.now_in("B2", OrderStatus::Shipped);
    assert_eq!(report.to_look_up(), ["A1"], "B2's status is known now");
    assert_eq!(
        report.problems[1].1,
        Problem::MovedMeanwhile(Some(OrderStatus::Shipped))
    );

    let many: Vec<String> = (0..50).map(|n| format!("O{n}")).collect();
    let ids: Vec<&str> = many.iter().map(String::as_str).collect();
    let kept = QueuedMove::new(&change(&ids, "received", "packed"), 5, 2);
    let all_moved = BulkMoveResult {
        moved: vec![],
        refused: many
            .iter()
            .map(|id| (id.clone(), "status_conflict".into()))
            .collect(),
    };
    let report = SentReport::answered(&kept, &all_moved);
    assert_eq!(
        report.to_look_up().len(),
        LOOKUPS_PER_REPORT,
        "a few lookups, not fifty"
    );
}

#[wasm_bindgen_test]
fn someone_else_moved_it_reads_plainly_with_the_status_now_in_every_language() {
    for locale in [Locale::En, Locale::Zh, Locale::Fr] {
        let status = locale.text(orchard::client::components::status_key(
            OrderStatus::Shipped,
        ));
        let line = fill(
            locale.text(TeamKey::sent_moved_meanwhile),
            &[("status", status.to_owned())],
        );
        assert!(line.contains(status), "{line}");
        assert!(!line.contains("{{"), "{line}");
    }
    assert_eq!(
        fill(
            Locale::En.text(TeamKey::sent_moved_meanwhile),
            &[("status", "Shipped".to_owned())]
        ),
        "someone else already moved it (now: Shipped)"
    );
}

#[wasm_bindgen_test]
fn a_move_refused_as_a_whole_reports_each_of_its_orders() {
    let kept = QueuedMove::new(&change(&["A1", "B2"], "received", "cancelled"), 5, 1);
    let report = SentReport::refused(&kept, "forbidden".into());
    assert!(report.moved.is_empty());
    assert_eq!(
        report.problems,
        [
            ("A1".to_owned(), Problem::Refused("forbidden".into())),
            ("B2".to_owned(), Problem::Refused("forbidden".into())),
        ]
    );
}

#[wasm_bindgen_test]
fn the_newest_reports_show_and_a_move_sent_twice_shows_once() {
    let mut reports = Vec::new();
    for n in 0..(REPORTS_KEPT as i64 + 5) {
        let kept = QueuedMove::new(&change(&["A1"], "received", "packed"), n, 0);
        add_report(&mut reports, SentReport::refused(&kept, "not_found".into()));
    }
    assert_eq!(reports.len(), REPORTS_KEPT);
    let newest = reports[0].key.clone();
    let again = SentReport {
        key: newest.clone(),
        status: "packed".into(),
        moved: vec!["A1".into()],
        problems: vec![],
    };
    add_report(&mut reports, again.clone());
    assert_eq!(reports.len(), REPORTS_KEPT);
    assert_eq!(reports[0], again);
    assert_eq!(reports.iter().filter(|r| r.key == newest).count(), 1);
}

#[wasm_bindgen_test]
fn a_list_is_saved_per_status_and_a_search_is_not() {
    assert_eq!(list_key(None, "").as_deref(), Some("list:all"));
    assert_eq!(
        list_key(Some(OrderStatus::Packed), "  ").as_deref(),
        Some("list:packed")
    );
    assert_eq!(list_key(Some(OrderStatus::Packed), "Pema"), None);
}

#[wasm_bindgen_test]
fn a_saved_copy_reads_back_as_the_server_sent_it_with_when_and_for_whom_it_was_saved() {
    let page = AdminOrderList {
        orders: (0..3).map(|n| order(&format!("O{n}"))).collect(),
        total: 4_321,
        next_cursor: Some("opaque".into()),
    };
    let as_sent = json::to_string(&page).unwrap();
    let text = saved_text(1_764_752_400_123, "Dawa", &as_sent);
    let (saved_at, member, answer) = read_saved(&text).unwrap();
    assert_eq!((saved_at, member), (1_764_752_400_123, "Dawa"));
    let back: AdminOrderList = json::parse(answer).unwrap();
    assert_eq!(back, page, "newest first and the chip's count, as shown");
    assert_eq!(
        read_saved(&as_sent),
        None,
        "an answer without its time is not a copy"
    );
}

/// The team's page's helper, as `admin/index.html` loads it: after the shared IndexedDB helper
/// (here without its service worker: the page's `load` has passed).
fn load_helper() {
    js_sys::eval(include_str!("../public/idb.js")).expect("the IndexedDB helper runs");
    js_sys::eval(include_str!("../public/team-offline.js")).expect("the helper runs");
}

#[wasm_bindgen_test]
async fn the_phone_keeps_moves_in_the_order_made_and_forgetting_the_saved_copies_at_sign_out_leaves_them(
) {
    load_helper();
    store::clear(Store::Queue).await;
    let later = QueuedMove::new(&change(&["B2"], "packed", "shipped"), 2_000, 1);
    let sooner = QueuedMove::new(&change(&["A1"], "received", "packed"), 1_000, 9);
    assert!(store::put(Store::Queue, &later.key, &later).await);
    assert!(store::put(Store::Queue, &sooner.key, &sooner).await);
    let kept: Vec<QueuedMove> = store::all(Store::Queue).await;
    assert_eq!(
        kept,
        [sooner.clone(), later.clone()],
        "oldest first, in IndexedDB"
    );

    assert!(
        store::put_text(
            Store::Saved,
            "list:all",
            &saved_text(5, "Dawa", "{\"total\":0}")
        )
        .await
    );
    store::clear(Store::Saved).await;
    assert_eq!(store::get_text(Store::Saved, "list:all").await, None);
    assert_eq!(
        store::all::<QueuedMove>(Store::Queue).await.len(),
        2,
        "the moves still wait"
    );

    store::remove(Store::Queue, &sooner.key).await;
    assert_eq!(store::all::<QueuedMove>(Store::Queue).await, [later]);
    store::clear(Store::Queue).await;
}

#[wasm_bindgen_test]
fn every_box_of_a_morning_scanned_offline_is_reported_once_sent() {
    let mut reports = Vec::new();
    for n in 0..120 {
        let kept = QueuedMove::new(&change(&[&format!("O{n}")], "received", "packed"), n, 0);
        let answer = BulkMoveResult {
            moved: kept.ids.clone(),
            refused: BTreeMap::new(),
        };
        add_report(&mut reports, SentReport::answered(&kept, &answer));
    }
    assert_eq!(
        reports.len(),
        120,
        "none scrolls away before the helper reads it"
    );
    assert_eq!(reports[0].moved, ["O119"], "the newest first");
}
