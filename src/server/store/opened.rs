//! What `open` gives back (`Opened`: the handles and every producer the files name, each with
//! its storefront numbers) and `Writer::create_producer`, which puts a producer on the market at
//! run time and keeps its numbers.

use std::sync::Arc;

use super::handles::{on_backend, Backend, Store, Writer};
use super::model::{ProducerId, StoreError};
use super::producers::{self, NewProducer, Registered};
use super::reads;
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
            created_from: Some(producers::made_from(content)),
            ..NewProducer::of(slug, content)
        };
        let Registered { id, totals } = self.submit(new, Work::CreateProducer).await?;
        let snapshot = self.snapshots().keep(id, Arc::new(Snapshot::new(totals)));
        Ok(OpenedProducer {
            id,
            slug: slug.to_owned(),
            content: content.clone(),
            snapshot,
        })
    }

    /// Serves producer `id`, which another instance put on the market: its storefront numbers
    /// read from `store` and kept from then on, as for a producer made here.
    pub async fn adopt(
        &self,
        store: &Store,
        (id, slug, content): (ProducerId, String, Content),
    ) -> Result<OpenedProducer, StoreError> {
        // Read as that producer's, as row-level security asks on PostgreSQL.
        let theirs = store.scoped(id);
        let totals = on_backend!(theirs.own(), db => reads::totals(&db, id).await)?;
        let snapshot = self.snapshots().keep(id, Arc::new(Snapshot::new(totals)));
        Ok(OpenedProducer {
            id,
            slug,
            content,
            snapshot,
        })
    }
}

impl Store {
    /// Every producer put on the market at run time (by any instance) that no file names, with
    /// its content: those a server serves besides its files' producers.
    pub async fn put_on_at_run_time(
        &self,
        named: &[&str],
    ) -> Result<Vec<(ProducerId, String, Content)>, StoreError> {
        Ok(on_backend!(&self.0, pool => producers::put_on_at_run_time(pool, named).await)?)
    }
}
