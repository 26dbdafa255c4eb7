//! Messages with a count, in a real browser (headless Chromium via wasm-bindgen-test): the
//! browser's `Intl.PluralRules`, which picks a message's form in the bundles, agrees with the
//! CLDR rules the domain writes out for the server, in every language; and a count picks the
//! form a buyer and a packer read ("1 box left", "Encore 1 caisse", "1 order shipped.").
#![cfg(target_arch = "wasm32")]

use orchard::client::i18n::{plural, Key, Lang, Message, OwnerKey, Plural, TeamKey, Text};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn the_browsers_plural_rules_agree_with_the_domains_for_every_language() {
    let counts = (0..=2000).chain([1_000_000, 2_000_000, 1_000_001]);
    for lang in Lang::ALL {
        for n in counts.clone() {
            assert_eq!(plural(lang, n), lang.plural(n), "{lang:?} {n}");
        }
    }
}

#[wasm_bindgen_test]
fn the_boxes_left_take_the_form_of_their_count_in_every_language() {
    let left = |lang, n| Text::Count(Key::boxes_left, n).in_locale(lang);
    assert_eq!(left(Lang::En, 1), "1 box left");
    assert_eq!(left(Lang::En, 0), "0 boxes left");
    assert_eq!(left(Lang::En, 1187), "1,187 boxes left");
    assert_eq!(left(Lang::Fr, 1), "Encore 1 caisse");
    assert_eq!(left(Lang::Fr, 0), "Encore 0 caisse");
    assert_eq!(left(Lang::Fr, 40), "Encore 40 caisses");
    assert_eq!(
        left(Lang::Fr, 1_000_000),
        "Encore 1\u{202f}000\u{202f}000 de caisses"
    );
    assert_eq!(left(Lang::Zh, 1), "剩余 1 箱");
    assert_eq!(left(Lang::Zh, 40), "剩余 40 箱");
}

#[wasm_bindgen_test]
fn a_message_without_a_count_reads_the_same_whatever_the_category() {
    for lang in Lang::ALL {
        for plural in [Plural::One, Plural::Many] {
            assert_eq!(Key::sold_out.form(lang, plural), Key::sold_out.text(lang));
        }
    }
}

#[wasm_bindgen_test]
fn the_team_and_the_owner_read_their_counts_in_the_right_form() {
    let one = |key: TeamKey, lang: Lang| key.form(lang, lang.plural(1));
    assert_eq!(
        one(TeamKey::shipped_count, Lang::En),
        "{{ count }} order shipped."
    );
    assert_eq!(
        one(TeamKey::print_picked, Lang::Fr),
        "Imprimer {{ count }} étiquette"
    );
    assert_eq!(
        TeamKey::moved_count.text(Lang::En),
        "{{ count }} orders moved."
    );
    let boxes = |lang: Lang, n| OwnerKey::short_freed_boxes.form(lang, lang.plural(n));
    assert_eq!(boxes(Lang::En, 1), "{{ count }} box");
    assert_eq!(boxes(Lang::En, 4), "{{ count }} boxes");
    assert_eq!(boxes(Lang::Fr, 1), "{{ count }} caisse");
}
