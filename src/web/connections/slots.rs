//! Web page: the connections `dispersal serve` holds — how many requests each has in flight,
//! since when it has had none, and, at the cap, which idle one is asked to close to make room.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};

use axum::body::{Bytes, HttpBody};
use hyper::body::{Frame, SizeHint};
use tokio::sync::Notify;
use tokio::time::Instant;

/// The connections held: how many requests each has in flight, and since when it has had none.
pub(super) struct Slots {
    capacity: usize,
    held: Mutex<HashMap<u64, Held>>,
    next_id: AtomicU64,
    /// Told whenever a connection ends or refuses to be evicted.
    freed: Notify,
}

/// One connection held.
pub(super) struct Held {
    /// Requests in flight: from their head read until their response is sent or dropped.
    busy: usize,
    /// When it last had no request in flight (or was accepted).
    idle_since: Instant,
    /// Asked to close, to make room.
    evicting: bool,
    evict: Arc<Notify>,
}

/// A connection's place among the held; it frees the place when dropped.
pub(super) struct Slot {
    pub(super) id: u64,
    pub(super) slots: Arc<Slots>,
    pub(super) evict: Arc<Notify>,
}

impl Slots {
    pub(super) fn new(capacity: usize) -> Arc<Slots> {
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
    pub(super) async fn room(&self) {
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

    pub(super) fn open(self: &Arc<Self>) -> Slot {
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
    pub(super) fn leave_if_idle(&self, id: u64) -> bool {
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

    pub(super) async fn all_closed(&self) {
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
    pub(super) fn busy(self: &Arc<Self>) -> Busy {
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
pub(super) struct Busy(Arc<Slot>);

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
pub(super) struct InFlight {
    pub(super) body: axum::body::Body,
    pub(super) _busy: Busy,
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

#[cfg(test)]
mod tests {
    use super::*;

    use std::future::Future;
    use std::time::Duration;

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
