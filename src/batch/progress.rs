//! Batch engine: how a running batch says how far it has got, and how another thread stops it.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::Serialize;

/// The parts of a batch that report progress, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    /// Cohorts and the allocation decided for every patient.
    Plan,
    /// Letters worded, typeset, checked and packed, print file by print file.
    Letters,
    /// The emails, workbook, manifest, plan and summaries written after the print files.
    Package,
}

/// How far a batch has got: `done` of `total` items of `stage` (patients, letters or zip
/// entries).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

/// Receives a batch's progress, on the thread that called [`super::run`].
pub trait ProgressSink {
    fn report(&mut self, progress: Progress);
}

/// Progress nobody watches.
impl ProgressSink for () {
    fn report(&mut self, _: Progress) {}
}

impl<F: FnMut(Progress)> ProgressSink for F {
    fn report(&mut self, progress: Progress) {
        self(progress)
    }
}

/// Stops a batch from another thread: clone it into [`super::BatchOptions`], keep a copy, and
/// call [`Cancel::cancel`]. The batch stops before its next print file or zip entry and
/// leaves no zip under its final name.
#[derive(Debug, Clone, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    pub fn new() -> Cancel {
        Cancel::default()
    }

    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}
