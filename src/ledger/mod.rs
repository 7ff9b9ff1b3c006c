//! The ledger: what was sent, kept in an SQLite file beside `closure.toml` (an edge, like the
//! file system: it takes and returns plain data). A run's record is written in one
//! transaction after its zip is complete, so a run stopped at any moment leaves the ledger as
//! it was; `history` answers what one patient was sent.
//!
//! The file holds patient-identifiable data (NHS numbers): it is created readable by its
//! owner only (0600, in a 0700 folder when the folder is new). A file that is not a ledger,
//! is damaged, or comes from a newer version of dispersal is refused and never changed.
//!
//! `open.rs` opens the file and checks it and its schema (`schema.rs`, its migrations);
//! `run_record.rs` holds what a run records, and `record.rs` writes it; `query.rs` answers
//! what was sent; `error.rs` says why the ledger could not be used.

mod error;
mod open;
mod query;
mod record;
mod run_record;
mod schema;

use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use error::LedgerError;
pub use query::{HistoryRow, RunSummary, SentLetter, WrittenTo};
pub use record::PendingRun;
pub use run_record::{
    ClosureFacts, InputFacts, LetterFacts, PlanFacts, RunRecord, RunRows, os_user,
};
pub use schema::SCHEMA_VERSION;

/// An open ledger.
pub struct Ledger {
    path: PathBuf,
    conn: Connection,
}

impl std::fmt::Debug for Ledger {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ledger").field("path", &self.path).finish()
    }
}

impl Ledger {
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn sql(&self, what: &'static str) -> impl FnOnce(rusqlite::Error) -> LedgerError + '_ {
        move |source| LedgerError::Sql {
            path: self.path.clone(),
            what,
            source,
        }
    }

    /// Every row a query gives, each made by `row`.
    fn rows<T>(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
        row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> Result<Vec<T>, LedgerError> {
        let read = || -> rusqlite::Result<Vec<T>> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map(params, row)?;
            rows.collect()
        };
        read().map_err(self.sql("cannot read the ledger"))
    }
}
