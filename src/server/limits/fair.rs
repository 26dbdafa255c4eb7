//! The line to the database, shared fairly between the market's producers.
//!
//! The **cap** (`--max-pending-orders`) is how many orders are in flight at once, in the
//! writer's queue or waiting in line for it: it bounds how long the last of them waits and what
//! they hold in memory. A producer alone (a shop of one, or one producer selling while the others
//! are quiet) has the whole cap in the writer's queue, as before the market: its orders go
//! straight in, the one beyond the cap is shed with 503.
//!
//! While two producers or more sell at once (within `CONTENDED` of each other), the writer's
//! queue shrinks to the **window** (`WINDOW`): a batch then commits at most that many orders,
//! so an order let in waits for one short commit, never behind a rush's thousands. The other
//! orders wait in line, and each place that frees goes to the waiting producer holding the
//! fewest places (oldest order first). The rule is max-min fairness, and it is
//! work-conserving: a place nobody else asks for is never kept empty.
//!
//! Once the line is full (the cap reached), it is under pressure, and each producer's fair share
//! of it is the cap divided by the producers holding or waiting (the asker counted). An order of
//! a producer that holds or waits for its share already is shed at once: 503, no database work.
//! An order of a producer below its share is never shed for the crowd: it waits in line, and
//! the line converges to fair shares without ever passing the cap by more than the shares allow.
//!
//! The wait is bounded (`WAIT`): if no place frees (the database stuck), the order is shed like
//! the others. Every count lives under one mutex, held for a few map operations: a request that
//! is shed costs no more than the semaphore it replaces. A producer with no place held or waited
//! for is forgotten, so the map holds only the producers with orders in flight.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use tokio::sync::oneshot;

use crate::server::store::ProducerId;

/// How long an order waits in line for a place before it is shed: longer than a full line takes
/// to drain (2,048 orders at PostgreSQL's ~600 a second: 3.4 s), so a line that moves is never
/// shed for its length, only a stuck database's.
pub const WAIT: Duration = Duration::from_secs(10);

/// Orders in the writer's queue at once while producers sell at once (at most the cap): the most
/// one batch then commits, so a quiet producer's order is let in within a few milliseconds of
/// another's flood (BENCHMARKS.md, "One producer's rush and another's buyers").
pub const WINDOW: usize = 8;

/// How long the window stays shrunk after two producers last had orders in flight together: a
/// producer ordering now and then (its place freed between two orders) keeps it shrunk.
pub const CONTENDED: Duration = Duration::from_secs(1);

/// The queue to the database: a total cap, shared between the producers (see the module's docs).
pub struct FairQueue {
    state: Arc<Mutex<State>>,
    wait: Duration,
}

/// An order refused a place: the queue is full and its producer holds its share.
#[derive(Debug, PartialEq, Eq)]
pub struct Shed;

/// A place in the queue, held while the order waits for the database; given back when dropped.
pub struct Place {
    state: Arc<Mutex<State>>,
    producer: ProducerId,
}

impl Drop for Place {
    fn drop(&mut self) {
        lock(&self.state).release(self.producer);
    }
}

/// The counts behind the queue.
struct State {
    /// Places in the writer's queue at once while producers sell at once.
    window: usize,
    /// Orders held and waiting, all producers together, before the line is under pressure; the
    /// writer's queue of a producer alone.
    cap: usize,
    /// Until when the writer's queue is the window rather than the cap.
    contended_until: Option<Instant>,
    /// How long the window stays after two producers last asked together (`CONTENDED`).
    contention: Duration,
    /// Places held in all; below the writer's queue only while nobody waits.
    taken: usize,
    /// Each producer holding or waiting for a place.
    producers: HashMap<ProducerId, Share>,
    /// Orders waiting, all producers together: while none waits, a release looks no further.
    waiting: usize,
    /// The next waiter's ticket: tickets order waiters across producers.
    next_ticket: u64,
}

/// One producer's places held, and its orders waiting for one, oldest first.
#[derive(Default)]
struct Share {
    held: usize,
    waiting: VecDeque<(u64, oneshot::Sender<()>)>,
}

/// What `State::ask` decided for an order.
enum Decision {
    Taken,
    Shed,
    Wait(u64, oneshot::Receiver<()>),
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|p| p.into_inner())
}

impl State {
    /// The places of the writer's queue now: the window while producers sell at once, else the
    /// cap.
    fn room(&self) -> usize {
        match self.contended_until {
            Some(until) if Instant::now() < until => self.window,
            _ => self.cap,
        }
    }

    fn ask(&mut self, producer: ProducerId) -> Decision {
        let asking = usize::from(!self.producers.contains_key(&producer));
        if self.producers.len() + asking >= 2 {
            self.contended_until = Some(Instant::now() + self.contention);
        }
        if self.taken < self.room() {
            self.taken += 1;
            self.producers.entry(producer).or_default().held += 1;
            return Decision::Taken;
        }
        let fair = self.cap.div_ceil(self.producers.len() + asking);
        let full = self.taken + self.waiting >= self.cap;
        let share = self.producers.entry(producer).or_default();
        if full && share.held + share.waiting.len() >= fair {
            self.forget_if_idle(producer);
            return Decision::Shed;
        }
        let (grant, granted) = oneshot::channel();
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        share.waiting.push_back((ticket, grant));
        self.waiting += 1;
        Decision::Wait(ticket, granted)
    }

