//! Putting a producer on the market (`POST /api/admin/producers`): the body as it arrives, the
//! parts a form builds it from, and `NewProducer::parse`, the one check the operator's phone
//! page and the API both run, every mistake at once under its field's path.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::api::{Localized, Storefront};
use super::field_error::{text, FieldError};
use super::fields::{BoxId, Slug};
use super::money::Money;
use super::producer_parts::{
    box_list, box_parts, field, greeting_text, keep, limits, localized, name_text, object,
    place_text, story, time, PathErrors, Story,
};
use super::stock::Stock;

/// The sale's dates as a form sends them (RFC 3339 text, any offset).
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaleForm {
    /// Orders are refused before this.
    pub opens_at: String,
    /// Orders are refused from this on; `null` for a sale without an end. After `opens_at`.
    pub closes_at: Option<String>,
    /// The countdown's other milestone.
    pub harvest_at: String,
}

/// A box as a new producer's form sends it.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoxForm {
    /// 1–32 of `[a-z0-9-]`, unique among the producer's boxes; it never changes.
    pub id: String,
    /// 1–100 kg.
    #[cfg_attr(not(target_arch = "wasm32"), schema(minimum = 1, maximum = 100))]
    pub weight_kg: u32,
    /// The price in fen, 1–100,000,000.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        schema(minimum = 1, maximum = 100_000_000)
    )]
    pub price_fen: i64,
    /// The boxes on sale at first, 0–1,000,000.
    #[cfg_attr(not(target_arch = "wasm32"), schema(maximum = 1_000_000))]
    pub stock: u32,
}

/// What one buyer may take.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LimitsForm {
    /// Boxes per buyer's phone over its orders not cancelled, 1–1000; `null`: no limit.
    #[cfg_attr(not(target_arch = "wasm32"), schema(minimum = 1, maximum = 1000))]
    pub max_boxes_per_phone: Option<u32>,
}

/// The body of `POST /api/admin/producers` as it arrives: loose JSON, so that a missing or
/// mistyped field is a field error (422), not a malformed body; unknown keys are ignored.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "serde_json::Map<String, Value>")]
#[cfg_attr(not(target_arch = "wasm32"), schema(example = json!({
    "slug": "tsering", "name": {"zh": "次仁", "en": "Tsering"},
    "place": {"zh": "乡城县然乌乡", "en": "Ranwu, Xiangcheng county"},
    "story": {"zh": ["次仁家的核桃树有六十年了。"], "en": ["Tsering's walnut trees are sixty years old."]},
    "greeting": "བཀྲ་ཤིས་བདེ་ལེགས",
    "sale": {"opens_at": "2027-11-11T00:00:00+08:00", "closes_at": null, "harvest_at": "2027-10-01T00:00:00+08:00"},
    "boxes": [{"id": "2kg", "weight_kg": 2, "price_fen": 5800, "stock": 300}],
    "limits": {"max_boxes_per_phone": 10}
})))]
pub struct NewProducerRequest {
    /// The producer's name in links (`/p/{slug}`): 1–32 of `[a-z0-9-]`, not another's.
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = String, min_length = 1, max_length = 32, pattern = "^[a-z0-9-]{1,32}$"))]
    pub slug: Value,
    /// The name by language (`zh` required, `en`, `fr`): 1–64 characters each.
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = std::collections::BTreeMap<String, String>))]
    pub name: Value,
    /// The village by language (`zh` required): 1–120 characters each.
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = std::collections::BTreeMap<String, String>))]
    pub place: Value,
    /// The story by language (`zh` required): 1–12 paragraphs of 1–1000 characters.
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = std::collections::BTreeMap<String, Vec<String>>))]
    pub story: Value,
    /// A greeting under the name, at most 64 characters.
    #[serde(skip_serializing_if = "Value::is_null")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<String>, required = false))]
    pub greeting: Value,
    /// The sale's dates.
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = SaleForm))]
    pub sale: Value,
    /// 1–12 boxes, ids unique.
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Vec<BoxForm>))]
    pub boxes: Value,
    /// What one buyer may take; absent: no limit.
    #[serde(skip_serializing_if = "Value::is_null")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<LimitsForm>, required = false))]
    pub limits: Value,
}

impl From<Map<String, Value>> for NewProducerRequest {
    fn from(mut map: Map<String, Value>) -> Self {
        let mut take = |k: &str| map.remove(k).unwrap_or(Value::Null);
        Self {
            slug: take("slug"),
            name: take("name"),
            place: take("place"),
            story: take("story"),
            greeting: take("greeting"),
            sale: take("sale"),
            boxes: take("boxes"),
            limits: take("limits"),
        }
    }
}

/// A sale's checked dates, in Unix milliseconds; `closes_ms` after `opens_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SaleDates {
    pub opens_ms: i64,
    pub closes_ms: Option<i64>,
    pub harvest_ms: i64,
}

