//! A lingering close, as nginx's `lingering_close`: a request refused before its body was read
//! (a claim on an order that cannot take one, a wrong token, a body announced over its limit)
//! is answered at once, and then hyper closes the connection with the rest of the body still
//! coming. Closing a socket with unread bytes makes the kernel send a reset, which can reach the
//! client before it read the answer, and makes a proxy still sending the body (nginx, which
//! passes a body it kept whole) fail with "broken pipe" and answer its own 502 instead of ours:
//! a buyer's app reads that as "try again", for a claim that was definitely refused.
//!
//! So each connection remembers whether a request's body was left unread ([`Unread`]), and
//! when it ends so, the serving loop takes the socket back ([`Returning`]) and reads and drops
//! what still comes, for a short bounded while, before closing it ([`linger`]). The connection
//! keeps its place under the caps meanwhile.

use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::{Body, Frame, SizeHint};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::time::{timeout, Instant};

/// The longest a connection lingers after its answer, reading and dropping what the client
/// still sends (nginx passes the rest of a 15 MB claim over the loopback in a moment).
const LINGER_TIME: Duration = Duration::from_secs(10);
/// A lingering connection whose client sends nothing for this long is closed.
const LINGER_IDLE: Duration = Duration::from_secs(2);

/// A connection's TCP stream, handed back to the serving loop when hyper drops it.
pub struct Returning {
    stream: Option<TcpStream>,
    back: Option<oneshot::Sender<TcpStream>>,
}

impl Returning {
    /// `stream`, sent to the receiver of `back` once hyper is done with it.
    pub fn new(stream: TcpStream, back: oneshot::Sender<TcpStream>) -> Self {
        Self {
            stream: Some(stream),
            back: Some(back),
        }
    }

    fn stream(&mut self) -> &mut TcpStream {
        self.stream
            .as_mut()
            .expect("the stream is taken only when dropped")
    }
}

impl Drop for Returning {
    fn drop(&mut self) {
        if let (Some(stream), Some(back)) = (self.stream.take(), self.back.take()) {
            // The loop may have stopped waiting for it (a shutdown): then it simply closes.
            let _ = back.send(stream);
        }
    }
}

impl AsyncRead for Returning {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(self.stream()).poll_read(cx, buf)
    }
}

impl AsyncWrite for Returning {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(self.stream()).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(self.stream()).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(self.stream()).poll_shutdown(cx)
    }
}

/// Whether the connection's latest request still had body to read: set when a request with a
/// body comes in, cleared when its body has been read to its end.
#[derive(Clone, Default)]
pub struct Unread(Arc<AtomicBool>);

impl Unread {
    /// Whether a body was left unread.
    pub fn left(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }

    /// `body`, watched: the mark stays set until it is read to its end.
    pub fn watch<B: Body>(&self, body: B) -> Watched<B> {
        self.0.store(!body.is_end_stream(), Ordering::Relaxed);
        Watched {
            body,
            unread: self.clone(),
        }
    }
}

/// A request body that clears its connection's [`Unread`] mark once read to its end.
pub struct Watched<B> {
    body: B,
    unread: Unread,
}

impl<B> Body for Watched<B>
where
    B: Body<Data = Bytes> + Unpin,
{
    type Data = Bytes;
    type Error = B::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, B::Error>>> {
        let this = &mut *self;
        let polled = Pin::new(&mut this.body).poll_frame(cx);
        if matches!(polled, Poll::Ready(None)) || this.body.is_end_stream() {
            this.unread.0.store(false, Ordering::Relaxed);
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// Closes `stream` gently: our side says it is done (the answer was written), then what the
/// client still sends is read and dropped until it stops, goes quiet for `LINGER_IDLE`, or
/// `LINGER_TIME` has passed.
pub async fn linger(mut stream: TcpStream) {
    // hyper has shut our side already when it closed normally; once more does no harm.
    let _ = stream.shutdown().await;
    let until = Instant::now() + LINGER_TIME;
    let mut sink = vec![0u8; 16 * 1024];
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return;
        }
        match timeout(LINGER_IDLE.min(left), stream.read(&mut sink)).await {
            Ok(Ok(n)) if n > 0 => {}
            _ => return,
        }
    }
}
