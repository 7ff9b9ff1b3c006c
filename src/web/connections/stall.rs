//! Web page: a request whose other side has stopped — an upload's body that stops arriving, or
//! a download the browser stops taking — given up after [`super::STALL_TIMEOUT`] of no bytes.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use axum::body::{Bytes, HttpBody};
use hyper::body::{Frame, Incoming, SizeHint};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::time::{Instant, Sleep};

use super::STALL_TIMEOUT;

/// How long the other side has moved nothing while the server waits on it.
pub(super) struct Stall {
    timer: Option<Pin<Box<Sleep>>>,
    waiting: bool,
}

impl Stall {
    pub(super) fn new() -> Stall {
        Stall {
            timer: None,
            waiting: false,
        }
    }

    /// Bytes moved.
    fn moved(&mut self) {
        self.waiting = false;
    }

    /// The server waits on the other side: ready once it has waited [`STALL_TIMEOUT`] since
    /// bytes last moved.
    fn poll_too_long(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        let deadline = Instant::now() + STALL_TIMEOUT;
        let timer = self
            .timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep_until(deadline)));
        if !self.waiting {
            self.waiting = true;
            timer.as_mut().reset(deadline);
        }
        timer.as_mut().poll(cx)
    }

    fn error(&self) -> io::Error {
        io::Error::new(
            io::ErrorKind::TimedOut,
            format!(
                "nothing moved for {} s; the connection is closed",
                STALL_TIMEOUT.as_secs()
            ),
        )
    }
}

/// A request body whose bytes must keep arriving while the handler reads it.
pub(super) struct StallBody {
    body: Incoming,
    stall: Stall,
}

impl StallBody {
    pub(super) fn new(body: Incoming) -> StallBody {
        StallBody {
            body,
            stall: Stall::new(),
        }
    }
}

impl HttpBody for StallBody {
    type Data = Bytes;
    type Error = axum::BoxError;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::BoxError>>> {
        let this = &mut *self;
        match Pin::new(&mut this.body).poll_frame(cx) {
            Poll::Ready(frame) => {
                this.stall.moved();
                Poll::Ready(frame.map(|frame| frame.map_err(Into::into)))
            }
            Poll::Pending => {
                ready!(this.stall.poll_too_long(cx));
                Poll::Ready(Some(Err(this.stall.error().into())))
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// A connection's socket, whose writes the other side must keep taking.
pub(super) struct StallStream {
    stream: TcpStream,
    stall: Stall,
}

impl StallStream {
    pub(super) fn new(stream: TcpStream) -> StallStream {
        StallStream {
            stream,
            stall: Stall::new(),
        }
    }

    fn written(
        &mut self,
        cx: &mut Context<'_>,
        polled: Poll<io::Result<usize>>,
    ) -> Poll<io::Result<usize>> {
        match polled {
            Poll::Ready(written) => {
                self.stall.moved();
                Poll::Ready(written)
            }
            Poll::Pending => {
                ready!(self.stall.poll_too_long(cx));
                Poll::Ready(Err(self.stall.error()))
            }
        }
    }
}

impl AsyncRead for StallStream {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for StallStream {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.written(cx, polled)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let polled = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.written(cx, polled)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
