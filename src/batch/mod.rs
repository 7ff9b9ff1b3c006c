//! Batch engine: runs a whole print batch — read inputs in, then plan → compose → render →
//! check → package — and hands back a typed outcome. The CLI, and later the officers' web
//! page, start batches here and only translate requests and print results.
//!
//! [`run`] is the whole job. Print files are made on [`BatchOptions::threads`] threads, each
//! wording, typesetting, checking and compressing its own file (`print_files.rs`); they are
//! written into the zip in print order as they finish (`pool.rs`), so memory holds a few print
//! files at a time, never the whole batch, and the zip is the same whatever the thread count.
//! A print file that cannot be typeset is tried letter by letter (`fallback.rs`). [`letter`]
//! makes one patient's letter on request, through the same wording, layout and
//! checks. Progress is reported as data ([`Progress`]) and a run can be stopped from another
//! thread ([`Cancel`]); a stopped or failed run leaves no zip under its final name.

mod audit;
mod entries;
mod fallback;
mod free_memory;
mod locales;
mod naive;
mod notice;
mod one_letter;
mod pool;
mod print_files;
mod progress;
mod publish;
mod reallocate;
mod record;
mod report;
pub mod request;
mod sent_before;
mod survey;
mod synthetic;
mod worst_case;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

pub use audit::{ZipCheck, ZipState, export_ledger, verify_ledger};
pub use locales::{
    ReviewedLocale, check_locale, export_review, import_review, load_wording, write_locale,
};
pub use naive::naive_letters_per_second;
pub use one_letter::{LetterFile, LetterRequest, MadeLetter, Reissue, Who, letter, record_reissue};
pub use print_files::default_letters_per_file;
pub use progress::{Cancel, Progress, ProgressSink, Stage};
pub use publish::{KILL_AT, Recovered, recover, recover_folder};
pub use reallocate::{ReallocateRequest, Reallocated, reallocate};
pub use survey::{REPLY_DAYS_BEFORE_LETTERS, SurveyOutcome, survey};
pub use synthetic::{SyntheticClosure, synthetic, synthetic_closures};
pub use worst_case::{
    test_nhs_number, worst_case_closure, worst_case_entries, worst_case_inputs, worst_case_plans,
};

use crate::check::LetterCheck;
use crate::compose::{self, LetterRecord, ReviewError, WordingError};
use crate::ledger::{Ledger, LedgerError};
use crate::model::{Inputs, LetterFormat, Problem};
use crate::package::{self, BatchWriter, ManifestRow, PackageError, Summary};
use crate::plan::{self, Cohort, Purpose};
use crate::render::{self, MemoEvictor, RenderError, Typesetter};

use print_files::{Made, PrintFileMaker};

/// How a batch is made.
#[derive(Clone)]
pub struct BatchOptions {
    /// Encrypt the zip's entries with this passphrase.
    pub passphrase: Option<String>,
    /// Also write every letter as a Word document.
    pub docx: bool,
    /// Threads that typeset print files at the same time.
    pub threads: usize,
    /// Letters in each print file at most (0 is taken as 1); `None`: the default for the
    /// batch's size ([`default_letters_per_file`]).
    pub letters_per_file: Option<usize>,
    /// Stops the run when cancelled from another thread.
    pub cancel: Cancel,
    /// The ledger to record the run in, once its zip is complete (`None`: no record).
    pub ledger: Option<PathBuf>,
    /// Write again to patients the ledger says were sent their letter.
    pub resend: bool,
}

/// The passphrase is never shown.
impl std::fmt::Debug for BatchOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchOptions")
            .field("passphrase", &self.passphrase.as_ref().map(|_| "(set)"))
            .field("docx", &self.docx)
            .field("threads", &self.threads)
            .field("letters_per_file", &self.letters_per_file)
            .field("cancel", &self.cancel)
            .field("ledger", &self.ledger)
            .field("resend", &self.resend)
            .finish()
    }
}

impl Default for BatchOptions {
    fn default() -> Self {
        BatchOptions {
            passphrase: None,
            docx: false,
            threads: 1,
            letters_per_file: None,
            cancel: Cancel::new(),
            ledger: None,
            resend: false,
        }
    }
}

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
    fn add(&mut self, other: &Timings) {
        self.plan += other.plan;
        self.compose += other.compose;
        self.render += other.render;
        self.check += other.check;
        self.package += other.package;
    }
}

/// One letter of a batch: what it is, how it checked, and where it was printed.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchLetter {
    pub record: LetterRecord,
    pub check: LetterCheck,
    /// Its print file in the zip (`print/2a-en-GB-standard-01.pdf`); empty when it could not
    /// be laid out.
    pub print_file: Arc<str>,
}

