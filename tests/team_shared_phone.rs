//! The shed's phone shared by the team, in a real browser: a move kept offline carries its
//! member and is sent only under their sign-in (another member's is held, one kept before moves
//! had a member waits for a choice), a saved copy is shown to its member alone and for a day,
//! anyone else's is forgotten from the phone, and a phone signed in by anyone but an owner
//! keeps none of the owner's page in Cache Storage.
#![cfg(target_arch = "wasm32")]

use orchard::client::clock;
use orchard::client::json;
use orchard::client::offline_store::{self as store, Store};
use orchard::client::pages::admin::offline::{
    copy_usable, held_for, read_saved, saved_text, QueuedMove, Turn, SAVED_FOR_MS,
};
use orchard::client::pages::admin::saved::sweep;
use orchard::domain::BulkMoveRequest;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const HOUR: i64 = 60 * 60 * 1000;

fn packed(id: &str) -> BulkMoveRequest {
    BulkMoveRequest {
        ids: vec![id.to_owned()],
        from: "received".to_owned(),
        status: "packed".to_owned(),
    }
}

fn made(id: &str, at: i64, by: &str) -> QueuedMove {
    QueuedMove::new(&packed(id), at, 1).by(by)
}

#[wasm_bindgen_test]
fn a_move_is_sent_only_while_the_member_who_made_it_is_signed_in() {
    let dawas = made("A1", 1_000, "Dawa");
    assert_eq!(dawas.turn(Some("Dawa")), Turn::Mine);
    assert_eq!(dawas.turn(Some("Pema")), Turn::HeldFor("Dawa".into()));
    assert_eq!(dawas.turn(Some("owner")), Turn::HeldFor("Dawa".into()));
    assert_eq!(dawas.turn(None), Turn::HeldFor("Dawa".into()), "signed out");
    let text = json::to_string(&dawas).unwrap();
    assert_eq!(
        json::parse::<QueuedMove>(&text).unwrap(),
        dawas,
        "as IndexedDB gives it back"
    );
    assert!(
        !text.contains("token"),
        "the member's name is kept, never a token"
    );
}

#[wasm_bindgen_test]
fn a_move_kept_before_moves_had_a_member_is_nobodys_to_send_on_its_own() {
    let old =
        r#"{"key":"000000000001000-00000001","ids":["A1"],"from":"received","status":"packed"}"#;
    let old: QueuedMove = json::parse(old).unwrap();
    assert_eq!(old.member, None);
    assert_eq!(old.turn(Some("Dawa")), Turn::Unknown);
    assert_eq!(old.turn(None), Turn::Unknown);
    assert_eq!(
        old.clone().by("Pema").turn(Some("Pema")),
        Turn::Mine,
        "once sent as Pema's"
    );
}

#[wasm_bindgen_test]
fn the_moves_held_are_counted_per_member_in_the_order_first_made() {
    let queue = [
        made("A1", 1, "Dawa"),
        made("B1", 2, "Pema"),
        made("A2", 3, "Dawa"),
        made("C1", 4, "owner"),
        QueuedMove::new(&packed("X1"), 5, 1),
    ];
    assert_eq!(
        held_for(&queue, Some("Pema")),
        [("Dawa".to_owned(), 2), ("owner".to_owned(), 1)],
        "Pema's own move is not held, nor is the one of nobody known"
    );
    assert_eq!(
        held_for(&queue, None),
        [
            ("Dawa".to_owned(), 2),
            ("Pema".to_owned(), 1),
            ("owner".to_owned(), 1)
        ]
    );
    assert!(held_for(&queue[..1], Some("Dawa")).is_empty());
}

