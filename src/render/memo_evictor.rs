//! Render stage: keeps typst's memo cache small while print files are typeset.
//!
//! typst memoises layout results (about 0.4 MB a letter) for the length of a compile, but no
//! two letters share any: every paragraph carries its own location. While a `MemoEvictor`
//! lives, a thread empties the cache every few milliseconds, so memory no longer grows with
//! the size of a print file. Emptying the cache is always safe — a later lookup computes the
//! same result again — and the output is byte-identical with or without it (tested).

use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

/// Empties the memo cache every `every` until dropped.
pub struct MemoEvictor {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl MemoEvictor {
    pub fn start(every: Duration) -> MemoEvictor {
        let (stop, stopped) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("memo-evictor".into())
            .spawn(move || {
                while let Err(RecvTimeoutError::Timeout) = stopped.recv_timeout(every) {
                    typst::comemo::evict(0);
                }
            })
            .ok();
        MemoEvictor {
            stop: Some(stop),
            thread,
        }
    }
}

impl Drop for MemoEvictor {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
