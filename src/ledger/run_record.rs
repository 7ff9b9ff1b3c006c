//! The ledger (an edge): what a run records — the closure, its input files, the plan's
//! decision for each row, each letter sent, the zip, who and when.

use serde::Serialize;

use super::LedgerError;

/// The closure a run was for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClosureFacts {
    pub ods_code: String,
    pub name: String,
    /// `2026-09-30`.
    pub closure_date: String,
    pub letter_date: String,
}

/// One input file of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputFacts {
    /// `closure`, `patients`, `practices`.
    pub role: String,
    pub path: String,
    pub sha256: String,
    /// Data rows read (patients: valid and rejected).
    pub rows: usize,
}

/// What the plan decided for one patient row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanFacts {
    /// The closing practice whose list the row is on.
    pub closing_ods: String,
    pub row: usize,
    pub nhs_number: String,
    /// `2a`, `2b`, `2c`, or the code of a cohort without a letter.
    pub cohort: String,
    pub reason: String,
    pub receiving_ods: Option<String>,
    pub receiving_name: Option<String>,
    pub proximity: Option<String>,
}

/// One letter sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetterFacts {
    pub letter_id: String,
    /// The closing practice whose list the patient is on.
    pub closing_ods: String,
    pub nhs_number: String,
    pub cohort: String,
    pub language: String,
    /// `standard` or `large-print`; `docx` for a Word letter on request.
    pub format: String,
    pub receiving_ods: Option<String>,
    pub receiving_name: Option<String>,
    pub translation_status: String,
    /// SHA-256 (first 16 hex digits) of the layouts and the locale's wording used.
    pub wording_fingerprint: String,
    pub pages: usize,
    pub eligible_50p: bool,
    /// Its print file in the zip, that file's SHA-256, and the letter's first page in it.
    pub print_file: String,
    pub print_file_sha256: String,
    pub first_page: usize,
}

/// Everything a run records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunRecord {
    /// `batch`, `reissue`, `reallocation`.
    pub kind: String,
    /// The closing practice the run is recorded under (the first of several).
    pub closure: ClosureFacts,
    /// The other closing practices planned with it.
    pub also: Vec<ClosureFacts>,
    pub inputs: Vec<InputFacts>,
    /// Every plan entry and every letter, when the run lists them itself; a batch leaves
    /// both empty and hands its rows to the ledger as [`RunRows`].
    pub plan: Vec<PlanFacts>,
    pub letters: Vec<LetterFacts>,
    /// The zip's file name, where it was written, and its SHA-256 (a re-issue: the letter's
    /// file).
    pub zip_name: String,
    pub zip_path: String,
    pub zip_sha256: String,
    /// Whether the zip's entries (a re-issue: the file) are encrypted with a passphrase.
    pub encrypted: bool,
    /// The operating-system user, and when (UTC, RFC 3339).
    pub os_user: String,
    pub at: String,
}

/// The user running this, for the record (no patient data).
pub fn os_user() -> String {
    if let Some(name) = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
    {
        return name;
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: getuid has no preconditions and cannot fail.
        let uid = unsafe { libc::getuid() };
        return format!("uid {uid}");
    }
    #[allow(unreachable_code)]
    "unknown".into()
}

/// A run's plan entries and letters, handed to the ledger one at a time as it records them: a
/// national batch's, made whole, would take more memory than the rest of the run (about
/// 400 MB at 500,000 patients). A [`RunRecord`] hands on its own lists; a batch makes each
/// row from its plan and letters as it goes.
pub trait RunRows {
    /// Each plan entry, in order, to `each`; the first error stops it and comes back.
    fn each_plan_entry(
        &self,
        each: &mut dyn FnMut(&PlanFacts) -> Result<(), LedgerError>,
    ) -> Result<(), LedgerError>;

    /// Each letter, in print order, to `each`; the first error stops it and comes back.
    fn each_letter(
        &self,
        each: &mut dyn FnMut(&LetterFacts) -> Result<(), LedgerError>,
    ) -> Result<(), LedgerError>;
}

impl RunRows for RunRecord {
    fn each_plan_entry(
        &self,
        each: &mut dyn FnMut(&PlanFacts) -> Result<(), LedgerError>,
    ) -> Result<(), LedgerError> {
        self.plan.iter().try_for_each(each)
    }

    fn each_letter(
        &self,
        each: &mut dyn FnMut(&LetterFacts) -> Result<(), LedgerError>,
    ) -> Result<(), LedgerError> {
        self.letters.iter().try_for_each(each)
    }
}
