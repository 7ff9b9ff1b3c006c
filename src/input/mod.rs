//! Input stage: read and validate the closure, its patient list and its practices.
//!
//! [`read`] reads `closure.toml`, then the practices and patients files it names (CSV or
//! spreadsheet), and an optional postcode positions file ([`postcodes`]). A problem that stops the run is an
//! [`InputError`]; a bad row is a [`crate::model::Problem`] in the returned
//! [`Inputs`], and the good rows go on.

mod address;
mod capacity_replies;
mod closure;
mod closure_form;
pub mod closure_keys;
pub mod column_choice;
mod date;
mod epraccur;
pub mod headers;
mod input_error;
pub mod languages;
mod limits;
mod locales;
mod mobile;
pub mod needs;
mod nhs_number;
mod patients;
mod postcode;
mod postcodes;
pub mod postcodes_kept;
mod practice_details;
mod practices;
mod table;
mod title_case;

use std::collections::HashSet;
use std::path::Path;

pub use capacity_replies::{REPLY_COLUMNS, REPLY_FORM, Replies, apply_capacity_replies};
pub use closure::MOST_CLOSING_PRACTICES;
pub use closure_form::{
    AlsoClosing, ClosureForm, FORM_FIELDS, FieldProblem, FormField, InputFiles,
};
pub use closure_keys::{CLOSURE_KEYS, ClosureKey, FieldKind};
pub use date::parse_date;
pub use input_error::InputError;
pub use limits::Limits;
pub use locales::{REVIEW_COLUMNS, read_locales, read_review};
pub use mobile::parse_uk_mobile;
pub use nhs_number::parse_nhs_number;
pub use postcode::parse_postcode;
pub use postcodes::grid::on_grid;

use crate::model::{Closure, InputSource, Inputs};

/// Where the input stage gets file bytes from (disk in the CLI, embedded sample data in
/// `--sample`).
pub trait Files {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>>;

    /// [`Files::read`], stopping after `limit + 1` bytes: a longer result means the file is
    /// bigger than `limit`, and the rest was not read.
    fn read_at_most(&self, path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
        let _ = limit;
        self.read(path)
    }

    /// The file as a stream, for a file too big to hold (the postcode lookup).
    fn open(&self, path: &Path) -> std::io::Result<Box<dyn std::io::Read + '_>> {
        Ok(Box::new(std::io::Cursor::new(self.read(path)?)))
    }

    /// The file for reading anywhere in it, not held: a zip (OS Code-Point Open), whose
    /// directory is at its end.
    fn open_seekable(&self, path: &Path) -> std::io::Result<Box<dyn ReadSeek + '_>> {
        Ok(Box::new(std::io::Cursor::new(self.read(path)?)))
    }
}

/// A file that can be read anywhere in it ([`Files::open_seekable`]).
pub trait ReadSeek: std::io::Read + std::io::Seek {}

impl<T: std::io::Read + std::io::Seek> ReadSeek for T {}

/// [`Files`] on the real filesystem.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiskFiles;

impl Files for DiskFiles {
    fn read(&self, path: &Path) -> std::io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn read_at_most(&self, path: &Path, limit: u64) -> std::io::Result<Vec<u8>> {
        use std::io::Read;
        let file = std::fs::File::open(path)?;
        let mut bytes = Vec::new();
        file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    fn open(&self, path: &Path) -> std::io::Result<Box<dyn std::io::Read + '_>> {
        Ok(Box::new(std::io::BufReader::new(std::fs::File::open(
            path,
        )?)))
    }

    fn open_seekable(&self, path: &Path) -> std::io::Result<Box<dyn ReadSeek + '_>> {
        Ok(Box::new(std::io::BufReader::new(std::fs::File::open(
            path,
        )?)))
    }
}

/// Reads the text of a `closure.toml` alone (one uploaded to the web page); `path` names it
/// in errors, and the input files it names are resolved from its folder.
pub fn read_closure_text(path: &Path, text: &str) -> Result<Closure, InputError> {
    closure::parse_closure(path, text)
}

/// Read everything for one closure.
///
/// Fatal problems (a missing or unreadable file, bad TOML, an unknown, missing or wrongly typed
/// key, a patients or practices file without a required column, a file that is not text we can
/// decode) give `Err`. Bad rows give `Ok`, with them in `rejected_patients` and `warnings`.
pub fn read(
    closure_path: &Path,
    files: &dyn Files,
    postcode_lookup: Option<&Path>,
) -> Result<Inputs, InputError> {
    read_with_limits(closure_path, files, postcode_lookup, &Limits::default())
}

