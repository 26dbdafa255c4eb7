//! A deadline on a request's body: the whole body must arrive within a set time of its headers,
//! or reading it fails with `BodyTimedOut`, which the API answers 408 `request_timeout`. The
//! connection gives every body the same deadline and puts its `BodyAllowance` in the request; a
//! route that takes large bodies raises it with a layer of its own (`longer_bodies`), before
//! its handler reads a byte.
//!
//! Not tower-http's `RequestBodyTimeoutLayer`: its clock restarts with every chunk, so a client
//! trickling one byte every few seconds would keep its connection (and a descriptor) for hours.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::time::{Instant, Sleep};

type BoxError = Box<dyn Error + Send + Sync>;

/// The time one request's body has, shared by the body and the routes (a request extension):
/// the connection's deadline times a factor, 1 unless a route raised it.
#[derive(Debug, Clone)]
pub struct BodyAllowance {
    base: Duration,
    times: Arc<AtomicU32>,
}

impl BodyAllowance {
    /// Lets the body take `times` deadlines in all, from its headers (never fewer than it has).
    pub fn raise(&self, times: u32) {
        self.times.fetch_max(times, Ordering::Relaxed);
    }

    /// The time the body has in all, from its headers.
    pub fn limit(&self) -> Duration {
        self.base * self.times.load(Ordering::Relaxed)
    }
}

/// A layer's function for a route whose bodies take `TIMES` deadlines to arrive (`axum::
/// middleware::from_fn(longer_bodies::<12>)`): it raises the request's allowance before the
/// route reads the body. A request that came without one (a test's `oneshot`) keeps none.
pub async fn longer_bodies<const TIMES: u32>(request: Request, next: Next) -> Response {
    if let Some(allowance) = request.extensions().get::<BodyAllowance>() {
        allowance.raise(TIMES);
    }
    next.run(request).await
}

/// A request body that fails once its deadline has passed.
pub struct BodyDeadline<B> {
    body: B,
    start: Instant,
    allowance: BodyAllowance,
    /// Made on the first wait only: most bodies are read at once, or never (a GET).
    sleep: Option<Pin<Box<Sleep>>>,
    expired: bool,
}

impl<B> BodyDeadline<B> {
    /// `body` must be read in full within `limit` from now, unless its allowance is raised.
    pub fn new(body: B, limit: Duration) -> Self {
        Self {
            body,
            start: Instant::now(),
            allowance: BodyAllowance {
                base: limit,
                times: Arc::new(AtomicU32::new(1)),
            },
            sleep: None,
            expired: false,
        }
    }

    /// The body's allowance, for the request's extensions.
    pub fn allowance(&self) -> BodyAllowance {
        self.allowance.clone()
    }
}

/// The error a body gives when its deadline passes.
#[derive(Debug)]
pub struct BodyTimedOut;

impl fmt::Display for BodyTimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the request body did not arrive in time")
    }
}

impl Error for BodyTimedOut {}

/// Whether `error`, or any error it was caused by, is a `BodyTimedOut`: how the extractors tell
/// a slow client from a malformed body.
pub fn is_body_timeout(error: &(dyn Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(e) = next {
        if e.is::<BodyTimedOut>() {
            return true;
        }
        next = e.source();
    }
    false
}

impl<B> Body for BodyDeadline<B>
where
    B: Body<Data = Bytes> + Unpin,
    B::Error: Into<BoxError>,
{
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        let this = &mut *self;
        if this.expired {
            return Poll::Ready(None);
        }
        if let Poll::Ready(frame) = Pin::new(&mut this.body).poll_frame(cx) {
            return Poll::Ready(frame.map(|f| f.map_err(Into::into)));
        }
        let deadline = this.start + this.allowance.limit();
        let sleep = this
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        if sleep.deadline() != deadline {
            sleep.as_mut().reset(deadline); // raised after the first wait
        }
        ready!(sleep.as_mut().poll(cx));
        this.expired = true;
        Poll::Ready(Some(Err(Box::new(BodyTimedOut))))
    }

    fn is_end_stream(&self) -> bool {
        self.expired || self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::body::Body as AxumBody;
    use http_body_util::BodyExt;

    // A body slower than its deadline, through the API's extractor: `app_json`'s tests.

    #[tokio::test]
    async fn a_body_that_arrives_in_time_is_read_whole() {
        let body = BodyDeadline::new(AxumBody::from("{\"a\":1}"), Duration::from_secs(5));
        let bytes = body.collect().await.unwrap().to_bytes();
        assert_eq!(&bytes[..], b"{\"a\":1}");
    }
}
