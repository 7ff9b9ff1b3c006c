//! CLI: the commands' pipelines — plan; plan → compose → render → check → package; preview.

use std::collections::BTreeMap;
use std::io::Write;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};

use crate::check::{self, LetterCheck};
use crate::compose::{self, Letter, LetterOrder, LetterRecord, Wording};
use crate::model::{Inputs, LetterFormat};
use crate::package::{self, BatchWriter, ManifestRow, PackedEntry, Summary};
use crate::plan::{self, Cohort, Plan};
use crate::render::{self, MemoEvictor, PrintFileSpec, Typesetter};

use super::{EXIT_CHECK_FAILED, EXIT_OK};

/// `dispersal plan`: write DIR/plan.csv and print the summary.
pub fn plan(inputs: Inputs, out: &Path) -> anyhow::Result<u8> {
    let plan = plan::plan_owned(inputs);
    std::fs::create_dir_all(out)
        .with_context(|| format!("{}: cannot create the folder", out.display()))?;
    let path = out.join("plan.csv");
    let file = std::fs::File::create(&path)
        .with_context(|| format!("{}: cannot write", path.display()))?;
    let mut file = package::write_plan_csv(&plan, std::io::BufWriter::new(file))?;
    std::io::Write::flush(&mut file)
        .with_context(|| format!("{}: cannot write", path.display()))?;
    print!("{}", package::plan_summary_text(&plan));
    println!("{}", path.display());
    Ok(EXIT_OK)
}

/// The print group a letter belongs to: manual handling (BFPO) first, then cohort, language,
/// format.
type Group = (bool, Cohort, String, LetterFormat);

/// How `dispersal run` was asked to behave.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// Exit 1 if any standard-print letter is not eligible for the 50p contribution.
    pub require_one_page: bool,
    /// Show a progress bar on stderr.
    pub progress: bool,
    /// Encrypt the zip's entries with this passphrase.
    pub passphrase: Option<String>,
    /// Also write every letter as a Word document.
    pub docx: bool,
    /// Threads that typeset print files at the same time.
    pub threads: usize,
    /// Letters in each print file at most (0 is taken as 1); `None`: the default for the
    /// batch's size ([`super::args::default_letters_per_file`]).
    pub letters_per_file: Option<usize>,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            require_one_page: false,
            progress: false,
            passphrase: None,
            docx: false,
            threads: 1,
            letters_per_file: None,
        }
    }
}

/// Time spent in each stage of a run (the input stage is timed by the caller). Print files
/// are made on several threads at once, so a stage's time is summed over threads and the
/// stages together can exceed the run's wall-clock time.
#[derive(Debug, Clone, Default)]
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

/// What a run produced.
#[derive(Debug, Clone)]
pub struct BatchOutcome {
    pub zip: PathBuf,
    pub summary_text: String,
    pub letters: usize,
    /// Letters in each print file at most.
    pub letters_per_file: usize,
    /// Standard-print letters not eligible for the 50p contribution.
    pub ineligible_standard: usize,
}

/// `dispersal run`: the whole job, ending with the zip's path on the last line of stdout.
pub fn run(inputs: Inputs, out: &Path, options: &RunOptions) -> anyhow::Result<u8> {
    let outcome = make_batch(inputs, out, options, &mut Timings::default())?;
    print!("{}", outcome.summary_text);
    if options.passphrase.is_none() {
        println!(
            "warning: the zip is not encrypted and holds patient-identifiable data; use --encrypt, or keep it on an NHS-approved device and send it only by secure means."
        );
    }
    println!("{}", outcome.zip.display());
    if options.require_one_page && outcome.ineligible_standard > 0 {
        eprintln!(
            "error: {} standard-print letters are not eligible for the 50p contribution (--require-one-page)",
            outcome.ineligible_standard
        );
        return Ok(EXIT_CHECK_FAILED);
    }
    Ok(EXIT_OK)
}

