//! Batch engine: print files. Letters are grouped into print files (manual handling last,
//! then cohort, language and format, postcode order inside a group), and each file is worded,
//! typeset ([`super::fallback`]), checked and packed on its own, on any thread.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use crate::check::{self, LetterCheck};
use crate::compose::{Letter, LetterOrder, Wording};
use crate::model::LetterFormat;
use crate::package::{self, PackageError, PackedEntry};
use crate::plan::{Cohort, Plan};
use crate::render::{self, PrintFileSpec, RenderError, Typesetter};

use super::{Timings, fallback};

/// Letters in each print PDF unless the officer chose, for a batch of up to [`LARGE_BATCH`]
/// letters.
pub const DEFAULT_LETTERS_PER_FILE: usize = 100;
/// Letters in each print PDF for a batch of more than [`LARGE_BATCH`] letters: half the
/// typesetting memory, so a national re-run stays under 300 MB (measured at 100,000 patients
/// by `/usr/bin/time -v`, before `batch::memory`: 337 MB with 100 letters a file, 287 MB with
/// 50, at the same speed).
pub const LARGE_BATCH_LETTERS_PER_FILE: usize = 50;
/// Letters above which a batch is large.
pub const LARGE_BATCH: usize = 40_000;

/// The letters in each print PDF when the officer did not choose: fewer in a large batch.
pub fn default_letters_per_file(letters: usize) -> usize {
    if letters > LARGE_BATCH {
        LARGE_BATCH_LETTERS_PER_FILE
    } else {
        DEFAULT_LETTERS_PER_FILE
    }
}

/// One print file to make: its name in the zip, its title, and its letters in print order.
/// The job holds its letters' orders until its file is taken ([`PrintJob::release`]), so a
/// run holds the orders only of the files still to make.
pub struct PrintJob<'a> {
    pub name: String,
    pub spec: PrintFileSpec,
    /// How many letters the file has.
    pub letters: usize,
    orders: Mutex<Vec<LetterOrder<'a>>>,
}

impl<'a> PrintJob<'a> {
    /// The file's orders, in print order (empty once released).
    fn orders(&self) -> Vec<LetterOrder<'a>> {
        self.orders
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Lets go of the file's orders once what is kept of its letters has been made.
    pub fn release(&self) {
        *self
            .orders
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Vec::new();
    }
}

/// The print group a letter belongs to: manual handling (BFPO) first, then cohort, language,
/// format.
type Group = (bool, Cohort, String, LetterFormat);

/// Groups the letters into print files: manual handling (BFPO) last, then by cohort, language
/// and format; postcode order inside a group; at most `per_file` letters a file.
pub fn print_jobs<'a>(
    plan: &Plan,
    orders: Vec<LetterOrder<'a>>,
    per_file: usize,
) -> Vec<PrintJob<'a>> {
    let per_file = per_file.max(1);
    let mut groups: BTreeMap<Group, Vec<LetterOrder<'a>>> = BTreeMap::new();
    for order in orders {
        groups
            .entry((
                order.manual_handling(),
                order.entry.cohort,
                order.locale.tag.clone(),
                order.format,
            ))
            .or_default()
            .push(order);
    }
    let mut jobs = Vec::new();
    for ((manual, cohort, language, format), mut letters) in groups {
        letters.sort_by_cached_key(|o| (o.postcode(), o.letter_id()));
        let files = letters.len().div_ceil(per_file);
        for (k, chunk) in letters.chunks(per_file).enumerate() {
            // A braille letter's BRF goes beside its print cover letter, in `braille/`.
            let name = format!(
                "{}/{}{}-{}-{}{}-{:02}.pdf",
                if format.is_braille() {
                    "braille"
                } else {
                    "print"
                },
                if manual { "manual-" } else { "" },
                cohort.code(),
                language,
                format.as_str(),
                if format.is_braille() { "-covers" } else { "" },
                k + 1
            );
            let spec = PrintFileSpec {
                title: format!(
                    "{} letters {} ({}, {}), print file {} of {}",
                    plan.closure.codes(),
                    cohort.code(),
                    language,
                    format.as_str(),
                    k + 1,
                    files
                ),
                author: plan.closure.commissioner.name.clone(),
                language: language.clone(),
                date: plan.closure.letters.date,
            };
            jobs.push(PrintJob {
                name,
                spec,
                letters: chunk.len(),
                orders: Mutex::new(chunk.to_vec()),
            });
        }
    }
    jobs
}

/// What the batch keeps of each letter while print files are made: its order, its check, and
/// the print file it is in (shared by that file's letters; empty when it was not laid out).
pub type Made<'a> = (LetterOrder<'a>, LetterCheck, Arc<str>);

