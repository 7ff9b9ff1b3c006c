//! Batch engine: the one home of "patient data stays as protected as the batches were": once
//! a dispersal's batch was encrypted, every file it makes later for one patient (a
//! reallocation's zip, a letter made again) is encrypted too, with a passphrase given each
//! time. The ledger records whether each run's zip is encrypted; for a run recorded before it
//! did, the zip itself is looked at.

use std::path::Path;

use super::BatchError;
use crate::ledger::Ledger;
use crate::model::Closure;

/// Whether any batch the ledger holds for the closure's closing practices was encrypted.
pub fn batches_encrypted(ledger: &Ledger, closure: &Closure) -> Result<bool, BatchError> {
    let codes: Vec<String> = closure
        .closing_practices
        .iter()
        .map(|c| c.ods_code.clone())
        .collect();
    Ok(ledger
        .batch_zips(&codes)?
        .iter()
        .any(|(path, encrypted)| encrypted.unwrap_or_else(|| zip_is_encrypted(Path::new(path)))))
}

/// [`batches_encrypted`] for the ledger at `path`; no ledger there yet: no batch was made.
pub fn batches_encrypted_at(ledger: &Path, closure: &Closure) -> Result<bool, BatchError> {
    if !ledger.exists() {
        return Ok(false);
    }
    batches_encrypted(&Ledger::open(ledger)?, closure)
}

/// Refuses a file for one patient without a passphrase when the batches were encrypted.
pub(super) fn require_passphrase(
    batches_encrypted: bool,
    passphrase: Option<&str>,
) -> Result<(), BatchError> {
    if batches_encrypted && passphrase.is_none() {
        return Err(BatchError::request(
            "this dispersal's batches were encrypted, so this file holding a patient's details must be encrypted too",
            Some(format!(
                "give a passphrase of at least {} characters (with --encrypt)",
                super::request::PASSPHRASE_MIN_CHARS
            )),
        ));
    }
    Ok(())
}

/// Whether a zip's entries are encrypted (one that cannot be read counts as not).
fn zip_is_encrypted(path: &Path) -> bool {
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(std::io::BufReader::new(file)) else {
        return false;
    };
    (0..zip.len()).any(|i| zip.by_index_raw(i).is_ok_and(|e| e.encrypted()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_passphrase_is_refused_only_after_encrypted_batches() {
        assert!(require_passphrase(false, None).is_ok());
        assert!(require_passphrase(true, Some("four random words here")).is_ok());
        let refused = require_passphrase(true, None).unwrap_err();
        assert!(
            refused.problem().contains("encrypted"),
            "{}",
            refused.problem()
        );
    }

    #[test]
    fn a_zip_tells_whether_it_is_encrypted() {
        let dir = tempfile::tempdir().unwrap();
        for (name, passphrase) in [("plain.zip", None), ("locked.zip", Some("twelve chars!"))] {
            let mut writer =
                crate::package::BatchWriter::create(dir.path(), name, passphrase).unwrap();
            writer.add("letter.pdf", b"%PDF").unwrap();
            writer.finish().unwrap();
            assert_eq!(
                zip_is_encrypted(&dir.path().join(name)),
                passphrase.is_some(),
                "{name}"
            );
        }
        assert!(!zip_is_encrypted(&dir.path().join("none.zip")));
    }
}
