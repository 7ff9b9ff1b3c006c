//! Batch engine (requests): `RequestError`, why a request could not be done, with what went
//! wrong, the file it is about and what to do as fields, for the CLI to print and the web page
//! to lay out.

use std::path::{Path, PathBuf};

use crate::input::InputError;
use crate::ledger::LedgerError;

use super::super::BatchError;

/// What a request's error is about: the page shows each kind under its own title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A file of the closure (closure.toml, a list, a reply form) cannot be used.
    Input,
    /// The ledger cannot be opened or read.
    Ledger,
    /// The engine could not make what was asked (a letter, a batch, a survey).
    Engine,
    /// The request itself cannot be done as asked (a short passphrase, a letter 3).
    Request,
    /// The officer stopped it (a batch, through its `Cancel`): nothing was made.
    Cancelled,
}

/// Why a request could not be done.
///
/// A stage's error gives its problem and its fix as fields (`InputError::problem`,
/// `InputError::fix`, the same on `BatchError`); they are carried here as
/// [`RequestError::problem`] and [`RequestError::fix`], so that no caller cuts text. It prints
/// as the stage's own error did (problem, then `hint:` lines).
#[derive(Debug)]
pub struct RequestError {
    pub kind: ErrorKind,
    /// What went wrong, one sentence in lower case, naming the file (and row, column or key).
    pub problem: String,
    /// What to do, one sentence a line, in words for the page (no flags); empty when there is
    /// nothing to do but report it. The CLI prints the stage's error, with its own words.
    pub fix: Vec<String>,
    /// The file it is about, when it is one file (the ledger, an upload).
    pub file: Option<PathBuf>,
    /// The stage's error, printed as it was.
    source: Option<Box<dyn std::error::Error + Send + Sync + 'static>>,
}

impl RequestError {
    /// An error of the request itself, or of the edge that made it.
    pub fn new(kind: ErrorKind, problem: impl Into<String>, fix: &[&str]) -> RequestError {
        RequestError {
            kind,
            problem: problem.into(),
            fix: fix.iter().map(|f| f.to_string()).collect(),
            file: None,
            source: None,
        }
    }

    /// The input stage's error this is, when it is one: a page may offer a step of its own
    /// for it (choosing a list's columns).
    pub fn input_error(&self) -> Option<&InputError> {
        self.source
            .as_deref()
            .and_then(|e| e.downcast_ref::<InputError>())
    }

    /// The same, about `file`.
    pub fn about(mut self, file: &Path) -> RequestError {
        self.file = Some(file.to_path_buf());
        self
    }

    /// A stage's error, with its problem and fix as the stage gives them.
    fn from_stage(
        kind: ErrorKind,
        problem: String,
        fix: Vec<String>,
        error: impl std::error::Error + Send + Sync + 'static,
    ) -> RequestError {
        RequestError {
            kind,
            problem,
            fix,
            file: None,
            source: Some(Box::new(error)),
        }
    }
}

impl std::fmt::Display for RequestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.source {
            Some(source) => write!(f, "{source}"),
            None => {
                write!(f, "{}", self.problem)?;
                for hint in &self.fix {
                    write!(f, "\n  hint: {hint}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for RequestError {
    /// The stage's error's own cause (the stage's error is this one's text).
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.source.as_ref().and_then(|s| s.source())
    }
}

impl From<InputError> for RequestError {
    fn from(e: InputError) -> Self {
        RequestError::from_stage(ErrorKind::Input, e.problem(), e.fix(), e)
    }
}

impl From<LedgerError> for RequestError {
    fn from(e: LedgerError) -> Self {
        let (path, fix) = match &e {
            LedgerError::NotALedger { path, .. } => (
                path.clone(),
                "it was not changed: move it out of the way, or put the closure's own ledger in its place",
            ),
            LedgerError::Damaged { path, .. } => {
                (path.clone(), "it was not changed: restore it from a backup")
            }
            LedgerError::Newer { path, .. } => (
                path.clone(),
                "it was not changed: use the newer dispersal that wrote it",
            ),
            LedgerError::File { path, .. } | LedgerError::Sql { path, .. } => (
                path.clone(),
                "check that the file can be read and written, and that the disk is not full",
            ),
        };
        let problem = match &e {
            LedgerError::NotALedger { path, why } => {
                format!("{}: not a dispersal ledger ({why})", path.display())
            }
            LedgerError::Damaged { path, why } => {
                format!("{}: the ledger is damaged ({why})", path.display())
            }
            LedgerError::Newer { path, found } => format!(
                "{}: the ledger was written by a newer dispersal (schema {found}, this one knows {})",
                path.display(),
                crate::ledger::SCHEMA_VERSION
            ),
            other => other.to_string(),
        };
        RequestError {
            kind: ErrorKind::Ledger,
            problem,
            fix: vec![fix.to_string()],
            file: Some(path),
            source: Some(Box::new(e)),
        }
    }
}

impl From<BatchError> for RequestError {
    fn from(e: BatchError) -> Self {
        match e {
            BatchError::Ledger(e) => e.into(),
            e @ BatchError::Cancelled => {
                RequestError::from_stage(ErrorKind::Cancelled, e.problem(), e.page_fix(), e)
            }
            e => RequestError::from_stage(ErrorKind::Engine, e.problem(), e.page_fix(), e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stages_hints_become_the_fix_and_it_prints_as_before() {
        let e = InputError::BadValue {
            file: "closure.toml".into(),
            key: "letters.date".into(),
            message: "not a date".into(),
            hint: "write it as 2026-11-24".into(),
        };
        let text = e.to_string();
        let e = RequestError::from(e);
        assert_eq!(e.problem, "closure.toml: key \"letters.date\": not a date");
        assert_eq!(e.fix, ["write it as 2026-11-24"]);
        assert_eq!(e.kind, ErrorKind::Input);
        assert_eq!(e.to_string(), text);
    }

    #[test]
    fn a_ledger_error_names_its_file_and_what_to_do() {
        let e = RequestError::from(BatchError::Ledger(LedgerError::Damaged {
            path: "G85999/dispersal.sqlite".into(),
            why: "file is not a database".into(),
        }));
        assert_eq!(e.kind, ErrorKind::Ledger);
        assert_eq!(
            e.file.as_deref(),
            Some(Path::new("G85999/dispersal.sqlite"))
        );
        assert_eq!(
            e.problem,
            "G85999/dispersal.sqlite: the ledger is damaged (file is not a database)"
        );
        assert_eq!(e.fix, ["it was not changed: restore it from a backup"]);
    }

    #[test]
    fn a_refused_letters_fix_is_its_field_and_it_prints_as_before() {
        let e = BatchError::request(
            "G85905 is not open to new patients",
            Some("choose an open practice".into()),
        );
        assert_eq!(
            e.to_string(),
            "G85905 is not open to new patients\nhint: choose an open practice"
        );
        let e = RequestError::from(e);
        assert_eq!(e.problem, "G85905 is not open to new patients");
        assert_eq!(e.fix, ["choose an open practice"]);
        assert_eq!(e.kind, ErrorKind::Engine);
    }
}