/// Plans, composes, renders, checks and packs one print batch into `out`, timing each stage.
///
/// Print files are made on `threads` threads, each composing, typesetting, checking and
/// compressing its own file; they are written into the zip in print order as they finish, so
/// memory holds a few print files at a time, never the whole batch, and the zip is the same
/// whatever the thread count.
pub fn make_batch(
    inputs: Inputs,
    out: &Path,
    options: &RunOptions,
    timings: &mut Timings,
) -> anyhow::Result<BatchOutcome> {
    let RunOptions {
        require_one_page: _,
        progress,
        passphrase,
        docx,
        threads,
        letters_per_file,
    } = options;
    let clock = Instant::now();
    let plan = plan::plan_owned(inputs);
    timings.plan = clock.elapsed();
    let clock = Instant::now();
    let wording = Wording::load()?;
    let orders = compose::letter_orders(&plan, &wording);
    let letters_per_file = letters_per_file
        .unwrap_or_else(|| super::args::default_letters_per_file(orders.letters.len()));
    let jobs = print_jobs(&plan, &orders.letters, letters_per_file);
    timings.compose = clock.elapsed();

    let bar = if *progress {
        let bar = ProgressBar::new(orders.letters.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} letters ({eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };

    let zip_name = format!(
        "dispersal-{}-{}.zip",
        plan.closure.closing_practice.ods_code,
        plan.closure.letters.date.format("%Y-%m-%d")
    );
    let mut writer = BatchWriter::create(out, &zip_name, passphrase.as_deref())?;
    if writer.swept() > 0 {
        eprintln!(
            "note: removed {} temporary file(s) that runs stopped before they finished had left in {}",
            writer.swept(),
            out.display()
        );
    }
    let scratch = writer.scratch_dir().to_path_buf();
    let scratch = scratch.as_path();
    let typesetter = Typesetter::new();
    render::reuse_shaped_text(true);
    let maker = PrintFileMaker {
        plan: &plan,
        wording: &wording,
        typesetter: &typesetter,
        passphrase: passphrase.as_deref(),
        docx: *docx,
    };

    // What the batch keeps of each letter, in print order.
    let mut records: Vec<Made<'_>> = Vec::with_capacity(orders.letters.len());
    let mut notes = orders.notes.clone();
    let mut print_files = 0;
    let evictor = MemoEvictor::start(Duration::from_millis(20));
    in_print_order(
        &jobs,
        *threads,
        |job| maker.make(job),
        |job, made| {
            let made = made?;
            for entry in made.entries {
                writer.add_packed(entry)?;
            }
            if made.typeset {
                print_files += 1;
            }
            records.extend(made.records);
            notes.extend(made.notes);
            timings.add(&made.timings);
            super::free_memory::return_free_memory();
            bar.inc(job.letters.len() as u64);
            Ok(())
        },
    )?;
    drop(evictor);
    super::free_memory::return_all_free_memory();
    bar.finish_and_clear();
    let clock = Instant::now();

    // The letters' records are rebuilt from their orders only now that typesetting is done
    // and its memory is free.
    let letters: Vec<LetterRecord> = records.iter().map(|(o, _, _)| o.record()).collect();
    let rows: Vec<ManifestRow<'_>> = records
        .iter()
        .zip(&letters)
        .map(|((_, check, print_file), letter)| ManifestRow {
            letter,
            check,
            print_file,
        })
        .collect();
    let checks: Vec<&LetterCheck> = records.iter().map(|(_, c, _)| c).collect();
    let summary = Summary::new(&plan, &letters, &checks, print_files, &notes);
    let summary_text = package::run_summary_text(&plan, &summary);

    // Everything else, in path order after the print files. Each entry is made and written
    // straight into the zip in turn (the CSVs row by row, never whole in memory); only the
    // workbook is made ahead, on a second thread.
    type MakeEntry<'a> = Box<dyn FnOnce(&mut dyn Write) -> anyhow::Result<()> + 'a>;
    std::thread::scope(|scope| -> anyhow::Result<()> {
        let mut rest: Vec<(String, MakeEntry<'_>)> = Vec::new();
        // What the receiving practices get: an email each, with their list attached.
        for email in compose::practice_emails(&plan) {
            let path = format!("emails/{}.eml", email.practice.ods_code);
            let plan = &plan;
            rest.push((
                path,
                Box::new(move |out| {
                    let rendered = render::email(&email)?;
                    let list =
                        package::practice_list_xlsx(plan, &email.practice.ods_code, Some(scratch))?;
                    let list_name = format!("{}-allocated-patients.xlsx", email.practice.ods_code);
                    out.write_all(&package::eml(&email, &rendered, (&list_name, &list))?)?;
                    Ok(())
                }),
            ));
        }
        // The allocation workbook takes longest; it is made on a second thread (the other core
        // is free once typesetting is done) while the emails and manifest are written.
        let workbook = scope.spawn(|| package::allocation_workbook(&plan, &letters, Some(scratch)));
        rest.push((
            "pcse/allocation.xlsx".into(),
            Box::new(move |out| {
                let bytes = workbook.join().map_err(|_| {
                    anyhow::anyhow!("the allocation workbook could not be made (internal error)")
                })??;
                out.write_all(&bytes)?;
                Ok(())
            }),
        ));
        rest.push((
            "manifest.csv".into(),
            Box::new(|out| {
                package::write_manifest_csv(&rows, out)?;
                Ok(())
            }),
        ));
        rest.push((
            "plan.csv".into(),
            Box::new(|out| {
                package::write_plan_csv(&plan, out)?;
                Ok(())
            }),
        ));
        let text = summary_text.clone();
        rest.push((
            "summary.txt".into(),
            Box::new(move |out| Ok(out.write_all(text.as_bytes())?)),
        ));
        rest.push((
            "summary.json".into(),
            Box::new(|out| Ok(serde_json::to_writer_pretty(out, &summary)?)),
        ));
        rest.sort_by(|a, b| a.0.cmp(&b.0));
        for (path, make) in rest {
            writer.add_streamed(&path, make)?;
        }
        Ok(())
    })?;
    let path = writer.finish()?;
    timings.package += clock.elapsed();

    let ineligible_standard = records
        .iter()
        .filter(|(o, c, _)| o.format == LetterFormat::Standard && !c.eligible_50p)
        .count();
    Ok(BatchOutcome {
        zip: path,
        summary_text,
        letters: records.len(),
        letters_per_file,
        ineligible_standard,
    })
}

/// One print file to make: its name in the zip, its title, and its letters in print order.
struct PrintJob<'a> {
    name: String,
    spec: PrintFileSpec,
    letters: Vec<&'a LetterOrder<'a>>,
}

/// Groups the letters into print files: manual handling (BFPO) last, then by cohort, language
/// and format; postcode order inside a group; at most `per_file` letters a file.
fn print_jobs<'a>(
    plan: &Plan,
    orders: &'a [LetterOrder<'a>],
    per_file: usize,
) -> Vec<PrintJob<'a>> {
    let per_file = per_file.max(1);
    let mut groups: BTreeMap<Group, Vec<&LetterOrder<'a>>> = BTreeMap::new();
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
        letters.sort_by(|a, b| {
            (&a.patient.postcode, &a.letter_id).cmp(&(&b.patient.postcode, &b.letter_id))
        });
        let files = letters.len().div_ceil(per_file);
        for (k, chunk) in letters.chunks(per_file).enumerate() {
            let name = format!(
                "print/{}{}-{}-{}-{:02}.pdf",
                if manual { "manual-" } else { "" },
                cohort.code(),
                language,
                format.as_str(),
                k + 1
            );
            let spec = PrintFileSpec {
                title: format!(
                    "{} letters {} ({}, {}), print file {} of {}",
                    plan.closure.closing_practice.ods_code,
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
                letters: chunk.to_vec(),
            });
        }
    }
    jobs
}

