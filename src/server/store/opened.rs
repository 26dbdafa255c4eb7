//! What `open` gives back (`Opened`: the handles and every producer the files name, each with
//! its storefront numbers) and `Writer::create_producer`, which puts a producer on the market at
//! run time and keeps its numbers.

use std::sync::Arc;

use super::handles::{Store, Writer};
use super::model::{ProducerId, StoreError};
use super::producers::{NewProducer, Registered};
use super::work::Work;
use crate::server::content::Content;
use crate::server::snapshot::Snapshot;

/// A producer the files name, to seed: its slug and its content (boxes, stock).
pub struct Seed<'a> {
    pub slug: &'a str,
    pub content: &'a Content,
}

/// One producer of an opened database: its row id, slug, content (the database's) and live
/// storefront numbers.
pub struct OpenedProducer {
    pub id: ProducerId,
    pub slug: String,
    pub content: Content,
    pub snapshot: Arc<Snapshot>,
}

/// An opened database: the handles (scoped to the first producer) and every producer.
pub struct Opened {
    pub store: Store,
    pub writer: Writer,
    pub producers: Vec<OpenedProducer>,
}

impl Writer {
    /// Puts producer `slug` on the market with the boxes of `content`, in one transaction, and
    /// keeps its storefront numbers from then on; a slug another producer has is
    /// `Refused::SlugTaken`.
    pub async fn create_producer(
        &self,
        slug: &str,
        content: &Content,
    ) -> Result<OpenedProducer, StoreError> {
        let new = NewProducer {
            at_run_time: true,
            ..NewProducer::of(slug, content)
        };
        let Registered { id, totals } = self.submit(new, Work::CreateProducer).await?;
        let snapshot = Arc::new(Snapshot::new(totals));
        self.snapshots().insert(id, snapshot.clone());
        Ok(OpenedProducer {
            id,
            slug: slug.to_owned(),
            content: content.clone(),
            snapshot,
        })
    }
}
