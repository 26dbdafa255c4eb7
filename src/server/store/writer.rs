//! The single writer: one task owns the SQLite write connection, takes the writes that are
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

use std::sync::Arc;
use std::time::{Duration, Instant};

use sqlx::{Connection, SqliteConnection};
use tokio::sync::{mpsc, oneshot, Mutex};
use tokio::task::JoinHandle;

use super::sqlite::{self, OrderInsert};
use crate::domain::{NewOrder, OrderCreated, OrderStatus};
use crate::server::error::ApiError;
use crate::server::snapshot::{Delta, Snapshot};
use crate::server::time::{now_ms, rfc3339};
use crate::server::tokens;

/// How long a plain token is kept to answer idempotent retries.
pub const REPLAY_WINDOW_MS: i64 = 48 * 3600 * 1000;

/// An order ready to be written: parsed, priced, and with its idempotency key.
#[derive(Debug)]
pub struct Placement {
    pub order: NewOrder,
    pub key: String,
    pub fingerprint: String,
    pub weight_kg: u32,
    pub total_fen: i64,
}

/// What a write answers.
#[derive(Debug)]
pub enum Answer {
    /// The order placed, or (`true`) the one this key placed before.
    Order(OrderCreated, bool),
    /// The change was made.
    Done,
}

enum Work {
    Place(Placement),
    Move { id: String, to: OrderStatus },
    SetStock { box_id: String, stock: u32 },
}

struct Job {
    work: Work,
    reply: oneshot::Sender<Result<Answer, ApiError>>,
}

/// The handle every request uses to reach the writer task.
pub struct Writer {
    jobs: mpsc::Sender<Option<Job>>,
    task: Mutex<Option<JoinHandle<()>>>,
}

impl Writer {
    /// Starts the writer task on the write connection; it commits at most `max_batch` writes
    /// together.
    pub fn spawn(
        conn: SqliteConnection,
        snapshot: Arc<Snapshot>,
        queue: usize,
        max_batch: usize,
    ) -> Self {
        let (tx, rx) = mpsc::channel(queue.max(1));
        let task = tokio::spawn(run(conn, rx, snapshot, max_batch.max(1)));
        Self {
            jobs: tx,
            task: Mutex::new(Some(task)),
        }
    }

