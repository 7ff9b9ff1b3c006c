//! Web page: the batch being made. One batch runs at a time in a workspace, on a thread of
//! its own (the engine starts its typesetting threads from it), never on the server's async
//! threads. The page asks how far it has got, in words from the engine's progress, and may
//! stop it through the engine's [`Cancel`]; a closed tab changes nothing, and the result
//! waits for the officer's return.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::batch::request::{ErrorKind, RequestError};
use crate::batch::{Cancel, Progress, Stage};
use crate::model::thousands;

/// What the page shows of a batch.
#[derive(Debug, Clone, Default, Serialize)]
pub struct JobState {
    pub running: bool,
    /// What the batch is doing, in words, with its counts when it has them: `Making the
    /// letters: 1,200 of 3,000`.
    pub doing: String,
    /// How far the stage has got, for the bar; `None` when there is nothing to count.
    pub percent: Option<usize>,
    /// The officer asked to stop it, and it has not stopped yet.
    pub stopping: bool,
    /// It was stopped before it finished: no zip, nothing in the ledger.
    pub stopped: bool,
    /// The finished batch, as the page shows it.
    pub result: Option<serde_json::Value>,
    /// Why it stopped, in words.
    pub error: Option<String>,
    /// What to do about it, one sentence a line.
    pub fix: Vec<String>,
}

/// What a batch does before the engine first reports.
const STARTING: &str = "Reading the files and planning who gets which letter";

/// The engine's progress in the page's words, and the bar's percentage when it counts
/// something.
fn in_words(p: &Progress) -> (String, Option<usize>) {
    let of = |what: &str| {
        if p.total == 0 {
            (what.to_string(), None)
        } else {
            (
                format!(
                    "{what}: {} of {}",
                    thousands(p.done as u64),
                    thousands(p.total as u64)
                ),
                Some((p.done * 100) / p.total),
            )
        }
    };
    match p.stage {
        // Reported once, when every patient is planned; the letters are worded next.
        Stage::Plan => (
            format!(
                "Planned who gets which letter, for {}; wording the letters",
                crate::model::count(p.total, "patient", "patients")
            ),
            None,
        ),
        Stage::Letters => of("Making the letters"),
        Stage::Package => of("Packing the zip"),
    }
}

#[derive(Default)]
struct Slot {
    /// The closure whose batch is running, and how to stop it.
    running: Option<(String, Cancel)>,
    states: HashMap<String, Arc<Mutex<JobState>>>,
}

#[derive(Default)]
pub struct Jobs {
    slot: Arc<Mutex<Slot>>,
}

/// The engine's worker threads get large stacks; so does the thread that runs the batch.
const STACK: usize = 64 * 1024 * 1024;

impl Jobs {
    /// The latest batch of a closure, running or finished.
    pub fn state(&self, id: &str) -> Option<JobState> {
        let slot = self.slot.lock().ok()?;
        let state = slot.states.get(id)?;
        state.lock().ok().map(|s| s.clone())
    }

    /// The closure whose batch is running, if any.
    pub fn running(&self) -> Option<String> {
        self.slot
            .lock()
            .ok()?
            .running
            .as_ref()
            .map(|(id, _)| id.clone())
    }

    /// Asks the batch of closure `id` to stop, if it is running; it stops before its next
    /// print file or zip entry, leaving no zip and nothing in the ledger.
    pub fn stop(&self, id: &str) {
        let Ok(slot) = self.slot.lock() else {
            return;
        };
        let Some((_, cancel)) = slot.running.as_ref().filter(|(running, _)| running == id) else {
            return;
        };
        cancel.cancel();
        if let Some(mut state) = slot.states.get(id).and_then(|s| s.lock().ok()) {
            state.stopping = state.running;
        }
    }

