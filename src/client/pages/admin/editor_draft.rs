//! A producer's page as the team types it on a phone (the operator's "put a producer on the
//! market" form, and the owner's edit of their texts, prices and dates): every field as typed,
//! named by the API's field names so a 422's `fields` land beside the right input, made from
//! the storefront it edits (`editor_request` turns it into the request the API takes, checked
//! by the domain's own parse). Plain Rust on the domain, tested natively (`tests/editor_draft.rs`).

use std::collections::BTreeMap;

use super::editor_time::china_input;
use crate::domain::{FieldError, ProducerContent, Storefront};

/// The languages every text is written in, in the order the form shows them.
pub const LANGS: [&str; 3] = ["zh", "en", "fr"];

/// Input (the API's field path: `name.zh`, `boxes[1].price_fen`) → why it is refused.
pub type Problems = BTreeMap<String, FieldError>;

/// One box as typed: its id, weight in kg, price in yuan and stock. `kept` marks a box the
/// producer already sells: its id never changes, its stock is the stock page's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BoxDraft {
    pub id: String,
    pub weight_kg: String,
    pub price_yuan: String,
    pub stock: String,
    pub kept: bool,
}

/// Every field of the form, as typed. Dates are what the date-time inputs hold, in China's time.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Draft {
    pub slug: String,
    pub name: [String; 3],
    pub place: [String; 3],
    /// One paragraph a line (blank lines between them are dropped), by language.
    pub story: [String; 3],
    pub greeting: String,
    pub opens_at: String,
    pub closes_at: String,
    pub harvest_at: String,
    pub boxes: Vec<BoxDraft>,
    /// The most boxes one buyer's phone may order; empty for no limit.
    pub limit: String,
    /// The producer's picture, once uploaded (a site path).
    pub picture: String,
}

/// One input of the form: which text of the draft it shows and changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    Slug,
    Name(usize),
    Place(usize),
    Story(usize),
    Greeting,
    OpensAt,
    ClosesAt,
    HarvestAt,
    Limit,
    BoxId(usize),
    BoxWeight(usize),
    BoxPrice(usize),
    BoxStock(usize),
}

impl Slot {
    /// The API's name of the field: the key of its error in a 422's `fields`.
    pub fn field(self) -> String {
        let lang = |i: usize| LANGS.get(i).copied().unwrap_or("zh");
        match self {
            Slot::Slug => "slug".into(),
            Slot::Name(i) => format!("name.{}", lang(i)),
            Slot::Place(i) => format!("place.{}", lang(i)),
            Slot::Story(i) => format!("story.{}", lang(i)),
            Slot::Greeting => "greeting".into(),
            Slot::OpensAt => "sale.opens_at".into(),
            Slot::ClosesAt => "sale.closes_at".into(),
            Slot::HarvestAt => "sale.harvest_at".into(),
            Slot::Limit => "limits.max_boxes_per_phone".into(),
            Slot::BoxId(i) => format!("boxes[{i}].id"),
            Slot::BoxWeight(i) => format!("boxes[{i}].weight_kg"),
            Slot::BoxPrice(i) => format!("boxes[{i}].price_fen"),
            Slot::BoxStock(i) => format!("boxes[{i}].stock"),
        }
    }
}

impl Draft {
    /// An empty form with one box row to fill.
    pub fn blank() -> Self {
        Self {
            boxes: vec![BoxDraft::default()],
            ..Self::default()
        }
    }

    /// The form of producer `slug` as its storefront shows it: texts, picture, dates in China's
    /// time, prices in yuan. The storefront says nothing of a limit: the form leaves it empty
    /// (unchanged unless typed).
    pub fn from_storefront(slug: &str, s: &Storefront) -> Self {
        let p = &s.producer;
        let texts =
            |m: &BTreeMap<String, String>| LANGS.map(|l| m.get(l).cloned().unwrap_or_default());
        let story = LANGS.map(|l| p.story.get(l).map(|s| s.join("\n\n")).unwrap_or_default());
        let time = |t: &str| china_input(t).unwrap_or_default();
        let boxes = s.boxes.iter().map(|b| BoxDraft {
            id: b.id.clone(),
            weight_kg: b.weight_kg.to_string(),
            price_yuan: yuan(b.price_fen),
            stock: b.available.to_string(),
            kept: true,
        });
        Self {
            slug: slug.to_owned(),
            name: texts(&p.name),
            place: texts(&p.place),
            story,
            greeting: p.greeting.clone(),
            opens_at: time(&s.sale.opens_at),
            closes_at: s.sale.closes_at.as_deref().map(time).unwrap_or_default(),
            harvest_at: time(&s.sale.harvest_at),
            boxes: boxes.collect(),
            limit: String::new(),
            picture: p.media.picture.clone(),
        }
    }

