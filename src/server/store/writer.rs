//! The writer every route calls (`Writer`), and on SQLite the single writer: one task owns the SQLite write connection, takes the writes that are
//! waiting at that moment (up to `--max-batch`), runs them in ONE transaction, commits once, and
//! only then answers every waiter and updates the storefront snapshot. Many orders share one
//! fsync (group commit) and no two writers ever fight over the database lock.
//!
//! An order needs no savepoint of its own: every way it can be refused (a replayed key, too few
//! boxes) is found before it writes anything, and its first write is the conditional stock
//! decrement, so a refused order leaves nothing to undo. A database error in the middle of an
//! order (disk full, I/O) fails the whole batch instead: the transaction is rolled back and every
//! waiter in it gets a 500, so no stock is ever taken without its order. The team's rarer writes
//! (status moves, stock) keep a savepoint each.
//!
//! The writer is a thread of its own with a plain synchronous connection (`writes.rs`): a batch
//! runs without a single await, then the thread blocks in the fsync, then answers. Requests reach
//! it through a channel and wait for their answer on a oneshot.

use std::sync::mpsc as std_mpsc;
use std::sync::Arc;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use tokio::sync::{oneshot, Mutex};

use super::pg_writer::PgWriter;
use super::work;
use super::writes;
use super::WriteSide;
use crate::domain::{MoveRefusal, NewOrder, OrderCreated, OrderStatus, StatusMove};
use crate::server::error::ApiError;
use crate::server::snapshot::{Delta, Snapshot};
use crate::server::time::{now_ms, rfc3339};

/// How long a plain token is kept to answer idempotent retries.
pub const REPLAY_WINDOW_MS: i64 = 48 * 3600 * 1000;
/// How often the writer forgets old plain tokens.
const PRUNE_EVERY: Duration = Duration::from_secs(3600);

/// An order ready to be written: parsed, priced, and with its idempotency key.
#[derive(Debug)]
pub struct Placement {
    pub order: NewOrder,
    pub key: String,
    pub fingerprint: String,
    pub weight_kg: u32,
    pub total_fen: i64,
}

impl Placement {
    /// The answer for this order once written (with `id`, `token` and `created_ms`), and what it
    /// changes in the storefront. Both stores answer through it.
    pub fn placed(&self, id: String, token: String, created_ms: i64) -> (Answer, Option<Delta>) {
        let quantity = self.order.quantity.get();
        let box_id = self.order.box_id.to_string();
        let created = OrderCreated {
            id,
            token,
            status: OrderStatus::Received,
            box_id: box_id.clone(),
            quantity,
            total_fen: self.total_fen,
            created_at: rfc3339(created_ms),
        };
        let delta = Delta::Ordered {
            box_id,
            quantity,
            weight_kg: self.weight_kg,
        };
        (Answer::Order(created, false), Some(delta))
    }
}

/// The team's rule for moving order `id`, now `from` (`OrderStatus::check_move`), in the API's
/// words. Both stores ask this before they write.
pub(super) fn check_move(id: &str, from: OrderStatus, change: &StatusMove) -> Result<(), ApiError> {
    from.check_move(change.to, change.seen)
        .map_err(|why| match why {
            MoveRefusal::Moved => ApiError::StatusConflict(format!(
                "Order {id} is already {}: someone else moved it. Look again before moving it.",
                from.as_str()
            )),
            MoveRefusal::NotAllowed => ApiError::InvalidTransition(format!(
                "Order {id} is {} and cannot move to {}.",
                from.as_str(),
                change.to.as_str()
            )),
        })
}

/// The answer to a stock change that found its box, and the storefront's change: the same for
/// both stores.
pub(super) fn stock_set(box_id: &str, stock: u32) -> (Answer, Option<Delta>) {
    (
        Answer::Done,
        Some(Delta::Stock {
            box_id: box_id.to_owned(),
            stock,
        }),
    )
}

/// What a write answers.
#[derive(Debug)]
pub enum Answer {
    /// The order placed, or (`true`) the one this key placed before.
    Order(OrderCreated, bool),
    /// The change was made.
    Done,
}

/// One write the writer can run.
pub(super) enum Work {
    Place(Placement),
    Move { id: String, change: StatusMove },
    SetStock { box_id: String, stock: u32 },
}

struct Job {
    work: Work,
    reply: oneshot::Sender<Result<Answer, ApiError>>,
}

/// The handle every request uses to write, whatever the database: routes call the same API.
pub enum Writer {
    /// The SQLite writer thread (group commit).
    Sqlite(SqliteWriter),
    /// A transaction per write on PostgreSQL, shared with other instances.
    Postgres(PgWriter),
}

/// The handle that reaches the SQLite writer thread.
pub struct SqliteWriter {
    /// Unbounded: the orders in it are bounded by the pending-orders cap (`Limits::pending`),
    /// and the team's writes are few.
    jobs: std_mpsc::Sender<Option<Job>>,
    /// Answers once the writer thread has closed the connection.
    stopped: Mutex<Option<oneshot::Receiver<()>>>,
}

impl SqliteWriter {
    /// Starts the writer thread on the write connection; it commits at most `max_batch` writes
    /// together.
    pub fn spawn(conn: Connection, snapshot: Arc<Snapshot>, max_batch: usize) -> Self {
        let (tx, rx) = std_mpsc::channel();
        let (done, stopped) = oneshot::channel();
        let thread = std::thread::Builder::new()
            .name("orchard-writer".into())
            .spawn(move || {
                run(conn, rx, &snapshot, max_batch.max(1));
                let _ = done.send(());
            });
        if let Err(e) = thread {
            // Without a writer every write answers 503 `unavailable`; reads still work.
            tracing::error!(error = %e, "the writer thread did not start");
        }
        Self {
            jobs: tx,
            stopped: Mutex::new(Some(stopped)),
        }
    }

