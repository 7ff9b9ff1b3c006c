//! Batch engine: one print batch, in named phases — [`before`] (the ledger: finish what an
//! earlier process left, leave out who was sent their letter), [`plan_phase`],
//! [`compose_phase`], [`letters_phase`] (print files typeset on threads, written into the
//! zip in print order), [`package_phase`] (the manifest, summaries and workbooks) and
//! [`publish_phase`] (the zip named and recorded).

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::note::{Note, cli_words};
use super::print_files::{self, PrintFileMaker};
use super::publish::{self, Recovered};
use super::sent_before::{self, Before};
use super::{
    BatchError, BatchLetter, BatchLetters, BatchOptions, BatchOutcome, Now, Progress, ProgressSink,
    Stage, Timings, default_letters_per_file, entries, load_wording, memory, pool, record,
};
use crate::compose::{self, LetterOrder, LetterOrders, TextMessage, Wording};
use crate::ledger::Ledger;
use crate::model::{InputSource, Inputs};
use crate::package::{self, BatchWriter, Summary};
use crate::plan::{self, Plan, Purpose};
use crate::render::{self, MemoEvictor, Typesetter};

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

/// Plans, composes, renders, checks and packs one batch of `purpose` into the folder `out`.
pub(super) fn run_for(
    mut inputs: Inputs,
    out: &Path,
    options: &BatchOptions,
    purpose: Purpose,
    progress: &mut dyn ProgressSink,
) -> Result<BatchOutcome, BatchError> {
    let (mut ledger, recovered, before) = before(&mut inputs, options, purpose)?;
    let mut timings = Timings::default();
    let planned = plan_phase(inputs, purpose, options, progress, &mut timings)?;
    memory::hand_back();
    let mut composed = compose_phase(&planned, purpose, options, &mut timings)?;
    if composed.orders.letters.is_empty() {
        return Ok(nobody_to_write_to(
            &planned, composed, before, recovered, timings,
        ));
    }

    let name = zip_name(&planned.plan, out, ledger.is_some(), purpose);
    let mut writer = BatchWriter::create(out, &name, options.passphrase.as_deref())?;
    let swept = writer.swept();
    let typesetter = Typesetter::new();
    let mut notes = before.notes;
    notes.extend(before.warnings.iter().cloned().map(Note::same));
    notes.extend(composed.orders.notes.iter().cloned().map(Note::same));
    notes.extend(composed.text_notes.iter().cloned().map(Note::same));
    // The print files take the orders: each file's are let go of once it is made.
    let orders = std::mem::take(&mut composed.orders.letters);
    let typeset = letters_phase(
        &planned,
        orders,
        composed.letters_per_file,
        &typesetter,
        options,
        &mut writer,
        progress,
        &mut timings,
    )?;
    notes.extend(typeset.notes.into_iter().map(Note::same));
    let print_files = typeset.print_files;
    let clock = Instant::now();

    let letters = typeset.letters;
    let Composed {
        orders,
        texts,
        letters_per_file,
        ..
    } = composed;
    drop(orders);
    let (summary, summary_text) = package_phase(
        &planned.plan,
        &letters,
        print_files,
        &cli_words(&notes),
        matches!(purpose, Purpose::Notice(_)).then_some(texts.as_slice()),
        &|entry| before.reported.in_plan_csv(&planned.plan, entry),
        &typesetter,
        options,
        &mut writer,
        progress,
    )?;
    let zip = publish_phase(writer, ledger.as_mut(), &planned, &letters, &options.now)?;
    timings.package += clock.elapsed();
    Ok(BatchOutcome {
        zip: Some(zip),
        encrypted: options.passphrase.is_some(),
        summary,
        summary_text,
        rejected: planned.plan.rejections.clone(),
        letters,
        letters_per_file,
        swept,
        recovered,
        warnings: before.warnings,
        notes,
        timings,
    })
}

