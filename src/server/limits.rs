//! What keeps a crowd from hurting the shop: a per-address rate limit on order attempts, a cap
//! on orders waiting for the database (beyond it: 503 at once, not a queue that times out), and
//! the set of idempotency keys whose first request is still running.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::error::ApiError;

/// The largest burst of order attempts one address may make at once.
const MAX_BURST: u32 = 5;

/// Shared limits.
pub struct Limits {
    rate: Option<Gcra>,
    pending: Arc<Semaphore>,
    in_flight: Arc<Mutex<HashSet<String>>>,
}

/// A generic cell rate limiter per address: one attempt every `interval`, up to `burst` at once.
struct Gcra {
    interval: Duration,
    tolerance: Duration,
    next: Mutex<HashMap<IpAddr, Instant>>,
}

impl Gcra {
    fn check(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        if next.len() > 100_000 {
            next.retain(|_, t| *t > now);
        }
        let tat = next.get(&ip).copied().unwrap_or(now).max(now);
        let allowed_from = tat.checked_sub(self.tolerance).unwrap_or(now);
        if now < allowed_from {
            return Err(allowed_from - now);
        }
        next.insert(ip, tat + self.interval);
        Ok(())
    }
}

/// Held while an idempotency key's first request runs; frees the key when dropped.
pub struct KeyGuard {
    key: String,
    set: Arc<Mutex<HashSet<String>>>,
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
    /// `per_minute` = 0 turns the rate limit off.
    pub fn new(per_minute: u32, max_pending: usize) -> Self {
        let rate = (per_minute > 0).then(|| {
            let interval = Duration::from_secs(60) / per_minute;
            Gcra {
                interval,
                tolerance: interval * (per_minute.min(MAX_BURST) - 1),
                next: Mutex::default(),
            }
        });
        Self {
            rate,
            pending: Arc::new(Semaphore::new(max_pending.max(1))),
            in_flight: Arc::default(),
        }
    }

    /// Counts one order attempt from `ip`.
    pub fn rate(&self, ip: IpAddr) -> Result<(), ApiError> {
        match &self.rate {
            Some(gcra) => gcra
                .check(ip, Instant::now())
                .map_err(|wait| ApiError::RateLimited {
                    retry_after_secs: wait.as_secs() + 1,
                }),
            None => Ok(()),
        }
    }

    /// A place in the queue to the database, or 503 when it is full.
    pub fn pending(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        self.pending
            .clone()
            .try_acquire_owned()
            .map_err(|_| ApiError::Overloaded {
                retry_after_secs: 1,
            })
    }

    /// Claims a key for this request, or 409 while another request holds it.
    pub fn claim(&self, key: &str) -> Result<KeyGuard, ApiError> {
        let mut set = self.in_flight.lock().unwrap_or_else(|p| p.into_inner());
        if !set.insert(key.to_owned()) {
            return Err(ApiError::RequestInProgress);
        }
        Ok(KeyGuard {
            key: key.to_owned(),
            set: self.in_flight.clone(),
        })
    }
}
