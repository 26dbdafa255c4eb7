//! The client's components in a real browser (headless Chromium via wasm-bindgen-test).
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use orchard::client::components::BoxList;
use orchard::client::i18n::{provide_i18n, Locale};
use orchard::domain::BoxOffer;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_root() -> web_sys::HtmlElement {
    let document = document();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    root.unchecked_into()
}

#[wasm_bindgen_test]
fn the_box_list_shows_weight_price_in_yuan_and_boxes_left() {
    let root = fresh_root();
    let boxes = vec![
        BoxOffer {
            id: "5kg".into(),
            weight_kg: 5,
            price_fen: 6800,
            available: 1187,
        },
        BoxOffer {
            id: "10kg".into(),
            weight_kg: 10,
            price_fen: 12850,
            available: 0,
        },
    ];
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_i18n().set_locale(Locale::En);
        view! { <BoxList boxes=boxes.clone()/> }
    });
    let items = root.query_selector_all("li").unwrap();
    assert_eq!(items.length(), 2);
    let first = items.item(0).unwrap().text_content().unwrap();
    assert!(
        first.contains("5 kg") && first.contains("¥68.00") && first.contains("1,187 boxes left"),
        "{first}"
    );
    let second = items.item(1).unwrap().text_content().unwrap();
    assert!(
        second.contains("¥128.50") && second.contains("Sold out"),
        "{second}"
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn switching_the_language_rewrites_the_text_and_the_page_lang_and_is_remembered() {
    let root = fresh_root();
    let boxes = vec![BoxOffer {
        id: "5kg".into(),
        weight_kg: 5,
        price_fen: 6800,
        available: 3,
    }];
    let i18n = RwSignal::new(None);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        let context = provide_i18n();
        context.set_locale(Locale::En);
        i18n.set(Some(context));
        view! { <BoxList boxes=boxes.clone()/> }
    });
    let text = || root.text_content().unwrap();
    assert!(text().contains("3 boxes left"), "{}", text());
    i18n.get_untracked().unwrap().set_locale(Locale::Zh);
    leptos::task::tick().await;
    assert!(!text().contains("boxes left"), "{}", text());
    assert!(text().contains('3'), "{}", text());
    let html = document().document_element().unwrap();
    assert_eq!(html.get_attribute("lang").as_deref(), Some("zh"));
    let cookie = js_sys::Reflect::get(&document(), &"cookie".into())
        .unwrap()
        .as_string()
        .unwrap_or_default();
    assert!(
        cookie.contains("lang=zh"),
        "the server sends the next page in it: {cookie}"
    );
    drop(handle);
}
