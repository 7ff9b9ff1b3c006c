//! Batch engine: one patient's letter on request (a translated or large-print copy, a look at
//! a cohort's letter before sending thousands), made by the same plan, wording, layout and
//! checks as a batch. A patient the ledger says was sent a letter gets that letter again —
//! its cohort, receiving practice, date and reference as sent, whatever the files say now —
//! in the language and format asked for, and the re-issue is recorded.

use std::path::{Path, PathBuf};

use crate::check::{self, LetterCheck};
use crate::compose::{self, Letter};
use crate::ledger::{Ledger, LetterFacts, RunRecord, SentLetter, os_user};
use crate::model::{InputSource, Inputs, LetterFormat, NhsNumber, count};
use crate::plan::{self, Allocation, Cohort, Plan, PlanEntry, PostcodeLevel, Proximity};
use crate::render::{self, PrintFileSpec, Typesetter};

use super::BatchError;

/// Whose letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Who {
    /// The patient with this NHS number (spaces and dashes allowed).
    NhsNumber(String),
    /// The first patient in the list with a letter of this cohort (`2a`, `2b`, `2c`).
    FirstInCohort(String),
}

/// The file to make of the letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LetterFile {
    /// A PDF, checked as a batch letter is.
    Pdf,
    /// The first page as a PNG at 150 pixels per inch.
    Png,
    /// A Word document.
    Docx,
}

/// One letter asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterRequest {
    pub who: Who,
    /// A locale tag (`pl`, `zh-Hans`); `None`: the patient's own language.
    pub language: Option<String>,
    /// The letter's format (large print, braille…) whatever the patient list says; `None`:
    /// the patient's own.
    pub letter_format: Option<LetterFormat>,
    pub file: LetterFile,
    /// The ledger to look the patient up in (a letter sent before is re-issued as sent);
    /// `None`, or no file there: the letter as the files make it now.
    pub ledger: Option<PathBuf>,
}

/// A letter made again from the ledger's record of the one sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reissue {
    /// The zip the letter was first sent in.
    pub zip_name: String,
    /// The input files that differ from those the batch read (`patients`, `practices`),
    /// by SHA-256.
    pub changed_inputs: Vec<String>,
}

/// A letter made on request.
#[derive(Debug, Clone)]
pub struct MadeLetter {
    pub letter: Letter,
    /// The file's bytes (a braille letter's: its BRF).
    pub bytes: Vec<u8>,
    /// A braille letter's print cover letter, a PDF, written beside it ([`cover_path`]).
    pub cover: Option<Vec<u8>>,
    /// The PDF's check (only for [`LetterFile::Pdf`]).
    pub check: Option<LetterCheck>,
    /// Set when the letter is a re-issue of one the ledger says was sent.
    pub reissue: Option<Reissue>,
    /// What the letter was made with (the ledger's fingerprint of layouts and wording).
    pub wording_fingerprint: String,
    /// The letter's date and receiving practice, as the letter has them.
    pub letter_date: chrono::NaiveDate,
    pub receiving_ods: Option<String>,
}

