//! CLI: the commands that make things — `plan`, `run`, `letter` and `preview` — each a call
//! into the batch engine and a report of what it made.

use std::path::Path;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use crate::batch::request::{self, NoticeRequest, SurveyRequest};
use crate::batch::{
    self, BatchOptions, LetterFile, LetterRequest, Progress, ProgressSink, Stage, Who,
};
use crate::model::{Inputs, LetterFormat};

use super::{EXIT_CHECK_FAILED, EXIT_OK, OutputFormat};

/// `dispersal plan`: write DIR/plan.csv and print the summary.
pub fn plan(inputs: Inputs, out: &Path, ledger: &Path) -> anyhow::Result<u8> {
    let outcome = batch::plan_csv(inputs, out, Some(ledger))?;
    print!("{}", outcome.summary_text);
    println!("{}", outcome.path.display());
    Ok(EXIT_OK)
}

/// How `dispersal run` was asked to behave, beyond the batch itself.
pub struct RunFlags {
    /// Exit 1 if any standard-print letter is not eligible for the 50p contribution.
    pub require_one_page: bool,
    /// Show a progress bar on stderr.
    pub progress: bool,
}

/// A progress bar on stderr for the letters of a batch.
struct Bar(ProgressBar);

impl ProgressSink for Bar {
    fn report(&mut self, progress: Progress) {
        match progress.stage {
            Stage::Plan => {}
            Stage::Letters => {
                self.0.set_length(progress.total as u64);
                self.0.set_position(progress.done as u64);
            }
            Stage::Package => {
                if !self.0.is_finished() {
                    self.0.finish_and_clear();
                }
            }
        }
    }
}

