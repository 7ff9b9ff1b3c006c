//! Batch engine: one patient's letter on request (a translated or large-print copy, a look at
//! a cohort's letter before sending thousands), made by the same plan, wording, layout and
//! checks as a batch.

use crate::check::{self, LetterCheck};
use crate::compose::{self, Letter};
use crate::model::{Inputs, LetterFormat, NhsNumber};
use crate::plan::{self, Plan, PlanEntry};
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
    /// Large print whatever the patient list says.
    pub large_print: bool,
    pub file: LetterFile,
}

/// A letter made on request.
#[derive(Debug, Clone)]
pub struct MadeLetter {
    pub letter: Letter,
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// The PDF's check (only for [`LetterFile::Pdf`]).
    pub check: Option<LetterCheck>,
}

/// Plans the closure and makes the one letter `request` asks for.
pub fn letter(inputs: &Inputs, request: &LetterRequest) -> Result<MadeLetter, BatchError> {
    let wording = super::load_wording(&inputs.locales)?;
    let plan = plan::plan(inputs);
    let entry = pick(&plan, &request.who)?;
    let Some(patient) = &entry.patient else {
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
                return Err(request_error(format!(
                    "no letters in language {tag:?}\nhint: available languages: {available}"
                )));
            }
        },
        None => wording.resolve(&patient.language).0,
    };
    let format = if request.large_print {
        LetterFormat::LargePrint
    } else {
        patient.format
    };
    let letter = compose::compose_letter(&plan, entry, patient, locale, format, &wording)?;
    let spec = PrintFileSpec {
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
    };
    let typesetter = Typesetter::new();
    let (bytes, check) = match request.file {
        LetterFile::Pdf => {
            let file = render::print_file(&typesetter, &spec, &[&letter])?;
            let check = file.letters.first().map(|placed| {
                check::check(&letter, placed, &file.pages, plan.closure.letters.postage)
            });
            (file.pdf, check)
        }
        LetterFile::Png => (
            render::preview_png(&typesetter, &spec, &letter, 150.0)?,
            None,
        ),
        LetterFile::Docx => (render::docx(&letter)?, None),
    };
    Ok(MadeLetter {
        letter,
        bytes,
        check,
    })
}

fn request_error(message: String) -> BatchError {
    BatchError::Request { message }
}

/// The plan entry of the letter asked for.
fn pick<'p>(plan: &'p Plan, who: &Who) -> Result<&'p PlanEntry, BatchError> {
    match who {
        Who::NhsNumber(n) => {
            let digits: String = n.chars().filter(|c| c.is_ascii_digit()).collect();
            let entry = plan
                .entries
                .iter()
                .find(|e| e.patient.as_ref().is_some_and(|p| p.nhs_number.0 == digits))
                .ok_or_else(|| {
                    request_error(format!(
                        "no patient with NHS number {} in the patient list\nhint: {} patients have letters; plan.csv (dispersal plan) lists every NHS number and cohort",
                        NhsNumber(digits.as_str().into()).masked(),
                        plan.entries.iter().filter(|e| e.gets_letter()).count()
                    ))
                })?;
            if !entry.gets_letter() {
                return Err(request_error(format!(
                    "that patient gets no letter (cohort {}: {})",
                    entry.cohort.code(),
                    entry.reason
                )));
            }
            Ok(entry)
        }
        Who::FirstInCohort(cohort) => {
            let wanted = cohort.to_lowercase();
            plan.entries
                .iter()
                .find(|e| e.gets_letter() && e.cohort.code() == wanted)
                .ok_or_else(|| {
                    request_error(format!(
                        "no letter in cohort {wanted:?} (cohorts with letters: 2a, 2b, 2c)"
                    ))
                })
        }
    }
}