/// [`read`], with the locales from `locales` (`--locales`) instead of closure.toml's
/// `[letters] locales`.
pub fn read_with_locales(
    closure_path: &Path,
    files: &dyn Files,
    postcode_lookup: Option<&Path>,
    locales: Option<&Path>,
) -> Result<Inputs, InputError> {
    read_all(
        closure_path,
        files,
        postcode_lookup,
        &Limits::default(),
        locales,
    )
}

/// [`read`] within other limits than the real ones (tests use lower ones).
pub fn read_with_limits(
    closure_path: &Path,
    files: &dyn Files,
    postcode_lookup: Option<&Path>,
    limits: &Limits,
) -> Result<Inputs, InputError> {
    read_all(closure_path, files, postcode_lookup, limits, None)
}

fn read_all(
    closure_path: &Path,
    files: &dyn Files,
    postcode_lookup: Option<&Path>,
    limits: &Limits,
    locales: Option<&Path>,
) -> Result<Inputs, InputError> {
    let bytes = read_limited(
        files,
        closure_path,
        "check the path to closure.toml",
        limits.closure_bytes,
    )?;
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).map_err(
        |_| InputError::NotText {
            file: closure_path.display().to_string(),
            reason: "the file is not UTF-8 text".to_string(),
            hint: "save closure.toml as UTF-8 (in Notepad: File > Save As > Encoding: UTF-8)"
                .to_string(),
        },
    )?;
    let mut sources = vec![source("closure", closure_path, &bytes, 0)];
    let mut closure = closure::parse_closure(closure_path, text)?;
    if let Some(dir) = locales {
        closure.letters.locales = Some(dir.to_path_buf());
    }
    let locales = match &closure.letters.locales {
        Some(dir) => read_locales(dir, files)?,
        None => Vec::new(),
    };

    let hint =
        "the path is relative to the folder holding closure.toml; check [inputs] in closure.toml";
    let practices_path = closure.inputs.practices.clone();
    let bytes = read_limited(files, &practices_path, hint, limits.file_bytes)?;
    let practices_sha256 = sha256_hex(&bytes);
    let mut practices = if epraccur::is_epraccur(&bytes) {
        epraccur::read_epraccur(&practices_path, bytes, &closure, limits)?
    } else {
        let table = table::read_table(
            &practices_path,
            bytes,
            practices::REQUIRED,
            limits,
            (limits.practice_rows, "practices"),
        )?;
        practices::read_practices(&practices_path, table)?
    };
    sources.push(InputSource {
        role: "practices",
        path: practices_path.clone(),
        sha256: practices_sha256,
        rows: practices.practices.len(),
    });
    if let Some(details_path) = closure.inputs.practice_details.clone() {
        let bytes = read_limited(files, &details_path, hint, limits.file_bytes)?;
        let details_sha256 = sha256_hex(&bytes);
        let table = table::read_table(
            &details_path,
            bytes,
            practice_details::REQUIRED,
            limits,
            (limits.practice_rows, "practice details"),
        )?;
        practice_details::overlay_details(&details_path, table, &mut practices)?;
        sources.push(InputSource {
            role: "practice details",
            path: details_path,
            sha256: details_sha256,
            rows: practices.practices.len(),
        });
    }
    practices::closing_never_receive(&mut practices, &practices_path, &closure);

    let mut patients = patients::PatientsRead::default();
    for (closing, practice) in closure.closing_practices.iter().enumerate() {
        let patients_path = &practice.patients;
        let hint = if closure.several() {
            "the path is relative to the folder holding closure.toml; check patients in each [[closing_practice]]"
        } else {
            hint
        };
        let bytes = read_limited(files, patients_path, hint, limits.file_bytes)?;
        let patients_sha256 = sha256_hex(&bytes);
        let table = table::read_table(
            patients_path,
            bytes,
            patients::REQUIRED,
            limits,
            (limits.patient_rows, "patients"),
        )?;
        let (valid, rejected) = (patients.patients.len(), patients.rejected.len());
        patients::read_patients(
            patients_path,
            table,
            &closure,
            closing,
            &practices,
            &mut patients,
        )?;
        sources.push(InputSource {
            role: "patients",
            path: patients_path.clone(),
            sha256: patients_sha256,
            rows: patients.patients.len() - valid + patients.rejected.len() - rejected,
        });
    }
    patients::reject_across_lists(&mut patients);

    let mut warnings = practices.warnings;
    warnings.append(patients.warnings);
    // `--postcode-lookup` wins over `[inputs] postcodes`.
    let lookup = match (postcode_lookup, &closure.inputs.postcodes) {
        (Some(path), _) => Some((path, "check the --postcode-lookup path")),
        (None, Some(path)) => Some((
            path.as_path(),
            "the path is relative to the folder holding closure.toml; check postcodes in [inputs]",
        )),
        (None, None) => None,
    };
    let lookup = match lookup {
        Some((path, hint)) => {
            let needed = needed_postcodes(&patients.patients, &practices.practices);
            let (lookup, problems) = postcodes::read_postcodes(path, files, &needed, limits, hint)?;
            warnings.extend(problems);
            Some(lookup)
        }
        None => None,
    };
    // A practice's own latitude and longitude, put on the grid once here when the postcodes
    // are, rather than for every patient it is measured from.
    let mut practices = practices.practices;
    if lookup.as_ref().is_some_and(|l| l.format.on_grid()) {
        for practice in &mut practices {
            practice.location = practice.location.map(on_grid);
        }
    }

    Ok(Inputs {
        closure,
        patients: patients.patients,
        rejected_patients: patients.rejected,
        rejections: patients.rejections,
        practices,
        warnings,
        postcode_lookup: lookup,
        locales,
        sources,
    })
}

