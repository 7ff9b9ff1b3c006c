//! Package stage: write what the run produced — `plan.csv` for `dispersal plan`, and the PCSE
//! print batch (print PDFs, manifest, plan, summaries, `SHA256SUMS`) as one deterministic zip,
//! streamed entry by entry under a temporary name and renamed only when complete.
//!
//! `csv_files` writes `plan.csv` and `manifest.csv`; `zip_writer` writes the batch
//! ([`BatchWriter`]), and `sweep` removes what runs killed before they finished left behind;
//! `summary`, `workbook` and `eml` make the summaries, the spreadsheets and the practices'
//! emails; `csv_cell` keeps a CSV cell from being read as a formula.

mod csv_cell;
mod csv_files;
mod eml;
mod kept;
mod summary;
mod sweep;
mod workbook;
mod zip_writer;

use std::path::{Path, PathBuf};

pub use csv_cell::csv_cell;
pub use csv_files::{
    plan_csv, survey_csv, write_manifest_csv, write_plan_csv, write_plan_csv_rows, write_sms_csv,
};
pub use eml::{XLSX_MIME, eml};
pub use kept::{BatchLetter, BatchLetters};
pub use summary::{
    CONTRIBUTION_PENCE, DistanceCount, FailedCheck, PracticeSummary, Summary, plan_summary_text,
    run_summary_text,
};
pub use sweep::{run_has_stopped, sweep_stale_temporaries, this_run_owner};
pub use workbook::{
    AuditSheet, REVIEW_HEADERS, allocation_workbook, audit_workbook, practice_list_xlsx,
    reply_form_xlsx, review_workbook, save_allocation_workbook,
};
pub use zip_writer::{BatchWriter, CompleteZip, PackedEntry, pack_entry, publish_file};

#[derive(Debug, thiserror::Error)]
pub enum PackageError {
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not build the zip: {0}")]
    Zip(#[from] zip::result::ZipError),
    #[error("could not write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("could not build the spreadsheet: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("letter {letter_id}: no patient on row {row} of the plan")]
    LetterWithoutPatient { letter_id: String, row: usize },
    #[error("the zip is incomplete: {found} of {expected} entries were written")]
    Incomplete { expected: usize, found: usize },
    #[error("the zip was already finished")]
    Finished,
    #[error("practice {ods_code}: not in the practices file")]
    UnknownPractice { ods_code: String },
}

/// An I/O error as a [`PackageError`] naming the file it was about.
pub(crate) fn io(path: &Path) -> impl FnOnce(std::io::Error) -> PackageError + '_ {
    move |source| PackageError::Io {
        path: path.to_path_buf(),
        source,
    }
}
