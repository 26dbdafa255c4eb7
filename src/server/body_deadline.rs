//! A deadline on a request's body: the whole body must arrive within a set time of its headers,
//! or reading it fails with `BodyTimedOut`, which the API answers 408 `request_timeout`.
//!
//! Not tower-http's `RequestBodyTimeoutLayer`: its clock restarts with every chunk, so a client
//! trickling one byte every few seconds would keep its connection (and a descriptor) for hours.

use std::error::Error;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{ready, Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::time::{Instant, Sleep};

type BoxError = Box<dyn Error + Send + Sync>;

/// A request body that fails once its deadline has passed.
pub struct BodyDeadline<B> {
    body: B,
    deadline: Instant,
    /// Made on the first wait only: most bodies are read at once, or never (a GET).
    sleep: Option<Pin<Box<Sleep>>>,
    expired: bool,
}

impl<B> BodyDeadline<B> {
    /// `body` must be read in full within `limit` from now.
    pub fn new(body: B, limit: Duration) -> Self {
        Self {
            body,
            deadline: Instant::now() + limit,
            sleep: None,
            expired: false,
        }
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
        let deadline = this.deadline;
        let sleep = this
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
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
