//! CLI: the commands' pipelines — plan; plan → compose → render → check → package; preview.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use indicatif::{ProgressBar, ProgressStyle};

use crate::check::{self, LetterCheck};
use crate::compose::{self, Letter, Wording};
use crate::model::{Inputs, LetterFormat};
use crate::package::{self, ManifestRow, PrintBatch, Summary};
use crate::plan::{self, Cohort, Plan};
use crate::render::{self, PrintFileSpec, Typesetter};

use super::{EXIT_CHECK_FAILED, EXIT_OK};

/// Letters per print file, so PCSE's printers get manageable jobs.
pub const LETTERS_PER_PRINT_FILE: usize = 500;

/// `dispersal plan`: write DIR/plan.csv and print the summary.
pub fn plan(inputs: &Inputs, out: &Path) -> anyhow::Result<u8> {
    let plan = plan::plan(inputs);
    std::fs::create_dir_all(out)
        .with_context(|| format!("{}: cannot create the folder", out.display()))?;
    let path = out.join("plan.csv");
    std::fs::write(&path, package::plan_csv(&plan)?)
        .with_context(|| format!("{}: cannot write", path.display()))?;
    print!("{}", package::plan_summary_text(&plan));
    println!("{}", path.display());
    Ok(EXIT_OK)
}

/// The print group a letter belongs to: manual handling (BFPO) first, then cohort, language,
/// format.
type Group = (bool, Cohort, String, LetterFormat);

/// How `dispersal run` was asked to behave.
#[derive(Debug, Clone, Default)]
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
}

/// Time spent in each stage of a run (the input stage is timed by the caller).
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub plan: Duration,
    pub compose: Duration,
    pub render: Duration,
    pub check: Duration,
    pub package: Duration,
}

/// What a run produced.
#[derive(Debug, Clone)]
pub struct BatchOutcome {
    pub zip: PathBuf,
    pub summary_text: String,
    pub letters: usize,
    /// Standard-print letters not eligible for the 50p contribution.
    pub ineligible_standard: usize,
}

