//! A deadline on sending: a connection whose write (or flush) has waited on its client for longer
//! than `--send-timeout-secs` fails with `TimedOut`, so hyper drops it and gives back what the
//! response held (its connection slot, its descriptor, the rest of a download). As nginx's
//! `send_timeout`: the clock runs only while a write waits, and starts again after each write
//! that goes through, so a slow reader that keeps reading is never cut; one that stopped (a phone
//! that lost its signal mid-download) is. Counted as `orchard_connections_send_timed_out_total`.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::{Instant, Sleep};

/// A connection's IO whose writes fail once one has waited longer than its limit.
pub struct SendDeadline<S> {
    io: S,
    limit: Duration,
    /// Made on the first wait only (most answers go out without one), then reset at each wait.
    sleep: Option<Pin<Box<Sleep>>>,
    /// Whether a write is waiting now, so the clock runs.
    waiting: bool,
    /// Once the deadline has passed, every later write fails at once.
    expired: bool,
}

impl<S> SendDeadline<S> {
    /// `io` whose every write may wait at most `limit` for its client.
    pub fn new(io: S, limit: Duration) -> Self {
        Self {
            io,
            limit,
            sleep: None,
            waiting: false,
            expired: false,
        }
    }

    /// What a write gave, or `TimedOut` once it has waited past the limit.
    fn watch<T>(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if polled.is_ready() {
            self.waiting = false;
            return polled;
        }
        let deadline = Instant::now() + self.limit;
        let sleep = match &mut self.sleep {
            Some(sleep) => {
                if !self.waiting {
                    sleep.as_mut().reset(deadline);
                }
                sleep
            }
            None => self
                .sleep
                .insert(Box::pin(tokio::time::sleep_until(deadline))),
        };
        self.waiting = true;
        if sleep.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        self.expired = true;
        metrics::counter!("orchard_connections_send_timed_out_total").increment(1);
        Poll::Ready(Err(timed_out()))
    }
}

fn timed_out() -> io::Error {
    io::Error::new(
        io::ErrorKind::TimedOut,
        "the client read nothing for the send timeout",
    )
}

impl<S: AsyncRead + Unpin> AsyncRead for SendDeadline<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for SendDeadline<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        if self.expired {
            return Poll::Ready(Err(timed_out()));
        }
        let polled = Pin::new(&mut self.io).poll_write(cx, buf);
        self.watch(cx, polled)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        if self.expired {
            return Poll::Ready(Err(timed_out()));
        }
        let polled = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        self.watch(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        if self.expired {
            return Poll::Ready(Err(timed_out()));
        }
        let polled = Pin::new(&mut self.io).poll_flush(cx);
        self.watch(cx, polled)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    #[tokio::test]
    async fn a_write_the_reader_never_takes_fails_after_the_limit() {
        let (near, mut far) = tokio::io::duplex(64);
        let mut io = SendDeadline::new(near, Duration::from_millis(200));
        io.write_all(&[1; 64]).await.unwrap();
        let stuck = io.write_all(&[2; 64]).await.unwrap_err();
        assert_eq!(stuck.kind(), io::ErrorKind::TimedOut);
        assert!(io.write_all(b"x").await.is_err(), "and stays failed");
        let mut got = [0; 64];
        far.read_exact(&mut got).await.unwrap();
        assert_eq!(got, [1; 64], "what went through before is intact");
    }

    #[tokio::test]
    async fn a_slow_reader_that_keeps_reading_is_never_cut() {
        let (near, mut far) = tokio::io::duplex(16);
        let mut io = SendDeadline::new(near, Duration::from_secs(1));
        let reader = tokio::spawn(async move {
            let mut got = Vec::new();
            let mut buf = [0; 16];
            // 16 bytes every 200 ms: the whole takes twice the limit, no single wait a fifth.
            while got.len() < 160 {
                tokio::time::sleep(Duration::from_millis(200)).await;
                let n = far.read(&mut buf).await.unwrap();
                got.extend_from_slice(&buf[..n]);
            }
            got
        });
        io.write_all(&[7; 160])
            .await
            .expect("no wait reaches the limit");
        assert_eq!(reader.await.unwrap(), vec![7; 160]);
    }
}
