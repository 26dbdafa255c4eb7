//! The SQLite writer: one thread owns the write connection, takes the writes waiting at that
//! moment (up to `--max-batch`), runs them in ONE transaction, commits once, and only then
//! answers every waiter and updates the storefront snapshot. Many orders share one fsync (group
//! commit) and no two writers ever fight over the database lock.
//!
//! An order needs no savepoint of its own: every way it can be refused (a replayed key, too few
//! boxes) is found before it writes anything, and its first write is the conditional stock
//! decrement, so a refused order leaves nothing to undo. A database error in the middle of an
//! order (disk full, I/O) fails the whole batch instead: the transaction is rolled back and
//! every answer in it is dropped unsent, which each waiter reads as a 500, so no stock is ever
//! taken without its order. The team's rarer writes (status moves, stock) keep a savepoint each.
//!
//! The thread has a plain synchronous connection: a batch runs without a single await, then the
//! thread blocks in the fsync, then answers. Requests reach it through a channel and wait for
//! their answer on a oneshot (the `Reply` in each `Work`).

use std::sync::mpsc;
use std::sync::Arc;
use std::time::Instant;

use rusqlite::{Connection, Transaction};
use tokio::sync::{oneshot, Mutex};

use super::super::model::{
    Outcome, Placed, ProducerId, Reply, StoreError, PRUNE_EVERY, REPLAY_WINDOW_MS,
};
use super::super::payments::PaymentDone;
use super::super::producers::{Registered, Snapshots};
use super::super::work::Work;
use super::{apply, claims, content, pay};
use crate::domain::{BulkMoveResult, ClaimCreated, ShortfallResult, TrackingUploadResult};
use crate::server::snapshot::Delta;
use crate::server::time::now_ms;

/// The handle that reaches the writer thread.
pub struct Writer {
    /// Unbounded: the orders in it are bounded by the pending-orders cap (`Limits::pending`),
    /// and the team's writes are few. `None` asks the thread to finish and stop.
    jobs: mpsc::Sender<Option<Work>>,
    /// Answers once the thread has closed the connection.
    stopped: Mutex<Option<oneshot::Receiver<()>>>,
    /// Every producer's storefront numbers, which the thread changes after each commit.
    snapshots: Arc<Snapshots>,
}

impl Writer {
    /// Starts the writer thread on the write connection; it commits at most `max_batch` writes
    /// together, then applies what they changed to their producers' `snapshots`.
    pub fn spawn(conn: Connection, snapshots: Arc<Snapshots>, max_batch: usize) -> Self {
        let (jobs, queue) = mpsc::channel();
        let (done, stopped) = oneshot::channel();
        let numbers = snapshots.clone();
        let thread = std::thread::Builder::new()
            .name("orchard-writer".into())
            .spawn(move || {
                run(conn, queue, &numbers, max_batch.max(1));
                let _ = done.send(());
            });
        if let Err(e) = thread {
            // Without a writer every write answers 503 `unavailable`; reads still work.
            tracing::error!(error = %e, "the writer thread did not start");
        }
        Self {
            jobs,
            stopped: Mutex::new(Some(stopped)),
            snapshots,
        }
    }

    /// Every producer's storefront numbers.
    pub fn snapshots(&self) -> &Snapshots {
        &self.snapshots
    }

    /// Queues one write; its answer comes on its `Reply` after the commit.
    pub async fn submit(&self, work: Work) -> Result<(), StoreError> {
        self.jobs
            .send(Some(work))
            .map_err(|_| StoreError::Unavailable)
    }

    /// Finishes the writes already queued, then closes the connection.
    pub async fn shutdown(&self) {
        let _ = self.jobs.send(None);
        if let Some(stopped) = self.stopped.lock().await.take() {
            let _ = stopped.await;
        }
    }
}

fn run(
    mut conn: Connection,
    queue: mpsc::Receiver<Option<Work>>,
    snapshots: &Snapshots,
    max_batch: usize,
) {
    let mut next_prune = Instant::now() + PRUNE_EVERY;
    let mut batch = Vec::with_capacity(max_batch);
    loop {
        let first = match queue.recv_timeout(next_prune.saturating_duration_since(Instant::now())) {
            Ok(work) => work,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if let Err(e) = apply::forget_replay_salts(&conn, now_ms() - REPLAY_WINDOW_MS) {
                    tracing::warn!(error = %e, "could not forget old replay salts");
                }
                next_prune = Instant::now() + PRUNE_EVERY;
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => None,
        };
        let Some(first) = first else { break };
        batch.push(first);
        let mut stop = false;
        while batch.len() < max_batch {
            match queue.try_recv() {
                Ok(Some(work)) => batch.push(work),
                Ok(None) => {
                    stop = true;
                    break;
                }
                Err(_) => break,
            }
        }
        commit_batch(&mut conn, &mut batch, snapshots);
        if stop {
            break;
        }
    }
    if let Err((_, e)) = conn.close() {
        tracing::warn!(error = %e, "closing the write connection");
    }
}

