//! What the producer's form sends: `POST /api/admin/producers`'s whole producer, or
//! `PUT …/admin/content`'s fields that changed (the others stay as they are on the server), as
//! DESIGN's "The county market" writes them; what cannot be read is refused beside its field.
//! Plain Rust on the domain, tested natively (`tests/editor_draft.rs`).

use std::collections::BTreeMap;

use serde::Serialize;

use super::editor_draft::{paragraphs, Draft, Problems, Reader, Slot, LANGS};
use crate::domain::Localized;

/// `POST /api/admin/producers`: a new producer and its first sale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewProducer {
    pub slug: String,
    pub name: Localized,
    pub place: Localized,
    pub story: BTreeMap<String, Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub greeting: Option<String>,
    pub sale: SaleDates,
    pub boxes: Vec<NewBox>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limits: Option<Limits>,
}

/// The sale's dates, RFC 3339 with the content's `+08:00`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SaleDates {
    pub opens_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<String>,
    pub harvest_at: String,
}

/// A box on sale: its id, weight, price and first stock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewBox {
    pub id: String,
    pub weight_kg: u32,
    pub price_fen: i64,
    pub stock: u32,
}

/// What one buyer may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Limits {
    pub max_boxes_per_phone: u32,
}

/// `PUT …/admin/content`: only the fields named change.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ContentChange {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<Localized>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<Localized>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story: Option<BTreeMap<String, Vec<String>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub greeting: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sale: Option<SaleChange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boxes: Option<Vec<NewBox>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limits: Option<Limits>,
}

/// The sale's dates that changed (`closes_at: null`: the sale no longer closes).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SaleChange {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opens_at: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closes_at: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub harvest_at: Option<String>,
}

impl ContentChange {
    /// Whether nothing changed (the form sends nothing).
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

fn texts(typed: &[String; 3]) -> Localized {
    LANGS
        .iter()
        .zip(typed)
        .map(|(l, t)| ((*l).to_owned(), t.trim().to_owned()))
        .collect()
}

fn story(typed: &[String; 3]) -> BTreeMap<String, Vec<String>> {
    LANGS
        .iter()
        .zip(typed)
        .map(|(l, t)| ((*l).to_owned(), paragraphs(t)))
        .collect()
}

/// The boxes as the API takes them; a kept box sends its stock too, which the server leaves
/// to the stock page.
fn boxes(draft: &Draft, read: &mut Reader) -> Vec<NewBox> {
    let mut out = Vec::new();
    for (i, b) in draft.boxes.iter().enumerate() {
        let weight = read.whole(Slot::BoxWeight(i), &b.weight_kg);
        let price = read.fen(Slot::BoxPrice(i), &b.price_yuan);
        let stock = read.whole(Slot::BoxStock(i), &b.stock);
        if let (Some(weight_kg), Some(price_fen), Some(stock)) = (weight, price, stock) {
            let id = b.id.trim().to_owned();
            out.push(NewBox {
                id,
                weight_kg,
                price_fen,
                stock,
            });
        }
    }
    out
}

fn limits(draft: &Draft, read: &mut Reader) -> Option<Limits> {
    match draft.limit.trim() {
        "" => None,
        typed => read
            .whole(Slot::Limit, typed)
            .map(|max_boxes_per_phone| Limits {
                max_boxes_per_phone,
            }),
    }
}

impl Draft {
    /// The new producer the form describes, or the fields that cannot be read.
    pub fn new_producer(&self) -> Result<NewProducer, Problems> {
        let mut problems = Problems::new();
        let mut read = Reader {
            problems: &mut problems,
        };
        let opens_at = read.time(Slot::OpensAt, &self.opens_at);
        let closes_at = match self.closes_at.trim() {
            "" => Some(None),
            typed => read.time(Slot::ClosesAt, typed).map(Some),
        };
        let harvest_at = read.time(Slot::HarvestAt, &self.harvest_at);
        let boxes = boxes(self, &mut read);
        let limits = limits(self, &mut read);
        let (Some(opens_at), Some(closes_at), Some(harvest_at), true) =
            (opens_at, closes_at, harvest_at, problems.is_empty())
        else {
            return Err(problems);
        };
        let greeting = self.greeting.trim();
        Ok(NewProducer {
            slug: self.slug.trim().to_owned(),
            name: texts(&self.name),
            place: texts(&self.place),
            story: story(&self.story),
            greeting: (!greeting.is_empty()).then(|| greeting.to_owned()),
            sale: SaleDates {
                opens_at,
                closes_at,
                harvest_at,
            },
            boxes,
            limits,
        })
    }

    /// What changed since `before` (the form as it was opened), or the fields that cannot be
    /// read: a text in any language sends that text in every language, a box whose weight or
    /// price changed (or a new box) sends the boxes that changed.
    pub fn changes(&self, before: &Draft) -> Result<ContentChange, Problems> {
        let mut problems = Problems::new();
        let mut read = Reader {
            problems: &mut problems,
        };
        let mut change = ContentChange::default();
        let trimmed = |t: &[String; 3]| t.clone().map(|s| s.trim().to_owned());
        if trimmed(&self.name) != trimmed(&before.name) {
            change.name = Some(texts(&self.name));
        }
        if trimmed(&self.place) != trimmed(&before.place) {
            change.place = Some(texts(&self.place));
        }
        if story(&self.story) != story(&before.story) {
            change.story = Some(story(&self.story));
        }
        if self.greeting.trim() != before.greeting.trim() {
            change.greeting = Some(self.greeting.trim().to_owned());
        }
        if self.picture != before.picture {
            change.picture = Some(self.picture.clone());
        }
        let mut sale = SaleChange::default();
        if self.opens_at.trim() != before.opens_at.trim() {
            sale.opens_at = read.time(Slot::OpensAt, &self.opens_at);
        }
        if self.closes_at.trim() != before.closes_at.trim() {
            sale.closes_at = match self.closes_at.trim() {
                "" => Some(None),
                typed => read.time(Slot::ClosesAt, typed).map(Some),
            };
        }
        if self.harvest_at.trim() != before.harvest_at.trim() {
            sale.harvest_at = read.time(Slot::HarvestAt, &self.harvest_at);
        }
        if sale != SaleChange::default() {
            change.sale = Some(sale);
        }
        let now = boxes(self, &mut read);
        let was = boxes(
            before,
            &mut Reader {
                problems: &mut Problems::new(),
            },
        );
        let changed: Vec<NewBox> = now
            .into_iter()
            .filter(|b| {
                let old = was.iter().find(|o| o.id == b.id);
                old.is_none_or(|o| (o.weight_kg, o.price_fen) != (b.weight_kg, b.price_fen))
            })
            .collect();
        if !changed.is_empty() {
            change.boxes = Some(changed);
        }
        if self.limit.trim() != before.limit.trim() {
            change.limits = limits(self, &mut read);
        }
        match problems.is_empty() {
            true => Ok(change),
            false => Err(problems),
        }
    }
}
