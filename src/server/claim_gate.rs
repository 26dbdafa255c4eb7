//! Turns to send a claim's body. A claim's photos are up to 15 MB, so its body is read only with a
//! turn: a few at a time server-wide (`--max-claim-uploads`) and per client
//! (`--max-claim-uploads-per-client`, the client as the rate limit counts it: an IPv4 address, an
//! IPv6 /64, behind `--trusted-proxy` the address it forwarded). A claim without a turn waits
//! briefly (`WAIT`), then is refused before a byte of its body is read: 429 `rate_limited` while
//! its own client holds its share, 503 `overloaded` while every turn of the server is taken, both
//! with `Retry-After`. A turn is held until the claim is written, so each turn holds at most one
//! claim's photos: the turns bound the memory claims take, whatever the number of connections.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::{timeout_at, Instant};

use super::client_ip::limit_key;
use super::error::ApiError;

/// How long a claim waits for a turn: a few claims sent together (a family reporting one box
/// from two phones) take turns, while a flood is refused within two seconds and holds nothing
/// but its connection meanwhile.
pub const WAIT: Duration = Duration::from_secs(2);

/// The `Retry-After` of a claim refused a turn: about the time a phone takes to upload a photo.
/// The buyer's phone keeps the claim and sends it again by itself.
pub const RETRY_AFTER_SECS: u64 = 5;

/// The turns to read claim bodies.
pub struct ClaimGate {
    server: Arc<Semaphore>,
    /// How long a claim waits for a turn (`WAIT`).
    wait: Duration,
    /// The most turns one client holds at once; 0: no cap per client.
    per_client: usize,
    /// Each client holding or waiting for a turn, with its own turns; a client is forgotten as
    /// soon as it neither holds nor waits, so the map is never larger than the claims in flight.
    clients: Arc<Mutex<HashMap<IpAddr, Arc<Semaphore>>>>,
}

/// A turn to read one claim's body, held until the claim is answered.
pub struct Turn {
    _server: OwnedSemaphorePermit,
    _client: Option<ClientShare>,
}

/// A client's hold on its entry in `ClaimGate::clients` (waiting for a turn or holding one).
struct ClientShare {
    key: IpAddr,
    turns: Arc<Semaphore>,
    permit: Option<OwnedSemaphorePermit>,
    clients: Arc<Mutex<HashMap<IpAddr, Arc<Semaphore>>>>,
}

impl Drop for ClientShare {
    fn drop(&mut self) {
        drop(self.permit.take());
        let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
        // Clones are made only under this lock: the map's and this one left means nobody else
        // holds or waits for this client's turns.
        let alone = clients
            .get(&self.key)
            .is_some_and(|turns| Arc::ptr_eq(turns, &self.turns))
            && Arc::strong_count(&self.turns) == 2;
        if alone {
            clients.remove(&self.key);
        }
    }
}

impl ClaimGate {
    /// `server_wide` turns in all (at least 1), `per_client` for one client (0: no cap), a claim
    /// waiting `wait` at most for one.
    pub fn new(server_wide: usize, per_client: usize, wait: Duration) -> Self {
        Self {
            server: Arc::new(Semaphore::new(server_wide.max(1))),
            wait,
            per_client,
            clients: Arc::default(),
        }
    }

    /// A turn for a claim from `ip`, waiting at most the gate's wait in all: first one of its
    /// client's turns, then one of the server's.
    pub async fn admit(&self, ip: IpAddr) -> Result<Turn, ApiError> {
        let deadline = Instant::now() + self.wait;
        let client = match self.per_client {
            0 => None,
            _ => Some(self.client_turn(limit_key(ip), deadline).await?),
        };
        let server = match timeout_at(deadline, self.server.clone().acquire_owned()).await {
            Ok(Ok(permit)) => permit,
            Ok(Err(_closed)) => return Err(ApiError::Unavailable),
            Err(_late) => {
                metrics::counter!("orchard_requests_shed_total").increment(1);
                return Err(ApiError::Overloaded {
                    retry_after_secs: RETRY_AFTER_SECS,
                });
            }
        };
        Ok(Turn {
            _server: server,
            _client: client,
        })
    }