/// A write's answer, kept until its batch commits.
enum Answer {
    Placed(Reply<Placed>, Result<Placed, StoreError>),
    Done(Reply<()>, Result<(), StoreError>),
    Bulk(Reply<BulkMoveResult>, Result<BulkMoveResult, StoreError>),
    Shipped(
        Reply<TrackingUploadResult>,
        Result<TrackingUploadResult, StoreError>,
    ),
    Cut(Reply<ShortfallResult>, Result<ShortfallResult, StoreError>),
    Claimed(Reply<ClaimCreated>, Result<ClaimCreated, StoreError>),
    Registered(Reply<Registered>, Result<Registered, StoreError>),
    Paid(Reply<PaymentDone>, Result<PaymentDone, StoreError>),
}

impl Answer {
    fn send(self) {
        // A waiter that gave up (its client left) needs no answer: send errors are ignored.
        match self {
            Self::Placed(reply, answer) => drop(reply.send(answer)),
            Self::Done(reply, answer) => drop(reply.send(answer)),
            Self::Bulk(reply, answer) => drop(reply.send(answer)),
            Self::Shipped(reply, answer) => drop(reply.send(answer)),
            Self::Cut(reply, answer) => drop(reply.send(answer)),
            Self::Claimed(reply, answer) => drop(reply.send(answer)),
            Self::Registered(reply, answer) => drop(reply.send(answer)),
            Self::Paid(reply, answer) => drop(reply.send(answer)),
        }
    }
}

fn commit_batch(conn: &mut Connection, batch: &mut Vec<Work>, snapshots: &Snapshots) {
    let started = Instant::now();
    let size = batch.len();
    let mut answers = Vec::with_capacity(size);
    let mut deltas = Vec::with_capacity(size);
    let committed = (|| {
        let mut tx = conn.transaction()?;
        for work in batch.drain(..) {
            answers.push(write(&mut tx, work, &mut deltas)?);
        }
        tx.commit()
    })();
    metrics::histogram!("orchard_writer_batch_size").record(size as f64);
    metrics::histogram!("orchard_writer_commit_seconds").record(started.elapsed().as_secs_f64());
    match committed {
        Ok(()) => {
            snapshots.apply(&deltas);
            answers.into_iter().for_each(Answer::send);
        }
        // The answers (and the writes not reached) are dropped unsent: every waiter of the
        // batch learns that its write was not committed.
        Err(e) => {
            tracing::error!(error = %e, writes = size, "a batch of writes failed and was rolled back")
        }
    }
}

/// What a batch changed in the storefronts, each change with its producer.
type Changes = Vec<(ProducerId, Delta)>;

/// Runs one write in the batch's transaction and keeps what it changed for its producer's
/// snapshot.
fn write(tx: &mut Transaction, work: Work, deltas: &mut Changes) -> rusqlite::Result<Answer> {
    /// Runs job `$j` with `$write` in a savepoint of its own, answered as `$answer`.
    macro_rules! team {
        ($answer:ident, $j:ident, $write:path) => {
            Answer::$answer($j.reply, team(tx, $j.producer, &$j.ask, $write, deltas)?)
        };
    }
    Ok(match work {
        Work::Place(j) => {
            let placed = apply::place(tx, j.producer, &j.ask)?;
            Answer::Placed(j.reply, keep(placed, j.producer, deltas))
        }
        Work::Move(j) => team!(Done, j, apply::move_status),
        Work::BulkMove(j) => team!(Bulk, j, apply::bulk_move),
        Work::Ship(j) => team!(Shipped, j, apply::ship),
        Work::Shortfall(j) => team!(Cut, j, apply::shortfall),
        Work::SetStock(j) => team!(Done, j, apply::set_stock),
        Work::FileClaim(j) => team!(Claimed, j, claims::file),
        Work::ResolveClaim(j) => team!(Done, j, claims::resolve),
        Work::CreateProducer(j) => team!(Registered, j, apply::create_producer),
        Work::EditContent(j) => team!(Done, j, content::edit),
        Work::StorePicture(j) => team!(Done, j, content::picture),
        Work::Pay(j) => team!(Paid, j, pay::pay),
    })
}

/// A team's write (or a claim), for producer `p`, run in a savepoint of its own; its answer,
/// what it changed joining the batch's changes.
fn team<R, T>(
    tx: &mut Transaction,
    p: ProducerId,
    ask: &R,
    write: impl FnOnce(&Connection, ProducerId, &R) -> rusqlite::Result<Outcome<T>>,
    deltas: &mut Changes,
) -> rusqlite::Result<Result<T, StoreError>> {
    Ok(keep(in_savepoint(tx, |c| write(c, p, ask))?, p, deltas))
}

/// A write's answer; what it changed (in producer `p`'s storefront) joins the batch's changes.
fn keep<T>(outcome: Outcome<T>, p: ProducerId, deltas: &mut Changes) -> Result<T, StoreError> {
    outcome.map(|(answer, delta)| {
        deltas.extend(delta.into_iter().map(|d| (p, d)));
        answer
    })
}

/// Runs a team's write in a savepoint, released only if the write succeeded.
fn in_savepoint<T>(
    tx: &mut Transaction,
    write: impl FnOnce(&Connection) -> rusqlite::Result<Outcome<T>>,
) -> rusqlite::Result<Outcome<T>> {
    let savepoint = tx.savepoint()?;
    let outcome = write(&savepoint)?;
    if outcome.is_ok() {
        savepoint.commit()?;
    }
    // Dropped without a commit, the savepoint rolls back.
    Ok(outcome)
}
