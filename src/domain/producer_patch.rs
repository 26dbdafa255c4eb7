//! Editing a producer's content (`PUT /api/producers/{slug}/admin/content`): the body as it
//! arrives and `ContentPatch::parse`, the one check the team's phone page and the API both run.
//! A patch changes what it names and leaves the rest: a language's name, place or story, the
//! greeting, any of the sale's dates, a box's weight or price (a box's id never changes, and
//! its stock is set apart), a new box with its stock, the picture, the limit per buyer.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::api::Localized;
use super::field_error::{text, FieldError};
use super::fields::BoxId;
use super::money::Money;
#[cfg(not(target_arch = "wasm32"))]
use super::producer_form::LimitsForm;
use super::producer_form::SaleDates;
use super::producer_parts::{
    box_list, box_parts, field, greeting_text, keep, limits, localized, name_text, object,
    place_text, site_path, story, time, PathErrors, Story,
};
use super::stock::Stock;

/// A change of the sale's dates: each key named is changed (`closes_at: null` ends the end).
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalePatchForm {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<String>,
    /// `null` for a sale without an end; leave the key out to keep the one there is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<Option<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub harvest_at: Option<String>,
}

/// A change of one box, found by its id: a box on sale takes a weight and a price (its stock
/// has its own endpoint); a new id is a new box and needs all three with its stock.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BoxPatchForm {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(minimum = 1, maximum = 100))]
    pub weight_kg: Option<u32>,
    /// The price for orders placed from now on; orders placed before keep theirs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        not(target_arch = "wasm32"),
        schema(minimum = 1, maximum = 100_000_000)
    )]
    pub price_fen: Option<i64>,
    /// A new box's first stock only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(maximum = 1_000_000))]
    pub stock: Option<u32>,
}

/// A change of the storefront's picture.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MediaPatchForm {
    /// A site path, such as the `url` `POST …/admin/pictures` answered.
    pub picture: String,
}

/// The body of `PUT /api/producers/{slug}/admin/content`: every key optional; unknown keys
/// (`slug` among them: it never changes) are ignored.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "serde_json::Map<String, Value>")]
#[cfg_attr(not(target_arch = "wasm32"), schema(example = json!({
    "name": {"en": "Grandma Drolma"}, "story": {"fr": ["Drolma vit à Zhongde."]},
    "sale": {"closes_at": "2028-01-15T00:00:00+08:00"},
    "boxes": [{"id": "5kg", "price_fen": 7200}]
})))]
pub struct ContentPatchRequest {
    /// Names by language: each language named is replaced (1–64 characters).
    #[serde(skip_serializing_if = "Value::is_null")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<std::collections::BTreeMap<String, String>>, required = false))]
    pub name: Value,
    /// Villages by language: each language named is replaced (1–120 characters).
    #[serde(skip_serializing_if = "Value::is_null")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<std::collections::BTreeMap<String, String>>, required = false))]
    pub place: Value,
    /// The story by language: each language named gets these 1–12 paragraphs.
    #[serde(skip_serializing_if = "Value::is_null")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<std::collections::BTreeMap<String, Vec<String>>>, required = false))]
    pub story: Value,
    /// The greeting, at most 64 characters (`""` for none).
    #[serde(skip_serializing_if = "Value::is_null")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<String>, required = false))]
    pub greeting: Value,
    #[serde(skip_serializing_if = "Value::is_null")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<SalePatchForm>, required = false))]
    pub sale: Value,
    #[serde(skip_serializing_if = "Value::is_null")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<Vec<BoxPatchForm>>, required = false))]
    pub boxes: Value,
    #[serde(skip_serializing_if = "Value::is_null")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<MediaPatchForm>, required = false))]
    pub media: Value,
    #[serde(skip_serializing_if = "Value::is_null")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<LimitsForm>, required = false))]
    pub limits: Value,
}

impl From<Map<String, Value>> for ContentPatchRequest {
    fn from(mut map: Map<String, Value>) -> Self {
        let mut take = |k: &str| map.remove(k).unwrap_or(Value::Null);
        Self {
            name: take("name"),
            place: take("place"),
            story: take("story"),
            greeting: take("greeting"),
            sale: take("sale"),
            boxes: take("boxes"),
            media: take("media"),
            limits: take("limits"),
        }
    }
}

/// A change to one box; `stock` only for a new box (then weight and price are there too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoxChange {
    pub id: BoxId,
    pub weight_kg: Option<u32>,
    pub price: Option<Money>,
    pub stock: Option<Stock>,
}

/// A checked content change; what it leaves out stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContentPatch {
    /// The languages whose name changes.
    pub name: Localized,
    pub place: Localized,
    pub story: Story,
    pub greeting: Option<String>,
    /// The sale's dates after the change, if it names any.
    pub sale: Option<SaleDates>,
    pub boxes: Vec<BoxChange>,
    pub picture: Option<String>,
    /// `Some(None)`: the limit is lifted.
    pub max_boxes_per_phone: Option<Option<u32>>,
}

