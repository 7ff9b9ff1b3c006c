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
    /// A letter asked for that cannot be made; the message says why and what to do.
    #[error("{message}")]
    Request { message: String },
}

impl From<print_files::MakeError> for BatchError {
    fn from(e: print_files::MakeError) -> Self {
        match e {
            print_files::MakeError::Render(e) => BatchError::Render(e),
            print_files::MakeError::Package(e) => BatchError::Package(e),
        }
    }
}