/// The postcodes a closure's positions are needed for: its patients' and its practices'
/// (normalised, `SE15 2AB`).
fn needed_postcodes(
    patients: &crate::model::Patients,
    practices: &[crate::model::Practice],
) -> HashSet<compact_str::CompactString> {
    patients
        .packed()
        .iter()
        .map(|p| p.postcode().text)
        .chain(practices.iter().map(|p| p.postcode.text.clone()))
        .collect()
}

/// A file's SHA-256 as lower-case hex.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn source(role: &'static str, path: &Path, bytes: &[u8], rows: usize) -> InputSource {
    InputSource {
        role,
        path: path.to_path_buf(),
        sha256: sha256_hex(bytes),
        rows,
    }
}

/// A file read no further than its limit, or refused.
/// Which list a file is, for [`scan_table`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Patients,
    Practices,
    /// The practice details file (`[inputs] practice_details`).
    PracticeDetails,
    /// A capacity survey reply form.
    Reply,
}

/// Reads every row of one patients, practices or reply file as the readers do, within the
/// limits, and keeps nothing; how many rows it has, or why it cannot be read. The web page
/// runs this in a child process of its own before it reads an uploaded file itself (see
/// `dispersal serve`), so that a file no reader can hold costs a child, never the server.
pub fn scan_table(path: &Path, kind: TableKind) -> Result<usize, InputError> {
    let limits = Limits::default();
    let (required, rows) = match kind {
        TableKind::Patients => (patients::REQUIRED, (limits.patient_rows, "patients")),
        TableKind::Practices => (practices::REQUIRED, (limits.practice_rows, "practices")),
        TableKind::PracticeDetails => (
            practice_details::REQUIRED,
            (limits.practice_rows, "practice details"),
        ),
        TableKind::Reply => (
            capacity_replies::REPLY_COLUMNS,
            (capacity_replies::REPLY_ROWS, "capacity reply"),
        ),
    };
    let bytes = read_limited(&DiskFiles, path, "check the file", limits.file_bytes)?;
    if kind == TableKind::Practices && epraccur::is_epraccur(&bytes) {
        return epraccur::count_rows(path, bytes, &limits);
    }
    let mut table = table::read_table(path, bytes, required, &limits, rows)?;
    let mut count = 0;
    for row in table.rows() {
        row?;
        count += 1;
    }
    Ok(count)
}

fn read_limited(
    files: &dyn Files,
    path: &Path,
    hint: &str,
    limit: u64,
) -> Result<Vec<u8>, InputError> {
    let bytes = files
        .read_at_most(path, limit)
        .map_err(|source| InputError::Read {
            file: path.display().to_string(),
            source,
            hint: hint.to_string(),
        })?;
    limits::within_file_size(path, bytes, limit)
}
