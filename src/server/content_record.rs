//! A producer's content as the database keeps it (JSON text in `producers.content`): written
//! when the file seeds it or the operator puts the producer on the market, rewritten by each
//! edit, read back at every start. Also how a checked new producer or content change becomes a
//! `Content` (`from_new`, `edited`), so the routes hold no content rule of their own.

use serde::{Deserialize, Serialize};

use super::content::{BoxSpec, Content};
use crate::domain::{BoxId, ContentPatch, Money, NewProducer, PaymentTerms, Producer, StoryMedia};

/// The picture of a producer who has not uploaded one yet.
pub const NO_PICTURE: &str = "/icons/icon-512.png";
/// The impact rule of a producer put on the market from a phone (the design's one family per
/// 2,000 kg sold).
pub const KG_PER_FAMILY: u64 = 2000;

#[derive(Serialize, Deserialize)]
struct Record {
    producer: Producer,
    opens_ms: i64,
    closes_ms: Option<i64>,
    harvest_ms: i64,
    kg_per_family: u64,
    max_boxes_per_phone: Option<u32>,
    /// Absent from the rows written before payment: pay on delivery.
    #[serde(default)]
    payment: PaymentTerms,
    boxes: Vec<BoxRecord>,
}

#[derive(Serialize, Deserialize)]
struct BoxRecord {
    id: String,
    weight_kg: u32,
    price_fen: i64,
}

impl Content {
    /// The content as the database keeps it (stock apart: the boxes table holds it).
    pub fn to_json(&self) -> String {
        let record = Record {
            producer: self.producer.clone(),
            opens_ms: self.opens_ms,
            closes_ms: self.closes_ms,
            harvest_ms: self.harvest_ms,
            kg_per_family: self.kg_per_family,
            max_boxes_per_phone: self.max_boxes_per_phone,
            payment: self.payment.clone(),
            boxes: self
                .boxes
                .iter()
                .map(|b| BoxRecord {
                    id: b.id.as_str().to_owned(),
                    weight_kg: b.weight_kg,
                    price_fen: b.price.fen(),
                })
                .collect(),
        };
        serde_json::to_string(&record).unwrap_or_default()
    }

    /// The content the database keeps; a box's initial stock is 0 (its stock is the table's).
    pub fn from_json(text: &str) -> Result<Self, String> {
        let r: Record = serde_json::from_str(text).map_err(|e| e.to_string())?;
        let mut boxes = Vec::with_capacity(r.boxes.len());
        for b in r.boxes {
            let id = BoxId::parse(&b.id).map_err(|e| format!("box {:?}: {e}", b.id))?;
            boxes.push(BoxSpec {
                id,
                weight_kg: b.weight_kg,
                price: Money::from_fen(b.price_fen),
                initial_stock: 0,
            });
        }
        Ok(Self {
            producer: r.producer,
            opens_ms: r.opens_ms,
            closes_ms: r.closes_ms,
            harvest_ms: r.harvest_ms,
            kg_per_family: r.kg_per_family,
            max_boxes_per_phone: r.max_boxes_per_phone,
            payment: r.payment,
            boxes,
        })
    }

    /// A producer put on the market: its texts, dates and boxes (with their first stock), no
    /// picture yet.
    pub fn from_new(new: &NewProducer) -> Self {
        Self {
            producer: Producer {
                name: new.name.clone(),
                place: new.place.clone(),
                greeting: new.greeting.clone(),
                story: new.story.clone(),
                media: StoryMedia {
                    picture: NO_PICTURE.to_owned(),
                    ..StoryMedia::default()
                },
            },
            opens_ms: new.sale.opens_ms,
            closes_ms: new.sale.closes_ms,
            harvest_ms: new.sale.harvest_ms,
            kg_per_family: KG_PER_FAMILY,
            max_boxes_per_phone: new.max_boxes_per_phone,
            payment: PaymentTerms::default(),
            boxes: new
                .boxes
                .iter()
                .map(|b| BoxSpec {
                    id: b.id.clone(),
                    weight_kg: b.weight_kg,
                    price: b.price,
                    initial_stock: b.stock.get(),
                })
                .collect(),
        }
    }

    /// This content with `patch` made: what it names changes, the rest stays; a new box is
    /// added at the end with its first stock.
    pub fn edited(&self, patch: &ContentPatch) -> Self {
        let mut next = self.clone();
        let p = &mut next.producer;
        p.name.extend(patch.name.clone());
        p.place.extend(patch.place.clone());
        p.story.extend(patch.story.clone());
        if let Some(greeting) = &patch.greeting {
            p.greeting = greeting.clone();
        }
        if let Some(picture) = &patch.picture {
            p.media.picture = picture.clone();
        }
        if let Some(sale) = patch.sale {
            (next.opens_ms, next.closes_ms, next.harvest_ms) =
                (sale.opens_ms, sale.closes_ms, sale.harvest_ms);
        }
        if let Some(limit) = patch.max_boxes_per_phone {
            next.max_boxes_per_phone = limit;
        }
        for change in &patch.boxes {
            match next.boxes.iter_mut().find(|b| b.id == change.id) {
                Some(b) => {
                    b.weight_kg = change.weight_kg.unwrap_or(b.weight_kg);
                    b.price = change.price.unwrap_or(b.price);
                    b.initial_stock = 0;
                }
                None => next.boxes.push(BoxSpec {
                    id: change.id.clone(),
                    weight_kg: change.weight_kg.unwrap_or(1),
                    price: change.price.unwrap_or(Money::from_fen(1)),
                    initial_stock: change.stock.map_or(0, |s| s.get()),
                }),
            }
        }
        next
    }
}

impl Content {
    /// The numbers of producer `slug`'s uploaded pictures this content names (its picture,
    /// poster, video or a caption: `/api/producers/{slug}/pictures/{n}-{width}.jpg`).
    pub fn pictures_named(&self, slug: &str) -> Vec<i64> {
        let prefix = format!("/api/producers/{slug}/pictures/");
        let m = &self.producer.media;
        [Some(&m.picture), m.poster.as_ref(), m.video.as_ref()]
            .into_iter()
            .flatten()
            .chain(m.captions.values())
            .filter_map(|path| {
                let file = path.strip_prefix(&prefix)?.strip_suffix(".jpg")?;
                file.split_once('-')?.0.parse().ok()
            })
            .collect()
    }
}

#[cfg(test)]
#[path = "content_record_tests.rs"]
mod tests;
