//! The producer's content file (TOML): the sale's times, the boxes, the impact rule and the
//! story. Read once at start; every mistake is reported with the file and the key.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::time::parse_rfc3339_ms;
use crate::domain::{BoxId, Localized, Money, PaymentTerms, Producer, Stock, StoryMedia};

/// A content file that cannot be used, with the key at fault where there is one.
#[derive(Debug)]
pub struct ContentError {
    pub path: PathBuf,
    pub key: Option<String>,
    pub message: String,
}

impl std::fmt::Display for ContentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "content file {}: ", self.path.display())?;
        if let Some(key) = &self.key {
            write!(f, "key `{key}`: ")?;
        }
        write!(f, "{}", self.message.trim_end())
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    producer: ProducerSection,
    sale: SaleSection,
    impact: ImpactSection,
    #[serde(default)]
    limits: LimitsSection,
    #[serde(default)]
    payment: PaymentSection,
    boxes: Vec<BoxSection>,
}

/// `[payment]`, optional: how the producer is paid (`domain::PaymentTerms`; pay on delivery
/// when absent).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct PaymentSection {
    methods: Option<Vec<String>>,
    window_minutes: Option<u32>,
}

/// `[limits]`, optional: what one buyer may take (限购).
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LimitsSection {
    /// Boxes per buyer's phone over all orders not cancelled.
    max_boxes_per_phone: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProducerSection {
    /// The producer's slug when the file is served alone (a market file names its own):
    /// read by `market_file`, which checks it.
    #[serde(default)]
    #[allow(dead_code)]
    slug: Option<String>,
    name: Localized,
    place: Localized,
    #[serde(default)]
    greeting: String,
    picture: String,
    video: Option<String>,
    poster: Option<String>,
    #[serde(default)]
    captions: BTreeMap<String, String>,
    story: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SaleSection {
    opens_at: String,
    closes_at: Option<String>,
    harvest_at: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ImpactSection {
    kg_per_family: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BoxSection {
    id: String,
    weight_kg: u32,
    price_fen: i64,
    stock: u32,
}

/// One box as the producer offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoxSpec {
    pub id: BoxId,
    pub weight_kg: u32,
    pub price: Money,
    pub initial_stock: u32,
}

/// The validated content.
#[derive(Debug, Clone)]
pub struct Content {
    pub producer: Producer,
    pub opens_ms: i64,
    pub closes_ms: Option<i64>,
    pub harvest_ms: i64,
    pub kg_per_family: u64,
    /// Boxes one buyer's phone may have over all its orders not cancelled, if limited.
    pub max_boxes_per_phone: Option<u32>,
    /// How the producer is paid (`[payment]`).
    pub payment: PaymentTerms,
    pub boxes: Vec<BoxSpec>,
}

impl Content {
    /// Reads and validates a content file.
    pub fn load(path: &Path) -> Result<Self, ContentError> {
        let text = std::fs::read_to_string(path).map_err(|e| ContentError {
            path: path.to_owned(),
            key: None,
            message: format!("cannot be read: {e}"),
        })?;
        Self::parse(&text).map_err(|(key, message)| ContentError {
            path: path.to_owned(),
            key,
            message,
        })
    }

    /// Validates content text; the error names the key at fault.
    pub fn parse(text: &str) -> Result<Self, (Option<String>, String)> {
        let file: File = toml::from_str(text).map_err(|e| (None, e.to_string()))?;
        let fail = |key: &str, message: String| (Some(key.to_owned()), message);
        let time = |key: &str, value: &str| {
            parse_rfc3339_ms(value).ok_or_else(|| {
                fail(
                    key,
                    format!(
                        "{value:?} is not an RFC 3339 time such as \"2026-11-11T00:00:00+08:00\""
                    ),
                )
            })
        };
        let opens_ms = time("sale.opens_at", &file.sale.opens_at)?;
        let harvest_ms = time("sale.harvest_at", &file.sale.harvest_at)?;
        let closes_ms = match &file.sale.closes_at {
            Some(c) => {
                let ms = time("sale.closes_at", c)?;
                if ms <= opens_ms {
                    return Err(fail(
                        "sale.closes_at",
                        "must come after sale.opens_at".into(),
                    ));
                }
                Some(ms)
            }
            None => None,
        };
        if file.impact.kg_per_family == 0 {
            return Err(fail("impact.kg_per_family", "must be at least 1".into()));
        }
        if file.limits.max_boxes_per_phone == Some(0) {
            let why = "must be at least 1 (leave it out for no limit)";
            return Err(fail("limits.max_boxes_per_phone", why.into()));
        }
        let payment =
            PaymentTerms::parse(file.payment.methods.as_deref(), file.payment.window_minutes)
                .map_err(|(key, why)| fail(&format!("payment.{key}"), why))?;
        if file.boxes.is_empty() {
            return Err(fail("boxes", "list at least one box".into()));
        }
        let mut boxes = Vec::with_capacity(file.boxes.len());
        for (i, b) in file.boxes.iter().enumerate() {
            let key = |k: &str| format!("boxes[{i}].{k}");
            let id =
                BoxId::parse(&b.id).map_err(|e| fail(&key("id"), format!("{:?}: {e}", b.id)))?;
            if boxes.iter().any(|s: &BoxSpec| s.id == id) {
                return Err(fail(&key("id"), format!("{:?} is listed twice", b.id)));
            }
            if b.stock > Stock::MAX {
                return Err(fail(
                    &key("stock"),
                    format!("must be at most {} boxes", Stock::MAX),
                ));
            }
            if b.weight_kg == 0 {
                return Err(fail(&key("weight_kg"), "must be at least 1".into()));
            }
            if b.price_fen <= 0 || b.price_fen > Money::MAX_PRICE.fen() {
                return Err(fail(
                    &key("price_fen"),
                    format!(
                        "must be a positive number of fen, at most {}",
                        Money::MAX_PRICE.fen()
                    ),
                ));
            }
            boxes.push(BoxSpec {
                id,
                weight_kg: b.weight_kg,
                price: Money::from_fen(b.price_fen),
                initial_stock: b.stock,
            });
        }
        let p = file.producer;
        if p.name.values().all(|n| n.trim().is_empty()) {
            return Err(fail(
                "producer.name",
                "give the producer's name in at least one language".into(),
            ));
        }
        if p.story.values().all(Vec::is_empty) {
            return Err(fail(
                "producer.story",
                "give at least one paragraph of the story".into(),
            ));
        }
        for (key, path) in [
            ("producer.picture", Some(&p.picture)),
            ("producer.video", p.video.as_ref()),
            ("producer.poster", p.poster.as_ref()),
        ]
        .into_iter()
        .chain(p.captions.values().map(|c| ("producer.captions", Some(c))))
        {
            if let Some(path) = path {
                if !path.starts_with('/') || path.contains("..") {
                    return Err(fail(key, format!("{path:?} must be a site path starting with / (a file in the built client)")));
                }
            }
        }
        let producer = Producer {
            name: p.name,
            place: p.place,
            greeting: p.greeting,
            story: p.story,
            media: StoryMedia {
                picture: p.picture,
                video: p.video,
                poster: p.poster,
                captions: p.captions,
            },
        };
        Ok(Self {
            producer,
            opens_ms,
            closes_ms,
            harvest_ms,
            kg_per_family: file.impact.kg_per_family,
            max_boxes_per_phone: file.limits.max_boxes_per_phone,
            payment,
            boxes,
        })
    }

    /// The box on offer with this id.
    pub fn find_box(&self, id: &BoxId) -> Option<&BoxSpec> {
        self.boxes.iter().find(|b| &b.id == id)
    }
}