/// `dispersal run`: the whole job, ending with the zip's path on the last line of stdout.
pub fn run(inputs: &Inputs, out: &Path, options: &RunOptions) -> anyhow::Result<u8> {
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
pub fn make_batch(
    inputs: &Inputs,
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
    } = options;
    let clock = Instant::now();
    let plan = plan::plan(inputs);
    timings.plan = clock.elapsed();
    let clock = Instant::now();
    let wording = Wording::load()?;
    let composed = compose::compose(&plan, &wording)?;
    timings.compose = clock.elapsed();
    let clock = Instant::now();
    let typesetter = Typesetter::new();

    let bar = if *progress {
        let bar = ProgressBar::new(composed.letters.len() as u64);
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} letters ({eta} left)")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    } else {
        ProgressBar::hidden()
    };

    let mut groups: BTreeMap<Group, Vec<&Letter>> = BTreeMap::new();
    for letter in &composed.letters {
        let manual = letter.manual_handling.is_some();
        groups
            .entry((
                manual,
                letter.cohort,
                letter.language.clone(),
                letter.format,
            ))
            .or_default()
            .push(letter);
    }
    // Every print file to make, in output order.
    let mut jobs: Vec<PrintJob<'_>> = Vec::new();
    for ((manual, cohort, language, format), mut letters) in groups {
        letters.sort_by(|a, b| (&a.postcode, &a.letter_id).cmp(&(&b.postcode, &b.letter_id)));
        let files = letters.len().div_ceil(LETTERS_PER_PRINT_FILE);
        for (k, chunk) in letters.chunks(LETTERS_PER_PRINT_FILE).enumerate() {
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
    let rendered = render_jobs(&typesetter, &jobs, *threads, &bar);
    timings.render = clock.elapsed();
    let clock = Instant::now();

    let mut batch = PrintBatch::default();
    let mut manifest: Vec<(&Letter, LetterCheck, String)> = Vec::new();
    let mut notes = composed.notes.clone();
    let mut print_files = 0;
    for (job, (file, failed)) in jobs.iter().zip(rendered) {
        for (letter, reason) in failed {
            notes.push(format!(
                "{}: could not be laid out: {reason}",
                letter.letter_id
            ));
            manifest.push((letter, unrendered(letter, reason), String::new()));
        }
        if let Some(file) = file {
            let laid_out = job
                .letters
                .iter()
                .filter(|l| file.letters.iter().any(|p| p.letter_id == l.letter_id));
            for (letter, placed) in laid_out.zip(&file.letters) {
                let check = check::check(letter, placed, &file.pages, plan.closure.letters.postage);
                manifest.push((letter, check, job.name.clone()));
            }
            batch.add(job.name.clone(), file.pdf);
            print_files += 1;
        }
    }
    bar.finish_and_clear();
    timings.check = clock.elapsed();
    let clock = Instant::now();

    let rows: Vec<ManifestRow<'_>> = manifest
        .iter()
        .map(|(letter, check, print_file)| ManifestRow {
            letter,
            check,
            print_file: print_file.clone(),
        })
        .collect();
    let checks: Vec<LetterCheck> = manifest.iter().map(|(_, c, _)| c.clone()).collect();
    // The letters in print order, borrowed: their content is not copied again.
    let letters: Vec<&Letter> = manifest.iter().map(|(l, _, _)| *l).collect();
    let summary = Summary::new(&plan, &letters, &checks, print_files, &notes);
    let summary_text = package::run_summary_text(&plan, &summary);

    // What the receiving practices get: an email each, with their list attached.
    for email in compose::practice_emails(&plan) {
        let rendered = render::email(&email)?;
        let list = package::practice_list_xlsx(&plan, &email.practice.ods_code)?;
        let list_name = format!("{}-allocated-patients.xlsx", email.practice.ods_code);
        batch.add(
            format!("emails/{}.eml", email.practice.ods_code),
            package::eml(&email, &rendered, (&list_name, &list))?,
        );
    }
    if *docx {
        for letter in &letters {
            batch.add(
                format!("docx/{}.docx", letter.letter_id),
                render::docx(letter)?,
            );
        }
    }
    batch.add(
        "pcse/allocation.xlsx",
        package::allocation_workbook(&plan, &letters)?,
    );
    batch.add("manifest.csv", package::manifest_csv(&rows)?);
    batch.add("plan.csv", package::plan_csv(&plan)?);
    batch.add("summary.txt", summary_text.clone().into_bytes());
    batch.add("summary.json", serde_json::to_vec_pretty(&summary)?);
    let zip_name = format!(
        "dispersal-{}-{}.zip",
        plan.closure.closing_practice.ods_code,
        plan.closure.letters.date.format("%Y-%m-%d")
    );
    let path = package::write_zip(&batch, out, &zip_name, passphrase.as_deref())?;

    timings.package = clock.elapsed();
    let ineligible_standard = checks
        .iter()
        .zip(&letters)
        .filter(|(c, l)| l.format == LetterFormat::Standard && !c.eligible_50p)
        .count();
    Ok(BatchOutcome {
        zip: path,
        summary_text,
        letters: letters.len(),
        ineligible_standard,
    })
}

/// Typesets one print file. If the whole file fails, each letter is tried alone so one bad
/// letter cannot stop the others; the failures are returned with their reasons.
/// One print file to typeset: its name in the zip, its title, and its letters in order.
struct PrintJob<'a> {
    name: String,
    spec: PrintFileSpec,
    letters: Vec<&'a Letter>,
}

type Rendered<'a> = (Option<render::PrintFile>, Vec<(&'a Letter, String)>);

/// Typesets the print files on `threads` threads. Each thread takes the next file in turn;
/// results come back in job order, so the output is the same whatever the thread count.
/// (Plain threads with room on the stack: typst itself uses rayon inside a compile.)
fn render_jobs<'a>(
    typesetter: &Typesetter,
    jobs: &[PrintJob<'a>],
    threads: usize,
    bar: &ProgressBar,
) -> Vec<Rendered<'a>> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<Rendered<'a>>>> =
        jobs.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads.clamp(1, jobs.len().max(1)) {
            // A thread that cannot start leaves its jobs to the others, or to the loop below.
            let _ = std::thread::Builder::new()
                .stack_size(64 * 1024 * 1024)
                .spawn_scoped(scope, || {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(job) = jobs.get(i) else { break };
                        let result = render_print_file(typesetter, &job.spec, &job.letters);
                        bar.inc(job.letters.len() as u64);
                        if let Ok(mut slot) = results[i].lock() {
                            *slot = Some(result);
                        }
                    }
                });
        }
    });
    results
        .into_iter()
        .zip(jobs)
        .map(|(slot, job)| {
            slot.into_inner()
                .ok()
                .flatten()
                .unwrap_or_else(|| render_print_file(typesetter, &job.spec, &job.letters))
        })
        .collect()
}

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
                    "no patient with that NHS number in the patient list\nhint: {} patients have letters; plan.csv (dispersal plan) lists every NHS number and cohort",
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