/// Makes print files: composes, typesets, checks and packs one at a time, on any thread.
struct PrintFileMaker<'a> {
    plan: &'a Plan,
    wording: &'a Wording,
    typesetter: &'a Typesetter,
    passphrase: Option<&'a str>,
    docx: bool,
}

/// What the batch keeps of each letter while print files are made: its order, its check, and
/// the print file it is in (shared by that file's letters).
type Made<'a> = (&'a LetterOrder<'a>, LetterCheck, Arc<str>);

/// A print file made: its zip entries (the PDF, and Word letters if asked for), what the batch
/// keeps of each letter, and notes on letters that could not be made.
struct MadePrintFile<'a> {
    entries: Vec<PackedEntry>,
    typeset: bool,
    records: Vec<Made<'a>>,
    notes: Vec<String>,
    timings: Timings,
}

impl PrintFileMaker<'_> {
    fn make<'o>(&self, job: &PrintJob<'o>) -> anyhow::Result<MadePrintFile<'o>> {
        let mut timings = Timings::default();
        let mut records = Vec::new();
        let mut notes = Vec::new();
        let mut entries = Vec::new();

        let clock = Instant::now();
        let mut letters = Vec::with_capacity(job.letters.len());
        let mut ordered: Vec<&'o LetterOrder<'o>> = Vec::with_capacity(job.letters.len());
        let mut failed: Vec<(Letter, String)> = Vec::new();
        for &order in &job.letters {
            match order.compose(self.plan, self.wording) {
                Ok(letter) => {
                    letters.push(letter);
                    ordered.push(order);
                }
                Err(e) => notes.push(format!("{}: could not be worded: {e}", order.letter_id)),
            }
        }
        timings.compose = clock.elapsed();

        let clock = Instant::now();
        let borrowed: Vec<&Letter> = letters.iter().collect();
        let (file, unlaid) = render_print_file(self.typesetter, &job.spec, &borrowed);
        failed.extend(unlaid.into_iter().map(|(l, reason)| (l.clone(), reason)));
        timings.render = clock.elapsed();

        let clock = Instant::now();
        let order_of = |letter: &Letter| {
            letters
                .iter()
                .position(|l| l.letter_id == letter.letter_id)
                .map(|i| ordered[i])
        };
        for (letter, reason) in &failed {
            notes.push(format!(
                "{}: could not be laid out: {reason}",
                letter.letter_id
            ));
            if let Some(order) = order_of(letter) {
                records.push((order, unrendered(letter, reason.clone()), Arc::from("")));
            }
        }
        let typeset = file.is_some();
        let mut pdf = None;
        if let Some(file) = file {
            let print_file: Arc<str> = Arc::from(job.name.as_str());
            let laid_out = letters
                .iter()
                .filter(|l| file.letters.iter().any(|p| p.letter_id == l.letter_id));
            for (letter, placed) in laid_out.zip(&file.letters) {
                let check = check::check(
                    letter,
                    placed,
                    &file.pages,
                    self.plan.closure.letters.postage,
                );
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

/// Runs `work` on every job on `threads` threads and hands each result to `take` on this
/// thread, in job order, as soon as it and those before it are done. Workers run at most a
/// few jobs ahead of `take`, so finished work waiting to be taken stays small. Plain threads
/// with room on the stack: typst itself uses rayon inside a compile. Stops at the first error
/// from `take` (or from a job whose work panicked).
fn in_print_order<J: Sync, R: Send>(
    jobs: &[J],
    threads: usize,
    work: impl Fn(&J) -> R + Sync,
    mut take: impl FnMut(&J, R) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
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
            loop {
                let i = {
                    let mut s = lock();
                    while !s.stop && s.next < jobs.len() && s.next >= s.taken + ahead {
                        s = changed.wait(s).unwrap_or_else(|p| p.into_inner());
                    }
                    if s.stop || s.next >= jobs.len() {
                        break;
                    }
                    s.next += 1;
                    s.next - 1
                };
                let result = std::panic::catch_unwind(AssertUnwindSafe(|| work(&jobs[i])));
                lock().done.insert(i, result);
                changed.notify_all();
            }
        };
        let mut started = 0;
        for _ in 0..threads.clamp(1, jobs.len().max(1)) {
            let spawned = std::thread::Builder::new()
                .stack_size(64 * 1024 * 1024)
                .spawn_scoped(scope, worker);
            started += usize::from(spawned.is_ok());
        }
        let outcome = (|| {
            for (i, job) in jobs.iter().enumerate() {
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
                        s = changed.wait(s).unwrap_or_else(|p| p.into_inner());
                    }
                };
                changed.notify_all();
                match result {
                    Ok(r) => take(job, r)?,
                    Err(_) => bail!(
                        "print file {} of {} could not be made (internal error)",
                        i + 1,
                        jobs.len()
                    ),
                }
            }
            Ok(())
        })();
        lock().stop = true;
        changed.notify_all();
        outcome
    })
}

