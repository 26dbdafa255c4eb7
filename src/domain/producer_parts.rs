//! The pieces a producer's forms share (a new producer's and a content edit's): texts in each
//! language, the story's paragraphs, the sale's dates, a box, the limit per buyer and a
//! picture's address, each read from loose JSON with its errors kept under the field's path
//! (`name.zh`, `story.en[2]`, `boxes[1].price_fen`, `sale.opens_at`).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::api::Localized;
use super::field_error::{text, FieldError};
use super::fields::BoxId;
use super::money::Money;
use super::rfc3339::parse_rfc3339_ms;
use super::stock::Stock;
use super::text::{bounded_text, refuse_hidden};
use super::words::Lang;

/// Field path → why it was refused, for forms whose paths are made as they are read (a box's
/// index, a language).
pub type PathErrors = BTreeMap<String, FieldError>;

/// A story: language tag → its paragraphs, in order.
pub type Story = BTreeMap<String, Vec<String>>;

/// The most paragraphs a story has in one language.
pub const MAX_PARAGRAPHS: usize = 12;
/// The most kinds of boxes a producer offers.
pub const MAX_BOX_KINDS: usize = 12;
/// The heaviest box, in kilograms.
pub const MAX_BOX_KG: i64 = 100;
/// The most boxes one buyer's phone may be limited to.
pub const MAX_LIMIT_PER_PHONE: i64 = 1000;

/// `result`'s value, or `None` with its error kept under `path`.
pub(super) fn keep<T>(
    errors: &mut PathErrors,
    path: impl Into<String>,
    result: Result<T, FieldError>,
) -> Option<T> {
    result.map_err(|e| errors.insert(path.into(), e)).ok()
}

/// A producer's name in one language: 1–64 characters, something visible.
pub fn name_text(raw: &str) -> Result<String, FieldError> {
    bounded_text(raw, 1, 64, true)
}

/// A producer's village in one language: 1–120 characters, something visible.
pub fn place_text(raw: &str) -> Result<String, FieldError> {
    bounded_text(raw, 1, 120, true)
}

/// The greeting under the name (in the producer's own language): at most 64 characters.
pub fn greeting_text(raw: &str) -> Result<String, FieldError> {
    bounded_text(raw, 0, 64, false)
}

/// One paragraph of the story: 1–1000 characters, something visible.
pub fn paragraph_text(raw: &str) -> Result<String, FieldError> {
    bounded_text(raw, 1, 1000, true)
}

/// A picture's address: a path on this site (`/…`, not `//host`), at most 200 characters,
/// without `..`, spaces, quotes or angle brackets.
pub fn site_path(raw: &str) -> Result<String, FieldError> {
    refuse_hidden(raw)?;
    if raw.is_empty() {
        return Err(FieldError::Required);
    }
    if raw.chars().count() > 200 {
        return Err(FieldError::TooLong { max: 200 });
    }
    let odd = |c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | '\\');
    if !raw.starts_with('/') || raw.starts_with("//") || raw.contains("..") || raw.contains(odd) {
        return Err(FieldError::NotASitePath);
    }
    Ok(raw.to_owned())
}

/// A whole number from `min` to `max` in JSON (not text, not a fraction).
pub fn whole(value: &Value, min: i64, max: i64) -> Result<i64, FieldError> {
    let n = match value {
        Value::Null => return Err(FieldError::Required),
        Value::Number(n) => n,
        _ => return Err(FieldError::NotAWholeNumber),
    };
    let n = match (n.as_i64(), n.as_u64()) {
        (Some(n), _) => n,
        (None, Some(_)) => i64::MAX,
        (None, None) => return Err(FieldError::NotAWholeNumber),
    };
    if (min..=max).contains(&n) {
        Ok(n)
    } else {
        Err(FieldError::OutOfRange { min, max })
    }
}

/// The object `value`, or its error under `path` (`Required` for null).
pub(super) fn object<'v>(
    value: &'v Value,
    path: &str,
    errors: &mut PathErrors,
) -> Option<&'v Map<String, Value>> {
    match value {
        Value::Object(map) => Some(map),
        Value::Null => keep(errors, path, Err(FieldError::Required)),
        _ => keep(errors, path, Err(FieldError::NotAnObject)),
    }
}

/// `map[key]`, `Null` when absent.
pub(super) fn field<'v>(map: &'v Map<String, Value>, key: &str) -> &'v Value {
    map.get(key).unwrap_or(&Value::Null)
}

/// The language of a text's key: exactly `zh`, `en` or `fr`.
fn language(key: &str) -> Result<Lang, FieldError> {
    Lang::ALL
        .into_iter()
        .find(|l| l.as_str() == key)
        .ok_or(FieldError::UnknownLanguage)
}

/// Texts by language (`{"zh": "…", "en": "…"}`), each by `rule`, errors under `path.<lang>`;
/// with `need_zh`, Chinese (the market's default language) must be among them.
pub(super) fn localized(
    value: &Value,
    path: &str,
    need_zh: bool,
    rule: fn(&str) -> Result<String, FieldError>,
    errors: &mut PathErrors,
) -> Option<Localized> {
    let map = object(value, path, errors)?;
    let mut texts = Localized::new();
    let mut ok = true;
    for (key, raw) in map {
        let checked = language(key)
            .and_then(|_| text(raw, false))
            .and_then(|s| rule(s.unwrap_or_default()));
        match keep(errors, format!("{path}.{key}"), checked) {
            Some(t) => drop(texts.insert(key.clone(), t)),
            None => ok = false,
        }
    }
    if need_zh && !map.contains_key(Lang::DEFAULT.as_str()) {
        keep::<()>(errors, format!("{path}.zh"), Err(FieldError::Required));
        ok = false;
    }
    ok.then_some(texts)
}