    /// The form of producer `slug` as its team's read of the content has it: the storefront's
    /// fields and the limit per buyer, which the public storefront does not say.
    pub fn from_content(slug: &str, c: &ProducerContent) -> Self {
        Self {
            limit: c
                .limits
                .max_boxes_per_phone
                .map_or(String::new(), |n| n.to_string()),
            ..Self::from_storefront(slug, &c.storefront)
        }
    }

    /// The draft once the server took it: every box is one on sale now.
    pub fn as_saved(&self) -> Self {
        let mut saved = self.clone();
        for b in &mut saved.boxes {
            b.kept = true;
        }
        saved
    }

    /// Every input the form shows for this draft.
    pub fn slots(&self) -> Vec<Slot> {
        let mut slots = vec![Slot::Slug, Slot::Greeting, Slot::OpensAt, Slot::ClosesAt];
        slots.extend([Slot::HarvestAt, Slot::Limit]);
        for i in 0..LANGS.len() {
            slots.extend([Slot::Name(i), Slot::Place(i), Slot::Story(i)]);
        }
        for i in 0..self.boxes.len() {
            slots.extend([
                Slot::BoxId(i),
                Slot::BoxWeight(i),
                Slot::BoxPrice(i),
                Slot::BoxStock(i),
            ]);
        }
        slots
    }

    /// The text of one input (empty for a box row that is gone).
    pub fn get(&self, slot: Slot) -> String {
        self.text(slot).cloned().unwrap_or_default()
    }

    /// Types `value` into one input.
    pub fn set(&mut self, slot: Slot, value: String) {
        if let Some(text) = self.text_mut(slot) {
            *text = value;
        }
    }

    fn text(&self, slot: Slot) -> Option<&String> {
        let b = |i: usize| self.boxes.get(i);
        Some(match slot {
            Slot::Slug => &self.slug,
            Slot::Name(i) => self.name.get(i)?,
            Slot::Place(i) => self.place.get(i)?,
            Slot::Story(i) => self.story.get(i)?,
            Slot::Greeting => &self.greeting,
            Slot::OpensAt => &self.opens_at,
            Slot::ClosesAt => &self.closes_at,
            Slot::HarvestAt => &self.harvest_at,
            Slot::Limit => &self.limit,
            Slot::BoxId(i) => &b(i)?.id,
            Slot::BoxWeight(i) => &b(i)?.weight_kg,
            Slot::BoxPrice(i) => &b(i)?.price_yuan,
            Slot::BoxStock(i) => &b(i)?.stock,
        })
    }

    fn text_mut(&mut self, slot: Slot) -> Option<&mut String> {
        Some(match slot {
            Slot::Slug => &mut self.slug,
            Slot::Name(i) => self.name.get_mut(i)?,
            Slot::Place(i) => self.place.get_mut(i)?,
            Slot::Story(i) => self.story.get_mut(i)?,
            Slot::Greeting => &mut self.greeting,
            Slot::OpensAt => &mut self.opens_at,
            Slot::ClosesAt => &mut self.closes_at,
            Slot::HarvestAt => &mut self.harvest_at,
            Slot::Limit => &mut self.limit,
            Slot::BoxId(i) => &mut self.boxes.get_mut(i)?.id,
            Slot::BoxWeight(i) => &mut self.boxes.get_mut(i)?.weight_kg,
            Slot::BoxPrice(i) => &mut self.boxes.get_mut(i)?.price_yuan,
            Slot::BoxStock(i) => &mut self.boxes.get_mut(i)?.stock,
        })
    }
}

/// Fen as the yuan the team types: `68`, `128.5`, `0.05`.
pub fn yuan(fen: i64) -> String {
    let (whole, cents) = (fen / 100, fen % 100);
    match cents {
        0 => whole.to_string(),
        c if c % 10 == 0 => format!("{whole}.{}", c / 10),
        c => format!("{whole}.{c:02}"),
    }
}

/// A story's text as paragraphs: one a line, the blank lines between them dropped.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The input a problem's path belongs to: a story's paragraph (`story.en[2]`) is the story's
/// text box (`story.en`); every other path is its input's own.
pub fn input_field(path: &str) -> String {
    match path
        .strip_prefix("story.")
        .and_then(|rest| rest.split_once('['))
    {
        Some((lang, _)) => format!("story.{lang}"),
        None => path.to_owned(),
    }
}
