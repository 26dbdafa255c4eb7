//! What the producer's form sends, as the domain's request bodies: `POST /api/admin/producers`'s
//! whole producer (`NewProducerRequest`), or `PUT …/admin/content`'s fields that changed
//! (`ContentPatchRequest`: the others stay as they are on the server). The typed text goes in
//! as the API would receive it (a price in yuan as fen, a date in China's time as RFC 3339
//! with `+08:00`, text that is no number left as text), and the very parse the API runs
//! (`NewProducer::parse`, `ContentPatch::parse`) checks it before it is sent, each problem
//! under its input. Plain Rust on the domain, tested natively (`tests/editor_draft.rs`).

use serde_json::{Map, Value};

use super::editor_draft::{input_field, paragraphs, Draft, Problems, LANGS};
use super::editor_time::wire;
use crate::domain::{
    parse_rfc3339_ms, yuan_to_fen, BoxId, ContentPatch, ContentPatchRequest, NewProducer,
    NewProducerRequest, PathErrors, SaleDates,
};

/// The domain's problems, each under the input that shows it.
fn by_input(errors: PathErrors) -> Problems {
    let mut problems = Problems::new();
    for (path, error) in errors {
        problems.entry(input_field(&path)).or_insert(error);
    }
    problems
}

/// Text typed where a value is optional: `null` when nothing is typed.
fn typed(text: &str, read: impl Fn(&str) -> Option<Value>) -> Value {
    match text.trim() {
        "" => Value::Null,
        t => read(t).unwrap_or_else(|| Value::String(t.to_owned())),
    }
}

/// A whole number as typed (text that is none stays text, for the rule to refuse).
fn whole(text: &str) -> Value {
    typed(text, |t| t.parse::<i64>().ok().map(Value::from))
}

/// A price typed in yuan, as fen.
fn fen(text: &str) -> Value {
    typed(text, |t| yuan_to_fen(t).ok().map(Value::from))
}

/// A date typed in China's time, as RFC 3339 with `+08:00`.
fn time(text: &str) -> Value {
    typed(text, |t| wire(t).map(Value::String))
}

/// The texts of the languages `pick` names, trimmed, by language tag.
fn texts(typed: &[String; 3], pick: impl Fn(usize) -> bool) -> Map<String, Value> {
    (0..LANGS.len())
        .filter(|&i| pick(i))
        .map(|i| (LANGS[i].to_owned(), Value::from(typed[i].trim())))
        .collect()
}

/// The story's paragraphs of the languages `pick` names.
fn story(typed: &[String; 3], pick: impl Fn(usize) -> bool) -> Map<String, Value> {
    (0..LANGS.len())
        .filter(|&i| pick(i))
        .map(|i| (LANGS[i].to_owned(), Value::from(paragraphs(&typed[i]))))
        .collect()
}

/// An object of the entries given, or `null` when there are none.
fn object_or_null(map: Map<String, Value>) -> Value {
    match map.is_empty() {
        true => Value::Null,
        false => Value::Object(map),
    }
}

impl Draft {
    /// The body of `POST /api/admin/producers` as typed (languages left empty are left out).
    pub fn new_request(&self) -> NewProducerRequest {
        let boxes = self.boxes.iter().map(|b| {
            let mut map = Map::new();
            map.insert("id".into(), Value::from(b.id.trim()));
            map.insert("weight_kg".into(), whole(&b.weight_kg));
            map.insert("price_fen".into(), fen(&b.price_yuan));
            map.insert("stock".into(), whole(&b.stock));
            Value::Object(map)
        });
        let mut sale = Map::new();
        sale.insert("opens_at".into(), time(&self.opens_at));
        sale.insert("closes_at".into(), time(&self.closes_at));
        sale.insert("harvest_at".into(), time(&self.harvest_at));
        let limit = whole(&self.limit);
        let greeting = self.greeting.trim();
        NewProducerRequest {
            slug: Value::from(self.slug.trim()),
            name: Value::Object(texts(&self.name, |i| !self.name[i].trim().is_empty())),
            place: Value::Object(texts(&self.place, |i| !self.place[i].trim().is_empty())),
            story: Value::Object(story(&self.story, |i| {
                !paragraphs(&self.story[i]).is_empty()
            })),
            greeting: typed(greeting, |g| Some(Value::from(g))),
            sale: Value::Object(sale),
            boxes: Value::Array(boxes.collect()),
            limits: match limit {
                Value::Null => Value::Null,
                n => Value::Object(Map::from_iter([("max_boxes_per_phone".into(), n)])),
            },
        }
    }

