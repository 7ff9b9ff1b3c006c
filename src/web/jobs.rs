//! Web page: the batch being made. One batch runs at a time in a workspace, on a thread of
//! its own (the engine starts its typesetting threads from it), never on the server's async
//! threads. The page asks how far it has got; a closed tab changes nothing, and the result
//! waits for the officer's return.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde::Serialize;

use crate::batch::request::{ErrorKind, RequestError};
use crate::batch::{Progress, Stage};

/// What the page shows of a batch.
#[derive(Debug, Clone, Default, Serialize)]
pub struct JobState {
    pub running: bool,
    /// `plan`, `letters`, `package`.
    pub stage: String,
    pub done: usize,
    pub total: usize,
    pub percent: usize,
    /// The finished batch, as the page shows it.
    pub result: Option<serde_json::Value>,
    /// Why it stopped, in words.
    pub error: Option<String>,
    /// What to do about it, one sentence a line.
    pub fix: Vec<String>,
}

#[derive(Default)]
struct Slot {
    /// The closure whose batch is running.
    running: Option<String>,
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
        self.slot.lock().ok()?.running.clone()
    }

    /// Starts `work` for closure `id`, unless a batch is running; `Err` names the closure
    /// whose batch is.
    pub fn start<F>(&self, id: &str, work: F) -> Result<(), String>
    where
        F: FnOnce(&mut dyn FnMut(Progress)) -> Result<serde_json::Value, RequestError>
            + Send
            + 'static,
    {
        let state = Arc::new(Mutex::new(JobState {
            running: true,
            stage: "plan".into(),
            ..JobState::default()
        }));
        {
            let mut slot = self.slot.lock().map_err(|_| "internal error".to_string())?;
            if let Some(other) = &slot.running {
                return Err(other.clone());
            }
            slot.running = Some(id.to_string());
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
                        s.stage = match p.stage {
                            Stage::Plan => "plan",
                            Stage::Letters => "letters",
                            Stage::Package => "package",
                        }
                        .into();
                        s.done = p.done;
                        s.total = p.total;
                        s.percent = (p.done * 100).checked_div(p.total).unwrap_or(0);
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
                    match outcome {
                        Ok(result) => s.result = Some(result),
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

    #[test]
    fn a_second_batch_waits_for_the_first() {
        let jobs = Jobs::default();
        let (go, wait) = std::sync::mpsc::channel::<()>();
        jobs.start("A12345", move |_| {
            wait.recv().ok();
            Ok(serde_json::json!({"letters": 1}))
        })
        .unwrap();
        assert_eq!(
            jobs.start("B12345", |_| Ok(serde_json::json!({}))),
            Err("A12345".into())
        );
        assert!(jobs.state("A12345").unwrap().running);
        go.send(()).unwrap();
        for _ in 0..200 {
            if jobs.running().is_none() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        let state = jobs.state("A12345").unwrap();
        assert!(!state.running);
        assert_eq!(state.result, Some(serde_json::json!({"letters": 1})));
        assert!(jobs.start("B12345", |_| Ok(serde_json::json!({}))).is_ok());
    }
}
