//! The serving loop: HTTP/1.1 through hyper with a header-read timeout (which also ends idle
//! keep-alive connections), a deadline on request bodies, a send timeout on answers, a lingering
//! close after an answer given before its request's body was read, caps on connections in total
//! and per client checked as each is accepted (over a cap it is closed at once, and the loop goes
//! on), and a graceful shutdown that lets the requests in flight finish.
//!
//! HTTP/1.1 only: browsers speak HTTP/2 only over TLS, which a proxy in front terminates, and
//! hyper-util's HTTP/1-or-2 detection waits for a connection's first bytes with no timeout.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::pin;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{oneshot, watch};
use tower::Service;

use super::body_deadline::BodyDeadline;
use super::config::Config;
use super::conn_caps::{ConnectionCaps, Refusal, Slot};
use super::fd_limit::{self, FdLimit};
use super::linger::{linger, Returning, Unread};
use super::send_deadline::SendDeadline;

/// How long requests in flight may take to finish after SIGTERM before the rest are dropped.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(30);

/// At most one log line per this much time for refused connections and accept errors: a flood
/// must not also fill the disk.
const LOG_EVERY: Duration = Duration::from_secs(10);

/// The timeouts and caps one server runs with.
pub struct Settings {
    /// Time to send a request's headers (and the longest a keep-alive connection idles).
    pub header_timeout: Duration,
    /// Time to send a request's body once its headers are in.
    pub body_timeout: Duration,
    /// The longest one write of an answer may wait on its client.
    pub send_timeout: Duration,
    /// The connection caps.
    pub caps: Arc<ConnectionCaps>,
}

impl Settings {
    /// The configured timeouts, and caps that fit under `fds` (the descriptor limit in force)
    /// now that the database is open: logged, since the total may be below `--max-connections`.
    pub fn for_config(config: &Config, fds: FdLimit) -> Self {
        let reserved = fd_limit::open_now().unwrap_or(64) + u64::from(config.pg_pool_size);
        let fit = fd_limit::connections_that_fit(fds.soft, reserved);
        let total = usize::try_from(config.max_connections)
            .unwrap_or(usize::MAX)
            .min(fit);
        let per_client = usize::try_from(config.max_connections_per_client).unwrap_or(usize::MAX);
        let show = |limit: Option<u64>| limit.map_or("unlimited".to_owned(), |n| n.to_string());
        tracing::info!(
            "descriptor limit {} (hard {}, {} at start): at most {total} connections, {} per client",
            show(fds.soft),
            show(fds.hard),
            show(fds.before),
            if per_client == 0 { "any".to_owned() } else { per_client.to_string() },
        );
        Self {
            header_timeout: Duration::from_secs(config.header_timeout_secs),
            body_timeout: Duration::from_secs(config.body_timeout_secs),
            send_timeout: Duration::from_secs(config.send_timeout_secs),
            caps: ConnectionCaps::new(total, per_client, &config.trusted_proxy),
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then lets the connections finish
/// their requests (for at most `SHUTDOWN_GRACE`).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    settings: Settings,
    shutdown: impl Future<Output = ()>,
) {
    let mut http = http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(settings.header_timeout);
    let http = Arc::new(http);
    // Dropping `stop` tells every connection to finish; `done` is closed once they all have.
    let (stop, stopping) = watch::channel(());
    let (done, finished) = watch::channel(());
    let mut shutdown = pin!(shutdown);
    let mut refused = Throttled::default();
    let mut failed = Throttled::default();
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(e) => {
                accept_error(e, &mut failed).await;
                continue;
            }
        };
        let slot = match settings.caps.admit(peer.ip()) {
            Ok(slot) => slot,
            Err(refusal) => {
                drop(stream); // closed at once: a refusal costs no more than the accept
                note_refusal(refusal, peer, &mut refused);
                continue;
            }
        };
        let connection = Connection {
            peer,
            app: app.clone(),
            http: http.clone(),
            body_timeout: settings.body_timeout,
            send_timeout: settings.send_timeout,
            slot,
            done: finished.clone(),
        };
        tokio::spawn(connection.run(stream, stopping.clone()));
    }
    drop(listener);
    drop(finished);
    drop(stop);
    if tokio::time::timeout(SHUTDOWN_GRACE, done.closed())
        .await
        .is_err()
    {
        tracing::warn!(
            open = settings.caps.open(),
            "connections still open after {SHUTDOWN_GRACE:?}; dropping them"
        );
    }
}