/// `dispersal run`: the whole job, ending with the zip's path on the last line of stdout.
pub fn run(
    inputs: Inputs,
    out: &Path,
    options: &BatchOptions,
    flags: &RunFlags,
) -> anyhow::Result<u8> {
    let bar = if flags.progress {
        let bar = ProgressBar::new(0);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} letters ({eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };
    let mut bar = Bar(bar);
    let outcome = batch::run(inputs, out, options, &mut bar)?;
    bar.0.finish_and_clear();
    earlier_runs(&outcome, out);
    print!("{}", outcome.summary_text);
    print_zip(&outcome, options);
    let ineligible = outcome.ineligible_standard();
    if flags.require_one_page && ineligible > 0 {
        eprintln!(
            "error: {ineligible} standard-print letters are not eligible for the 50p contribution (--require-one-page)"
        );
        return Ok(EXIT_CHECK_FAILED);
    }
    Ok(EXIT_OK)
}

/// `dispersal notice`: letter 1 or 2 before the closure, as a print batch with its text
/// messages. A date that breaks the SEL timeline is a warning; the batch is still made.
pub fn notice(
    inputs: Inputs,
    out: &Path,
    options: &BatchOptions,
    (letter, date): (crate::plan::Cohort, Option<&str>),
    progress: bool,
) -> anyhow::Result<u8> {
    let request = NoticeRequest {
        letter,
        date: date_option("--date", date)?,
    };
    let mut bar = Bar(if progress {
        ProgressBar::new(0)
    } else {
        ProgressBar::hidden()
    });
    let outcome = request::notice(inputs, out, options, &request, &mut bar)?;
    bar.0.finish_and_clear();
    earlier_runs(&outcome, out);
    for warning in &outcome.warnings {
        eprintln!("warning: {warning}");
    }
    print!("{}", outcome.summary_text);
    print_zip(&outcome, options);
    Ok(EXIT_OK)
}

/// `dispersal letter`: one patient's letter on request, in a chosen language and format.
pub fn letter(
    inputs: &Inputs,
    (nhs_number, lang, format, letter_format): (
        &str,
        Option<&str>,
        OutputFormat,
        Option<LetterFormat>,
    ),
    out: &Path,
    passphrase: Option<&str>,
    ledger: Option<&Path>,
) -> anyhow::Result<u8> {
    let file = match format {
        OutputFormat::Pdf => LetterFile::Pdf,
        OutputFormat::Png => LetterFile::Png,
        OutputFormat::Docx => LetterFile::Docx,
    };
    let request = LetterRequest {
        who: Who::NhsNumber(nhs_number.to_string()),
        language: lang.map(str::to_string),
        letter_format,
        file,
        ledger: ledger.map(Path::to_path_buf),
    };
    let made = batch::letter(inputs, &request)?;
    if let Some(check) = made
        .check
        .as_ref()
        .filter(|c| !c.verdict.failures.is_empty())
    {
        eprintln!(
            "warning: {}: {}",
            made.letter.letter_id,
            check.verdict.failures.join("; ")
        );
    }
    let written = request::save_letter(
        inputs,
        &made,
        &request,
        out,
        passphrase,
        &batch::Now::system(),
    )?;
    let letter = &made.letter;
    if let (Some(reissue), Some(ledger)) = (&made.reissue, ledger) {
        println!(
            "re-issue of letter {} as sent in {} (dated {}); recorded in {}",
            letter.letter_id,
            reissue.zip_name,
            made.letter_date,
            ledger.display()
        );
        if !reissue.changed_inputs.is_empty() {
            println!(
                "note: the {} file(s) changed since that batch; the letter is as it was sent, not as the files would make it now",
                reissue.changed_inputs.join(" and ")
            );
        }
    }
    println!(
        "letter {} ({}, {}, {}, translation {})",
        letter.letter_id,
        letter.cohort.code(),
        letter.language,
        letter.format.as_str(),
        letter.translation_status
    );
    println!("{}", written.display());
    if made.cover.is_some() {
        println!("{}", batch::cover_path(out).display());
    }
    Ok(EXIT_OK)
}

/// `dispersal preview`: one letter as a PNG.
pub fn preview(
    inputs: &Inputs,
    cohort: Option<&str>,
    nhs_number: Option<&str>,
    out: &Path,
) -> anyhow::Result<u8> {
    let who = match nhs_number {
        Some(n) => Who::NhsNumber(n.to_string()),
        None => Who::FirstInCohort(cohort.unwrap_or("2a").to_string()),
    };
    let request = LetterRequest {
        who,
        language: None,
        letter_format: None,
        file: LetterFile::Png,
        ledger: None,
    };
    let made = batch::letter(inputs, &request)?;
    write(out, &made.bytes)?;
    println!(
        "letter {} ({})",
        made.letter.letter_id,
        made.letter.cohort.code()
    );
    println!("{}", out.display());
    Ok(EXIT_OK)
}

/// A date given as an option (`--date 30/11/2026`), or the error that names it.
fn date_option(option: &str, value: Option<&str>) -> anyhow::Result<Option<chrono::NaiveDate>> {
    value
        .map(|v| {
            crate::input::parse_date(v).map_err(|why| {
                anyhow::anyhow!(
                    "{option} {v:?}: {why}\nhint: write the date as 30/11/2026 or 2026-11-30"
                )
            })
        })
        .transpose()
}

/// `dispersal survey`: the capacity survey's zip, and the candidates in contact order. The
/// emails are dated today unless `--date` says otherwise.
pub fn survey(
    inputs: &Inputs,
    out: &Path,
    reply_by: Option<&str>,
    date: Option<&str>,
) -> anyhow::Result<u8> {
    let request = SurveyRequest {
        reply_by: date_option("--reply-by", reply_by)?,
        sent: date_option("--date", date)?,
    };
    let today = crate::batch::Now::system().today();
    let outcome = request::make_survey(inputs, out, &request, today)?;
    println!(
        "Capacity survey: {} candidate practices, replies by {}; contact them in this order:",
        outcome.candidates.len(),
        outcome.reply_by.format("%d/%m/%Y")
    );
    for c in &outcome.candidates {
        println!(
            "  {:>2}. {} {}: {} potential patients, {} nearest first",
            c.contact_order, c.ods_code, c.name, c.potential, c.nearest_first
        );
    }
    if !outcome.no_email.is_empty() {
        println!(
            "note: no email address for {} of them ({}): their emails have no recipient; give each practice's email in the practice details file ([inputs] practice_details) and make the survey again, or address those emails by hand",
            outcome.no_email.len(),
            outcome.no_email.join(", ")
        );
    }
    println!("{}", outcome.zip.display());
    Ok(EXIT_OK)
}

/// The zip's path as the last line, with the warning for one made without `--encrypt`; or,
/// for a batch with nobody to write to, that no zip was made.
fn print_zip(outcome: &batch::BatchOutcome, options: &BatchOptions) {
    match &outcome.zip {
        Some(zip) => {
            not_encrypted(options);
            println!("{}", zip.display());
        }
        None => println!(
            "Nobody on the list is to be written to (see above: sent before, excluded, rejected or unallocated), so no zip was made and nothing was recorded."
        ),
    }
}

/// The warning for a zip made without `--encrypt`.
fn not_encrypted(options: &BatchOptions) {
    if options.passphrase.is_none() {
        println!(
            "warning: the zip is not encrypted and holds patient-identifiable data; use --encrypt, or keep it on an NHS-approved device and send it only by secure means."
        );
    }
}

/// Notes on what earlier runs that were stopped left, and what this run did about it.
fn earlier_runs(outcome: &batch::BatchOutcome, out: &Path) {
    if outcome.swept > 0 {
        eprintln!(
            "note: removed {} temporary file(s) that runs stopped before they finished had left in {}",
            outcome.swept,
            out.display()
        );
    }
    for recovered in &outcome.recovered {
        eprintln!("note: {recovered}");
    }
}

/// Writes a made file (0600: a letter, a preview or a workbook may hold patient data),
/// creating its folder (0700).
pub(super) fn write(out: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    crate::private_files::write(out, bytes)
        .with_context(|| format!("{}: cannot write", out.display()))
}