    /// Starts `work` for closure `id`, unless a batch is running; `Err` names the closure
    /// whose batch is. `cancel` is the one `work` gives the engine ([`Jobs::stop`] uses it).
    pub fn start<F>(&self, id: &str, cancel: Cancel, work: F) -> Result<(), String>
    where
        F: FnOnce(&mut dyn FnMut(Progress)) -> Result<serde_json::Value, RequestError>
            + Send
            + 'static,
    {
        let state = Arc::new(Mutex::new(JobState {
            running: true,
            doing: STARTING.into(),
            ..JobState::default()
        }));
        {
            let mut slot = self.slot.lock().map_err(|_| "internal error".to_string())?;
            if let Some((other, _)) = &slot.running {
                return Err(other.clone());
            }
            slot.running = Some((id.to_string(), cancel));
            slot.states.insert(id.to_string(), state.clone());
        }
        let slot = self.slot.clone();
        let spawned = std::thread::Builder::new()
            .name("batch".into())
            .stack_size(STACK)
            .spawn(move || {
                let report = state.clone();
                let mut on_progress = move |p: Progress| {
                    if let Ok(mut s) = report.lock() {
                        (s.doing, s.percent) = in_words(&p);
                    }
                };
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    work(&mut on_progress)
                }))
                .unwrap_or_else(|_| {
                    Err(RequestError::new(
                        ErrorKind::Engine,
                        "the batch stopped (internal error); no zip was written",
                        &[],
                    ))
                });
                if let Ok(mut s) = state.lock() {
                    s.running = false;
                    s.stopping = false;
                    match outcome {
                        Ok(result) => s.result = Some(result),
                        Err(error) if error.kind == ErrorKind::Cancelled => s.stopped = true,
                        Err(error) => {
                            s.error = Some(error.problem);
                            s.fix = error.fix;
                        }
                    }
                }
                if let Ok(mut slot) = slot.lock() {
                    slot.running = None;
                }
            });
        if spawned.is_err() {
            if let Ok(mut slot) = self.slot.lock() {
                slot.running = None;
            }
            return Err("(no thread could be started)".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn until_finished(jobs: &Jobs) {
        for _ in 0..500 {
            if jobs.running().is_none() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("the batch did not finish");
    }

    #[test]
    fn a_second_batch_waits_for_the_first() {
        let jobs = Jobs::default();
        let (go, wait) = std::sync::mpsc::channel::<()>();
        jobs.start("A12345", Cancel::new(), move |_| {
            wait.recv().ok();
            Ok(serde_json::json!({"letters": 1}))
        })
        .unwrap();
        assert_eq!(
            jobs.start("B12345", Cancel::new(), |_| Ok(serde_json::json!({}))),
            Err("A12345".into())
        );
        assert!(jobs.state("A12345").unwrap().running);
        go.send(()).unwrap();
        until_finished(&jobs);
        let state = jobs.state("A12345").unwrap();
        assert!(!state.running);
        assert_eq!(state.result, Some(serde_json::json!({"letters": 1})));
        assert!(
            jobs.start("B12345", Cancel::new(), |_| Ok(serde_json::json!({})))
                .is_ok()
        );
    }

    #[test]
    fn a_batch_stopped_through_its_cancel_says_so_and_shows_no_error() {
        let jobs = Jobs::default();
        let cancel = Cancel::new();
        let seen = cancel.clone();
        let (reported, progress_shown) = std::sync::mpsc::channel::<()>();
        jobs.start("A12345", cancel, move |report| {
            report(Progress {
                stage: Stage::Letters,
                done: 1_200,
                total: 3_000,
            });
            reported.send(()).ok();
            while !seen.is_cancelled() {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Err(crate::batch::BatchError::Cancelled.into())
        })
        .unwrap();
        progress_shown.recv().unwrap();
        let state = jobs.state("A12345").unwrap();
        assert_eq!(state.doing, "Making the letters: 1,200 of 3,000");
        assert_eq!(state.percent, Some(40));
        // Another closure's stop stops nothing.
        jobs.stop("B12345");
        assert!(!jobs.state("A12345").unwrap().stopping);
        jobs.stop("A12345");
        until_finished(&jobs);
        let state = jobs.state("A12345").unwrap();
        assert!(
            state.stopped && !state.running && !state.stopping,
            "{state:?}"
        );
        assert_eq!((state.error, state.result), (None, None));
    }

    #[test]
    fn progress_is_said_in_words_and_nothing_counted_has_no_bar() {
        let words = |stage, done, total| in_words(&Progress { stage, done, total });
        assert_eq!(
            words(Stage::Plan, 300, 300),
            (
                "Planned who gets which letter, for 300 patients; wording the letters".into(),
                None
            )
        );
        assert_eq!(
            words(Stage::Package, 3, 12),
            ("Packing the zip: 3 of 12".into(), Some(25))
        );
        assert_eq!(
            words(Stage::Letters, 0, 0),
            ("Making the letters".into(), None)
        );
    }
}
