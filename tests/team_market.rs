//! The team's page in a market, in a real browser: each producer's saved copies and queued moves
//! stay apart on the shared phone (a move queued for one producer is sent to that producer's API
//! whichever producer the operator shows by then; one producer's saved list never reads back
//! under another's), a shop of one keeps the keys and the moves it always had, an operator may
//! open the owner's page, and the market's names follow the user's language.
#![cfg(target_arch = "wasm32")]

use orchard::client::api::market::{in_language, MarketNames, MarketNumbers};
use orchard::client::api::ApiError;
use orchard::client::json;
use orchard::client::offline_store::{self as store, Store};
use orchard::client::pages::admin::offline::{list_key, producer_key, saved_text, QueuedMove};
use orchard::client::pages::admin::owner::Access;
use orchard::domain::{Lang, MemberInfo, OrderStatus, Role};
use wasm_bindgen_test::*;

mod team_fixtures;

use team_fixtures::change;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn a_move_queued_for_one_producer_is_sent_to_that_producer_after_a_switch() {
    let made = change(&["A1"], "received", "packed");
    let for_a = QueuedMove::new(&made, 1_000, 1)
        .by("Dawa")
        .of(Some("drolma"));
    // As IndexedDB gives it back, after the operator switched to another producer.
    let kept: QueuedMove = json::parse(&json::to_string(&for_a).unwrap()).unwrap();
    assert_eq!(kept, for_a);
    assert_eq!(
        kept.team("t").url("/orders/status"),
        "/api/producers/drolma/admin/orders/status"
    );
    let for_b = QueuedMove::new(&made, 1_001, 1)
        .by("Dawa")
        .of(Some("yangjin"));
    assert_eq!(
        for_b.team("t").url("/orders/status"),
        "/api/producers/yangjin/admin/orders/status"
    );
    assert_eq!(kept.team("t").token, "t");
}

#[wasm_bindgen_test]
fn a_move_kept_before_the_market_goes_to_the_default_producer_as_it_always_did() {
    let before = r#"{"key":"000000000001000-00000001","ids":["A1"],"from":"received","status":"packed","member":"Dawa"}"#;
    let kept: QueuedMove = json::parse(before).unwrap();
    assert_eq!(kept.producer, None);
    assert_eq!(
        kept.team("t").url("/orders/status"),
        "/api/admin/orders/status"
    );
    let default = QueuedMove::new(&change(&["A1"], "received", "packed"), 1_000, 1).by("Dawa");
    assert_eq!(
        json::to_string(&default.of(None)).unwrap(),
        before,
        "a shop of one keeps the very moves it kept"
    );
}

#[wasm_bindgen_test]
fn each_producers_copies_are_kept_apart_and_a_shop_of_one_keeps_its_keys() {
    let all = list_key(None, "").unwrap();
    assert_eq!(producer_key(None, &all), "list:all", "as before the market");
    assert_eq!(producer_key(None, "summary"), "summary");
    let packed = list_key(Some(OrderStatus::Packed), "").unwrap();
    let keys = [
        producer_key(None, &all),
        producer_key(Some("drolma"), &all),
        producer_key(Some("yangjin"), &all),
        producer_key(Some("yangjin"), &packed),
        producer_key(Some("yangjin"), "summary"),
        producer_key(Some("drolma"), "summary"),
    ];
    let distinct: std::collections::BTreeSet<_> = keys.iter().collect();
    assert_eq!(distinct.len(), keys.len(), "{keys:?}");
}

/// The team's page's helper, as `admin/index.html` loads it.
fn load_helper() {
    js_sys::eval(include_str!("../public/idb.js")).expect("the IndexedDB helper runs");
    js_sys::eval(include_str!("../public/team-offline.js")).expect("the helper runs");
}