    async fn submit(&self, work: Work) -> Result<Answer, ApiError> {
        let (reply, answer) = oneshot::channel();
        self.jobs
            .send(Some(Job { work, reply }))
            .await
            .map_err(|_| ApiError::Unavailable)?;
        answer
            .await
            .map_err(|_| ApiError::internal("the writer stopped before answering"))?
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

    /// Moves an order to `to` if the journey allows it.
    pub async fn move_status(&self, id: String, to: OrderStatus) -> Result<(), ApiError> {
        self.submit(Work::Move { id, to }).await.map(drop)
    }

    /// Sets the boxes left of one kind.
    pub async fn set_stock(&self, box_id: String, stock: u32) -> Result<(), ApiError> {
        self.submit(Work::SetStock { box_id, stock })
            .await
            .map(drop)
    }

    /// Finishes the writes already queued, then closes the connection.
    pub async fn shutdown(&self) {
        let _ = self.jobs.send(None).await;
        if let Some(task) = self.task.lock().await.take() {
            let _ = task.await;
        }
    }
}

async fn run(
    mut conn: SqliteConnection,
    mut rx: mpsc::Receiver<Option<Job>>,
    snapshot: Arc<Snapshot>,
    max_batch: usize,
) {
    let mut prune = tokio::time::interval(Duration::from_secs(3600));
    let mut batch = Vec::with_capacity(max_batch);
    loop {
        let first = tokio::select! {
            job = rx.recv() => job.flatten(),
            _ = prune.tick() => {
                if let Err(e) = sqlite::forget_replay_tokens(&mut conn, now_ms() - REPLAY_WINDOW_MS).await {
                    tracing::warn!(error = %e, "could not forget old replay tokens");
                }
                continue;
            }
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
        commit_batch(&mut conn, &mut batch, &snapshot).await;
        if stop {
            break;
        }
    }
    if let Err(e) = conn.close().await {
        tracing::warn!(error = %e, "closing the write connection");
    }
}

async fn commit_batch(conn: &mut SqliteConnection, batch: &mut Vec<Job>, snapshot: &Snapshot) {
    let started = Instant::now();
    let mut outcomes = Vec::with_capacity(batch.len());
    let mut deltas = Vec::with_capacity(batch.len());
    let committed = async {
        let mut tx = conn.begin().await?;
        for job in batch.iter() {
            let outcome = match &job.work {
                Work::Place(p) => place(&mut tx, p).await?,
                other => {
                    let mut savepoint = tx.begin().await?;
                    let outcome = apply(&mut savepoint, other).await;
                    if outcome.is_ok() {
                        savepoint.commit().await?;
                    } else {
                        savepoint.rollback().await?;
                    }
                    outcome
                }
            };
            outcomes.push(outcome.map(|(answer, delta)| {
                deltas.extend(delta);
                answer
            }));
        }
        tx.commit().await
    }
    .await;
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

fn db(e: sqlx::Error) -> ApiError {
    ApiError::internal(e)
}

async fn apply(
    conn: &mut SqliteConnection,
    work: &Work,
) -> Result<(Answer, Option<Delta>), ApiError> {
    match work {
        Work::Place(p) => place(conn, p).await.map_err(db)?,
        Work::Move { id, to } => {
            let state = sqlite::order_state(conn, id)
                .await
                .map_err(db)?
                .ok_or(ApiError::NotFound)?;
            let from = OrderStatus::parse(&state.status)
                .ok_or_else(|| ApiError::internal("unknown status in the database"))?;
            if !from.can_move_to(*to) {
                return Err(ApiError::InvalidTransition(format!(
                    "Order {id} is {} and cannot move to {}.",
                    from.as_str(),
                    to.as_str()
                )));
            }
            if !sqlite::move_status(conn, state.seq, from.as_str(), to.as_str(), now_ms())
                .await
                .map_err(db)?
            {
                return Err(ApiError::internal("the order changed under the writer"));
            }
            let delta = if to.returns_stock() {
                sqlite::return_stock(conn, &state.box_id, state.quantity)
                    .await
                    .map_err(db)?;
                Some(Delta::Cancelled {
                    box_id: state.box_id,
                    quantity: state.quantity,
                    weight_kg: state.weight_kg,
                })
            } else {
                None
            };
            Ok((Answer::Done, delta))
        }
        Work::SetStock { box_id, stock } => {
            if !sqlite::set_stock(conn, box_id, *stock).await.map_err(db)? {
                return Err(ApiError::NotFound);
            }
            Ok((
                Answer::Done,
                Some(Delta::Stock {
                    box_id: box_id.clone(),
                    stock: *stock,
                }),
            ))
        }
    }
}

/// A placement's outcome: the outer error is the database failing (the batch is lost), the inner
/// one a refusal (nothing was written).
type Placed = Result<Result<(Answer, Option<Delta>), ApiError>, sqlx::Error>;

async fn place(conn: &mut SqliteConnection, p: &Placement) -> Placed {
    if let Some(earlier) = sqlite::find_key(&mut *conn, &p.key).await? {
        return Ok(earlier
            .replay(&p.fingerprint)
            .map(|o| (Answer::Order(o, true), None)));
    }
    let o = &p.order;
    let quantity = o.quantity.get();
    if !sqlite::take_stock(conn, o.box_id.as_str(), quantity).await? {
        return Ok(Err(match sqlite::stock(conn, o.box_id.as_str()).await? {
            Some(0) | None => ApiError::SoldOut,
            Some(available) => ApiError::InsufficientStock { available },
        }));
    }
    let id = tokens::new_order_id();
    let token = tokens::new_token();
    let created_ms = now_ms();
    let insert = OrderInsert {
        id: &id,
        token_hash: &tokens::hash(&token),
        key: &p.key,
        fingerprint: &p.fingerprint,
        token: &token,
        box_id: o.box_id.as_str(),
        weight_kg: p.weight_kg,
        quantity,
        total_fen: p.total_fen,
        name: o.name.as_str(),
        phone: o.phone.as_str(),
        address: o.address.as_str(),
        note: o.note.as_ref().map(|n| n.as_str()),
        ref_tag: o.ref_tag.as_ref().map(|r| r.as_str()),
        created_ms,
    };
    sqlite::insert_order(conn, &insert).await?;
    let created = OrderCreated {
        id,
        token,
        status: OrderStatus::Received,
        box_id: o.box_id.to_string(),
        quantity,
        total_fen: p.total_fen,
        created_at: rfc3339(created_ms),
    };
    let delta = Delta::Ordered {
        box_id: o.box_id.to_string(),
        quantity,
        weight_kg: p.weight_kg,
    };
    Ok(Ok((Answer::Order(created, false), Some(delta))))
}
