//! Batch engine: the ledger for audit — its whole record as a workbook, and every zip it
//! names hashed again to say whether it is still the one that was sent.

use std::path::{Path, PathBuf};

use super::BatchError;
use super::record::file_sha256;
use crate::ledger::Ledger;
use crate::package;

/// What became of one recorded zip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZipState {
    /// Found, with the SHA-256 recorded.
    Matches,
    /// Found, but its bytes are not those recorded.
    Differs,
    /// Not where it was written.
    Missing,
}

/// One run's zip (or re-issued letter file) checked again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ZipCheck {
    pub run_id: i64,
    pub kind: String,
    pub path: PathBuf,
    pub state: ZipState,
}

/// Writes the ledger's whole record to `out` as a workbook (one sheet per table).
pub fn export_ledger(ledger: &Path, out: &Path, now: &super::Now) -> Result<usize, BatchError> {
    let ledger = Ledger::open_existing(ledger)?;
    let sheets = ledger.dump()?;
    let rows = sheets.iter().map(|s| s.rows.len()).sum();
    let bytes = package::audit_workbook(&sheets, now.today())?;
    // Readable by its owner only, as the ledger is: it holds the same patient data.
    crate::private_files::create(out)
        .and_then(|mut f| std::io::Write::write_all(&mut f, &bytes))
        .map_err(|source| BatchError::File {
            path: out.to_path_buf(),
            what: "cannot write",
            source,
        })?;
    Ok(rows)
}

/// Hashes every zip the ledger names, where it was written.
pub fn verify_ledger(ledger: &Path) -> Result<Vec<ZipCheck>, BatchError> {
    let ledger = Ledger::open_existing(ledger)?;
    Ok(ledger
        .zips()?
        .into_iter()
        .map(|(run_id, kind, path, sha256)| {
            let path = PathBuf::from(path);
            let state = match file_sha256(&path) {
                Ok(actual) if actual == sha256 => ZipState::Matches,
                Ok(_) => ZipState::Differs,
                Err(_) => ZipState::Missing,
            };
            ZipCheck {
                run_id,
                kind,
                path,
                state,
            }
        })
        .collect())
}
