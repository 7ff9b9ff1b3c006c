//! Package stage: write what the run produced — `plan.csv` for `dispersal plan`, and the PCSE
//! print batch (print PDFs, manifest, plan, summaries, `SHA256SUMS`) as one deterministic zip.
//! The zip is written under a temporary name and renamed only when complete.

mod csv_cell;
mod eml;
mod summary;
mod workbook;

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

pub use csv_cell::csv_cell;
pub use eml::{XLSX_MIME, eml};
pub use summary::{
    CONTRIBUTION_PENCE, FailedCheck, PracticeSummary, Summary, plan_summary_text, run_summary_text,
};
pub use workbook::{allocation_workbook, practice_list_xlsx};

use crate::check::LetterCheck;
use crate::compose::Letter;
use crate::plan::Plan;

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
    #[error("practice {ods_code}: not in the practices file")]
    UnknownPractice { ods_code: String },
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> PackageError + '_ {
    move |source| PackageError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// `plan.csv`: one row per patient row, in file order.
pub fn plan_csv(plan: &Plan) -> Result<Vec<u8>, PackageError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "row",
        "nhs_number",
        "cohort",
        "reason",
        "allocated_practice",
        "allocated_practice_name",
        "proximity",
        "household",
        "vulnerable",
        "manual_handling",
        "error",
    ])?;
    for e in &plan.entries {
        let (code, name, proximity) = match &e.allocation {
            Some(a) => (
                a.ods_code.clone(),
                plan.practice(a).name.clone(),
                a.proximity.to_string(),
            ),
            None => Default::default(),
        };
        w.write_record([
            e.row.to_string(),
            csv_cell(&e.nhs_number),
            e.cohort.code().to_string(),
            csv_cell(&e.reason),
            code,
            csv_cell(&name),
            proximity,
            e.household.clone().unwrap_or_default(),
            yes_no(e.vulnerable).into(),
            yes_no(e.manual_handling).into(),
            csv_cell(e.error.as_deref().unwrap_or("")),
        ])?;
    }
    w.into_inner()
        .map_err(|e| PackageError::Csv(e.into_error().into()))
}

fn yes_no(b: bool) -> &'static str {
    if b { "Y" } else { "N" }
}

/// One letter's row in `manifest.csv`.
#[derive(Debug, Clone, PartialEq)]
pub struct ManifestRow<'a> {
    pub letter: &'a Letter,
    pub check: &'a LetterCheck,
    pub print_file: String,
}

/// `manifest.csv`: one row per letter, in print order.
pub fn manifest_csv(rows: &[ManifestRow<'_>]) -> Result<Vec<u8>, PackageError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "letter_id",
        "nhs_number",
        "cohort",
        "language",
        "format",
        "print_file",
        "first_page",
        "pages",
        "sheets",
        "a4",
        "black_and_white",
        "address_in_window",
        "eligible_50p",
        "postcode",
        "translation_status",
        "manual_handling",
        "check_failures",
    ])?;
    for r in rows {
        let (l, c) = (r.letter, r.check);
        w.write_record([
            l.letter_id.clone(),
            l.nhs_number.to_string(),
            l.cohort.code().to_string(),
            l.language.clone(),
            l.format.as_str().to_string(),
            r.print_file.clone(),
            c.first_page.to_string(),
            c.pages.to_string(),
            c.sheets.to_string(),
            yes_no(c.a4).into(),
            yes_no(c.black_and_white).into(),
            yes_no(c.address_in_window).into(),
            yes_no(c.eligible_50p).into(),
            csv_cell(&l.postcode.text),
            l.translation_status.clone(),
            csv_cell(l.manual_handling.as_deref().unwrap_or("")),
            csv_cell(&c.failures.join("; ")),
        ])?;
    }
    w.into_inner()
        .map_err(|e| PackageError::Csv(e.into_error().into()))
}

/// The files of a print batch, by path inside the zip.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PrintBatch {
    pub entries: Vec<(String, Vec<u8>)>,
}

impl PrintBatch {
    pub fn add(&mut self, path: impl Into<String>, bytes: Vec<u8>) {
        self.entries.push((path.into(), bytes));
    }
}

/// Writes the batch as `dir/name`: entries in sorted order with fixed timestamps and
/// permissions, plus `SHA256SUMS`, so the same inputs give a byte-identical zip (with a
/// passphrase, every entry is AES-256 encrypted; random salts then differ between runs, but the
/// entries decrypt to identical bytes). Written to a temporary file in `dir` first and renamed
/// when complete.
pub fn write_zip(
    batch: &PrintBatch,
    dir: &Path,
    name: &str,
    passphrase: Option<&str>,
) -> Result<PathBuf, PackageError> {
    std::fs::create_dir_all(dir).map_err(io(dir))?;
    let bytes = zip_bytes(batch, passphrase)?;
    let final_path = dir.join(name);
    let temp_path = dir.join(format!(".{name}.{}.partial", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temp_path)?;
        file.write_all(&bytes)?;
        file.sync_all()
    })();
    if let Err(source) = written {
        let _ = std::fs::remove_file(&temp_path);
        return Err(PackageError::Io {
            path: temp_path,
            source,
        });
    }
    std::fs::rename(&temp_path, &final_path).map_err(io(&final_path))?;
    Ok(final_path)
}

/// The zip's bytes (see [`write_zip`]).
pub fn zip_bytes(batch: &PrintBatch, passphrase: Option<&str>) -> Result<Vec<u8>, PackageError> {
    let mut entries: Vec<&(String, Vec<u8>)> = batch.entries.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut sums = String::new();
    for (path, bytes) in &entries {
        sums.push_str(&format!("{}  {path}\n", hex(&Sha256::digest(bytes))));
    }
    let mut options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .unix_permissions(0o644);
    if let Some(passphrase) = passphrase {
        options = options.with_aes_encryption(zip::AesMode::Aes256, passphrase);
    }
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (path, bytes) in entries {
        zip.start_file(path.as_str(), options)?;
        zip.write_all(bytes)
            .map_err(|e| PackageError::Zip(e.into()))?;
    }
    zip.start_file("SHA256SUMS", options)?;
    zip.write_all(sums.as_bytes())
        .map_err(|e| PackageError::Zip(e.into()))?;
    Ok(zip.finish()?.into_inner())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