/// A batch with nobody to write to: its summary says who was left out and why, and no zip is
/// made (a zip of no letters would still hold the rejected and excluded patients' rows), so
/// nothing is recorded either.
fn nobody_to_write_to(
    planned: &Planned,
    composed: Composed<'_>,
    before: Before,
    recovered: Vec<Recovered>,
    timings: Timings,
) -> BatchOutcome {
    let mut notes = before.notes;
    notes.extend(before.warnings.iter().cloned().map(Note::same));
    notes.extend(composed.orders.notes.iter().cloned().map(Note::same));
    let summary = Summary::new(&planned.plan, &BatchLetters::new(), 0, &cli_words(&notes));
    let summary_text = package::run_summary_text(&planned.plan, &summary);
    BatchOutcome {
        zip: None,
        encrypted: false,
        summary,
        summary_text,
        rejected: planned.plan.rejections.clone(),
        letters: BatchLetters::new(),
        letters_per_file: composed.letters_per_file,
        swept: 0,
        recovered,
        warnings: before.warnings,
        notes,
        timings,
    }
}

/// The ledger, opened first (one that cannot be used stops the run before any work); the
/// batches an earlier process left unfinished, finished or forgotten; and the patients
/// already sent their letter taken out of `inputs` (nobody is written to twice).
fn before(
    inputs: &mut Inputs,
    options: &BatchOptions,
    purpose: Purpose,
) -> Result<(Option<Ledger>, Vec<Recovered>, Before), BatchError> {
    let mut ledger = options.ledger.as_deref().map(Ledger::open).transpose()?;
    let recovered = match ledger.as_mut() {
        Some(ledger) => publish::recover(ledger)?,
        None => Vec::new(),
    };
    let before = sent_before::apply(inputs, ledger.as_ref(), purpose, options.resend)?;
    Ok((ledger, recovered, before))
}

/// What the plan phase hands on.
struct Planned {
    plan: Plan,
    wording: Wording,
    sources: Vec<InputSource>,
}

/// The wording (a locales folder is checked before anything else is done), and every
/// patient's cohort and receiving practice.
fn plan_phase(
    mut inputs: Inputs,
    purpose: Purpose,
    options: &BatchOptions,
    progress: &mut dyn ProgressSink,
    timings: &mut Timings,
) -> Result<Planned, BatchError> {
    let clock = Instant::now();
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
    if options.cancel.is_cancelled() {
        return Err(BatchError::Cancelled);
    }
    Ok(Planned {
        plan,
        wording,
        sources,
    })
}

/// What the compose phase hands on.
struct Composed<'a> {
    orders: LetterOrders<'a>,
    texts: Vec<TextMessage>,
    text_notes: Vec<String>,
    letters_per_file: usize,
}

/// Every letter's order, how many go in a print file, and for letters 1 and 2 the text
/// messages (one too long stops the run before any typesetting).
fn compose_phase<'a>(
    planned: &'a Planned,
    purpose: Purpose,
    options: &BatchOptions,
    timings: &mut Timings,
) -> Result<Composed<'a>, BatchError> {
    let clock = Instant::now();
    let plan = &planned.plan;
    let orders = compose::letter_orders(plan, &planned.wording);
    let letters_per_file = options
        .letters_per_file
        .unwrap_or_else(|| default_letters_per_file(orders.letters.len()));
    let (texts, text_notes) = match purpose {
        Purpose::Notice(_) => compose::text_messages(plan, &orders.letters)?,
        Purpose::Allocation => Default::default(),
    };
    timings.compose = clock.elapsed();
    Ok(Composed {
        orders,
        texts,
        text_notes,
        letters_per_file,
    })
}

/// What the letters phase hands on.
struct Typeset {
    /// What the batch keeps of each letter, in print order.
    letters: BatchLetters,
    print_files: usize,
    notes: Vec<String>,
}