impl AsRef<LetterRecord> for BatchLetter {
    fn as_ref(&self) -> &LetterRecord {
        &self.record
    }
}

/// What a batch produced.
#[derive(Debug, Clone)]
pub struct BatchOutcome {
    /// The print batch zip, under its final name.
    pub zip: PathBuf,
    pub summary: Summary,
    /// The summary as `summary.txt` has it (the CLI prints it).
    pub summary_text: String,
    /// Patient rows that could not be used, each problem with its file, row and column.
    pub rejected: Vec<Problem>,
    /// Every letter in print order, with its check.
    pub letters: Vec<BatchLetter>,
    /// Letters in each print file at most.
    pub letters_per_file: usize,
    /// Temporary files that earlier, stopped runs had left in the output folder, now removed.
    pub swept: usize,
    /// Batches earlier processes left unfinished, finished or forgotten before this one.
    pub recovered: Vec<Recovered>,
    /// What the officer should know but that did not stop the run (a letter 1 dated less
    /// than two months before the closure); also in the summary's notes.
    pub warnings: Vec<String>,
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

/// Why a batch (or one letter) could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("the run was cancelled; no print batch was written")]
    Cancelled,
    #[error("{what} could not be made (internal error)")]
    Internal { what: String },
    #[error("{}: {what}", path.display())]
    File {
        path: PathBuf,
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Wording(#[from] WordingError),
    /// A translation that fails its checks (from a locales folder or a review workbook).
    #[error(transparent)]
    Review(#[from] ReviewError),
    /// A text message that cannot be sent (too long).
    #[error(transparent)]
    TextMessage(#[from] compose::TextMessageError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Package(#[from] PackageError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error(transparent)]
    Write(#[from] std::io::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// A letter asked for that cannot be made; the message says why and what to do.
    #[error("{message}")]
    Request { message: String },
}

impl From<print_files::MakeError> for BatchError {
    fn from(e: print_files::MakeError) -> Self {
        match e {
            print_files::MakeError::Render(e) => BatchError::Render(e),
            print_files::MakeError::Package(e) => BatchError::Package(e),
        }
    }
}

/// The zip's name: closing practice (or practices, `G85001+G85002`) and letter date, no
/// patient data. With a ledger, a zip
/// already in `out` is never replaced (it may be the batch PCSE has not printed yet): a later
/// run's zip is named `-2`, `-3`, ... after it.
fn zip_name(plan: &plan::Plan, out: &Path, keep_earlier: bool, purpose: Purpose) -> String {
    let letter = match purpose {
        Purpose::Allocation => String::new(),
        Purpose::Notice(cohort) => format!("letter-{}-", cohort.code()),
    };
    let stem = format!(
        "dispersal-{}-{letter}{}",
        plan.closure.codes(),
        plan.closure.letters.date.format("%Y-%m-%d")
    );
    let first = format!("{stem}.zip");
    if !keep_earlier || !out.join(&first).exists() {
        return first;
    }
    (2..10_000)
        .map(|n| format!("{stem}-{n}.zip"))
        .find(|name| !out.join(name).exists())
        .unwrap_or(first)
}

/// Plans, composes, renders, checks and packs one print batch into the folder `out`.
///
/// Takes the inputs by value: the plan keeps the patients without a second copy.
pub fn run(
    inputs: Inputs,
    out: &Path,
    options: &BatchOptions,
    progress: &mut dyn ProgressSink,
) -> Result<BatchOutcome, BatchError> {
    run_for(inputs, out, options, Purpose::Allocation, progress)
}

/// Letter 1 or 2 before the closure ([`Cohort::Notice1`], [`Cohort::Notice2`]) as a print
/// batch, through the same engine, checks, ledger and package as [`run`]: print files, the
/// manifest, `sms.csv` and the summary (and the Word letters with [`BatchOptions::docx`]).
pub fn notice(
    inputs: Inputs,
    out: &Path,
    options: &BatchOptions,
    letter: Cohort,
    progress: &mut dyn ProgressSink,
) -> Result<BatchOutcome, BatchError> {
    if !letter.is_notice() {
        return Err(BatchError::Request {
            message: format!(
                "there is no letter {} before the closure (letters 1 and 2)",
                letter.code()
            ),
        });
    }
    run_for(inputs, out, options, Purpose::Notice(letter), progress)
}

fn run_for(
    mut inputs: Inputs,
    out: &Path,
    options: &BatchOptions,
    purpose: Purpose,
    progress: &mut dyn ProgressSink,
) -> Result<BatchOutcome, BatchError> {
    let BatchOptions {
        passphrase,
        docx,
        threads,
        letters_per_file,
        cancel,
        ledger,
        resend,
    } = options;
    // The ledger is opened first: one that cannot be used stops the run before any work. A
    // batch an earlier process left unfinished is finished or forgotten first.
    let mut ledger = ledger.as_deref().map(Ledger::open).transpose()?;
    let recovered = match ledger.as_mut() {
        Some(ledger) => publish::recover(ledger)?,
        None => Vec::new(),
    };
    // Nobody is written to twice: patients already sent their letter leave this batch (their
    // allocations still count against the receiving practices' places).
    let mut skip_notes = Vec::new();
    let mut warnings = Vec::new();
    match purpose {
        Purpose::Allocation => {
            if let Some(ledger) = &ledger
                && !*resend
            {
                let sent = record::sent_for(ledger, &inputs.closure)?;
                skip_notes = sent_before::leave_out(&mut inputs, &sent);
            }
        }
        Purpose::Notice(cohort) => {
            let before = notice::before(&mut inputs, ledger.as_ref(), cohort, *resend)?;
            skip_notes = before.notes;
            skip_notes.extend(before.warnings.iter().cloned());
            warnings = before.warnings;
        }
    }
    let mut timings = Timings::default();
    let clock = Instant::now();
    // A locales folder is checked before anything else is done.
    let wording = load_wording(&std::mem::take(&mut inputs.locales))?;
    let sources = std::mem::take(&mut inputs.sources);
    let patients = inputs.patients.len() + inputs.rejected_patients.len();
    let plan = plan::plan_for(inputs, purpose);
    timings.plan = clock.elapsed();
    progress.report(Progress {
        stage: Stage::Plan,
        done: patients,
        total: patients,
    });
    if cancel.is_cancelled() {
        return Err(BatchError::Cancelled);
    }

    let clock = Instant::now();
    let orders = compose::letter_orders(&plan, &wording);
    let letters_per_file =
        letters_per_file.unwrap_or_else(|| default_letters_per_file(orders.letters.len()));
    let jobs = print_files::print_jobs(&plan, &orders.letters, letters_per_file);
    // Text messages go with letters 1 and 2; one too long stops the run before any typesetting.
    let (texts, text_notes) = match purpose {
        Purpose::Notice(_) => compose::text_messages(&plan, &orders.letters)?,
        Purpose::Allocation => Default::default(),
    };
    timings.compose = clock.elapsed();

    let name = zip_name(&plan, out, ledger.is_some(), purpose);
    let mut writer = BatchWriter::create(out, &name, passphrase.as_deref())?;
    let swept = writer.swept();
    let scratch = writer.scratch_dir().to_path_buf();
    let typesetter = Typesetter::new();
    let maker = PrintFileMaker {
        plan: &plan,
        wording: &wording,
        typesetter: &typesetter,
        passphrase: passphrase.as_deref(),
        docx: *docx,
    };

    // What the batch keeps of each letter, in print order.
    let total = orders.letters.len();
    let mut made: Vec<Made<'_>> = Vec::with_capacity(total);
    let mut notes = skip_notes;
    notes.extend(orders.notes.iter().cloned());
    notes.extend(text_notes);
    let mut print_files = 0;
    let mut taken = 0;
    let mut letters_done = 0;
    progress.report(Progress {
        stage: Stage::Letters,
        done: 0,
        total,
    });
    {
        let _reuse = render::ShapedTextReuse::start();
        let _evictor = MemoEvictor::start(Duration::from_millis(20));
        pool::in_order(
            &jobs,
            *threads,
            || cancel.is_cancelled(),
            |job| maker.make(job),
            |job, file| -> Result<(), BatchError> {
                let file = file?;
                for entry in file.entries {
                    writer.add_packed(entry)?;
                }
                print_files += usize::from(file.typeset);
                made.extend(file.records);
                notes.extend(file.notes);
                timings.add(&file.timings);
                free_memory::after_print_file(taken);
                taken += 1;
                letters_done += job.letters.len();
                progress.report(Progress {
                    stage: Stage::Letters,
                    done: letters_done,
                    total,
                });
                Ok(())
            },
        )
        .map_err(|stopped| match stopped {
            pool::Stopped::Take(e) => e,
            pool::Stopped::Cancelled => BatchError::Cancelled,
            pool::Stopped::Panicked { index, jobs } => BatchError::Internal {
                what: format!("print file {} of {jobs}", index + 1),
            },
        })?;
    }
    free_memory::return_all_free_memory();
    let clock = Instant::now();

    // The letters' records are rebuilt from their orders only now that typesetting is done
    // and its memory is free; each is made once, into what the outcome returns.
    let letters: Vec<BatchLetter> = made
        .into_iter()
        .map(|(order, check, print_file)| BatchLetter {
            record: order.record(),
            check,
            print_file,
        })
        .collect();
    drop(jobs);
    drop(orders);
    let rows: Vec<ManifestRow<'_>> = letters
        .iter()
        .map(|l| ManifestRow {
            letter: &l.record,
            check: &l.check,
            print_file: &l.print_file,
        })
        .collect();
    let checks: Vec<&LetterCheck> = letters.iter().map(|l| &l.check).collect();
    let mut summary = Summary::new(&plan, &letters, &checks, print_files, &notes);
    if let Purpose::Notice(_) = purpose {
        summary.text_messages = Some(texts.len());
    }
    let summary_text = package::run_summary_text(&plan, &summary);
    entries::write_rest(
        entries::Rest {
            plan: &plan,
            letters: &letters,
            rows: &rows,
            summary: &summary,
            summary_text: &summary_text,
            scratch: &scratch,
            typesetter: &typesetter,
            texts: match purpose {
                Purpose::Notice(_) => Some(&texts),
                Purpose::Allocation => None,
            },
        },
        &mut writer,
        cancel,
        progress,
    )?;
    if cancel.is_cancelled() {
        return Err(BatchError::Cancelled);
    }
    let sums = if ledger.is_some() {
        writer.entry_sums()
    } else {
        Default::default()
    };
    let complete = writer.complete()?;
    // The record, all of it in one transaction, once the zip is complete and before it is
    // named (see `publish`): a kill at any instant leaves a zip and a record that agree.
    let zip = match ledger.as_mut() {
        Some(ledger) => {
            let record = record::run_record(&plan, &sources, &letters, &sums, &complete, &wording)?;
            publish::publish_recorded(ledger, complete, &record)?
        }
        None => complete.publish()?,
    };
    timings.package += clock.elapsed();
    drop(rows);

    drop(checks);
    Ok(BatchOutcome {
        zip,
        summary,
        summary_text,
        rejected: plan.rejections.clone(),
        letters,
        letters_per_file,
        swept,
        recovered,
        warnings,
        timings,
    })
}

/// Decides every patient's cohort and receiving practice, as [`plan_csv`] and [`run`] do
/// (with a ledger, leaving out the patients an earlier run sent their letter), and hands back
/// the plan with notes on what was left out. The web page shows it.
pub fn plan_only(
    mut inputs: Inputs,
    ledger: Option<&Path>,
) -> Result<(plan::Plan, Vec<String>), BatchError> {
    // The letters' locales are checked as a run checks them, so a bad folder shows now.
    load_wording(&inputs.locales)?;
    let mut notes = Vec::new();
    if let Some(path) = ledger.filter(|p| p.exists()) {
        let ledger = Ledger::open(path)?;
        let sent = record::sent_for(&ledger, &inputs.closure)?;
        notes = sent_before::leave_out(&mut inputs, &sent);
    }
    Ok((plan::plan_owned(inputs), notes))
}

/// What [`plan_csv`] wrote.
#[derive(Debug, Clone)]
pub struct PlanOutcome {
    /// `plan.csv` in the output folder.
    pub path: PathBuf,
    /// The plan's summary, as `dispersal plan` prints it.
    pub summary_text: String,
    pub rejected: Vec<Problem>,
}

/// Decides every patient's cohort and receiving practice and writes `out/plan.csv`, row by
/// row.
///
/// With a ledger, the patients an earlier run sent their letter are left out as a run would
/// leave them out (see [`BatchOptions::resend`]), so the plan shows what `run` would do.
pub fn plan_csv(
    inputs: Inputs,
    out: &Path,
    ledger: Option<&Path>,
) -> Result<PlanOutcome, BatchError> {
    let (plan, notes) = plan_only(inputs, ledger)?;
    let file_error = |path: &Path, what| {
        let path = path.to_path_buf();
        move |source| BatchError::File { path, what, source }
    };
    crate::private_files::folder(out).map_err(file_error(out, "cannot create the folder"))?;
    let path = out.join("plan.csv");
    let file = crate::private_files::create(&path).map_err(file_error(&path, "cannot write"))?;
    let mut file = package::write_plan_csv(&plan, std::io::BufWriter::new(file))?;
    std::io::Write::flush(&mut file).map_err(file_error(&path, "cannot write"))?;
    let mut summary_text = package::plan_summary_text(&plan);
    for note in notes {
        summary_text.push_str(&format!("note: {note}\n"));
    }
    Ok(PlanOutcome {
        path,
        summary_text,
        rejected: plan.rejections.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_never_show_the_passphrase() {
        let options = BatchOptions {
            passphrase: Some("correct horse battery staple".into()),
            ..BatchOptions::default()
        };
        let shown = format!("{options:?}");
        assert!(!shown.contains("horse"), "{shown}");
        assert!(shown.contains("(set)"), "{shown}");
    }
}