    /// One of the turns of client `key`, or 429 once `deadline` passes.
    async fn client_turn(&self, key: IpAddr, deadline: Instant) -> Result<ClientShare, ApiError> {
        let turns = {
            let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
            let per_client = self.per_client;
            clients
                .entry(key)
                .or_insert_with(|| Arc::new(Semaphore::new(per_client)))
                .clone()
        };
        let mut share = ClientShare {
            key,
            turns,
            permit: None,
            clients: self.clients.clone(),
        };
        match timeout_at(deadline, share.turns.clone().acquire_owned()).await {
            Ok(Ok(permit)) => {
                share.permit = Some(permit);
                Ok(share)
            }
            Ok(Err(_closed)) => Err(ApiError::Unavailable),
            Err(_late) => {
                metrics::counter!("orchard_requests_rate_limited_total").increment(1);
                Err(ApiError::RateLimited {
                    retry_after_secs: RETRY_AFTER_SECS,
                })
            }
        }
    }

    /// How many clients hold or wait for a turn (what the gate keeps in memory).
    pub fn clients(&self) -> usize {
        self.clients.lock().unwrap_or_else(|p| p.into_inner()).len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    /// A gate whose refusals come quickly.
    fn gate(server_wide: usize, per_client: usize) -> ClaimGate {
        ClaimGate::new(server_wide, per_client, Duration::from_millis(20))
    }

    #[tokio::test]
    async fn a_client_past_its_share_waits_then_is_told_to_retry_and_others_are_not() {
        let gate = gate(4, 1);
        let first = gate.admit(ip("198.51.100.1")).await.unwrap();
        let refused = gate.admit(ip("198.51.100.1")).await.err().unwrap();
        assert!(matches!(
            refused,
            ApiError::RateLimited {
                retry_after_secs: RETRY_AFTER_SECS
            }
        ));
        assert!(
            gate.admit(ip("198.51.100.2")).await.is_ok(),
            "another client"
        );
        drop(first);
        assert!(
            gate.admit(ip("198.51.100.1")).await.is_ok(),
            "a turn given back is taken again"
        );
    }

    #[tokio::test]
    async fn a_claim_waiting_gets_the_turn_given_back_within_the_wait() {
        // A wait far longer than the test: whenever the claim starts waiting, the turn comes back.
        let gate = Arc::new(ClaimGate::new(1, 0, Duration::from_secs(60)));
        let first = gate.admit(ip("198.51.100.1")).await.unwrap();
        let waiting = tokio::spawn({
            let gate = gate.clone();
            async move { gate.admit(ip("198.51.100.2")).await.is_ok() }
        });
        tokio::task::yield_now().await;
        drop(first);
        assert!(waiting.await.unwrap(), "the waiting claim got the turn");
    }

    #[tokio::test]
    async fn when_the_servers_turns_are_taken_a_claim_is_shed_with_503() {
        let gate = gate(2, 1);
        let _a = gate.admit(ip("198.51.100.1")).await.unwrap();
        let _b = gate.admit(ip("198.51.100.2")).await.unwrap();
        let shed = gate.admit(ip("198.51.100.3")).await.err().unwrap();
        assert!(matches!(
            shed,
            ApiError::Overloaded {
                retry_after_secs: RETRY_AFTER_SECS
            }
        ));
    }

    #[tokio::test]
    async fn an_ipv6_client_has_one_share_for_its_whole_64() {
        let gate = gate(4, 1);
        let _held = gate.admit(ip("2001:db8:7:7::1")).await.unwrap();
        let rotated = gate.admit(ip("2001:db8:7:7:ffff::2")).await;
        assert!(matches!(rotated, Err(ApiError::RateLimited { .. })));
        assert!(gate.admit(ip("2001:db8:7:8::1")).await.is_ok());
    }

    #[tokio::test]
    async fn clients_are_forgotten_once_they_neither_hold_nor_wait_for_a_turn() {
        let gate = gate(8, 1);
        let turns: Vec<Turn> = futures_util::future::join_all(
            (1..=5).map(|i| gate.admit(ip(&format!("198.51.100.{i}")))),
        )
        .await
        .into_iter()
        .map(Result::unwrap)
        .collect();
        assert_eq!(gate.clients(), 5);
        let _ = gate.admit(ip("198.51.100.1")).await.err().unwrap();
        assert_eq!(gate.clients(), 5, "a refused claim leaves nothing behind");
        drop(turns);
        assert_eq!(gate.clients(), 0);
    }
}