    async fn submit(&self, work: Work) -> Result<Answer, ApiError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Some(Job { work, reply }))
            .map_err(|_| ApiError::Unavailable)?;
        answer
            .await
            .map_err(|_| ApiError::internal("the writer stopped before answering"))?
    }

    /// Finishes the writes already queued, then closes the connection.
    async fn shutdown(&self) {
        let _ = self.jobs.send(None);
        if let Some(stopped) = self.stopped.lock().await.take() {
            let _ = stopped.await;
        }
    }
}

impl Writer {
    /// Starts the writer for the database `store::open` opened (`max_batch`: SQLite only).
    pub fn spawn(side: WriteSide, snapshot: Arc<Snapshot>, max_batch: usize) -> Self {
        match side {
            WriteSide::Sqlite(conn) => Self::Sqlite(SqliteWriter::spawn(conn, snapshot, max_batch)),
            WriteSide::Postgres(pool) => Self::Postgres(PgWriter::spawn(pool, snapshot)),
        }
    }

    async fn submit(&self, work: Work) -> Result<Answer, ApiError> {
        match self {
            Self::Sqlite(w) => w.submit(work).await,
            Self::Postgres(w) => w.submit(work).await,
        }
    }

    /// Places an order: takes the stock and writes the order, or says why not. The flag is true
    /// when the key had already placed this order (a replay).
    pub async fn place(&self, p: Placement) -> Result<(OrderCreated, bool), ApiError> {
        match self.submit(Work::Place(p)).await? {
            Answer::Order(o, replayed) => Ok((o, replayed)),
            Answer::Done => Err(ApiError::internal(
                "writer answered a placement without an order",
            )),
        }
    }

    /// Moves an order if the journey allows it and nobody moved it since the helper looked.
    pub async fn move_status(&self, id: String, change: StatusMove) -> Result<(), ApiError> {
        self.submit(Work::Move { id, change }).await.map(drop)
    }

    /// Sets the boxes left of one kind.
    pub async fn set_stock(&self, box_id: String, stock: u32) -> Result<(), ApiError> {
        self.submit(Work::SetStock { box_id, stock })
            .await
            .map(drop)
    }

    /// Finishes the writes already queued (SQLite) or stops the refresher (PostgreSQL), then
    /// closes the database.
    pub async fn shutdown(&self) {
        match self {
            Self::Sqlite(w) => w.shutdown().await,
            Self::Postgres(w) => w.shutdown().await,
        }
    }
}

fn run(
    mut conn: Connection,
    rx: std_mpsc::Receiver<Option<Job>>,
    snapshot: &Snapshot,
    max_batch: usize,
) {
    let mut next_prune = Instant::now() + PRUNE_EVERY;
    let mut batch = Vec::with_capacity(max_batch);
    loop {
        let first = match rx.recv_timeout(next_prune.saturating_duration_since(Instant::now())) {
            Ok(job) => job,
            Err(std_mpsc::RecvTimeoutError::Timeout) => {
                if let Err(e) = writes::forget_replay_tokens(&conn, now_ms() - REPLAY_WINDOW_MS) {
                    tracing::warn!(error = %e, "could not forget old replay tokens");
                }
                next_prune = Instant::now() + PRUNE_EVERY;
                continue;
            }
            Err(std_mpsc::RecvTimeoutError::Disconnected) => None,
        };
        let Some(first) = first else { break };
        batch.push(first);
        let mut stop = false;
        while batch.len() < max_batch {
            match rx.try_recv() {
                Ok(Some(job)) => batch.push(job),
                Ok(None) => {
                    stop = true;
                    break;
                }
                Err(_) => break,
            }
        }
        commit_batch(&mut conn, &mut batch, snapshot);
        if stop {
            break;
        }
    }
    if let Err((_, e)) = conn.close() {
        tracing::warn!(error = %e, "closing the write connection");
    }
}

fn commit_batch(conn: &mut Connection, batch: &mut Vec<Job>, snapshot: &Snapshot) {
    let started = Instant::now();
    let mut outcomes = Vec::with_capacity(batch.len());
    let mut deltas = Vec::with_capacity(batch.len());
    let committed = (|| {
        let mut tx = conn.transaction()?;
        for job in batch.iter() {
            let outcome = match &job.work {
                Work::Place(p) => work::place(&tx, p)?,
                other => {
                    let savepoint = tx.savepoint()?;
                    let outcome = work::apply(&savepoint, other);
                    if outcome.is_ok() {
                        savepoint.commit()?;
                    }
                    // Dropped without a commit, the savepoint rolls back.
                    outcome
                }
            };
            outcomes.push(outcome.map(|(answer, delta)| {
                deltas.extend(delta);
                answer
            }));
        }
        tx.commit()
    })();
    metrics::histogram!("orchard_writer_batch_size").record(batch.len() as f64);
    metrics::histogram!("orchard_writer_commit_seconds").record(started.elapsed().as_secs_f64());
    match committed {
        Ok(()) => {
            snapshot.apply(&deltas);
            for (job, outcome) in batch.drain(..).zip(outcomes) {
                let _ = job.reply.send(outcome);
            }
        }
        Err(e) => {
            tracing::error!(error = %e, writes = batch.len(), "a batch of writes failed and was rolled back");
            for job in batch.drain(..) {
                let _ = job
                    .reply
                    .send(Err(ApiError::internal("the write was rolled back")));
            }
        }
    }
}
