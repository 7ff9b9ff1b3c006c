//! Batch engine: why a batch, or one letter, could not be made ([`BatchError`]), each
//! stage's error carried whole so that callers see its fields.

use std::path::PathBuf;

use super::print_files;
use crate::compose::{self, ReviewError, WordingError};
use crate::ledger::LedgerError;
use crate::package::PackageError;
use crate::render::RenderError;

/// Why a batch (or one letter) could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BatchError {
    #[error("the run was cancelled; no print batch was written")]
    Cancelled,
    #[error("{what} could not be made (internal error)")]
    Internal { what: String },
    #[error("{}: {what}", path.display())]
    File {
        path: PathBuf,
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Wording(#[from] WordingError),
    /// A translation that fails its checks (from a locales folder or a review workbook).
    #[error(transparent)]
    Review(#[from] ReviewError),
    /// A text message that cannot be sent (too long).
    #[error(transparent)]
    TextMessage(#[from] compose::TextMessageError),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Package(#[from] PackageError),
    #[error(transparent)]
    Ledger(#[from] LedgerError),
    #[error(transparent)]
    Write(#[from] std::io::Error),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    /// A letter asked for that cannot be made: why, and what to do (in the command line's
    /// words, and in the page's where they differ).
    #[error("{problem}{}", .fix.as_deref().map(|f| format!("\nhint: {f}")).unwrap_or_default())]
    Request {
        problem: String,
        fix: Option<String>,
        /// What to do in the web page's terms, when the command line's names a flag.
        page_fix: Option<String>,
    },
}

impl BatchError {
    /// A letter asked for that cannot be made, and what to do about it if anything.
    pub fn request(problem: impl Into<String>, fix: Option<String>) -> BatchError {
        BatchError::Request {
            problem: problem.into(),
            fix,
            page_fix: None,
        }
    }

    /// The same, with what to do said once for the command line (a flag) and once for the
    /// web page (a field, a button).
    pub fn request_worded(
        problem: impl Into<String>,
        cli_fix: impl Into<String>,
        page_fix: impl Into<String>,
    ) -> BatchError {
        BatchError::Request {
            problem: problem.into(),
            fix: Some(cli_fix.into()),
            page_fix: Some(page_fix.into()),
        }
    }

    /// What is wrong, naming the file or the letter where there is one.
    pub fn problem(&self) -> String {
        match self {
            BatchError::Request { problem, .. } => problem.clone(),
            BatchError::Review(e) => e.problem(),
            BatchError::TextMessage(e) => e.problem(),
            other => other.to_string(),
        }
    }

    /// What to do about it in the web page's terms: [`BatchError::fix`], unless the page
    /// words it its own way.
    pub fn page_fix(&self) -> Vec<String> {
        match self {
            BatchError::Request {
                page_fix: Some(fix),
                ..
            } => vec![fix.clone()],
            other => other.fix(),
        }
    }

    /// What to do about it; empty when there is nothing to do but report it.
    pub fn fix(&self) -> Vec<String> {
        match self {
            BatchError::Request { fix, .. } => fix.iter().cloned().collect(),
            BatchError::Review(e) => e.fix(),
            BatchError::TextMessage(e) => e.fix(),
            _ => vec![],
        }
    }
}

impl From<print_files::MakeError> for BatchError {
    fn from(e: print_files::MakeError) -> Self {
        match e {
            print_files::MakeError::Render(e) => BatchError::Render(e),
            print_files::MakeError::Package(e) => BatchError::Package(e),
        }
    }
}