    /// The new producer the form describes, checked by the API's own rules.
    pub fn new_producer(&self) -> Result<NewProducerRequest, Problems> {
        let request = self.new_request();
        NewProducer::parse(&request)
            .map(|_| request)
            .map_err(by_input)
    }

    /// The sale's dates as the form was opened (`before`'s), for a patch of some of them.
    fn sale_now(&self) -> SaleDates {
        let ms = |t: &str| wire(t).and_then(|w| parse_rfc3339_ms(&w));
        SaleDates {
            opens_ms: ms(&self.opens_at).unwrap_or(0),
            closes_ms: ms(&self.closes_at),
            harvest_ms: ms(&self.harvest_at).unwrap_or(0),
        }
    }

    /// The body of `PUT …/admin/content` with what changed since `before` (the form as it
    /// was opened): each language whose text changed, each date, each box whose weight or
    /// price changed (a new box with its stock), the picture and the limit.
    pub fn patch_request(&self, before: &Draft) -> ContentPatchRequest {
        let changed = |now: &[String; 3], was: &[String; 3]| {
            let (now, was) = (now.clone(), was.clone());
            move |i: usize| now[i].trim() != was[i].trim()
        };
        let mut sale = Map::new();
        for (key, now, was) in [
            ("opens_at", &self.opens_at, &before.opens_at),
            ("closes_at", &self.closes_at, &before.closes_at),
            ("harvest_at", &self.harvest_at, &before.harvest_at),
        ] {
            if now.trim() != was.trim() {
                sale.insert(key.into(), time(now));
            }
        }
        let boxes: Vec<Value> = self
            .boxes
            .iter()
            .filter_map(|b| {
                let old = before.boxes.iter().find(|o| o.kept && o.id == b.id);
                let mut map = Map::new();
                map.insert("id".into(), Value::from(b.id.trim()));
                let differs =
                    |now: &str, was: Option<&str>| was.is_none_or(|w| w.trim() != now.trim());
                if differs(&b.weight_kg, old.map(|o| o.weight_kg.as_str())) {
                    map.insert("weight_kg".into(), whole(&b.weight_kg));
                }
                if differs(&b.price_yuan, old.map(|o| o.price_yuan.as_str())) {
                    map.insert("price_fen".into(), fen(&b.price_yuan));
                }
                if old.is_none() {
                    map.insert("stock".into(), whole(&b.stock));
                }
                (map.len() > 1).then_some(Value::Object(map))
            })
            .collect();
        let media = (self.picture != before.picture)
            .then(|| Map::from_iter([("picture".into(), Value::from(self.picture.as_str()))]));
        let limits = (self.limit.trim() != before.limit.trim())
            .then(|| Map::from_iter([("max_boxes_per_phone".into(), whole(&self.limit))]));
        ContentPatchRequest {
            name: object_or_null(texts(&self.name, changed(&self.name, &before.name))),
            place: object_or_null(texts(&self.place, changed(&self.place, &before.place))),
            story: object_or_null(story(&self.story, |i| {
                paragraphs(&self.story[i]) != paragraphs(&before.story[i])
            })),
            greeting: match self.greeting.trim() != before.greeting.trim() {
                true => Value::from(self.greeting.trim()),
                false => Value::Null,
            },
            sale: object_or_null(sale),
            boxes: match boxes.is_empty() {
                true => Value::Null,
                false => Value::Array(boxes),
            },
            media: media.map_or(Value::Null, Value::Object),
            limits: limits.map_or(Value::Null, Value::Object),
        }
    }

    /// What changed since `before`, checked by the API's own rules against the producer as it
    /// was opened (`None`: nothing changed, nothing to send).
    pub fn changes(&self, before: &Draft) -> Result<Option<ContentPatchRequest>, Problems> {
        let request = self.patch_request(before);
        if request == ContentPatchRequest::default() {
            return Ok(None);
        }
        let on_sale = |id: &BoxId| before.boxes.iter().any(|b| b.kept && b.id == id.as_str());
        ContentPatch::parse(&request, before.sale_now(), on_sale)
            .map(|_| Some(request))
            .map_err(by_input)
    }
}

/// `PUT …/admin/content` making `url` the producer's picture.
pub fn picture_patch(url: &str) -> ContentPatchRequest {
    ContentPatchRequest {
        media: Value::Object(Map::from_iter([("picture".into(), Value::from(url))])),
        ..ContentPatchRequest::default()
    }
}
