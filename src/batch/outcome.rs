//! Batch engine: what a batch produced ([`BatchOutcome`]): the zip, the summary, every letter
//! with its check ([`BatchLetters`]), what was left of earlier runs, and the time each stage
//! took ([`Timings`]).

use std::path::PathBuf;
use std::time::Duration;

use serde::Serialize;

use super::{Note, Recovered};
use crate::model::{LetterFormat, Problem};
use crate::package::{BatchLetters, Summary};

/// Time spent in each stage of a run. Print files are made on several threads at once, so a
/// stage's time is summed over threads and the stages together can exceed the run's
/// wall-clock time.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Timings {
    pub plan: Duration,
    pub compose: Duration,
    pub render: Duration,
    pub check: Duration,
    pub package: Duration,
}

impl Timings {
    pub(super) fn add(&mut self, other: &Timings) {
        self.plan += other.plan;
        self.compose += other.compose;
        self.render += other.render;
        self.check += other.check;
        self.package += other.package;
    }
}

/// What a batch produced.
#[derive(Debug, Clone)]
pub struct BatchOutcome {
    /// The print batch zip, under its final name; `None` when nobody is to be written to (all
    /// sent before, excluded, rejected or unallocated): then no zip is made, and nothing is
    /// recorded in the ledger.
    pub zip: Option<PathBuf>,
    /// Whether the zip's entries are encrypted (a passphrase was given).
    pub encrypted: bool,
    pub summary: Summary,
    /// The summary as `summary.txt` has it (the CLI prints it).
    pub summary_text: String,
    /// Patient rows that could not be used, each problem with its file, row and column.
    pub rejected: Vec<Problem>,
    /// Every letter in print order, with its check (kept small: [`BatchLetters::iter`]
    /// reads each back).
    pub letters: BatchLetters,
    /// Letters in each print file at most.
    pub letters_per_file: usize,
    /// Temporary files that earlier, stopped runs had left in the output folder, now removed.
    pub swept: usize,
    /// Batches earlier processes left unfinished, finished or forgotten before this one.
    pub recovered: Vec<Recovered>,
    /// What the officer should know but that did not stop the run (a letter 1 dated less
    /// than two months before the closure); also in the summary's notes.
    pub warnings: Vec<String>,
    /// Every note of the summary, in the command line's words and the page's.
    pub notes: Vec<Note>,
    pub timings: Timings,
}

impl BatchOutcome {
    /// Standard-print letters not eligible for the 50p contribution.
    pub fn ineligible_standard(&self) -> usize {
        self.letters
            .iter()
            .filter(|l| l.record.format == LetterFormat::Standard && !l.check.verdict.eligible_50p)
            .count()
    }
}

/// What [`super::plan_csv`] wrote.
#[derive(Debug, Clone)]
pub struct PlanOutcome {
    /// `plan.csv` in the output folder.
    pub path: PathBuf,
    /// The plan's summary, as `dispersal plan` prints it.
    pub summary_text: String,
    pub rejected: Vec<Problem>,
}
