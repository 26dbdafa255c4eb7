//! The queue to the database, shared fairly between the market's producers.
//!
//! The queue keeps one total cap (`--max-pending-orders`): the orders waiting for the writer at
//! once, which bounds how long the last of them waits and what they hold in memory. Within it,
//! the rule is max-min fairness, and it is work-conserving:
//!
//! - While the queue has a free place, any producer's order takes it. A producer alone (the
//!   others quiet) may use the whole queue: a place nobody else asks for is never kept empty.
//! - Once the queue is full, it is under pressure, and each producer's fair share of it is the
//!   cap divided by the producers holding or waiting for a place (the asker counted). An order of
//!   a producer that holds (or waits for) its share already is shed at once: 503, no database
//!   work, as before. An order of a producer below its share is never shed for the crowd: it
//!   waits for the next place that frees, and that place is handed to it directly (to the
//!   waiting producer that holds the fewest, oldest first), so the flooding producer's next
//!   request cannot take it first.
//!
//! Why a short wait rather than a reserve of empty places: a reserve would either be left empty
//! while one producer is alone (not work-conserving) or be taken by it (no reserve). Under a
//! flood, every place is an order in the writer's queue, so the next place frees at the next
//! commit: a quiet producer's buyer waits one commit (about a millisecond on SQLite) and is then
//! behind at most the places the others hold, never behind the whole flood's retries. From then
//! on the flooding producer gives places back as its orders commit and cannot take them back
//! while the quiet one is below its share, so the queue converges to fair shares without ever
//! exceeding its cap. The wait is bounded (`WAIT`): if no place frees (the database stuck), the
//! order is shed like the others.
//!
//! Every count lives under one mutex, held for a few map operations: a request that is shed
//! costs no more than the semaphore it replaces. A producer with no place held or waited for is
//! forgotten, so the map holds only the producers with orders in flight.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::sync::oneshot;

use crate::server::store::ProducerId;

/// How long an order below its producer's share waits for a place before it is shed: far more
/// than a commit takes, and the `Retry-After` a shed order is told.
pub const WAIT: Duration = Duration::from_secs(1);

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
    cap: usize,
    /// Places held in all; below `cap` only while nobody waits.
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
    fn ask(&mut self, producer: ProducerId) -> Decision {
        if self.taken < self.cap {
            self.taken += 1;
            self.producers.entry(producer).or_default().held += 1;
            return Decision::Taken;
        }
        let asking = usize::from(!self.producers.contains_key(&producer));
        let fair = self.cap.div_ceil(self.producers.len() + asking);
        let share = self.producers.entry(producer).or_default();
        if share.held + share.waiting.len() >= fair {
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

    /// Gives a place back: to the waiting producer that holds the fewest (oldest ticket first),
    /// or to the queue when nobody waits.
    fn release(&mut self, producer: ProducerId) {
        if let Some(share) = self.producers.get_mut(&producer) {
            share.held -= 1;
        }
        self.forget_if_idle(producer);
        if self.waiting == 0 {
            self.taken -= 1;
            return;
        }
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
        // The waiter's receiver lives until it has left the line (`Waiting`), under this lock:
        // a waiter still in the line hears its grant.
        let _ = grant.send(());
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
    /// A queue of `cap` places (at least 1); an order below its producer's share waits `wait` at
    /// most for one.
    pub fn new(cap: usize, wait: Duration) -> Self {
        let state = State {
            cap: cap.max(1),
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

    /// A place for one of `producer`'s orders: at once while the queue has room; when it is
    /// full, shed at once if the producer holds its share, else the next place that frees.
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
