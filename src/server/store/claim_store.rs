//! The claims' half of `Store` and `Writer`: a page of claims, one claim, one photo (full or
//! thumbnail), the total a refund may not pass, whether an order takes a claim, and the two
//! writes (filing a claim, resolving one).

use super::claim_reads;
use super::claim_reads::{PhotoSize, StoredPhoto};
use super::claims::{ClaimFiling, ClaimResolving};
use super::handles::{on_backend, Backend, Store, Writer};
use super::model::{Refused, StoreError};
use super::work::Work;
use crate::domain::{AdminClaim, ClaimCreated, ClaimListQuery, Cursor};

/// A page of claims and the next page's cursor.
pub type ClaimPage = (Vec<AdminClaim>, Option<Cursor>);

impl Store {
    /// One page of the claims `query` asks for, oldest first, and the next page's cursor.
    pub async fn claims_page(&self, query: &ClaimListQuery) -> Result<ClaimPage, StoreError> {
        Ok(on_backend!(self.own(), db => claim_reads::page(&db, self.1, query).await)?)
    }

    /// One claim with its order.
    pub async fn claim(&self, id: &str) -> Result<Option<AdminClaim>, StoreError> {
        Ok(on_backend!(self.own(), db => claim_reads::one(&db, self.1, id).await)?)
    }

    /// Photo `n` (from 1) of claim `id` in `size`, as stored.
    pub async fn claim_photo(
        &self,
        id: &str,
        n: i64,
        size: PhotoSize,
    ) -> Result<Option<StoredPhoto>, StoreError> {
        Ok(on_backend!(self.own(), db => claim_reads::photo(&db, self.1, id, n, size).await)?)
    }

    /// The total of the order claim `id` is about, if the claim exists.
    pub async fn claim_order_total(&self, id: &str) -> Result<Option<i64>, StoreError> {
        Ok(on_backend!(self.own(), db => claim_reads::order_total(&db, self.1, id).await)?)
    }

    /// Whether order `id` takes a claim filed with the key of hash `key_hash` now, read before
    /// the claim's body so that a claim refused costs no upload: `Refused::ClaimNotAllowed` as
    /// the writer would answer, but never for a retry of a claim that key filed. The writer
    /// judges again inside its transaction (another claim may be written meanwhile).
    pub async fn claim_allowed(&self, id: &str, key_hash: &str) -> Result<(), StoreError> {
        let standing =
            on_backend!(self.own(), db => claim_reads::standing(&db, self.1, id, key_hash).await)?;
        Ok(standing.ok_or(Refused::NotFound)?.allows()?)
    }
}

impl Writer {
    /// Writes a buyer's claim and its photos, or answers the claim its key made before.
    pub async fn file_claim(&self, filing: ClaimFiling) -> Result<ClaimCreated, StoreError> {
        self.submit(filing, Work::FileClaim).await
    }

    /// Resolves a claim still open.
    pub async fn resolve_claim(&self, resolving: ClaimResolving) -> Result<(), StoreError> {
        self.submit(resolving, Work::ResolveClaim).await
    }
}
