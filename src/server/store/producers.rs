//! The market's producers in the store's words, for both backends: the producers the files name,
//! seeded at start (`seed`), one put on the market at run time (`NewProducer`, written by each
//! backend's writer, answered `Registered`), and every producer's live storefront numbers
//! (`Snapshots`), which the writer changes after each commit. `opened.rs` holds what `open` and
//! `Writer::create_producer` give back.

use std::collections::HashMap;
use std::sync::{Arc, RwLock};

use super::columns::Columns;
use super::content_writes::{CONTENT_OF, SEED_CONTENT, WITH_CONTENT};
use super::fetch::Fetch;
use super::model::ProducerId;
use super::sql::{self, Arg};
use crate::server::content::Content;
use crate::server::snapshot::{Delta, Snapshot, Totals};
use crate::server::time::now_ms;

/// A box a new producer starts with.
#[derive(Debug, Clone)]
pub struct NewBox {
    pub id: String,
    pub weight_kg: u32,
    pub price_fen: i64,
    pub stock: u32,
}

/// A producer to put on the market: its slug, its content as the database keeps it, and its
/// boxes.
#[derive(Debug)]
pub struct NewProducer {
    pub slug: String,
    pub content: String,
    pub boxes: Vec<NewBox>,
    /// Put on the market by the operator (no file names it), rather than seeded from a file.
    pub at_run_time: bool,
    /// What the operator's request made it from (`made_from`), kept to know the same request
    /// sent again; `None` for a producer a file seeded.
    pub created_from: Option<String>,
}

/// A producer written: its row id and the numbers its storefront starts from.
#[derive(Debug)]
pub struct Registered {
    pub id: ProducerId,
    pub totals: Totals,
}

impl NewProducer {
    /// Producer `slug` with the boxes of `content` (each with its initial stock).
    pub fn of(slug: &str, content: &Content) -> Self {
        let boxes = content
            .boxes
            .iter()
            .map(|b| NewBox {
                id: b.id.as_str().to_owned(),
                weight_kg: b.weight_kg,
                price_fen: b.price.fen(),
                stock: b.initial_stock,
            })
            .collect();
        Self {
            slug: slug.to_owned(),
            content: content.to_json(),
            boxes,
            at_run_time: false,
            created_from: None,
        }
    }

    /// The values of `INSERT_PRODUCER`, made now.
    pub fn insert_args(&self) -> [Arg<'_>; 5] {
        [
            Arg::Text(&self.slug),
            Arg::Int(now_ms()),
            Arg::Text(&self.content),
            Arg::Int(i64::from(self.at_run_time)),
            Arg::MaybeText(self.created_from.as_deref()),
        ]
    }

    /// The values of `sql::SEED_BOX` for each box of producer `id`.
    pub fn box_args(&self, id: ProducerId) -> Vec<[Arg<'_>; 5]> {
        self.boxes.iter().map(|b| box_args(b, id)).collect()
    }

    /// What its storefront starts from: its boxes (the first of an id twice), no order.
    pub fn registered(&self, id: ProducerId) -> Registered {
        let mut stock: Vec<(String, u32)> = Vec::with_capacity(self.boxes.len());
        for b in &self.boxes {
            if !stock.iter().any(|(known, _)| *known == b.id) {
                stock.push((b.id.clone(), b.stock));
            }
        }
        stock.sort();
        let totals = Totals {
            stock,
            ..Totals::default()
        };
        Registered { id, totals }
    }
}

fn box_args(b: &NewBox, id: ProducerId) -> [Arg<'_>; 5] {
    [
        Arg::Text(&b.id),
        Arg::Int(i64::from(b.weight_kg)),
        Arg::Int(b.price_fen),
        Arg::Int(i64::from(b.stock)),
        Arg::Int(id.0),
    ]
}

/// `$1`: a slug: the producer that has it.
const BY_SLUG: &str = "SELECT id FROM producers WHERE slug = $1";
/// Gives slug `$1` to the first producer without one (the rows of a shop from before the market,
/// which migrated to producer 1).
const NAME_UNNAMED: &str = "UPDATE producers SET slug = $1 \
     WHERE id = (SELECT MIN(id) FROM producers WHERE slug IS NULL) RETURNING id";
/// A new producer, slug `$1`, made at `$2` with content `$3`, at run time if `$4` is 1, from
/// request `$5` (`made_from`, or NULL), unless the slug is taken (then no row).
pub const INSERT_PRODUCER: &str = "INSERT INTO producers \
     (slug, created_ms, content, at_run_time, created_from) VALUES ($1, $2, $3, $4, $5) \
     ON CONFLICT (slug) DO NOTHING RETURNING id";