/// Typesets one print file. If the whole file fails, each letter is tried alone so one bad
/// letter cannot stop the others; the failures are returned with their reasons.
fn render_print_file<'a>(
    typesetter: &Typesetter,
    spec: &PrintFileSpec,
    letters: &[&'a Letter],
) -> (Option<render::PrintFile>, Vec<(&'a Letter, String)>) {
    match render::print_file(typesetter, spec, letters) {
        Ok(file) => (Some(file), Vec::new()),
        Err(_) => {
            let mut good = Vec::new();
            let mut failed = Vec::new();
            for letter in letters {
                match render::print_file(typesetter, spec, &[letter]) {
                    Ok(_) => good.push(*letter),
                    Err(e) => failed.push((*letter, e.to_string())),
                }
            }
            if good.is_empty() {
                return (None, failed);
            }
            match render::print_file(typesetter, spec, &good) {
                Ok(file) => (Some(file), failed),
                Err(e) => {
                    failed.extend(good.into_iter().map(|l| (l, e.to_string())));
                    (None, failed)
                }
            }
        }
    }
}

fn unrendered(letter: &Letter, reason: String) -> LetterCheck {
    LetterCheck {
        letter_id: letter.letter_id.clone(),
        first_page: 0,
        pages: 0,
        sheets: 0,
        a4: false,
        black_and_white: false,
        address_in_window: false,
        eligible_50p: false,
        failures: vec![format!("could not be laid out: {reason}")],
    }
}

/// `dispersal letter`: one patient's letter on request, in a chosen language and format.
pub fn letter(
    inputs: &Inputs,
    nhs_number: &str,
    lang: Option<&str>,
    format: super::OutputFormat,
    large_print: bool,
    out: &Path,
) -> anyhow::Result<u8> {
    let plan = plan::plan(inputs);
    let wording = Wording::load()?;
    let entry = pick(&plan, None, Some(nhs_number))?;
    let Some(patient) = &entry.patient else {
        bail!("that patient's row was rejected; see plan.csv")
    };
    let available = || {
        wording
            .locales()
            .map(|l| format!("{} ({})", l.tag, l.english_name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let locale = match lang {
        Some(tag) => match wording.resolve(tag) {
            (locale, true) => locale,
            (_, false) => bail!(
                "no letters in language {tag:?}\nhint: available languages: {}",
                available()
            ),
        },
        None => wording.resolve(&patient.language).0,
    };
    let letter_format = if large_print {
        LetterFormat::LargePrint
    } else {
        patient.format
    };
    let letter = compose::compose_letter(&plan, entry, patient, locale, letter_format, &wording)?;
    let spec = PrintFileSpec {
        title: format!("Letter {}", letter.letter_id),
        author: plan.closure.commissioner.name.clone(),
        language: letter.language.clone(),
        date: plan.closure.letters.date,
    };
    let typesetter = Typesetter::new();
    let bytes = match format {
        super::OutputFormat::Pdf => {
            let file = render::print_file(&typesetter, &spec, &[&letter])?;
            let check = file.letters.first().map(|placed| {
                check::check(&letter, placed, &file.pages, plan.closure.letters.postage)
            });
            if let Some(check) = check.filter(|c| !c.failures.is_empty()) {
                eprintln!(
                    "warning: {}: {}",
                    letter.letter_id,
                    check.failures.join("; ")
                );
            }
            file.pdf
        }
        super::OutputFormat::Png => render::preview_png(&typesetter, &spec, &letter, 150.0)?,
        super::OutputFormat::Docx => render::docx(&letter)?,
    };
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("{}: cannot create the folder", parent.display()))?;
    }
    std::fs::write(out, bytes).with_context(|| format!("{}: cannot write", out.display()))?;
    println!(
        "letter {} ({}, {}, {}, translation {})",
        letter.letter_id,
        letter.cohort.code(),
        letter.language,
        letter.format.as_str(),
        letter.translation_status
    );
    println!("{}", out.display());
    Ok(EXIT_OK)
}

/// `dispersal preview`: one letter as a PNG.
pub fn preview(
    inputs: &Inputs,
    cohort: Option<&str>,
    nhs_number: Option<&str>,
    out: &Path,
) -> anyhow::Result<u8> {
    let plan = plan::plan(inputs);
    let wording = Wording::load()?;
    let entry = pick(&plan, cohort, nhs_number)?;
    let Some(patient) = &entry.patient else {
        bail!("that patient's row was rejected; see plan.csv")
    };
    let (locale, _) = wording.resolve(&patient.language);
    let letter = compose::compose_letter(&plan, entry, patient, locale, patient.format, &wording)?;
    let spec = PrintFileSpec {
        title: format!("Preview of letter {}", letter.letter_id),
        author: plan.closure.commissioner.name.clone(),
        language: letter.language.clone(),
        date: plan.closure.letters.date,
    };
    let png = render::preview_png(&Typesetter::new(), &spec, &letter, 150.0)?;
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("{}: cannot create the folder", parent.display()))?;
    }
    std::fs::write(out, png).with_context(|| format!("{}: cannot write", out.display()))?;
    println!("letter {} ({})", letter.letter_id, letter.cohort.code());
    println!("{}", out.display());
    Ok(EXIT_OK)
}