/// Plans the closure and makes the one letter `request` asks for.
pub fn letter(inputs: &Inputs, request: &LetterRequest) -> Result<MadeLetter, BatchError> {
    let wording = super::load_wording(&inputs.locales)?;
    let mut plan = plan::plan(inputs);
    let index = pick(&plan, &request.who)?;
    let sent = match (&request.ledger, &request.who) {
        (Some(path), Who::NhsNumber(_)) if path.exists() => {
            let ledger = Ledger::open(path)?;
            match ledger.last_letter(
                &plan.closing(&plan.entries[index]).ods_code,
                &plan.entries[index].nhs_number(),
            )? {
                Some(sent) => {
                    let recorded = ledger.run_inputs(sent.run_id)?;
                    Some((sent, recorded))
                }
                None => None,
            }
        }
        _ => None,
    };
    if let Some(why) = super::patient_standing::no_letter_now(&plan.entries[index]) {
        return Err(request_error(why));
    }
    let reissue = match &sent {
        Some((sent, recorded)) => {
            as_sent(&mut plan, index, sent)?;
            Some(Reissue {
                zip_name: sent.zip_name.clone(),
                changed_inputs: changed_inputs(&inputs.sources, recorded),
            })
        }
        None => {
            gets_letter_now(&plan.entries[index])?;
            None
        }
    };
    let entry = &plan.entries[index];
    let Some(patient) = &entry.patient() else {
        return Err(request_error(
            "that patient's row was rejected; see plan.csv".into(),
        ));
    };
    let locale = match &request.language {
        Some(tag) => match wording.resolve(tag) {
            (locale, true) => locale,
            (_, false) => {
                let available = wording
                    .locales()
                    .map(|l| format!("{} ({})", l.tag, l.english_name))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(BatchError::request(
                    format!("no letters in language {tag:?}"),
                    Some(format!("available languages: {available}")),
                ));
            }
        },
        None => wording.resolve(&patient.language).0,
    };
    let format = request.letter_format.unwrap_or(patient.format);
    let locale = if format.is_braille() && !compose::has_braille(locale) {
        if request.language.is_some() {
            return Err(BatchError::request(
                format!("no braille tables for language {:?} yet", locale.tag),
                Some("ask for the letter in English braille (en-GB)".into()),
            ));
        }
        wording.source()
    } else {
        locale
    };
    if format.is_braille() && request.file != LetterFile::Pdf {
        return Err(BatchError::request(
            "a braille letter is made as a braille file (BRF) with its print cover letter (a PDF), not as a picture or a Word document".to_string(),
            Some("ask for the letter as a PDF".into()),
        ));
    }
    let letter = compose::compose_letter(&plan, entry, patient, locale, format, &wording)?;
    let spec = letter_spec(&plan, &letter);
    let typesetter = Typesetter::new();
    let mut cover = None;
    let (bytes, check) = match request.file {
        LetterFile::Pdf => {
            let file = render::print_file(&typesetter, &spec, &[&letter])?;
            let mut check = file.letters.first().map(|placed| {
                check::check(&letter, placed, &file.pages, plan.closure.letters.postage)
            });
            if format.is_braille() {
                let path = format!("{}.brf", letter.letter_id);
                let brf = super::print_files::brf_checked(&letter, check.as_mut(), &path).map_err(
                    |e| request_error(format!("the letter could not be put into braille: {e}")),
                )?;
                cover = Some(file.pdf);
                (brf, check)
            } else {
                (file.pdf, check)
            }
        }
        LetterFile::Png => (
            render::preview_png(&typesetter, &spec, &letter, 150.0)?,
            None,
        ),
        LetterFile::Docx => (render::docx(&letter)?, None),
    };
    Ok(MadeLetter {
        wording_fingerprint: super::record::wording_fingerprint(&wording, &letter.language),
        receiving_ods: plan.receiving_ods(entry).map(str::to_string),
        letter_date: plan.closure.letters.date,
        letter,
        bytes,
        cover,
        check,
        reissue,
    })
}

fn request_error(problem: String) -> BatchError {
    BatchError::request(problem, None)
}

/// The PDF properties of a letter made on its own.
pub(super) fn letter_spec(plan: &Plan, letter: &Letter) -> PrintFileSpec {
    PrintFileSpec {
        // The format in the title, as a print file's has it: `dispersal check` reads it there.
        title: format!(
            "Letter {} ({}, {}, {})",
            letter.letter_id,
            letter.cohort.code(),
            letter.language,
            letter.format.as_str()
        ),
        author: plan.closure.commissioner.name.clone(),
        language: letter.language.to_string(),
        date: plan.closure.letters.date,
    }
}

/// The plan entry made into the letter as it was sent: its cohort, receiving practice,
/// reference and date from the ledger.
pub(super) fn as_sent(plan: &mut Plan, index: usize, sent: &SentLetter) -> Result<(), BatchError> {
    let cohort = [Cohort::Allocate, Cohort::NotSeen, Cohort::OutOfArea]
        .into_iter()
        .find(|c| c.code() == sent.cohort)
        .ok_or_else(|| {
            request_error(format!(
                "the ledger's letter {} has cohort {:?}, which this dispersal cannot make",
                sent.letter_id, sent.cohort
            ))
        })?;
    let allocation = match &sent.receiving_ods {
        Some(ods) => {
            let practice = plan
                .practices
                .iter()
                .position(|p| p.ods_code == *ods)
                .ok_or_else(|| {
                    BatchError::request(format!("letter {} named the receiving practice {ods}, which is not in the practices file now",
                        sent.letter_id
                    ), Some(format!("put {ods} back in the practices file to re-issue the letter as it was sent")))
                })?;
            let entry = &plan.entries[index];
            let proximity = entry
                .allocation
                .as_ref()
                .filter(|a| a.practice == practice)
                .map_or(
                    Proximity::Postcode {
                        level: PostcodeLevel::SameArea,
                    },
                    |a| a.proximity,
                );
            Some(Allocation {
                practice,
                proximity,
            })
        }
        None => None,
    };
    let date = chrono::NaiveDate::parse_from_str(&sent.letter_date, "%Y-%m-%d").map_err(|_| {
        request_error(format!(
            "the ledger's letter {} has no readable date ({:?})",
            sent.letter_id, sent.letter_date
        ))
    })?;
    plan.closure.letters.date = date;
    let entry = &mut plan.entries[index];
    entry.cohort = cohort;
    entry.allocation = allocation;
    entry.set_reference(&sent.letter_id);
    Ok(())
}

