//! Web page: the connections `dispersal serve` holds, and when it lets one go.
//!
//! axum's own `serve` keeps a connection for as long as the other side does, so a program on the
//! same laptop that opens connections and sends nothing uses up the open-files limit, and the
//! officer's page (and the ledger, uploads and zips) can no longer be opened. This loop serves
//! the same router over HTTP/1.1 (hyper) and:
//!
//! - closes a connection whose request head has not fully arrived within [`IDLE_TIMEOUT`] of the
//!   connection opening or of its last response: an idle keep-alive connection, one that never
//!   sends anything, and one that sends its head a byte at a time (slowloris). hyper's
//!   header-read timer does this: it starts whenever hyper waits for a request head, which
//!   includes the wait after each response on a kept-alive connection;
//! - closes a connection mid-request when the other side has moved nothing for
//!   [`STALL_TIMEOUT`]: an upload whose body stops arriving, or a download the browser stops
//!   taking. While bytes flow, a 50 MB upload or a zip of hundreds of MB takes as long as it
//!   takes, and time the server spends working on a request never counts;
//! - holds at most [`capacity`] connections, well under the open-files limit (raised to its hard
//!   limit at start), so the server's own files can always be opened. A new connection at the
//!   cap closes the connection that has been idle longest (no request in flight) to make room;
//!   if every connection has a request in flight, it waits in the listen queue until one ends.
//!
//! On Ctrl-C it stops accepting, closes idle connections and lets requests in flight finish.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, ready};
use std::time::Duration;

use axum::Router;
use axum::body::{Bytes, HttpBody};
use axum::http::Request;
use hyper::body::{Frame, Incoming, SizeHint};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::{Notify, watch};
use tokio::time::{Instant, Sleep};

/// A connection waiting for a request's head (idle, or sending it slowly) is closed after this
/// long: the header-read timeout and the idle keep-alive timeout in one.
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(20);
/// A request whose other side moves no bytes for this long (an upload's body stops arriving,
/// or a download is not taken) is given up and its connection closed.
pub const STALL_TIMEOUT: Duration = Duration::from_secs(30);
/// The most connections held at once: far more than a browser opens to one site (six), and
/// more than 200 parallel requests.
pub const MAX_CONNECTIONS: usize = 512;
/// Open files kept free, under the open-files limit, for the server's own files: the SQLite
/// ledgers and their journals, uploads, zips, fonts and whatever a batch opens.
pub const RESERVED_FILES: u64 = 256;
/// How long to wait before accepting again after accepting failed (out of open files).
const ACCEPT_RETRY: Duration = Duration::from_millis(100);
/// Connections the system holds for the server before it accepts them. The accept loop can
/// fall behind a burst, or wait for room; the standard library's 128 then drops connections,
/// which a browser tries again only a second later.
const LISTEN_BACKLOG: u32 = 1024;

/// Listens on `address`, with room for a burst of connections.
pub fn listen(address: SocketAddr) -> io::Result<TcpListener> {
    let socket = match address {
        SocketAddr::V4(_) => TcpSocket::new_v4()?,
        SocketAddr::V6(_) => TcpSocket::new_v6()?,
    };
    socket.set_reuseaddr(true)?;
    socket.bind(address)?;
    socket.listen(LISTEN_BACKLOG)
}

/// Serves `router` on `listener` until `shutdown` completes, then lets requests in flight
/// finish.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let slots = Slots::new(capacity(raise_open_files_limit()));
    let service = TowerToHyperService::new(router);
    let (stop, stopped) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            () = &mut shutdown => break,
            () = slots.room() => {}
        }
        let stream = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => {
                    // Out of open files, or the other side gave up before it was accepted.
                    tokio::time::sleep(ACCEPT_RETRY).await;
                    continue;
                }
            },
        };
        let slot = slots.open();
        tokio::spawn(connection(stream, slot, service.clone(), stopped.clone()));
    }
    drop(listener);
    let _ = stop.send(true);
    slots.all_closed().await;
    Ok(())
}

/// How many connections to hold under an open-files limit: at most [`MAX_CONNECTIONS`], and at
/// most the limit less [`RESERVED_FILES`] (half the limit, when that is more: a limit under 512).
pub fn capacity(open_files: u64) -> usize {
    let room = open_files
        .saturating_sub(RESERVED_FILES)
        .max(open_files / 2)
        .max(1);
    usize::try_from(room)
        .unwrap_or(usize::MAX)
        .min(MAX_CONNECTIONS)
}

