//! What keeps a crowd from hurting the shop: a per-client rate limit on order attempts (an IPv4
//! address, an IPv6 /64), one on wrong admin tokens, a cap on orders waiting for the database
//! (beyond it: 503 at once, not a queue that times out), shared fairly between the market's
//! producers (`fair`: one producer's rush never takes the places another's buyers need), and the
//! set of idempotency keys whose first request is still running, each scoped to its producer.
//! Every check here is memory only: a refusal costs no database work.
//!
//! The order limit's default, 120 attempts a minute in bursts of 20, is sized for carrier-grade
//! NAT: Chinese mobile carriers put hundreds of phones behind one public IPv4 address, and when a
//! link spreads through one city's group chats, a few dozen of them may order in the same minute.
//! A burst of 20 lets twenty of them tap "Order" in the same second, and 2 a second after that
//! keeps a queue of them flowing; one client alone still cannot make more than 120 writes a
//! minute. An IPv6 /64 is one subscriber, so the same numbers are generous there.

mod fair;
mod gcra;

use std::collections::HashSet;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::error::ApiError;
use super::store::ProducerId;
pub use fair::Place;
use fair::{FairQueue, Shed};
use gcra::Gcra;

/// The largest burst of order attempts one client may make at once.
const MAX_BURST: u32 = 20;
/// The smallest burst, when the rate allows it (a double tap, a family's few orders).
const MIN_BURST: u32 = 5;
/// The team's reads running at once (a page of the list, a page of rows of a CSV or labels
/// download): the others wait their turn, so the team never holds more than one of the read
/// connections buyers' lookups need. A turn lasts one page's read, never a response's sending,
/// so a download whose reader stalls keeps no one waiting.
const ADMIN_READS_AT_ONCE: usize = 1;
/// Wrong admin tokens one client may send in a burst, then one every 6 s.
pub(super) const ADMIN_FAILURES_PER_MINUTE: u32 = 10;

/// Shared limits.
pub struct Limits {
    rate: Option<Gcra>,
    admin_failures: Gcra,
    admin_reads: Arc<Semaphore>,
    pending: FairQueue,
    in_flight: Arc<Mutex<HashSet<(ProducerId, String)>>>,
}

fn rate_limited(wait: Duration) -> ApiError {
    metrics::counter!("orchard_requests_rate_limited_total").increment(1);
    ApiError::RateLimited {
        retry_after_secs: wait.as_secs() + 1,
    }
}

/// Held while an idempotency key's first request runs; frees the key when dropped.
pub struct KeyGuard {
    key: (ProducerId, String),
    set: Arc<Mutex<HashSet<(ProducerId, String)>>>,
}

impl Drop for KeyGuard {
    fn drop(&mut self) {
        self.set
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .remove(&self.key);
    }
}

impl Limits {
    /// `per_minute` = 0 turns the order rate limit off (never the one on wrong admin tokens).
    /// The burst is a tenth of a minute's allowance, from 5 to 20 (never more than the minute's).
    pub fn new(per_minute: u32, max_pending: usize) -> Self {
        let rate = (per_minute > 0).then(|| {
            let burst = per_minute.min((per_minute / 6).clamp(MIN_BURST, MAX_BURST));
            Gcra::new(per_minute, burst)
        });
        Self {
            rate,
            admin_failures: Gcra::new(ADMIN_FAILURES_PER_MINUTE, ADMIN_FAILURES_PER_MINUTE),
            admin_reads: Arc::new(Semaphore::new(ADMIN_READS_AT_ONCE)),
            pending: FairQueue::new(fair::WINDOW, max_pending, fair::WAIT),
            in_flight: Arc::default(),
        }
    }

    /// `per_minute` wrong admin tokens a client may send (in one burst), instead of 10.
    pub fn with_admin_failures(mut self, per_minute: u32) -> Self {
        self.admin_failures = Gcra::new(per_minute, per_minute);
        self
    }

    /// Counts one order attempt from `ip`.
    pub fn rate(&self, ip: IpAddr) -> Result<(), ApiError> {
        match &self.rate {
            Some(gcra) => gcra.check(ip, Instant::now()).map_err(rate_limited),
            None => Ok(()),
        }
    }

    /// Refuses (429) a client that has sent too many wrong admin tokens lately, before its
    /// token is even compared.
    pub fn admin_allowed(&self, ip: IpAddr) -> Result<(), ApiError> {
        self.admin_failures
            .peek(ip, Instant::now())
            .map_err(rate_limited)
    }

    /// Counts one wrong admin token from `ip`: 401, or 429 once the client is over its allowance.
    pub fn admin_failed(&self, ip: IpAddr) -> ApiError {
        match self.admin_failures.check(ip, Instant::now()) {
            Ok(()) => ApiError::Unauthorized,
            Err(wait) => rate_limited(wait),
        }
    }

    /// A turn for one of the team's page reads; waits while another runs. Give it back once the
    /// rows are read, before they are sent.
    pub async fn admin_read(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        self.admin_reads
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::Unavailable)
    }

    /// A place in the queue to the database for one of `producer`'s orders, or 503 when the
    /// queue is full and the producer holds its share of it (`fair`).
    pub async fn pending(&self, producer: ProducerId) -> Result<Place, ApiError> {
        self.pending.take(producer).await.map_err(|Shed| {
            metrics::counter!("orchard_requests_shed_total").increment(1);
            ApiError::Overloaded {
                retry_after_secs: 1,
            }
        })
    }

    /// Claims `producer`'s idempotency key for this request, or 409 while another request
    /// holds it. A key is scoped to its producer: the same key at two producers is two requests.
    pub fn claim(&self, producer: ProducerId, key: &str) -> Result<KeyGuard, ApiError> {
        let key = (producer, key.to_owned());
        let mut set = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        if !set.insert(key.clone()) {
            return Err(ApiError::RequestInProgress);
        }
        Ok(KeyGuard {
            key,
            set: self.in_flight.clone(),
        })
    }
}

#[cfg(test)]
mod tests;
