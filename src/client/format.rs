//! Numbers, money and dates as each language writes them, through the browser's `Intl` (no
//! formatting tables in the bundle).

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

use crate::domain::Money;

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

fn locales(lang: &str) -> Array {
    Array::of1(&JsValue::from_str(bcp47(lang)))
}

/// A whole number with the language's grouping: 15000 → "15,000" / "15 000".
pub fn number(lang: &str, n: u64) -> String {
    let f = Intl::NumberFormat::new(&locales(lang), &Object::new());
    f.format()
        .call1(&JsValue::NULL, &JsValue::from_f64(n as f64))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| n.to_string())
}

/// A price in yuan from fen: ¥68.00 (en, zh) or 68,00 ¥ (fr).
pub fn money(lang: &str, amount: Money) -> String {
    let opts = options(&[
        ("style", "currency"),
        ("currency", "CNY"),
        ("currencyDisplay", "narrowSymbol"),
    ]);
    let f = Intl::NumberFormat::new(&locales(lang), &opts);
    let yuan = amount.fen() as f64 / 100.0;
    f.format()
        .call1(&JsValue::NULL, &JsValue::from_f64(yuan))
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| amount.display_yuan())
}

/// A moment in the buyer's own time zone, with the date and the time.
pub fn date_time(lang: &str, ms: i64) -> String {
    let opts = options(&[("dateStyle", "medium"), ("timeStyle", "short")]);
    let f = Intl::DateTimeFormat::new(&locales(lang), &opts);
    let date = Date::new(&JsValue::from_f64(ms as f64));
    f.format()
        .call1(&JsValue::NULL, &date)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}
