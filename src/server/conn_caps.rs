//! Caps on open connections, checked as each one is accepted: one in total, which keeps the
//! process under its descriptor limit, and one per client (the rate limit's bucket: an IPv4
//! address, an IPv6 /64), so one address holding sockets open cannot take every place. Over a
//! cap, the caller closes the new connection at once; nothing here waits.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

use super::client_ip::limit_key;

/// The caps and the connections open now.
pub struct ConnectionCaps {
    total: usize,
    per_client: usize,
    /// Peers never capped per client: the reverse proxies every buyer arrives through.
    exempt: Vec<IpAddr>,
    open: Mutex<Open>,
}

#[derive(Default)]
struct Open {
    total: usize,
    by_client: HashMap<IpAddr, usize>,
}

/// Which cap refused a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Every place is taken.
    Total,
    /// This client holds its share already.
    PerClient,
}

impl Refusal {
    /// The label of the refusal in logs and metrics.
    pub fn reason(self) -> &'static str {
        match self {
            Self::Total => "total",
            Self::PerClient => "per_client",
        }
    }
}

/// One admitted connection's place, given back when dropped.
pub struct Slot {
    caps: Arc<ConnectionCaps>,
    key: Option<IpAddr>,
}

impl ConnectionCaps {
    /// At most `total` connections, and `per_client` from one client (0: no per-client cap);
    /// peers in `exempt` count only in the total.
    pub fn new(total: usize, per_client: usize, exempt: &[IpAddr]) -> Arc<Self> {
        Arc::new(Self {
            total: total.max(1),
            per_client,
            exempt: exempt.iter().map(|ip| ip.to_canonical()).collect(),
            open: Mutex::default(),
        })
    }

    /// A place for a connection from `peer`, or which cap refuses it.
    pub fn admit(self: &Arc<Self>, peer: IpAddr) -> Result<Slot, Refusal> {
        let peer = peer.to_canonical();
        let key = (self.per_client > 0 && !self.exempt.contains(&peer)).then(|| limit_key(peer));
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        if open.total >= self.total {
            return Err(Refusal::Total);
        }
        if let Some(key) = key {
            let count = open.by_client.entry(key).or_default();
            if *count >= self.per_client {
                return Err(Refusal::PerClient);
            }
            *count += 1;
        }
        open.total += 1;
        metrics::gauge!("orchard_connections_open").set(open.total as f64);
        Ok(Slot {
            caps: self.clone(),
            key,
        })
    }

    /// The connections open now.
    pub fn open(&self) -> usize {
        self.open.lock().unwrap_or_else(|p| p.into_inner()).total
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut open = self.caps.open.lock().unwrap_or_else(|p| p.into_inner());
        open.total -= 1;
        metrics::gauge!("orchard_connections_open").set(open.total as f64);
        if let Some(key) = self.key {
            if let Some(count) = open.by_client.get_mut(&key) {
                *count -= 1;
                if *count == 0 {
                    open.by_client.remove(&key);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn a_client_over_its_cap_is_refused_while_another_client_is_admitted() {
        let caps = ConnectionCaps::new(100, 2, &[]);
        let _held: Vec<Slot> = (0..2)
            .map(|_| caps.admit(ip("198.51.100.2")).unwrap())
            .collect();
        assert_eq!(
            caps.admit(ip("198.51.100.2")).err(),
            Some(Refusal::PerClient)
        );
        assert!(caps.admit(ip("198.51.100.1")).is_ok());
    }

    #[test]
    fn a_closed_connection_gives_its_place_back() {
        let caps = ConnectionCaps::new(100, 1, &[]);
        let first = caps.admit(ip("198.51.100.2")).unwrap();
        assert!(caps.admit(ip("198.51.100.2")).is_err());
        drop(first);
        assert!(caps.admit(ip("198.51.100.2")).is_ok());
        assert_eq!(caps.open(), 0, "the second slot was dropped too");
    }

    #[test]
    fn beyond_the_total_cap_every_client_is_refused() {
        let caps = ConnectionCaps::new(3, 0, &[]);
        let _held: Vec<Slot> = (0..3)
            .map(|_| caps.admit(ip("198.51.100.2")).unwrap())
            .collect();
        assert_eq!(caps.admit(ip("198.51.100.1")).err(), Some(Refusal::Total));
        assert_eq!(caps.open(), 3);
    }

    #[test]
    fn addresses_of_one_ipv6_64_share_a_cap_and_ipv4_mapped_peers_count_as_ipv4() {
        let caps = ConnectionCaps::new(100, 1, &[]);
        let _a = caps.admit(ip("2001:db8:0:7::1")).unwrap();
        assert!(caps.admit(ip("2001:db8:0:7:ffff::2")).is_err());
        assert!(caps.admit(ip("2001:db8:0:8::1")).is_ok());
        let _b = caps.admit(ip("198.51.100.2")).unwrap();
        assert!(caps.admit(ip("::ffff:198.51.100.2")).is_err());
    }

    #[test]
    fn a_trusted_proxy_counts_only_in_the_total() {
        let caps = ConnectionCaps::new(5, 1, &[ip("10.0.0.1")]);
        let held: Vec<Slot> = (0..5)
            .map(|_| caps.admit(ip("10.0.0.1")).unwrap())
            .collect();
        assert_eq!(caps.admit(ip("10.0.0.1")).err(), Some(Refusal::Total));
        drop(held);
        assert_eq!(caps.open(), 0);
    }
}