/// A story by language, 1–`MAX_PARAGRAPHS` paragraphs each; errors under `story.<lang>` and
/// `story.<lang>[i]`.
pub(super) fn story(value: &Value, need_zh: bool, errors: &mut PathErrors) -> Option<Story> {
    let map = object(value, "story", errors)?;
    let mut story = Story::new();
    let mut ok = true;
    for (key, list) in map {
        let path = format!("story.{key}");
        let items = language(key).and(match list {
            Value::Array(items) if items.is_empty() => Err(FieldError::Required),
            Value::Array(items) if items.len() > MAX_PARAGRAPHS => Err(FieldError::TooManyItems {
                max: MAX_PARAGRAPHS,
            }),
            Value::Array(items) => Ok(items),
            Value::Null => Err(FieldError::Required),
            _ => Err(FieldError::NotAList),
        });
        let Some(items) = keep(errors, path.as_str(), items) else {
            ok = false;
            continue;
        };
        let paragraphs: Vec<Option<String>> = items
            .iter()
            .enumerate()
            .map(|(i, raw)| {
                let checked = text(raw, false).and_then(|s| paragraph_text(s.unwrap_or_default()));
                keep(errors, format!("{path}[{i}]"), checked)
            })
            .collect();
        match paragraphs.into_iter().collect::<Option<Vec<String>>>() {
            Some(p) => drop(story.insert(key.clone(), p)),
            None => ok = false,
        }
    }
    if need_zh && !map.contains_key(Lang::DEFAULT.as_str()) {
        keep::<()>(errors, "story.zh", Err(FieldError::Required));
        ok = false;
    }
    ok.then_some(story)
}

/// A sale's time (`sale.opens_at`…): RFC 3339 text; `optional` lets it be `null`.
pub(super) fn time(value: &Value, optional: bool) -> Result<Option<i64>, FieldError> {
    match text(value, optional)? {
        None => Ok(None),
        Some(raw) => parse_rfc3339_ms(raw.trim())
            .map(Some)
            .ok_or(FieldError::NotATime),
    }
}

/// A box's parts as given, each checked, errors under `boxes[i].<part>`; `None` parts absent.
pub(super) struct BoxParts {
    pub id: Option<BoxId>,
    pub weight_kg: Option<Option<u32>>,
    pub price: Option<Option<Money>>,
    pub stock: Option<Option<Stock>>,
}

/// Reads box `i` of a list: its id (required) and whichever of weight, price and stock it has.
pub(super) fn box_parts(value: &Value, i: usize, errors: &mut PathErrors) -> Option<BoxParts> {
    let path = format!("boxes[{i}]");
    let map = object(value, &path, errors)?;
    let part = |key: &str| map.get(key).filter(|v| !v.is_null());
    let id = text(field(map, "id"), false).and_then(|s| BoxId::parse(s.unwrap_or_default()));
    let weight = part("weight_kg").map(|v| whole(v, 1, MAX_BOX_KG).map(|n| n as u32));
    let price = part("price_fen").map(|v| whole(v, 1, Money::MAX_PRICE.fen()).map(Money::from_fen));
    let stock = part("stock").map(Stock::parse_json);
    Some(BoxParts {
        id: keep(errors, format!("{path}.id"), id),
        weight_kg: weight.map(|r| keep(errors, format!("{path}.weight_kg"), r)),
        price: price.map(|r| keep(errors, format!("{path}.price_fen"), r)),
        stock: stock.map(|r| keep(errors, format!("{path}.stock"), r)),
    })
}

/// The boxes' list: 1–`MAX_BOX_KINDS` items, or its error under `boxes`.
pub(super) fn box_list<'v>(value: &'v Value, errors: &mut PathErrors) -> Option<&'v [Value]> {
    let list = match value {
        Value::Array(items) if items.is_empty() => Err(FieldError::Required),
        Value::Array(items) if items.len() > MAX_BOX_KINDS => {
            Err(FieldError::TooManyItems { max: MAX_BOX_KINDS })
        }
        Value::Array(items) => Ok(items.as_slice()),
        Value::Null => Err(FieldError::Required),
        _ => Err(FieldError::NotAList),
    };
    keep(errors, "boxes", list)
}

/// `limits`: `{"max_boxes_per_phone": n | null}`, `n` from 1 to `MAX_LIMIT_PER_PHONE`; `null`
/// (or no key) is no limit.
pub(super) fn limits(map: &Map<String, Value>, errors: &mut PathErrors) -> Option<Option<u32>> {
    let checked = match field(map, "max_boxes_per_phone") {
        Value::Null => Ok(None),
        n => whole(n, 1, MAX_LIMIT_PER_PHONE).map(|n| Some(n as u32)),
    };
    keep(errors, "limits.max_boxes_per_phone", checked)
}
