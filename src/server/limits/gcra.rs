//! The generic cell rate algorithm behind each per-client limit: one attempt every `interval`,
//! up to `burst` at once, per `limit_key`. A client's whole state is the time its next attempt
//! is due, and a client whose time has passed is no different from one never seen, so the table
//! drops those: at the latest a minute later (while attempts come), and sooner each time a crowd
//! of new clients doubles it. Without that, every address and IPv6 /64 the shop ever saw would
//! stay in memory, and a crowd larger than a fixed size would be scanned at every attempt.

use std::collections::hash_map::{Entry, HashMap};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::server::client_ip::limit_key;

/// The clients a table keeps before its first sweep by size; after a sweep, the next comes when
/// the table has doubled (and holds at least this many), so sweeping costs each attempt a
/// constant share however large the crowd.
const SWEEP_AT_LEAST: usize = 100_000;
/// The longest a table goes without a sweep while attempts come, whatever its size.
const SWEEP_EVERY: Duration = Duration::from_secs(60);

/// Nanoseconds since a table was made: a due time in 8 bytes (an `Instant` takes 16), which
/// makes a client's entry 32 bytes. 584 years fit.
type Nanos = u64;

/// A generic cell rate limiter per client (`limit_key`): one attempt every `interval`, up to
/// `burst` at once.
pub(super) struct Gcra {
    interval: Nanos,
    tolerance: Nanos,
    table: Mutex<Table>,
}

/// When each client's next attempt is due, and when to sweep out those whose time has passed.
struct Table {
    start: Instant,
    next: HashMap<IpAddr, Nanos>,
    sweep_at: usize,
    swept: Nanos,
}

impl Table {
    fn nanos(&self, at: Instant) -> Nanos {
        at.saturating_duration_since(self.start).as_nanos() as Nanos
    }

    /// Drops the clients whose time has passed once the table has grown past `sweep_at` or a
    /// minute has gone by since the last sweep. A sweep by size keeps the room for the crowd that
    /// filled it; the minute's sweep gives back the memory the departed clients held.
    fn sweep_if_due(&mut self, now: Nanos) {
        let a_minute_on = now >= self.swept + SWEEP_EVERY.as_nanos() as Nanos;
        if self.next.len() <= self.sweep_at && !a_minute_on {
            return;
        }
        self.next.retain(|_, due| *due > now);
        if a_minute_on {
            self.next.shrink_to(2 * self.next.len());
        }
        self.sweep_at = SWEEP_AT_LEAST.max(2 * self.next.len());
        self.swept = now;
    }
}

impl Gcra {
    /// `per_minute` attempts a minute (at least 1), `burst` at once.
    pub(super) fn new(per_minute: u32, burst: u32) -> Self {
        let interval = (Duration::from_secs(60) / per_minute.max(1)).as_nanos() as Nanos;
        Self {
            interval,
            tolerance: interval * Nanos::from(burst.max(1) - 1),
            table: Mutex::new(Table {
                start: Instant::now(),
                next: HashMap::new(),
                sweep_at: SWEEP_AT_LEAST,
                swept: 0,
            }),
        }
    }

    /// Counts one attempt, or says how long to wait.
    pub(super) fn check(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        self.judge(ip, now, true)
    }

    /// Whether an attempt now would be allowed, without counting it.
    pub(super) fn peek(&self, ip: IpAddr, now: Instant) -> Result<(), Duration> {
        self.judge(ip, now, false)
    }