/// What a producer put on the market is made from, as text: its content as the database keeps
/// it and each box's first stock (which the content leaves to the boxes table). Two requests
/// that make the same text put the same producer on the market.
pub fn made_from(content: &Content) -> String {
    let stock: Vec<String> = content
        .boxes
        .iter()
        .map(|b| format!("{}={}", b.id.as_str(), b.initial_stock))
        .collect();
    format!("{}\n{}", content.to_json(), stock.join(","))
}
/// `$1`: a producer: how many kinds of boxes it has.
const BOX_KINDS: &str = "SELECT COUNT(*) AS kinds FROM boxes WHERE producer = $1";
/// The producer a file names, made if new: found by its slug; else, for the first producer (the
/// default one), the producer without a slug yet; else a new one. Its boxes and its content are
/// seeded only where the database has none: afterwards the database is the truth, and the
/// content answered is the database's.
pub async fn seed(
    db: &impl Fetch,
    slug: &str,
    content: &Content,
    first: bool,
) -> Result<(ProducerId, Content), sqlx::Error> {
    let id = match one_id(db, BY_SLUG, &[Arg::Text(slug)]).await? {
        Some(id) => id,
        None => {
            let named = match first {
                true => one_id(db, NAME_UNNAMED, &[Arg::Text(slug)]).await?,
                false => None,
            };
            match named {
                Some(id) => id,
                None => {
                    let new = NewProducer::of(slug, content);
                    let made = one_id(db, INSERT_PRODUCER, &new.insert_args()).await?;
                    // Another instance may have made it meanwhile.
                    let made = match made {
                        Some(id) => Some(id),
                        None => one_id(db, BY_SLUG, &[Arg::Text(slug)]).await?,
                    };
                    made.ok_or_else(|| sqlx::Error::Protocol(format!("no producer {slug}")))?
                }
            }
        }
    };
    let kinds = db.fetch(BOX_KINDS, &[Arg::Int(id.0)]).await?;
    if kinds.first().map(|r| r.int("kinds")).transpose()? == Some(0) {
        for args in NewProducer::of(slug, content).box_args(id) {
            db.fetch(sql::SEED_BOX, &args).await?;
        }
    }
    let kept = db.fetch(CONTENT_OF, &[Arg::Int(id.0)]).await?;
    match kept
        .first()
        .map(|r| r.maybe_text("content"))
        .transpose()?
        .flatten()
    {
        Some(json) => Content::from_json(&json)
            .map(|kept| (id, kept))
            .map_err(|why| sqlx::Error::Protocol(format!("the content of {slug}: {why}"))),
        None => {
            let json = content.to_json();
            db.fetch(SEED_CONTENT, &[Arg::Text(&json), Arg::Int(id.0)])
                .await?;
            Ok((id, content.clone()))
        }
    }
}

/// Every producer the database has content for that no file names (`named`): those put on the
/// market while a server ran, served again from the database.
pub async fn put_on_at_run_time(
    db: &impl Fetch,
    named: &[&str],
) -> Result<Vec<(ProducerId, String, Content)>, sqlx::Error> {
    let mut found = Vec::new();
    for row in db.fetch(WITH_CONTENT, &[]).await? {
        let slug = row.text("slug")?;
        if named.contains(&slug.as_str()) {
            continue;
        }
        let json = row.text("content")?;
        let content = Content::from_json(&json)
            .map_err(|why| sqlx::Error::Protocol(format!("the content of {slug}: {why}")))?;
        found.push((ProducerId(row.int("id")?), slug, content));
    }
    Ok(found)
}

async fn one_id(
    db: &impl Fetch,
    statement: &str,
    args: &[Arg<'_>],
) -> Result<Option<ProducerId>, sqlx::Error> {
    let rows = db.fetch(statement, args).await?;
    Ok(rows
        .first()
        .map(|r| r.int("id"))
        .transpose()?
        .map(ProducerId))
}

/// Every producer's live storefront numbers, by producer: the writer applies each commit's
/// changes to the numbers of the producer it wrote for.
#[derive(Default)]
pub struct Snapshots(RwLock<HashMap<ProducerId, Arc<Snapshot>>>);

impl Snapshots {
    /// Producer `id`'s numbers from now on.
    pub fn insert(&self, id: ProducerId, snapshot: Arc<Snapshot>) {
        let mut all = self.0.write().unwrap_or_else(|p| p.into_inner());
        all.insert(id, snapshot);
    }

    /// Producer `id`'s numbers: those it has, else `snapshot` from now on. A producer made here
    /// and found by the refresher at once gets one set of numbers, whichever comes first.
    pub fn keep(&self, id: ProducerId, snapshot: Arc<Snapshot>) -> Arc<Snapshot> {
        let mut all = self.0.write().unwrap_or_else(|p| p.into_inner());
        all.entry(id).or_insert(snapshot).clone()
    }

    /// Producer `id`'s numbers, if it has any.
    pub fn get(&self, id: ProducerId) -> Option<Arc<Snapshot>> {
        let all = self.0.read().unwrap_or_else(|p| p.into_inner());
        all.get(&id).cloned()
    }

    /// Every producer's numbers.
    pub fn all(&self) -> Vec<(ProducerId, Arc<Snapshot>)> {
        let all = self.0.read().unwrap_or_else(|p| p.into_inner());
        all.iter().map(|(id, s)| (*id, s.clone())).collect()
    }

    /// Applies a batch's changes, each to its producer's numbers (in the order made).
    pub fn apply(&self, deltas: &[(ProducerId, Delta)]) {
        let mut by_producer: HashMap<ProducerId, Vec<Delta>> = HashMap::new();
        for (id, delta) in deltas {
            by_producer.entry(*id).or_default().push(delta.clone());
        }
        for (id, deltas) in by_producer {
            if let Some(snapshot) = self.get(id) {
                snapshot.apply(&deltas);
            }
        }
    }
}