/// The sale after a change of some of its dates (`current` the dates before).
fn sale(value: &Value, current: SaleDates, errors: &mut PathErrors) -> Option<Option<SaleDates>> {
    if value.is_null() {
        return Some(None);
    }
    let map = object(value, "sale", errors)?;
    let named = |key: &str, optional: bool, errors: &mut PathErrors| match map.get(key) {
        None => Some(None),
        Some(v) => keep(errors, format!("sale.{key}"), time(v, optional)).map(Some),
    };
    let opens = named("opens_at", false, errors);
    let closes = named("closes_at", true, errors);
    let harvest = named("harvest_at", false, errors);
    let (opens, closes, harvest) = (opens?, closes?, harvest?);
    let dates = SaleDates::new(
        opens.flatten().unwrap_or(current.opens_ms),
        closes.unwrap_or(current.closes_ms),
        harvest.flatten().unwrap_or(current.harvest_ms),
    );
    let at = if closes.is_some() {
        "sale.closes_at"
    } else {
        "sale.opens_at"
    };
    keep(errors, at, dates).map(Some)
}

/// The boxes a patch names: a box on sale (`on_sale`) takes no stock; a new one needs it all.
fn boxes(
    value: &Value,
    on_sale: &dyn Fn(&BoxId) -> bool,
    errors: &mut PathErrors,
) -> Option<Vec<BoxChange>> {
    if value.is_null() {
        return Some(Vec::new());
    }
    let list = box_list(value, errors)?;
    let mut changes: Vec<BoxChange> = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let Some(parts) = box_parts(item, i, errors) else {
            continue;
        };
        let Some(id) = parts.id else { continue };
        let path = |part: &str| format!("boxes[{i}].{part}");
        if changes.iter().any(|c| c.id == id) {
            keep::<()>(errors, path("id"), Err(FieldError::Duplicate));
            continue;
        }
        let existing = on_sale(&id);
        if existing && parts.stock.is_some() {
            keep::<()>(errors, path("stock"), Err(FieldError::StockSetApart));
        }
        if !existing {
            for (part, given) in [
                ("weight_kg", parts.weight_kg.is_some()),
                ("price_fen", parts.price.is_some()),
                ("stock", parts.stock.is_some()),
            ] {
                if !given {
                    keep::<()>(errors, path(part), Err(FieldError::Required));
                }
            }
        }
        changes.push(BoxChange {
            id,
            weight_kg: parts.weight_kg.flatten(),
            price: parts.price.flatten(),
            stock: parts.stock.flatten(),
        });
    }
    Some(changes)
}

/// A key the patch names: `None` when absent or `null`.
fn maybe(value: &Value) -> Option<&Value> {
    (!value.is_null()).then_some(value)
}

impl ContentPatch {
    /// Checks a content change against the producer as it is: `sale` its dates now (a change
    /// of one date is checked with the others), `on_sale` whether a box id is one of its boxes.
    pub fn parse(
        req: &ContentPatchRequest,
        sale_now: SaleDates,
        on_sale: impl Fn(&BoxId) -> bool,
    ) -> Result<Self, PathErrors> {
        let mut errors = PathErrors::new();
        let e = &mut errors;
        let name = maybe(&req.name).map(|v| localized(v, "name", false, name_text, e));
        let place = maybe(&req.place).map(|v| localized(v, "place", false, place_text, e));
        let story = maybe(&req.story).map(|v| story(v, false, e));
        let greeting = maybe(&req.greeting).map(|v| {
            keep(
                e,
                "greeting",
                text(v, false).and_then(|s| greeting_text(s.unwrap_or_default())),
            )
        });
        let sale = sale(&req.sale, sale_now, e);
        let boxes = boxes(&req.boxes, &on_sale, e);
        let picture = maybe(&req.media).map(|v| {
            object(v, "media", e).and_then(|m| {
                let path =
                    text(field(m, "picture"), false).and_then(|s| site_path(s.unwrap_or_default()));
                keep(e, "media.picture", path)
            })
        });
        let limit = maybe(&req.limits).map(|v| object(v, "limits", e).and_then(|m| limits(m, e)));
        let parsed = || {
            Some(Self {
                name: name.unwrap_or(Some(Localized::new()))?,
                place: place.unwrap_or(Some(Localized::new()))?,
                story: story.unwrap_or(Some(Story::new()))?,
                greeting: greeting.map_or(Some(None), |g| g.map(Some))?,
                sale: sale?,
                boxes: boxes?,
                picture: picture.map_or(Some(None), |p| p.map(Some))?,
                max_boxes_per_phone: limit.map_or(Some(None), |l| l.map(Some))?,
            })
        };
        parsed().filter(|_| errors.is_empty()).ok_or(errors)
    }
}

/// `201` to `POST /api/producers/{slug}/admin/pictures`: the picture's address (its largest
/// size) and the sizes a page's `srcset` lists.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PictureStored {
    /// The picture at its largest size: what `media.picture` takes.
    pub url: String,
    /// `"<url> <width>w, …"`, every size kept, smallest first.
    pub srcset: String,
}

#[cfg(test)]
#[path = "producer_patch_tests.rs"]
mod tests;
