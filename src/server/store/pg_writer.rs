//! The writer on PostgreSQL: every write runs in its own transaction on a pooled connection,
//! concurrently with the others (the database orders them), and is answered after its commit.
//!
//! Other instances write to the same database, so the storefront's numbers cannot be kept by
//! deltas alone: a background task reloads the totals every `REFRESH_EVERY` and right after each
//! own commit, and replaces the snapshot when they changed (which bumps its version, so ETags
//! change). Every instance is thus at most about a second behind the others.

use std::sync::Arc;
use std::time::Duration;

use sqlx::postgres::PgPool;
use tokio::sync::{Mutex, Notify};
use tokio::task::JoinHandle;

use super::writer::{Answer, Work, REPLAY_WINDOW_MS};
use super::{pg_work, postgres};
use crate::server::error::ApiError;
use crate::server::snapshot::Snapshot;
use crate::server::time::now_ms;

/// How often the totals are reloaded when nothing was written here.
pub const REFRESH_EVERY: Duration = Duration::from_secs(1);
/// How often old plain tokens are forgotten (every instance does it; it is idempotent).
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// The PostgreSQL writer and its snapshot refresher.
pub struct PgWriter {
    pool: PgPool,
    snapshot: Arc<Snapshot>,
    wake: Arc<Notify>,
    refresher: Mutex<Option<JoinHandle<()>>>,
}

impl PgWriter {
    /// Starts the refresher; writes use `pool`.
    pub fn spawn(pool: PgPool, snapshot: Arc<Snapshot>) -> Self {
        let wake = Arc::new(Notify::new());
        let refresher = tokio::spawn(refresh(pool.clone(), snapshot.clone(), wake.clone()));
        Self {
            pool,
            snapshot,
            wake,
            refresher: Mutex::new(Some(refresher)),
        }
    }

    /// Runs one write in its transaction; applies what it changed once committed.
    pub(super) async fn submit(&self, work: Work) -> Result<Answer, ApiError> {
        let (answer, delta) = pg_work::run(&self.pool, &work).await?;
        if let Some(delta) = delta {
            // At once for this instance's next storefront; the reload then brings the others'.
            self.snapshot.apply(&[delta]);
            self.wake.notify_one();
        }
        Ok(answer)
    }

    /// Stops the refresher and closes the pool (requests in flight have finished).
    pub async fn shutdown(&self) {
        if let Some(task) = self.refresher.lock().await.take() {
            task.abort();
        }
        self.pool.close().await;
    }
}

async fn refresh(pool: PgPool, snapshot: Arc<Snapshot>, wake: Arc<Notify>) {
    let mut next_prune = tokio::time::Instant::now();
    loop {
        let _ = tokio::time::timeout(REFRESH_EVERY, wake.notified()).await;
        match postgres::totals(&pool).await {
            Ok(totals) => snapshot.replace(totals),
            Err(e) => tracing::warn!(error = %e, "could not reload the storefront totals"),
        }
        if tokio::time::Instant::now() >= next_prune {
            if let Err(e) = pg_work::forget_replay_tokens(&pool, now_ms() - REPLAY_WINDOW_MS).await
            {
                tracing::warn!(error = %e, "could not forget old replay tokens");
            }
            next_prune = tokio::time::Instant::now() + PRUNE_EVERY;
        }
    }
}