impl SaleDates {
    /// The dates, unless the sale would close before (or as) it opens.
    pub fn new(opens_ms: i64, closes_ms: Option<i64>, harvest_ms: i64) -> Result<Self, FieldError> {
        match closes_ms {
            Some(c) if c <= opens_ms => Err(FieldError::ClosesBeforeOpens),
            _ => Ok(Self {
                opens_ms,
                closes_ms,
                harvest_ms,
            }),
        }
    }
}

/// A new producer's box: its id, weight, price and first stock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewBoxSpec {
    pub id: BoxId,
    pub weight_kg: u32,
    pub price: Money,
    pub stock: Stock,
}

/// A producer ready to be written: every field checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProducer {
    pub slug: Slug,
    pub name: Localized,
    pub place: Localized,
    pub greeting: String,
    pub story: Story,
    pub sale: SaleDates,
    pub boxes: Vec<NewBoxSpec>,
    pub max_boxes_per_phone: Option<u32>,
}

/// `201` to `POST /api/admin/producers`: the new producer's slug, where buyers find it, and
/// its storefront as `GET /api/producers/{slug}/storefront` answers it.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProducerCreated {
    pub slug: String,
    /// The storefront's path, `/p/{slug}`.
    pub url: String,
    pub storefront: Storefront,
}

/// The sale of a form, `sale.opens_at`, `sale.closes_at` and `sale.harvest_at` all required
/// (`closes_at` may be `null`).
fn sale(value: &Value, errors: &mut PathErrors) -> Option<SaleDates> {
    let map = object(value, "sale", errors)?;
    let opens = keep(errors, "sale.opens_at", time(field(map, "opens_at"), false));
    let closes = keep(
        errors,
        "sale.closes_at",
        time(field(map, "closes_at"), true),
    );
    let harvest = keep(
        errors,
        "sale.harvest_at",
        time(field(map, "harvest_at"), false),
    );
    let (opens, closes, harvest) = (opens??, closes?, harvest??);
    keep(
        errors,
        "sale.closes_at",
        SaleDates::new(opens, closes, harvest),
    )
}

/// A part a new box must have: its checked value, or `Required` kept under `path`.
fn required<T>(part: Option<Option<T>>, path: String, errors: &mut PathErrors) -> Option<T> {
    match part {
        Some(value) => value,
        None => keep(errors, path, Err(FieldError::Required)),
    }
}

/// Every box of a new producer, each with its weight, price and stock, no id twice.
fn boxes(value: &Value, errors: &mut PathErrors) -> Option<Vec<NewBoxSpec>> {
    let list = box_list(value, errors)?;
    let mut boxes = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let Some(parts) = box_parts(item, i, errors) else {
            continue;
        };
        let path = |part: &str| format!("boxes[{i}].{part}");
        let weight_kg = required(parts.weight_kg, path("weight_kg"), errors);
        let price = required(parts.price, path("price_fen"), errors);
        let stock = required(parts.stock, path("stock"), errors);
        if let Some(id) = &parts.id {
            if boxes.iter().any(|b: &NewBoxSpec| &b.id == id) {
                keep::<()>(errors, path("id"), Err(FieldError::Duplicate));
                continue;
            }
        }
        if let (Some(id), Some(weight_kg), Some(price), Some(stock)) =
            (parts.id, weight_kg, price, stock)
        {
            boxes.push(NewBoxSpec {
                id,
                weight_kg,
                price,
                stock,
            });
        }
    }
    Some(boxes)
}

impl NewProducer {
    /// Checks a whole new producer; `errors` holds every field at fault, by path. Whether the
    /// slug is free is the server's to say (`Taken`, under `slug`).
    pub fn parse(req: &NewProducerRequest) -> Result<Self, PathErrors> {
        let mut errors = PathErrors::new();
        let e = &mut errors;
        let slug = text(&req.slug, false).and_then(|s| Slug::parse(s.unwrap_or_default()));
        let slug = keep(e, "slug", slug);
        let name = localized(&req.name, "name", true, name_text, e);
        let place = localized(&req.place, "place", true, place_text, e);
        let story = story(&req.story, true, e);
        let greeting = text(&req.greeting, true).and_then(|s| greeting_text(s.unwrap_or_default()));
        let greeting = keep(e, "greeting", greeting);
        let sale = sale(&req.sale, e);
        let boxes = boxes(&req.boxes, e);
        let limit = match &req.limits {
            Value::Null => Some(None),
            value => object(value, "limits", e).and_then(|map| limits(map, e)),
        };
        let parsed = || {
            Some(Self {
                slug: slug?,
                name: name?,
                place: place?,
                greeting: greeting?,
                story: story?,
                sale: sale?,
                boxes: boxes?,
                max_boxes_per_phone: limit?,
            })
        };
        parsed().filter(|_| errors.is_empty()).ok_or(errors)
    }
}

#[cfg(test)]
#[path = "producer_form_tests.rs"]
mod tests;
