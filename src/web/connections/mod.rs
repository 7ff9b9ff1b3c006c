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
//!
//! - here: listening, the accept loop, the open-files limit, and one connection's life;
//! - `slots.rs`: the connections held, their requests in flight, and which one makes room;
//! - `stall.rs`: a request whose other side has stopped moving bytes.

mod slots;
mod stall;

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::http::Request;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::sync::watch;

use slots::{InFlight, Slot, Slots};
use stall::{StallBody, StallStream};

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
}
