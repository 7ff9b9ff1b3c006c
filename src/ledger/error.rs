//! The ledger (an edge): why it could not be used, each reason naming the file and what to do.

use std::path::PathBuf;

use super::SCHEMA_VERSION;

/// Why the ledger could not be used; each names the file and what to do.
#[derive(Debug, thiserror::Error)]
pub enum LedgerError {
    #[error(
        "{}: not a dispersal ledger ({why}); it was not changed. Give another file with --ledger, or move this one away",
        path.display()
    )]
    NotALedger { path: PathBuf, why: String },
    #[error(
        "{}: the ledger is damaged ({why}); it was not changed. Restore it from a backup, or give another file with --ledger",
        path.display()
    )]
    Damaged { path: PathBuf, why: String },
    #[error(
        "{}: the ledger was written by a newer dispersal (schema {found}, this one knows {SCHEMA_VERSION}); it was not changed. Use the newer dispersal",
        path.display()
    )]
    Newer { path: PathBuf, found: i64 },
    #[error("{}: {what}: {source}", path.display())]
    File {
        path: PathBuf,
        what: &'static str,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: {what}: {source}", path.display())]
    Sql {
        path: PathBuf,
        what: &'static str,
        #[source]
        source: rusqlite::Error,
    },
}
