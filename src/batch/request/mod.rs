//! Batch engine: requests — the rules the CLI and the web page share when they turn what an
//! officer asked for into a call of the engine. Each rule has its home here; the CLI and the
//! page only parse, call and present.
//!
//! - here: the ledger's name, the passphrase's length, the threads a batch uses, the ledger's
//!   kind for a re-issued letter, and whether the batches were encrypted;
//! - `closure_source.rs`: which closure, read with its survey replies (`sample.rs`: the
//!   bundled sample);
//! - `notice_request.rs`: letter 1 or 2 by its number, and its date;
//! - `survey_request.rs`: the capacity survey's dates;
//! - `request_error.rs`: why a request could not be done, as fields.

mod closure_source;
mod notice_request;
mod request_error;
pub mod sample;
mod survey_request;

use std::path::{Path, PathBuf};

pub use closure_source::{ClosureRead, ClosureSource, RepliesRead, read_closure};
pub use notice_request::{NoticeRequest, notice, notice_letter};
pub use request_error::{ErrorKind, RequestError};
pub use survey_request::{SurveyRequest, make_survey, survey_made};

use crate::ledger::Ledger;
use crate::model::Inputs;

use super::{LetterFile, LetterRequest, LetterSaving, MadeLetter};

/// The ledger's name beside a closure's `closure.toml` (in the web page's workspace, in the
/// closure's folder), when none is given.
pub const LEDGER_FILE: &str = "dispersal.sqlite";

/// The fewest characters a zip's passphrase may have.
pub const PASSPHRASE_MIN_CHARS: usize = 12;

/// Why a passphrase cannot be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PassphraseProblem {
    /// Fewer than [`PASSPHRASE_MIN_CHARS`] characters.
    TooShort,
    /// The passphrase and its repetition differ.
    Differs,
}

/// Checks a passphrase, and its repetition when it was asked for twice.
pub fn check_passphrase(passphrase: &str, again: Option<&str>) -> Result<(), PassphraseProblem> {
    if passphrase.chars().count() < PASSPHRASE_MIN_CHARS {
        return Err(PassphraseProblem::TooShort);
    }
    if again.is_some_and(|again| again != passphrase) {
        return Err(PassphraseProblem::Differs);
    }
    Ok(())
}

/// The threads a batch typesets on when none are asked for: one per core.
pub fn default_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// The format the ledger records for a letter re-issued as `file`: `docx` or `png`, or for a
/// PDF its print format (`standard`, `large-print`).
pub fn reissue_kind(file: LetterFile, made: &MadeLetter) -> &'static str {
    match file {
        LetterFile::Docx => "docx",
        LetterFile::Png => "png",
        LetterFile::Pdf => made.letter.format.as_str(),
    }
}

/// Writes the letter `request` asked for to `path` (with a passphrase, encrypted in a zip),
/// and records a re-issue in the request's ledger ([`crate::batch::save_letter`]). Returns the
/// file written.
pub fn save_letter(
    inputs: &Inputs,
    made: &MadeLetter,
    request: &LetterRequest,
    path: &Path,
    passphrase: Option<&str>,
    now: &super::Now,
) -> Result<PathBuf, RequestError> {
    let saving = LetterSaving {
        path,
        passphrase,
        ledger: request.ledger.as_deref(),
        kind: reissue_kind(request.file, made),
    };
    Ok(super::save_letter(inputs, made, &saving, now)?)
}

/// Whether the dispersal's batches were encrypted ([`crate::batch::batches_encrypted`]): its
/// reallocations and letters made again then need a passphrase.
pub fn batches_encrypted(ledger: &Path, inputs: &Inputs) -> Result<bool, RequestError> {
    Ok(super::batches_encrypted_at(ledger, &inputs.closure)?)
}

/// The ledger at `path`, opened; `None` when there is none yet (nothing has been sent).
pub fn open_ledger(path: &Path) -> Result<Option<Ledger>, RequestError> {
    if !path.exists() {
        return Ok(None);
    }
    Ok(Some(Ledger::open(path)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_passphrase_has_twelve_characters_and_is_the_same_twice() {
        assert_eq!(
            check_passphrase("eleven char", None),
            Err(PassphraseProblem::TooShort)
        );
        assert_eq!(check_passphrase("twelve chars", None), Ok(()));
        assert_eq!(
            check_passphrase("twelve chars", Some("twelve charz")),
            Err(PassphraseProblem::Differs)
        );
        assert_eq!(
            check_passphrase("twelve chars", Some("twelve chars")),
            Ok(())
        );
    }

    #[test]
    fn letters_1_and_2_are_the_notices() {
        use crate::plan::Cohort;
        assert_eq!(notice_letter(1), Some(Cohort::Notice1));
        assert_eq!(notice_letter(2), Some(Cohort::Notice2));
        assert_eq!(notice_letter(3), None);
    }
}