/// Raises the soft open-files limit to the hard one, as careful servers do; the soft limit
/// after.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn raise_open_files_limit() -> u64 {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return ASSUMED_OPEN_FILES;
    }
    if limit.rlim_cur < limit.rlim_max {
        let raised = libc::rlimit {
            rlim_cur: limit.rlim_max,
            rlim_max: limit.rlim_max,
        };
        // SAFETY: setrlimit only reads the struct it is given. If it refuses, the soft limit
        // stays as it was.
        if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &raised) } == 0 {
            limit = raised;
        }
    }
    limit.rlim_cur
}

/// Elsewhere the limit is not read: the smallest common default (macOS) is assumed.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn raise_open_files_limit() -> u64 {
    ASSUMED_OPEN_FILES
}

/// The open-files limit assumed when it cannot be read.
const ASSUMED_OPEN_FILES: u64 = 256;

/// One connection, until it ends, is evicted or the server stops.
async fn connection(
    stream: TcpStream,
    slot: Slot,
    service: TowerToHyperService<Router>,
    mut stopped: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let slot = Arc::new(slot);
    let requests = {
        let slot = slot.clone();
        hyper::service::service_fn(move |request: Request<Incoming>| {
            let busy = slot.busy();
            let answer = hyper::service::Service::call(&service, request.map(StallBody::new));
            async move {
                let response = answer.await?;
                Ok::<_, std::convert::Infallible>(
                    response.map(|body| InFlight { body, _busy: busy }),
                )
            }
        })
    };
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(IDLE_TIMEOUT)
        .keep_alive(true);
    let conn = http.serve_connection(TokioIo::new(StallStream::new(stream)), requests);
    tokio::pin!(conn);
    loop {
        tokio::select! {
            _ = conn.as_mut() => return,
            () = slot.evict.notified() => {
                if slot.slots.leave_if_idle(slot.id) {
                    return;
                }
            }
            _ = stopped.wait_for(|stopped| *stopped) => break,
        }
    }
    conn.as_mut().graceful_shutdown();
    let _ = conn.await;
}

/// The connections held: how many requests each has in flight, and since when it has had none.
struct Slots {
    capacity: usize,
    held: Mutex<HashMap<u64, Held>>,
    next_id: AtomicU64,
    /// Told whenever a connection ends or refuses to be evicted.
    freed: Notify,
}

/// One connection held.
struct Held {
    /// Requests in flight: from their head read until their response is sent or dropped.
    busy: usize,
    /// When it last had no request in flight (or was accepted).
    idle_since: Instant,
    /// Asked to close, to make room.
    evicting: bool,
    evict: Arc<Notify>,
}

/// A connection's place among the held; it frees the place when dropped.
struct Slot {
    id: u64,
    slots: Arc<Slots>,
    evict: Arc<Notify>,
}

impl Slots {
    fn new(capacity: usize) -> Arc<Slots> {
        Arc::new(Slots {
            capacity,
            held: Mutex::new(HashMap::new()),
            next_id: AtomicU64::new(0),
            freed: Notify::new(),
        })
    }

    fn held(&self) -> MutexGuard<'_, HashMap<u64, Held>> {
        // A panic elsewhere while holding the lock leaves the counts usable.
        self.held.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Completes when there is room for one more connection, evicting the longest-idle
    /// connection if there is none.
    async fn room(&self) {
        loop {
            let freed = self.freed.notified();
            {
                let mut held = self.held();
                if held.len() < self.capacity {
                    return;
                }
                if held.values().all(|h| !h.evicting)
                    && let Some(idlest) = held
                        .values_mut()
                        .filter(|h| h.busy == 0)
                        .min_by_key(|h| h.idle_since)
                {
                    idlest.evicting = true;
                    idlest.evict.notify_one();
                }
            }
            freed.await;
        }
    }

    fn open(self: &Arc<Self>) -> Slot {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let evict = Arc::new(Notify::new());
        self.held().insert(
            id,
            Held {
                busy: 0,
                idle_since: Instant::now(),
                evicting: false,
                evict: evict.clone(),
            },
        );
        Slot {
            id,
            slots: self.clone(),
            evict,
        }
    }

