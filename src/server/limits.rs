//! What keeps a crowd from hurting the shop: a per-address rate limit on order attempts, a cap
//! on orders waiting for the database (beyond it: 503 at once, not a queue that times out), and
//! the set of idempotency keys whose first request is still running.

use std::collections::{HashMap, HashSet};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::client_ip::client_key;
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

    /// Counts one order attempt from `ip` (in its bucket: an IPv6 client by its /64).
    pub fn rate(&self, ip: IpAddr) -> Result<(), ApiError> {
        match &self.rate {
            Some(gcra) => gcra.check(client_key(ip), Instant::now()).map_err(|wait| {
                metrics::counter!("orchard_requests_rate_limited_total").increment(1);
                ApiError::RateLimited {
                    retry_after_secs: wait.as_secs() + 1,
                }
            }),
            None => Ok(()),
        }
    }

    /// A place in the queue to the database, or 503 when it is full.
    pub fn pending(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        self.pending.clone().try_acquire_owned().map_err(|_| {
            metrics::counter!("orchard_requests_shed_total").increment(1);
            ApiError::Overloaded {
                retry_after_secs: 1,
            }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([198, 51, 100, last])
    }

    #[test]
    fn a_buyer_placing_a_few_orders_a_minute_is_never_limited() {
        let limits = Limits::new(30, 16);
        let gcra = limits.rate.as_ref().unwrap();
        let start = Instant::now();
        // A burst of five (a family's orders, a double tap), then one order every ten seconds
        // for an hour.
        for i in 0..5 {
            assert!(gcra.check(ip(1), start + Duration::from_millis(i)).is_ok());
        }
        for i in 1..=360 {
            let at = start + Duration::from_secs(10 * i);
            assert!(gcra.check(ip(1), at).is_ok(), "order {i}");
        }
    }

    #[test]
    fn a_flood_from_one_address_is_limited_with_a_wait_and_others_are_not() {
        let limits = Limits::new(30, 16);
        let gcra = limits.rate.as_ref().unwrap();
        let now = Instant::now();
        for _ in 0..5 {
            assert!(gcra.check(ip(1), now).is_ok());
        }
        let wait = gcra.check(ip(1), now).unwrap_err();
        assert!(
            wait > Duration::ZERO && wait <= Duration::from_secs(2),
            "{wait:?}"
        );
        assert!(
            gcra.check(ip(2), now).is_ok(),
            "another address has its own bucket"
        );
        assert!(
            gcra.check(ip(1), now + wait).is_ok(),
            "after the wait, one more"
        );
        assert!(matches!(
            limits.rate(ip(1)),
            Err(ApiError::RateLimited { retry_after_secs }) if retry_after_secs >= 1
        ));
    }

    #[test]
    fn addresses_in_one_ipv6_64_share_one_allowance() {
        let limits = Limits::new(30, 16);
        for last in 1..=5u16 {
            let ip = IpAddr::from([0x2001, 0xdb8, 0, 7, 0, 0, 0, last]);
            assert!(limits.rate(ip).is_ok(), "attempt {last}");
        }
        let sixth = IpAddr::from([0x2001, 0xdb8, 0, 7, 0xabcd, 0, 0, 6]);
        assert!(
            limits.rate(sixth).is_err(),
            "another address of the same /64"
        );
        let neighbour = IpAddr::from([0x2001, 0xdb8, 0, 8, 0, 0, 0, 1]);
        assert!(
            limits.rate(neighbour).is_ok(),
            "the next /64 is another client"
        );
    }

    #[test]
    fn beyond_the_pending_orders_cap_a_request_is_shed_at_once() {
        let limits = Limits::new(0, 2);
        let first = limits.pending().unwrap();
        let _second = limits.pending().unwrap();
        assert!(matches!(
            limits.pending(),
            Err(ApiError::Overloaded {
                retry_after_secs: 1
            })
        ));
        drop(first);
        assert!(limits.pending().is_ok(), "a freed place is taken again");
        assert!(
            limits.rate(ip(1)).is_ok(),
            "0 per minute turns the limit off"
        );
    }
}