#[wasm_bindgen_test]
async fn one_producers_saved_list_never_reads_back_under_another() {
    load_helper();
    store::clear(Store::Saved).await;
    let all = list_key(None, "").unwrap();
    let a = saved_text(
        5,
        "Operator",
        r#"{"orders":[],"total":7,"next_cursor":null}"#,
    );
    assert!(store::put_text(Store::Saved, &producer_key(Some("drolma"), &all), &a).await);
    assert_eq!(
        store::get_text(Store::Saved, &producer_key(Some("drolma"), &all)).await,
        Some(a)
    );
    assert_eq!(
        store::get_text(Store::Saved, &producer_key(Some("yangjin"), &all)).await,
        None
    );
    assert_eq!(store::get_text(Store::Saved, &all).await, None);
    store::clear(Store::Saved).await;
}

#[wasm_bindgen_test]
fn an_operator_may_open_the_owners_page_and_a_packer_of_a_producer_may_not() {
    let me = |role, producer: Option<&str>| {
        Ok::<_, ApiError>(MemberInfo {
            name: "Lhamo".into(),
            role,
            producer: producer.map(str::to_owned),
        })
    };
    assert_eq!(
        Access::of(true, Some(&me(Role::Operator, None))),
        Access::Owner
    );
    assert_eq!(
        Access::of(true, Some(&me(Role::Owner, Some("yangjin")))),
        Access::Owner
    );
    assert_eq!(
        Access::of(true, Some(&me(Role::Packer, Some("yangjin")))),
        Access::NotOwner
    );
}

#[wasm_bindgen_test]
fn who_signed_in_reads_with_or_without_a_producer() {
    let market: MemberInfo =
        json::parse(r#"{"name":"Lhamo","role":"operator","producer":null}"#).unwrap();
    assert_eq!((market.role, market.producer), (Role::Operator, None));
    let packer: MemberInfo =
        json::parse(r#"{"name":"Dawa","role":"packer","producer":"yangjin"}"#).unwrap();
    assert_eq!(packer.producer.as_deref(), Some("yangjin"));
    let shop_of_one: MemberInfo = json::parse(r#"{"name":"owner","role":"owner"}"#).unwrap();
    assert_eq!(shop_of_one.producer, None);
}

#[wasm_bindgen_test]
fn the_switcher_names_each_producer_in_the_users_language() {
    let names: MarketNames = json::parse(
        r#"{"name":{"zh":"集市","en":"Market","fr":"Marché"},"producers":[
            {"slug":"drolma","name":{"zh":"卓玛","en":"Drolma","fr":"Drolma"},"boxes":[]},
            {"slug":"yangjin","name":{"zh":"央金","en":"Yangjin"}}]}"#,
    )
    .unwrap();
    let yangjin = &names.producers[1].name;
    assert_eq!(in_language(yangjin, Lang::Zh), "央金");
    assert_eq!(in_language(yangjin, Lang::En), "Yangjin");
    assert_eq!(
        in_language(yangjin, Lang::Fr),
        "Yangjin",
        "a language missing: English"
    );
    let drolma = &names.producers[0].name;
    assert_eq!(in_language(drolma, Lang::Fr), "Drolma");
    let only_zh = [("zh".to_owned(), "卓玛".to_owned())].into_iter().collect();
    assert_eq!(
        in_language(&only_zh, Lang::Fr),
        "卓玛",
        "else the one it has"
    );
}

#[wasm_bindgen_test]
fn the_markets_numbers_read_per_producer_and_for_the_market() {
    let numbers: MarketNumbers = json::parse(
        r#"{"producers":[{"slug":"drolma","summary":{"orders":3,"by_status":{"received":3,"packed":0,"shipped":0,"delivered":0,"cancelled":0},"kg_sold":15,"revenue_fen":20400,"families_lifted":0,"boxes":[],"by_ref":{}}},
            {"slug":"yangjin","summary":{"orders":1,"kg_sold":10,"revenue_fen":12850,"families_lifted":0}}],
            "totals":{"orders":4,"kg_sold":25,"revenue_fen":33250,"families_lifted":0}}"#,
    )
    .unwrap();
    assert_eq!(numbers.producers.len(), 2);
    assert_eq!(numbers.producers[0].summary.revenue_fen, 20_400);
    assert_eq!(numbers.totals.orders, 4);
    assert_eq!(numbers.totals.kg_sold, 25);
}