fn pick<'p>(
    plan: &'p Plan,
    cohort: Option<&str>,
    nhs_number: Option<&str>,
) -> anyhow::Result<&'p plan::PlanEntry> {
    if let Some(n) = nhs_number {
        let digits: String = n.chars().filter(|c| c.is_ascii_digit()).collect();
        let entry = plan
            .entries
            .iter()
            .find(|e| e.patient.as_ref().is_some_and(|p| p.nhs_number.0 == digits))
            .with_context(|| {
                format!(
                    "no patient with NHS number {} in the patient list\nhint: {} patients have letters; plan.csv (dispersal plan) lists every NHS number and cohort",
                    crate::model::NhsNumber(digits.clone()).masked(),
                    plan.entries.iter().filter(|e| e.gets_letter()).count()
                )
            })?;
        if !entry.gets_letter() {
            bail!(
                "that patient gets no letter (cohort {}: {})",
                entry.cohort.code(),
                entry.reason
            );
        }
        return Ok(entry);
    }
    let wanted = cohort.unwrap_or("2a").to_lowercase();
    plan.entries
        .iter()
        .find(|e| e.gets_letter() && e.cohort.code() == wanted)
        .with_context(|| {
            format!("no letter in cohort {wanted:?} (cohorts with letters: 2a, 2b, 2c)")
        })
}