/// One accepted connection and what it holds until it ends.
struct Connection {
    peer: SocketAddr,
    app: Router,
    http: Arc<http1::Builder>,
    body_timeout: Duration,
    send_timeout: Duration,
    /// Its place under the caps, given back when the connection ends.
    slot: Slot,
    /// Keeps the shutdown waiting while the connection lives.
    done: watch::Receiver<()>,
}

/// `request` as the app takes it: from `peer`, its body under the connection's deadline,
/// `limit`, and that body's allowance in its extensions, for a route that takes larger bodies to
/// raise (`body_deadline::longer_bodies`).
fn with_deadline<B>(
    request: Request<B>,
    peer: SocketAddr,
    limit: Duration,
) -> Request<BodyDeadline<B>> {
    let (mut parts, body) = request.into_parts();
    let body = BodyDeadline::new(body, limit);
    parts.extensions.insert(body.allowance());
    // Routes read the peer as `ConnectInfo<SocketAddr>`, as `axum::serve` gave it.
    parts.extensions.insert(ConnectInfo(peer));
    Request::from_parts(parts, body)
}

impl Connection {
    async fn run(self, stream: TcpStream, mut stopping: watch::Receiver<()>) {
        let Self {
            peer,
            app,
            http,
            body_timeout,
            send_timeout,
            slot,
            done,
        } = self;
        let unread = Unread::default();
        let watch = unread.clone();
        let service = service_fn(move |request: Request<Incoming>| {
            let request = with_deadline(request, peer, body_timeout).map(|body| watch.watch(body));
            app.clone().call(request)
        });
        // The stream comes back when hyper drops it, for a lingering close (`linger`).
        let (back, returned) = oneshot::channel();
        // A client that stops reading its answer is dropped after the send timeout.
        let io = TokioIo::new(SendDeadline::new(
            Returning::new(stream, back),
            send_timeout,
        ));
        let ended = {
            let mut conn = pin!(http.serve_connection(io, service));
            tokio::select! {
                ended = conn.as_mut() => ended,
                _ = stopping.changed() => {
                    conn.as_mut().graceful_shutdown();
                    conn.await
                }
            }
        };
        if let Err(e) = &ended {
            if e.is_timeout() {
                metrics::counter!("orchard_connections_timed_out_total").increment(1);
            }
            tracing::debug!(%peer, error = %e, "connection ended");
        }
        // Answered with its request's body still coming: read the rest away before closing, so
        // the client (or nginx) reads our answer rather than a reset.
        if unread.left() {
            if let Ok(stream) = returned.await {
                linger(stream).await;
            }
        }
        drop(slot);
        drop(done);
    }
}

/// Counts events between log lines.
#[derive(Default)]
struct Throttled {
    last: Option<Instant>,
    since: u64,
}

impl Throttled {
    /// Counts one event; `Some(count)` when a log line is due.
    fn note(&mut self) -> Option<u64> {
        self.since += 1;
        let due = self.last.is_none_or(|t| t.elapsed() >= LOG_EVERY);
        if !due {
            return None;
        }
        self.last = Some(Instant::now());
        Some(std::mem::take(&mut self.since))
    }
}

fn note_refusal(refusal: Refusal, peer: SocketAddr, log: &mut Throttled) {
    metrics::counter!("orchard_connections_refused_total", "reason" => refusal.reason())
        .increment(1);
    if let Some(count) = log.note() {
        tracing::warn!(
            %peer,
            reason = refusal.reason(),
            count,
            "connections refused: a connection cap is reached"
        );
    }
}

/// A client that gave up before its connection was accepted is no fault of ours; anything else
/// (out of descriptors, most likely) waits a moment, as retrying at once would only spin.
async fn accept_error(e: io::Error, log: &mut Throttled) {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        return;
    }
    if let Some(count) = log.note() {
        tracing::error!(count, "accept error: {e}");
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
}

#[cfg(test)]
#[path = "serve_tests.rs"]
mod tests;