    /// One lookup of the client's due time (its "theoretical arrival time"): an attempt is
    /// allowed from `tolerance` before it, and moves it `interval` on.
    fn judge(&self, ip: IpAddr, now: Instant, count: bool) -> Result<(), Duration> {
        let key = limit_key(ip);
        let mut table = self.table.lock().unwrap_or_else(|p| p.into_inner());
        let now = table.nanos(now);
        table.sweep_if_due(now);
        let entry = table.next.entry(key);
        let tat = match &entry {
            Entry::Occupied(due) => (*due.get()).max(now),
            Entry::Vacant(_) => now,
        };
        let allowed_from = tat.saturating_sub(self.tolerance);
        if now < allowed_from {
            return Err(Duration::from_nanos(allowed_from - now));
        }
        if count {
            entry.insert_entry(tat + self.interval);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv6Addr;

    use governor::clock::{Clock, FakeRelativeClock};
    use governor::{Quota, RateLimiter};

    /// The `i`th of a crowd of clients, each in its own IPv6 /64.
    fn client(i: usize) -> IpAddr {
        IpAddr::V6(Ipv6Addr::from(
            (0x2001_0db8_u128 << 96) | ((i as u128) << 64) | 1,
        ))
    }

    fn clients_kept(gcra: &Gcra) -> (usize, usize) {
        let table = gcra.table.lock().unwrap();
        (table.next.len(), table.next.capacity())
    }

    #[test]
    fn clients_idle_for_a_minute_are_forgotten_and_their_memory_given_back() {
        let gcra = Gcra::new(120, 20);
        let start = Instant::now();
        for i in 0..50_000 {
            assert!(gcra.check(client(i), start).is_ok());
        }
        assert_eq!(clients_kept(&gcra).0, 50_000);
        assert!(gcra.check(client(50_000), start + SWEEP_EVERY).is_ok());
        let (kept, room) = clients_kept(&gcra);
        assert_eq!(kept, 1, "only the client who just came is kept");
        assert!(room < 1_000, "room for {room} clients is still held");
    }

    #[test]
    fn a_crowd_of_new_clients_does_not_wash_a_waiting_client_out_of_the_table() {
        let gcra = Gcra::new(120, 20);
        let start = Instant::now();
        let waiting = IpAddr::from([198, 51, 100, 9]);
        for _ in 0..20 {
            assert!(gcra.check(waiting, start).is_ok());
        }
        for i in 0..SWEEP_AT_LEAST + 10 {
            assert!(gcra.check(client(i), start).is_ok());
        }
        assert!(
            gcra.check(waiting, start + Duration::from_millis(1))
                .is_err(),
            "the 21st still waits after the sweeps the crowd caused"
        );
    }

    /// The contract's burst (20 at once, the 21st refused, one more after 0.5 s), then three
    /// clients (one rotating inside its /64) at uneven times.
    fn script() -> Vec<(Duration, IpAddr)> {
        let carrier = IpAddr::from([198, 51, 100, 9]);
        let mut steps = vec![(Duration::ZERO, carrier); 21];
        steps.extend([(Duration::from_millis(500), carrier); 2]);
        let mut at = Duration::from_millis(500);
        let mut x: u64 = 7;
        for _ in 0..3_000 {
            x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let r = x >> 33;
            // Mostly quick attempts, now and then a pause that refills the buckets.
            let gap = match r % 64 {
                0..=15 => 0,
                16 => 2_000 + r % 5_000,
                _ => r % 60,
            };
            at += Duration::from_millis(gap);
            let ip = match r % 3 {
                0 => carrier,
                1 => IpAddr::from([0x2001, 0xdb8, 7, 7, 0, 0, 0, (r % 9) as u16]),
                _ => IpAddr::from([203, 0, 113, 4]),
            };
            steps.push((at, ip));
        }
        steps
    }

    #[test]
    fn our_limiter_refuses_exactly_the_requests_governor_refuses_with_the_same_wait() {
        let ours = Gcra::new(120, 20);
        let clock = FakeRelativeClock::default();
        let quota = Quota::per_minute(120.try_into().unwrap()).allow_burst(20.try_into().unwrap());
        let governor = RateLimiter::dashmap_with_clock(quota, clock.clone());
        let start = Instant::now();
        let mut clock_at = Duration::ZERO;
        let mut refused = 0;
        for (step, (at, ip)) in script().into_iter().enumerate() {
            clock.advance(at - clock_at);
            clock_at = at;
            let theirs = governor
                .check_key(&limit_key(ip))
                .map_err(|not_until| not_until.wait_time_from(clock.now()));
            let said = ours.check(ip, start + at);
            assert_eq!(said, theirs, "request {step} from {ip} at {at:?}");
            refused += usize::from(said.is_err());
            if step < 20 {
                assert!(said.is_ok(), "request {step} of the burst");
            } else if step < 23 {
                assert_eq!(said.is_ok(), step == 21, "request {step}");
            }
        }
        assert!(
            refused > 100,
            "the script is limited at times ({refused} refused)"
        );
    }
}