/// The roles of the input files whose SHA-256 differs from the run's record.
fn changed_inputs(now: &[InputSource], recorded: &[(String, String, String)]) -> Vec<String> {
    now.iter()
        .filter(|s| s.role != "closure")
        .filter(|s| {
            recorded
                .iter()
                .find(|(role, _, _)| role == s.role)
                .is_none_or(|(_, _, sha)| *sha != s.sha256)
        })
        .map(|s| s.role.to_string())
        .collect()
}

/// Where and how a letter made on request is kept.
#[derive(Debug, Clone, Copy)]
pub struct LetterSaving<'a> {
    /// The file to write. With a passphrase, an encrypted zip holding the letter under this
    /// file's name, written as this name with `.zip` added (unless it ends so already).
    pub path: &'a Path,
    pub passphrase: Option<&'a str>,
    /// The ledger: a re-issue is recorded there, and once the dispersal's batches were
    /// encrypted, the letter must be too ([`super::batches_encrypted`]).
    pub ledger: Option<&'a Path>,
    /// The format the ledger records for a re-issue (`request::reissue_kind`).
    pub kind: &'a str,
}

/// Where a braille letter's print cover letter is written beside its BRF at `path`:
/// `G85999-2A-00042-en-GB-braille.brf` → `G85999-2A-00042-en-GB-braille-cover.pdf`.
pub fn cover_path(path: &Path) -> PathBuf {
    let stem = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "letter".into());
    let stem = stem
        .strip_suffix(".zip")
        .unwrap_or(&stem)
        .trim_end_matches(".brf")
        .to_string();
    path.with_file_name(format!("{stem}-cover.pdf"))
}

/// Writes a letter made on request (0600), encrypted when a passphrase is given (which it must
/// be when the dispersal's batches were encrypted), and records a re-issue in the ledger.
/// Returns the file written.
pub fn save_letter(
    inputs: &Inputs,
    made: &MadeLetter,
    saving: &LetterSaving<'_>,
    now: &super::Now,
) -> Result<PathBuf, BatchError> {
    let ledger = saving.ledger.filter(|p| p.exists());
    if let Some(ledger) = ledger {
        super::encryption::require_passphrase(
            super::batches_encrypted_at(ledger, &inputs.closure)?,
            saving.passphrase,
        )?;
    }
    let path = saving.path;
    let cover = made.cover.as_ref().map(|pdf| (cover_path(path), pdf));
    let written = match saving.passphrase {
        None => {
            let write = |path: &Path, bytes: &[u8]| {
                crate::private_files::write(path, bytes).map_err(|source| BatchError::File {
                    path: path.to_path_buf(),
                    what: "cannot be written",
                    source,
                })
            };
            write(path, &made.bytes)?;
            if let Some((cover, pdf)) = &cover {
                write(cover, pdf)?;
            }
            path.to_path_buf()
        }
        Some(passphrase) => {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "letter".into());
            let (entry, zip_name) = match name.strip_suffix(".zip") {
                Some(stem) => (stem.to_string(), name.clone()),
                None => (name.clone(), format!("{name}.zip")),
            };
            let dir = path
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            let mut writer = crate::package::BatchWriter::create(dir, &zip_name, Some(passphrase))?;
            writer.add(&entry, &made.bytes)?;
            if let Some((cover, pdf)) = &cover
                && let Some(name) = cover.file_name()
            {
                writer.add(&name.to_string_lossy(), pdf)?;
            }
            writer.finish()?
        }
    };
    if let (Some(_), Some(ledger)) = (&made.reissue, ledger) {
        record_reissue(ledger, inputs, made, &written, saving, now)?;
    }
    Ok(written)
}

