//! The PostgreSQL writer: every write runs in a transaction of its own on a pooled connection,
//! concurrently with the others (the database orders them), and is answered after its commit.
//!
//! Other instances write to the same database, so the storefront's numbers cannot be kept by
//! deltas alone: a background task reloads every producer's totals every `REFRESH_EVERY` and
//! right after each own commit, and replaces a producer's snapshot when they changed (which bumps its version, so ETags
//! change). Every instance is thus at most about a second behind the others. The same task
//! forgets old replay salts every `PRUNE_EVERY` (every instance does it; it is idempotent).

use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::PgPool;
use sqlx::{Postgres, Transaction};
use tokio::sync::{Mutex, Notify};
use tokio::task::JoinHandle;

use super::super::model::{
    Outcome, ProducerId, Reply, Scope, StoreError, PRUNE_EVERY, REPLAY_WINDOW_MS,
};
use super::super::producers::Snapshots;
use super::super::reads;
use super::super::work::Work;
use super::scope::{self, Reading};
use super::{apply, claims, content, pay, shortfall};
use crate::server::time::now_ms;

/// How often the totals are reloaded when nothing was written here.
pub const REFRESH_EVERY: Duration = Duration::from_secs(1);

/// The PostgreSQL writer and its snapshot refresher.
pub struct Writer {
    pool: PgPool,
    snapshots: Arc<Snapshots>,
    wake: Arc<Notify>,
    refresher: Mutex<Option<JoinHandle<()>>>,
}

impl Writer {
    /// Starts the refresher of every producer's `snapshots`; writes use `pool`.
    pub fn spawn(pool: PgPool, snapshots: Arc<Snapshots>) -> Self {
        let wake = Arc::new(Notify::new());
        let refresher = tokio::spawn(refresh(pool.clone(), snapshots.clone(), wake.clone()));
        Self {
            pool,
            snapshots,
            wake,
            refresher: Mutex::new(Some(refresher)),
        }
    }

    /// Runs one write in its transaction and answers it once committed (or rolled back).
    pub async fn submit(&self, work: Work) -> Result<(), StoreError> {
        // Writes `$job`'s request with `$write` in a transaction that sees and writes its
        // producer's rows only, then commits and answers.
        macro_rules! run {
            ($job:ident, $write:path) => {{
                let mut tx = scope::begin(&self.pool, Scope::Producer($job.producer)).await?;
                let outcome = $write(&mut tx, $job.producer, &$job.ask).await;
                self.finish(outcome, $job.producer, tx, $job.reply).await
            }};
        }
        match work {
            Work::Place(j) => run!(j, apply::place),
            Work::Move(j) => run!(j, apply::move_status),
            Work::BulkMove(j) => run!(j, apply::bulk_move),
            Work::Ship(j) => run!(j, apply::ship),
            Work::Shortfall(j) => run!(j, shortfall::shortfall),
            Work::SetStock(j) => run!(j, apply::set_stock),
            Work::FileClaim(j) => run!(j, claims::file),
            Work::ResolveClaim(j) => run!(j, claims::resolve),
            Work::CreateProducer(j) => run!(j, apply::create_producer),
            Work::EditContent(j) => run!(j, content::edit),
            Work::StorePicture(j) => run!(j, content::picture),
            Work::Pay(j) => run!(j, pay::pay),
        }
    }

    /// Every producer's storefront numbers.
    pub fn snapshots(&self) -> &Snapshots {
        &self.snapshots
    }

    /// Commits a write that succeeded, applies what it changed to producer `p`'s numbers, and
    /// answers. A refusal or a failure drops the transaction unfinished: sqlx rolls it back.
    async fn finish<T>(
        &self,
        outcome: Result<Outcome<T>, sqlx::Error>,
        p: ProducerId,
        tx: Transaction<'_, Postgres>,
        reply: Reply<T>,
    ) -> Result<(), StoreError> {
        let (answer, deltas) = match outcome? {
            Ok(done) => done,
            Err(refused) => {
                let _ = reply.send(Err(refused));
                return Ok(());
            }
        };
        // From before the commit until the deltas are in: a reload in between would count
        // this write twice (its totals and then its delta), so it is dropped and made again.
        let snapshot = self.snapshots.get(p).filter(|_| !deltas.is_empty());
        let writing = snapshot.as_ref().map(|s| s.writing());
        tx.commit().await?;
        if let Some(writing) = writing {
            // At once for this instance's next storefront; the reload then brings the others'.
            writing.apply(&deltas);
            self.wake.notify_one();
        }
        let _ = reply.send(Ok(answer));
        Ok(())
    }

    /// Stops the refresher and closes the pool (requests in flight have finished).
    pub async fn shutdown(&self) {
        if let Some(task) = self.refresher.lock().await.take() {
            task.abort();
        }
        self.pool.close().await;
    }
}

async fn refresh(pool: PgPool, snapshots: Arc<Snapshots>, wake: Arc<Notify>) {
    let mut next_prune = tokio::time::Instant::now();
    loop {
        let _ = tokio::time::timeout(REFRESH_EVERY, wake.notified()).await;
        for (producer, snapshot) in snapshots.all() {
            let seen = snapshot.version();
            let reading = Reading::new(pool.clone(), Scope::Producer(producer));
            match reads::totals(&reading, producer).await {
                // Refused when an own write landed meanwhile: that write wakes this loop again
                // once its deltas are applied, so the reload is made again then.
                Ok(totals) => _ = snapshot.replace(seen, totals),
                Err(e) => tracing::warn!(error = %e, "could not reload the storefront totals"),
            }
        }
        if tokio::time::Instant::now() >= next_prune {
            if let Err(e) = forget_replay_salts(&pool).await {
                tracing::warn!(error = %e, "could not forget old replay salts");
            }
            next_prune = tokio::time::Instant::now() + PRUNE_EVERY;
        }
    }
}

/// Every producer's old salts, in a transaction of the whole market.
async fn forget_replay_salts(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let mut tx = scope::begin(pool, Scope::Market).await?;
    let forgotten = apply::forget_replay_salts(&mut tx, now_ms() - REPLAY_WINDOW_MS).await?;
    tx.commit().await?;
    Ok(forgotten)
}