/// A print file made: its zip entries (the PDF, and Word letters if asked for), what the batch
/// keeps of each letter, and notes on letters that could not be made.
pub struct MadePrintFile<'a> {
    pub entries: Vec<PackedEntry>,
    /// Whether a PDF was made (false when no letter of the file could be laid out).
    pub typeset: bool,
    pub records: Vec<Made<'a>>,
    pub notes: Vec<String>,
    pub timings: Timings,
}

/// Makes print files: words, typesets, checks and packs one at a time, on any thread.
pub struct PrintFileMaker<'a> {
    pub plan: &'a Plan,
    pub wording: &'a Wording,
    pub typesetter: &'a Typesetter,
    pub passphrase: Option<&'a str>,
    pub docx: bool,
}

impl PrintFileMaker<'_> {
    pub fn make<'o>(&self, job: &PrintJob<'o>) -> Result<MadePrintFile<'o>, MakeError> {
        let mut timings = Timings::default();
        let mut records = Vec::new();
        let mut notes = Vec::new();
        let mut entries = Vec::new();

        let clock = Instant::now();
        let mut letters = Vec::with_capacity(job.letters);
        let mut ordered: Vec<LetterOrder<'o>> = Vec::with_capacity(job.letters);
        for order in job.orders() {
            match order.compose(self.plan, self.wording) {
                Ok(letter) => {
                    letters.push(letter);
                    ordered.push(order);
                }
                Err(e) => notes.push(format!("{}: could not be worded: {e}", order.letter_id())),
            }
        }
        timings.compose = clock.elapsed();

        let clock = Instant::now();
        let borrowed: Vec<&Letter> = letters.iter().collect();
        let (file, failed) = fallback::typeset(self.typesetter, &job.spec, &borrowed);
        timings.render = clock.elapsed();

        let clock = Instant::now();
        let order_of = |letter: &Letter| {
            letters
                .iter()
                .position(|l| l.letter_id == letter.letter_id)
                .map(|i| ordered[i].clone())
        };
        for &(letter, ref reason) in &failed {
            notes.push(format!(
                "{}: could not be laid out: {reason}",
                letter.letter_id
            ));
            if let Some(order) = order_of(letter) {
                records.push((order, check::unrendered(letter, reason), Arc::from("")));
            }
        }
        let typeset = file.is_some();
        let mut pdf = None;
        let mut brfs = Vec::new();
        if let Some(file) = file {
            let print_file: Arc<str> = Arc::from(job.name.as_str());
            let laid_out = letters
                .iter()
                .filter(|l| file.letters.iter().any(|p| p.letter_id == l.letter_id));
            for (letter, placed) in laid_out.zip(&file.letters) {
                let mut check = check::check(
                    letter,
                    placed,
                    &file.pages,
                    self.plan.closure.letters.postage,
                );
                if letter.format.is_braille() {
                    let path = format!("braille/{}.brf", letter.letter_id);
                    match brf_checked(letter, Some(&mut check), &path) {
                        Ok(brf) => brfs.push((path, brf)),
                        Err(e) => {
                            let reason = format!("could not be put into braille: {e}");
                            notes.push(format!("{}: {reason}", letter.letter_id));
                            check.verdict.failures.push(reason);
                        }
                    }
                }
                if let Some(order) = order_of(letter) {
                    records.push((order, check, Arc::clone(&print_file)));
                }
            }
            pdf = Some(file.pdf);
        }
        timings.check = clock.elapsed();

        let clock = Instant::now();
        if let Some(pdf) = pdf {
            entries.push(package::pack_entry(&job.name, &pdf, self.passphrase)?);
        }
        for (path, brf) in &brfs {
            entries.push(package::pack_entry(path, brf, self.passphrase)?);
        }
        if self.docx {
            for letter in &letters {
                let docx = render::docx(letter)?;
                let path = format!("docx/{}.docx", letter.letter_id);
                entries.push(package::pack_entry(&path, &docx, self.passphrase)?);
            }
        }
        timings.package = clock.elapsed();
        Ok(MadePrintFile {
            entries,
            typeset,
            records,
            notes,
            timings,
        })
    }
}

/// A braille letter's BRF, made and checked: `check`, its print cover letter's, gains the
/// BRF's facts (named `path`) and failures. The batch and a letter on request both make it so.
pub(super) fn brf_checked(
    letter: &Letter,
    check: Option<&mut LetterCheck>,
    path: &str,
) -> Result<Vec<u8>, render::braille::BrailleError> {
    let brf = render::braille::brf(letter)?;
    if let Some(check) = check {
        let (facts, failures) = check::check_brf(letter, &brf, path);
        check.braille = Some(Box::new(facts));
        check.verdict.failures.extend(failures);
    }
    Ok(brf.bytes)
}

/// Why a print file could not be packed (a letter that cannot be laid out is a note, not this).
#[derive(Debug, thiserror::Error)]
pub enum MakeError {
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Package(#[from] PackageError),
}
