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
mod batch_error;
mod entries;
mod fallback;
mod free_memory;
mod locales;
mod naive;
mod notice;
mod one_letter;
mod options;
mod outcome;
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

use std::path::Path;
use std::time::{Duration, Instant};

pub use audit::{ZipCheck, ZipState, export_ledger, verify_ledger};
pub use batch_error::BatchError;
pub use locales::{
    ReviewedLocale, check_locale, export_review, import_review, load_wording, write_locale,
};
pub use naive::naive_letters_per_second;
pub use options::BatchOptions;
pub use outcome::{BatchLetter, BatchOutcome, PlanOutcome, Timings};
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
use crate::compose;
use crate::ledger::Ledger;
use crate::model::Inputs;
use crate::package::{self, BatchWriter, ManifestRow, Summary};
use crate::plan::{self, Cohort, Purpose};
use crate::render::{self, MemoEvictor, Typesetter};

use print_files::{Made, PrintFileMaker};

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
    // Nobody is written to twice.
    let before = sent_before::apply(&mut inputs, ledger.as_ref(), purpose, *resend)?;
    let warnings = before.warnings;
    let mut skip_notes = before.notes;
    skip_notes.extend(warnings.iter().cloned());
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
    let ledger = ledger
        .filter(|p| p.exists())
        .map(Ledger::open)
        .transpose()?;
    let before = sent_before::apply(&mut inputs, ledger.as_ref(), Purpose::Allocation, false)?;
    Ok((plan::plan_owned(inputs), before.notes))
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