    /// Whether the connection may close now that it is asked to: not if a request came in
    /// since it was picked (then another is picked).
    fn leave_if_idle(&self, id: u64) -> bool {
        let mut held = self.held();
        let Some(h) = held.get_mut(&id) else {
            return true;
        };
        if h.busy == 0 {
            return true;
        }
        h.evicting = false;
        self.freed.notify_one();
        false
    }

    async fn all_closed(&self) {
        loop {
            let freed = self.freed.notified();
            if self.held().is_empty() {
                return;
            }
            freed.await;
        }
    }
}

impl Slot {
    /// Marks a request in flight until the returned guard (held by its response body) drops.
    fn busy(self: &Arc<Self>) -> Busy {
        if let Some(h) = self.slots.held().get_mut(&self.id) {
            h.busy += 1;
        }
        Busy(self.clone())
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.slots.held().remove(&self.id);
        self.slots.freed.notify_one();
    }
}

/// A request in flight on a connection.
struct Busy(Arc<Slot>);

impl Drop for Busy {
    fn drop(&mut self) {
        if let Some(h) = self.0.slots.held().get_mut(&self.0.id) {
            h.busy -= 1;
            if h.busy == 0 {
                h.idle_since = Instant::now();
            }
        }
    }
}

/// A response body that keeps its request in flight until it is sent or dropped.
struct InFlight {
    body: axum::body::Body,
    _busy: Busy,
}

impl HttpBody for InFlight {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.body.size_hint()
    }
}

/// How long the other side has moved nothing while the server waits on it.
struct Stall {
    timer: Option<Pin<Box<Sleep>>>,
    waiting: bool,
}

impl Stall {
    fn new() -> Stall {
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
struct StallBody {
    body: Incoming,
    stall: Stall,
}

impl StallBody {
    fn new(body: Incoming) -> StallBody {
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
struct StallStream {
    stream: TcpStream,
    stall: Stall,
}

impl StallStream {
    fn new(stream: TcpStream) -> StallStream {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_stay_well_under_the_open_files_limit() {
        // A stock Ubuntu or WSL login: 1,024.
        assert_eq!(capacity(1024), MAX_CONNECTIONS);
        assert!(capacity(1024) as u64 + RESERVED_FILES <= 1024);
        // macOS: 256; and smaller.
        assert_eq!(capacity(256), 128);
        assert_eq!(capacity(300), 150);
        assert_eq!(capacity(1), 1);
        assert_eq!(capacity(1 << 20), MAX_CONNECTIONS);
    }

    /// Whether `future` completes within 50 ms.
    async fn soon(future: impl Future) -> bool {
        tokio::time::timeout(Duration::from_millis(50), future)
            .await
            .is_ok()
    }

    #[tokio::test]
    async fn at_the_cap_the_longest_idle_connection_makes_room() {
        let slots = Slots::new(3);
        let oldest = Arc::new(slots.open());
        let _in_flight = oldest.busy();
        tokio::time::sleep(Duration::from_millis(5)).await;
        let older = Arc::new(slots.open());
        tokio::time::sleep(Duration::from_millis(5)).await;
        let newer = Arc::new(slots.open());

        // Full: the oldest has a request in flight, so the older idle one is asked to go, and
        // there is room once it has.
        assert!(!soon(slots.room()).await);
        assert!(soon(older.evict.notified()).await);
        assert!(!soon(oldest.evict.notified()).await);
        assert!(!soon(newer.evict.notified()).await);
        assert!(slots.leave_if_idle(older.id));
        drop(older);
        assert!(soon(slots.room()).await);

        // A connection asked to go just as a request came in stays, and the next is asked.
        tokio::time::sleep(Duration::from_millis(5)).await;
        let newest = Arc::new(slots.open());
        assert!(!soon(slots.room()).await);
        assert!(soon(newer.evict.notified()).await);
        let request = newer.busy();
        assert!(!slots.leave_if_idle(newer.id));
        assert!(!soon(slots.room()).await);
        assert!(soon(newest.evict.notified()).await);

        // A connection whose request ended is idle again.
        drop(request);
        assert!(slots.leave_if_idle(newer.id));
    }
}