/// The print files, each typeset, checked and packed on the option's threads, and written
/// into the zip in print order as it is made.
#[allow(clippy::too_many_arguments)]
fn letters_phase<'p>(
    planned: &'p Planned,
    orders: Vec<LetterOrder<'p>>,
    letters_per_file: usize,
    typesetter: &Typesetter,
    options: &BatchOptions,
    writer: &mut BatchWriter,
    progress: &mut dyn ProgressSink,
    timings: &mut Timings,
) -> Result<Typeset, BatchError> {
    let total = orders.len();
    let jobs = print_files::print_jobs(&planned.plan, orders, letters_per_file);
    let maker = PrintFileMaker {
        plan: &planned.plan,
        wording: &planned.wording,
        typesetter,
        passphrase: options.passphrase.as_deref(),
        docx: options.docx,
    };
    let mut typeset = Typeset {
        letters: BatchLetters::new(),
        print_files: 0,
        notes: Vec::new(),
    };
    let mut letters_done = 0;
    progress.report(Progress {
        stage: Stage::Letters,
        done: 0,
        total,
    });
    {
        let _memory = memory::for_batch_of(total);
        let _reuse = render::ShapedTextReuse::start();
        let _evictor = MemoEvictor::start(Duration::from_millis(20));
        pool::in_order(
            &jobs,
            options.threads,
            || options.cancel.is_cancelled(),
            |job| maker.make(job),
            |job, file| -> Result<(), BatchError> {
                let file = file?;
                for entry in file.entries {
                    writer.add_packed(entry)?;
                }
                typeset.print_files += usize::from(file.typeset);
                // What is kept of each letter, made as its file comes in (a letter's
                // record is small once kept: at 500,000 patients, 40 MB for them all).
                for (order, check, print_file) in file.records {
                    typeset.letters.push(BatchLetter {
                        record: order.record(),
                        check,
                        print_file,
                    });
                }
                job.release();
                typeset.notes.extend(file.notes);
                timings.add(&file.timings);
                letters_done += job.letters;
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
    Ok(typeset)
}

/// The rest of the zip: the manifest, the summaries, the plan, the workbooks, the emails
/// and for letters 1 and 2 the text messages; the summary and its text come back.
#[allow(clippy::too_many_arguments)]
fn package_phase(
    plan: &Plan,
    letters: &BatchLetters,
    print_files: usize,
    notes: &[String],
    texts: Option<&[TextMessage]>,
    in_plan_csv: &dyn Fn(&plan::PlanEntry) -> bool,
    typesetter: &Typesetter,
    options: &BatchOptions,
    writer: &mut BatchWriter,
    progress: &mut dyn ProgressSink,
) -> Result<(Summary, String), BatchError> {
    let mut summary = Summary::new(plan, letters, print_files, notes);
    if let Some(texts) = texts {
        summary.text_messages = Some(texts.len());
    }
    let summary_text = package::run_summary_text(plan, &summary);
    let scratch: PathBuf = writer.scratch_dir().to_path_buf();
    entries::write_rest(
        entries::Rest {
            plan,
            letters,
            summary: &summary,
            summary_text: &summary_text,
            scratch: &scratch,
            typesetter,
            texts,
            in_plan_csv,
        },
        writer,
        &options.cancel,
        progress,
    )?;
    if options.cancel.is_cancelled() {
        return Err(BatchError::Cancelled);
    }
    Ok((summary, summary_text))
}

/// The zip completed, and with a ledger recorded as pending, named, and marked recorded
/// (see `publish`): a kill at any instant leaves a zip and a record that agree.
fn publish_phase(
    writer: BatchWriter,
    ledger: Option<&mut Ledger>,
    planned: &Planned,
    letters: &BatchLetters,
    now: &Now,
) -> Result<PathBuf, BatchError> {
    let Some(ledger) = ledger else {
        return Ok(writer.complete()?.publish()?);
    };
    let sums = writer.entry_sums();
    let complete = writer.complete()?;
    let record = record::run_record(&planned.plan, &planned.sources, &complete, now)?;
    let rows = record::BatchRows::new(&planned.plan, letters, &sums, &planned.wording);
    publish::publish_recorded(ledger, complete, &record, &rows)
}