    /// Gives a place back, then lets waiting orders into the writer's queue while it has room.
    fn release(&mut self, producer: ProducerId) {
        if let Some(share) = self.producers.get_mut(&producer) {
            share.held -= 1;
        }
        self.forget_if_idle(producer);
        self.taken -= 1;
        self.admit();
    }

    /// Gives each free place of the writer's queue to the waiting producer that holds the fewest
    /// (oldest ticket first). A queue over its room (just shrunk to the window) gives none until
    /// its places drain below it.
    fn admit(&mut self) {
        while self.waiting > 0 && self.taken < self.room() {
            let (_, _, to) = self
                .producers
                .iter()
                .filter_map(|(id, s)| Some((s.held, s.waiting.front()?.0, *id)))
                .min()
                .expect("a producer waits");
            let share = self.producers.get_mut(&to).expect("a waiting producer");
            let (_, grant) = share.waiting.pop_front().expect("a waiter");
            share.held += 1;
            self.waiting -= 1;
            self.taken += 1;
            // The waiter's receiver lives until it has left the line (`Waiting`), under this
            // lock: a waiter still in the line hears its grant.
            let _ = grant.send(());
        }
    }

    /// Takes waiter `ticket` out of the line: false if it was no longer in it (its place was
    /// granted).
    fn leave(&mut self, producer: ProducerId, ticket: u64) -> bool {
        let Some(share) = self.producers.get_mut(&producer) else {
            return false;
        };
        let Some(at) = share.waiting.iter().position(|(t, _)| *t == ticket) else {
            return false;
        };
        share.waiting.remove(at);
        self.waiting -= 1;
        self.forget_if_idle(producer);
        self.admit();
        true
    }

    fn forget_if_idle(&mut self, producer: ProducerId) {
        if let Some(share) = self.producers.get(&producer) {
            if share.held == 0 && share.waiting.is_empty() {
                self.producers.remove(&producer);
            }
        }
    }
}

/// An order in the line for a place; leaves it when dropped (a client gone), giving back a place
/// granted meanwhile. It owns the grant's receiver, so the receiver outlives the order's place in
/// the line.
struct Waiting {
    state: Arc<Mutex<State>>,
    producer: ProducerId,
    ticket: u64,
    granted: oneshot::Receiver<()>,
    settled: bool,
}

impl Waiting {
    /// Leaves the line; true if the place was granted before it could.
    fn settle(&mut self) -> bool {
        self.settled = true;
        !lock(&self.state).leave(self.producer, self.ticket)
    }
}

impl Drop for Waiting {
    fn drop(&mut self) {
        if !self.settled && self.settle() {
            lock(&self.state).release(self.producer);
        }
    }
}

impl FairQueue {
    /// A line of `cap` orders (at least 1), all of them in the writer's queue while one producer
    /// sells, `window` (at most `cap`) while several do; an order waits `wait` at most for a
    /// place.
    pub fn new(window: usize, cap: usize, wait: Duration) -> Self {
        let cap = cap.max(1);
        let state = State {
            window: window.clamp(1, cap),
            cap,
            contended_until: None,
            contention: CONTENDED,
            taken: 0,
            producers: HashMap::new(),
            waiting: 0,
            next_ticket: 0,
        };
        Self {
            state: Arc::new(Mutex::new(state)),
            wait,
        }
    }

    /// The same queue whose window lasts `contention` after two producers last asked together
    /// (the tests' short one; `CONTENDED` otherwise).
    #[cfg(test)]
    pub fn with_contention(self, contention: Duration) -> Self {
        lock(&self.state).contention = contention;
        self
    }

    /// A place for one of `producer`'s orders: at once while the writer's queue has room; else
    /// a place in line for the next that frees, or shed at once if the line is full and the
    /// producer holds its share of it.
    pub async fn take(&self, producer: ProducerId) -> Result<Place, Shed> {
        let decision = lock(&self.state).ask(producer);
        let granted = match decision {
            Decision::Taken => return Ok(self.place(producer)),
            Decision::Shed => return Err(Shed),
            Decision::Wait(ticket, granted) => {
                let mut waiting = Waiting {
                    state: self.state.clone(),
                    producer,
                    ticket,
                    granted,
                    settled: false,
                };
                let _ = tokio::time::timeout(self.wait, &mut waiting.granted).await;
                waiting.settle()
            }
        };
        if granted {
            Ok(self.place(producer))
        } else {
            Err(Shed)
        }
    }

    fn place(&self, producer: ProducerId) -> Place {
        Place {
            state: self.state.clone(),
            producer,
        }
    }
}

#[cfg(test)]
#[path = "fair_tests.rs"]
mod tests;
