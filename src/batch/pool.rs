//! Batch engine: the ordered worker pool. Print files are made on several threads, and handed
//! back one at a time, in print order, so the zip is the same whatever the thread count.

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::sync::{Condvar, Mutex};

/// Why [`in_order`] stopped before every job was taken.
#[derive(Debug)]
pub enum Stopped<E> {
    /// `take` returned this error.
    Take(E),
    /// The work on job `index` (0-based) of `jobs` panicked.
    Panicked { index: usize, jobs: usize },
    /// `cancelled` said so before a job started.
    Cancelled,
}

/// Stack for each worker: typst itself uses rayon inside a compile, and deep layouts recurse.
const WORKER_STACK: usize = 64 * 1024 * 1024;

/// Runs `work` on every job on `threads` plain threads and hands each result to `take` on this
/// thread, in job order, as soon as it and those before it are done. Workers run at most a few
/// jobs ahead of `take`, so finished work waiting to be taken stays small. Stops at the first
/// error from `take`, at a job whose work panicked, or when `cancelled()` turns true (checked
/// before each job starts and before each is taken).
pub fn in_order<J: Sync, R: Send, E>(
    jobs: &[J],
    threads: usize,
    cancelled: impl Fn() -> bool + Sync,
    work: impl Fn(&J) -> R + Sync,
    mut take: impl FnMut(&J, R) -> Result<(), E>,
) -> Result<(), Stopped<E>> {
    struct Shared<R> {
        /// The next job a worker may start.
        next: usize,
        /// Jobs taken so far.
        taken: usize,
        done: BTreeMap<usize, std::thread::Result<R>>,
        stop: bool,
    }
    let ahead = 2 * threads.max(1);
    let shared = Mutex::new(Shared {
        next: 0,
        taken: 0,
        done: BTreeMap::new(),
        stop: false,
    });
    let changed = Condvar::new();
    let lock = || {
        shared
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    };

    std::thread::scope(|scope| {
        let worker = || {
            // typst lays out a document's pages in parallel on rayon's pool. Each worker has a
            // pool of its own thread, so a print file is laid out and exported on one thread:
            // with rayon's global pool, every worker handed its pages to the same two threads
            // and waited, and a run on two cores was about a fifth slower.
            let own = rayon::ThreadPoolBuilder::new()
                .num_threads(1)
                .stack_size(WORKER_STACK)
                .build()
                .ok();
            loop {
                let i = {
                    let mut s = lock();
                    while !s.stop && s.next < jobs.len() && s.next >= s.taken + ahead {
                        s = changed.wait(s).unwrap_or_else(|p| p.into_inner());
                    }
                    if s.stop || s.next >= jobs.len() || cancelled() {
                        break;
                    }
                    s.next += 1;
                    s.next - 1
                };
                let job = || std::panic::catch_unwind(AssertUnwindSafe(|| work(&jobs[i])));
                let result = match &own {
                    Some(pool) => pool.install(job),
                    None => job(),
                };
                lock().done.insert(i, result);
                changed.notify_all();
            }
            // A worker that stops early (cancelled) must wake the taker.
            changed.notify_all();
        };
        let mut started = 0;
        for _ in 0..threads.clamp(1, jobs.len().max(1)) {
            let spawned = std::thread::Builder::new()
                .stack_size(WORKER_STACK)
                .spawn_scoped(scope, worker);
            started += usize::from(spawned.is_ok());
        }
        let outcome = (|| {
            for (i, job) in jobs.iter().enumerate() {
                if cancelled() {
                    return Err(Stopped::Cancelled);
                }
                let result = if started == 0 {
                    // No thread could start: do the work here.
                    std::panic::catch_unwind(AssertUnwindSafe(|| work(job)))
                } else {
                    let mut s = lock();
                    loop {
                        if let Some(result) = s.done.remove(&i) {
                            s.taken = i + 1;
                            break result;
                        }
                        if cancelled() {
                            return Err(Stopped::Cancelled);
                        }
                        s = changed
                            .wait_timeout(s, std::time::Duration::from_millis(50))
                            .map(|(s, _)| s)
                            .unwrap_or_else(|p| p.into_inner().0);
                    }
                };
                changed.notify_all();
                match result {
                    Ok(r) => take(job, r).map_err(Stopped::Take)?,
                    Err(_) => {
                        return Err(Stopped::Panicked {
                            index: i,
                            jobs: jobs.len(),
                        });
                    }
                }
            }
            Ok(())
        })();
        lock().stop = true;
        changed.notify_all();
        outcome
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn results_are_taken_in_job_order_whatever_the_threads() {
        let jobs: Vec<u64> = (0..40).collect();
        for threads in [1, 2, 5] {
            let mut taken = Vec::new();
            let result: Result<(), Stopped<()>> = in_order(
                &jobs,
                threads,
                || false,
                |&j| {
                    // Later jobs finish first.
                    std::thread::sleep(std::time::Duration::from_micros(40 - j));
                    j * 2
                },
                |&j, r| {
                    taken.push((j, r));
                    Ok(())
                },
            );
            assert!(result.is_ok());
            assert_eq!(taken, jobs.iter().map(|&j| (j, j * 2)).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_panic_in_one_job_names_it_and_stops() {
        let jobs: Vec<usize> = (0..10).collect();
        let result: Result<(), Stopped<()>> = in_order(
            &jobs,
            2,
            || false,
            |&j| {
                if j == 3 {
                    panic!("job 3");
                }
                j
            },
            |_, _| Ok(()),
        );
        assert!(matches!(
            result,
            Err(Stopped::Panicked { index: 3, jobs: 10 })
        ));
    }

    #[test]
    fn cancelling_stops_before_the_next_job() {
        let jobs: Vec<usize> = (0..100).collect();
        let started = AtomicUsize::new(0);
        let mut taken = 0;
        let result: Result<(), Stopped<()>> = in_order(
            &jobs,
            2,
            || started.load(Ordering::Relaxed) >= 5,
            |_| {
                started.fetch_add(1, Ordering::Relaxed);
            },
            |_, _| {
                taken += 1;
                Ok(())
            },
        );
        assert!(matches!(result, Err(Stopped::Cancelled)));
        assert!(started.load(Ordering::Relaxed) < 100 && taken < 100);
    }
}