#[wasm_bindgen_test]
fn a_saved_copy_is_shown_to_its_member_alone_and_for_a_day() {
    let saved = 1_764_752_400_000;
    let cases = [
        ("Dawa", saved, true, "just saved"),
        ("Dawa", saved + 23 * HOUR, true, "the same day"),
        (
            "Dawa",
            saved + SAVED_FOR_MS - 1,
            true,
            "a moment short of a day",
        ),
        ("Dawa", saved + SAVED_FOR_MS, false, "a day old"),
        ("Dawa", saved + 25 * HOUR, false, "the next morning"),
        (
            "Dawa",
            saved - HOUR,
            false,
            "dated ahead of a clock set back",
        ),
        ("Pema", saved + 1, false, "another member's"),
        ("owner", saved + 1, false, "even for the owner"),
    ];
    for (member, now, shown, why) in cases {
        assert_eq!(copy_usable(saved, "Dawa", member, now), shown, "{why}");
    }
    assert_eq!(
        read_saved("1764752400000\n{\"total\":0}"),
        None,
        "a copy kept before copies had a member is never read"
    );
}

/// The team's page's helper, as `admin/index.html` loads it (after the shared IndexedDB helper).
fn load_helper() {
    js_sys::eval(include_str!("../public/idb.js")).expect("the IndexedDB helper runs");
    js_sys::eval(include_str!("../public/team-offline.js")).expect("the helper runs");
}

#[wasm_bindgen_test]
async fn a_sign_in_forgets_anyone_elses_copies_and_the_page_opening_those_a_day_old() {
    load_helper();
    store::clear(Store::Saved).await;
    let now = clock::local_now_ms();
    let copies = [
        ("list:all", saved_text(now - HOUR, "Dawa", "{}")),
        ("list:packed", saved_text(now - 25 * HOUR, "Pema", "{}")),
        ("list:received", saved_text(now - HOUR, "Pema", "{}")),
        ("summary", format!("{}\n{{}}", now - HOUR)),
    ];
    for (key, text) in &copies {
        assert!(store::put_text(Store::Saved, key, text).await);
    }
    sweep(None).await;
    assert_eq!(
        store::keys(Store::Saved).await,
        ["list:all", "list:received"],
        "nobody signed in: a day-old copy and an unreadable one go"
    );
    sweep(Some("Pema".to_owned())).await;
    assert_eq!(
        store::keys(Store::Saved).await,
        ["list:received"],
        "Pema signs in: Dawa's copy goes"
    );
    store::clear(Store::Saved).await;
}

/// Runs `body` as an async JavaScript function, and gives what it returns.
async fn run_js(body: &str) -> wasm_bindgen::JsValue {
    let promise = js_sys::eval(&format!("(async () => {{ {body} }})()")).expect("it runs");
    JsFuture::from(js_sys::Promise::from(promise))
        .await
        .expect("it answers")
}

/// Every path in every cache of this origin, sorted.
async fn cached_paths() -> Vec<String> {
    let paths = run_js(
        "const paths = [];
         for (const name of await caches.keys()) {
           for (const r of await (await caches.open(name)).keys()) paths.push(new URL(r.url).pathname);
         }
         return paths.sort();",
    )
    .await;
    js_sys::Array::from(&paths)
        .iter()
        .filter_map(|p| p.as_string())
        .collect()
}

#[wasm_bindgen_test]
async fn a_phone_signed_in_by_anyone_but_an_owner_keeps_none_of_the_owners_page() {
    load_helper();
    run_js(
        r#"const shell = await caches.open("orchard-shell-test");
           for (const path of ["/owner/index.html", "/owner/owner-1.wasm", "/admin/index.html"]) {
             await shell.put(path, new Response("x"));
           }"#,
    )
    .await;
    store::keep_pages(true).await;
    assert_eq!(
        cached_paths().await,
        [
            "/admin/index.html",
            "/owner/index.html",
            "/owner/owner-1.wasm"
        ],
        "an owner's phone keeps it"
    );
    store::keep_pages(false).await;
    assert_eq!(
        cached_paths().await,
        ["/admin/index.html"],
        "a packer signs in"
    );
    run_js(r#"await caches.delete("orchard-shell-test");"#).await;
}
