//! Numbers, money and dates as each language writes them, through the browser's `Intl` (no
//! formatting tables in the bundle), and a text given in several languages in one of them.

use std::cell::RefCell;

use js_sys::{Array, Date, Function, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::domain::{Localized, Money};

/// A text given in several languages (a producer's name) in `lang`, else in English, else in any.
pub fn in_language(map: &Localized, lang: &str) -> String {
    map.get(lang)
        .or_else(|| map.get("en"))
        .or_else(|| map.values().next())
        .cloned()
        .unwrap_or_default()
}

/// The BCP 47 tag `Intl` expects for one of the app's languages.
pub fn bcp47(lang: &str) -> &'static str {
    match lang {
        "zh" => "zh-CN",
        "fr" => "fr-FR",
        _ => "en-GB",
    }
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

/// The kinds of `Intl` formatter the app uses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Number,
    Money,
    DateTime,
}

thread_local! {
    /// One formatter per kind and language, made on first use: making an `Intl` formatter costs
    /// a phone far more than using one, and the countdown formats a date every second.
    static FORMATTERS: RefCell<Vec<(Kind, &'static str, Function)>> = const { RefCell::new(Vec::new()) };
}

/// `value` through the language's formatter of that kind; `None` if the browser refused it.
fn format(kind: Kind, lang: &str, value: &JsValue) -> Option<String> {
    let tag = bcp47(lang);
    let format = FORMATTERS.with_borrow_mut(|made| {
        if let Some((_, _, f)) = made.iter().find(|(k, t, _)| *k == kind && *t == tag) {
            return f.clone();
        }
        let locales = Array::of1(&JsValue::from_str(tag));
        let f = match kind {
            Kind::Number => Intl::NumberFormat::new(&locales, &Object::new()).format(),
            Kind::Money => Intl::NumberFormat::new(
                &locales,
                &options(&[
                    ("style", "currency"),
                    ("currency", "CNY"),
                    ("currencyDisplay", "narrowSymbol"),
                ]),
            )
            .format(),
            Kind::DateTime => Intl::DateTimeFormat::new(
                &locales,
                &options(&[("dateStyle", "medium"), ("timeStyle", "short")]),
            )
            .format(),
        };
        made.push((kind, tag, f.clone()));
        f
    });
    format.call1(&JsValue::NULL, value).ok()?.as_string()
}

/// A whole number with the language's grouping: 15000 → "15,000" / "15 000".
pub fn number(lang: &str, n: u64) -> String {
    format(Kind::Number, lang, &JsValue::from_f64(n as f64)).unwrap_or_else(|| n.to_string())
}

/// A price in yuan from fen: ¥68.00 (en, zh) or 68,00 ¥ (fr).
pub fn money(lang: &str, amount: Money) -> String {
    let yuan = amount.fen() as f64 / 100.0;
    format(Kind::Money, lang, &JsValue::from_f64(yuan)).unwrap_or_else(|| amount.display_yuan())
}

/// A moment in the buyer's own time zone, with the date and the time.
pub fn date_time(lang: &str, ms: i64) -> String {
    format(
        Kind::DateTime,
        lang,
        &Date::new(&JsValue::from_f64(ms as f64)),
    )
    .unwrap_or_default()
}