/// Records a re-issued letter in the ledger once its file is written: a run of kind
/// `reissue` holding the one letter, with the file's name and SHA-256 (encrypted: the zip's,
/// and the letter's own as its print file's).
fn record_reissue(
    ledger: &Path,
    inputs: &Inputs,
    made: &MadeLetter,
    file: &Path,
    saving: &LetterSaving<'_>,
    now: &super::Now,
) -> Result<(), BatchError> {
    let format = saving.kind;
    use sha2::{Digest, Sha256};
    let hex = |bytes: &[u8]| -> String {
        Sha256::digest(bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    };
    let closure = &inputs.closure;
    let letter = &made.letter;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let sha = hex(&made.bytes);
    let encrypted = saving.passphrase.is_some();
    let (print_file, file_sha) = match (encrypted, saving.path.file_name()) {
        (true, Some(entry)) => (
            entry.to_string_lossy().trim_end_matches(".zip").to_string(),
            super::record::file_sha256(file).map_err(|source| BatchError::File {
                path: file.to_path_buf(),
                what: "cannot be read",
                source,
            })?,
        ),
        _ => (name.clone(), sha.clone()),
    };
    let record = RunRecord {
        kind: "reissue".into(),
        closure: super::record::closure_facts(closure.closing(letter.closing), made.letter_date),
        also: Vec::new(),
        inputs: super::record::input_facts(&inputs.sources),
        plan: Vec::new(),
        letters: vec![LetterFacts {
            letter_id: letter.letter_id.to_string(),
            closing_ods: letter.closing_ods.to_string(),
            nhs_number: letter.nhs_number.to_string(),
            cohort: letter.cohort.code().to_string(),
            language: letter.language.to_string(),
            format: format.to_string(),
            receiving_ods: made.receiving_ods.clone(),
            receiving_name: letter.content.practice.as_ref().map(|p| p.name.clone()),
            translation_status: letter.translation_status.to_string(),
            wording_fingerprint: made.wording_fingerprint.clone(),
            pages: made.check.as_ref().map_or(0, |c| c.pages),
            eligible_50p: made.check.as_ref().is_some_and(|c| c.verdict.eligible_50p),
            print_file,
            print_file_sha256: sha,
            first_page: 1,
        }],
        zip_name: name,
        zip_path: std::fs::canonicalize(file)
            .unwrap_or_else(|_| file.to_path_buf())
            .display()
            .to_string(),
        zip_sha256: file_sha,
        encrypted,
        os_user: os_user(),
        at: now.stamp(),
    };
    Ledger::open(ledger)?.record_run(&record)?;
    Ok(())
}

/// The index of the plan entry of the letter asked for.
pub(super) fn pick(plan: &Plan, who: &Who) -> Result<usize, BatchError> {
    match who {
        Who::NhsNumber(n) => {
            let digits: String = n.chars().filter(|c| c.is_ascii_digit()).collect();
            plan.entries
                .iter()
                .position(|e| {
                    // A valid patient's entry has their NHS number as 3-3-4.
                    e.packed.is_some()
                        && e.nhs_number().chars().filter(char::is_ascii_digit).eq(digits.chars())
                })
                .ok_or_else(|| {
                    let with_letters = count(
                        plan.entries.iter().filter(|e| e.gets_letter()).count(),
                        "patient has a letter",
                        "patients have letters",
                    );
                    BatchError::request_worded(
                        format!(
                            "no patient with NHS number {} in the patient list",
                            NhsNumber(digits.as_str().into()).masked()
                        ),
                        format!(
                            "{with_letters}; plan.csv (dispersal plan) lists every NHS number and cohort"
                        ),
                        format!(
                            "{with_letters}; the plan page's search finds a patient by name, NHS number or postcode"
                        ),
                    )
                })
        }
        Who::FirstInCohort(cohort) => {
            let wanted = cohort.to_lowercase();
            plan.entries
                .iter()
                .position(|e| e.gets_letter() && e.cohort.code() == wanted)
                .ok_or_else(|| {
                    request_error(format!(
                        "no letter in cohort {wanted:?} (cohorts with letters: 2a, 2b, 2c)"
                    ))
                })
        }
    }
}

/// A patient not sent a letter before gets one only if the plan gives them one now.
fn gets_letter_now(entry: &PlanEntry) -> Result<(), BatchError> {
    if entry.gets_letter() {
        return Ok(());
    }
    Err(request_error(format!(
        "that patient gets no letter (cohort {}: {})",
        entry.cohort.code(),
        entry.reason
    )))
}
