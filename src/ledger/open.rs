//! The ledger (an edge): opening the file — made private when new, refused unchanged when it
//! is not a ledger, is damaged or is newer — and bringing its schema up to date.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

use super::{Ledger, LedgerError, SCHEMA_VERSION, schema};

/// `PRAGMA application_id` of a dispersal ledger ("DSPL").
const APPLICATION_ID: i64 = 0x4453_504C;

/// How long a command waits for another (the web page, a second terminal) to finish writing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

impl Ledger {
    /// Opens the ledger at `path`, making a new one (0600; its folder 0700 when new) if there
    /// is no file. Refuses, without changing it, a file that is not a ledger, is damaged, or
    /// is from a newer version.
    pub fn open(path: &Path) -> Result<Ledger, LedgerError> {
        let file_error = |what| {
            let path = path.to_path_buf();
            move |source| LedgerError::File { path, what, source }
        };
        let sql_error = |what| {
            let path = path.to_path_buf();
            move |source| LedgerError::Sql { path, what, source }
        };
        if !path.exists() {
            match create_private(path) {
                // Made at the same moment by another command: use it.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                other => other.map_err(file_error("cannot create the ledger"))?,
            }
        }
        check_header(path)?;
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(sql_error("cannot open the ledger"))?;
        conn.busy_timeout(BUSY_TIMEOUT)
            .map_err(sql_error("cannot open the ledger"))?;
        let ledger = Ledger {
            path: path.to_path_buf(),
            conn,
        };
        ledger.check_or_migrate()?;
        Ok(ledger)
    }

    /// [`Ledger::open`] for a ledger that must exist already (to read or audit): no new file
    /// is made where there is none.
    pub fn open_existing(path: &Path) -> Result<Ledger, LedgerError> {
        if !path.exists() {
            return Err(LedgerError::File {
                path: path.to_path_buf(),
                what: "no ledger here (nothing has been recorded); give the ledger with --ledger FILE",
                source: std::io::Error::from(std::io::ErrorKind::NotFound),
            });
        }
        Ledger::open(path)
    }

    /// Checks what the file is, before anything is written; then brings an older schema up
    /// to date, and turns on WAL.
    fn check_or_migrate(&self) -> Result<(), LedgerError> {
        // One statement, so the three are read from one state of the file (another command
        // may be setting up a new ledger at this moment).
        let (application, version, tables): (i64, i64, i64) = self
            .conn
            .query_row(
                "SELECT (SELECT application_id FROM pragma_application_id),
                        (SELECT user_version FROM pragma_user_version),
                        (SELECT count(*) FROM sqlite_schema)",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .map_err(|e| LedgerError::Damaged {
                path: self.path.clone(),
                why: e.to_string(),
            })?;
        if application != APPLICATION_ID && !(application == 0 && tables == 0) {
            return Err(LedgerError::NotALedger {
                path: self.path.clone(),
                why: "an SQLite database of something else".into(),
            });
        }
        if version > SCHEMA_VERSION {
            return Err(LedgerError::Newer {
                path: self.path.clone(),
                found: version,
            });
        }
        let check: String = self
            .conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| LedgerError::Damaged {
                path: self.path.clone(),
                why: e.to_string(),
            })?;
        if check != "ok" {
            return Err(LedgerError::Damaged {
                path: self.path.clone(),
                why: check,
            });
        }
        // Changing the journal mode needs the file to itself, and SQLite does not wait for
        // that (another command opening the new ledger at the same moment holds it briefly):
        // try again until the busy timeout.
        let started = std::time::Instant::now();
        let mode: String = loop {
            match self
                .conn
                .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            {
                Err(rusqlite::Error::SqliteFailure(e, _))
                    if e.code == rusqlite::ErrorCode::DatabaseBusy
                        && started.elapsed() < BUSY_TIMEOUT =>
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                other => break other.map_err(self.sql("cannot turn on write-ahead logging"))?,
            }
        };
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(LedgerError::Damaged {
                path: self.path.clone(),
                why: format!("journal mode {mode}, not WAL"),
            });
        }
        self.conn
            .execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")
            .map_err(self.sql("cannot set up the ledger"))?;
        if version < SCHEMA_VERSION {
            schema::migrate(&self.conn, version, APPLICATION_ID)
                .map_err(self.sql("cannot bring the ledger's schema up to date"))?;
        }
        Ok(())
    }
}

/// An existing file is an SQLite database, or empty (made by an open that stopped at once).
fn check_header(path: &Path) -> Result<(), LedgerError> {
    use std::io::Read;
    let mut head = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(|source| LedgerError::File {
        path: path.to_path_buf(),
        what: "cannot read the ledger",
        source,
    })?;
    let n = file.read(&mut head).map_err(|source| LedgerError::File {
        path: path.to_path_buf(),
        what: "cannot read the ledger",
        source,
    })?;
    if n == 0 || head == *b"SQLite format 3\0" {
        Ok(())
    } else {
        Err(LedgerError::NotALedger {
            path: path.to_path_buf(),
            why: "not an SQLite database".into(),
        })
    }
}

/// Creates an empty file readable and writable by its owner only, and its folder (0700)
/// when there is none.
fn create_private(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        crate::private_files::folder(dir)?;
    }
    crate::private_files::create_new(path).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_opening_a_new_ledger_at_the_same_moment_all_succeed() {
        for _ in 0..5 {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("dispersal.sqlite");
            let barrier = std::sync::Barrier::new(8);
            std::thread::scope(|scope| {
                let opened: Vec<_> = (0..8)
                    .map(|_| {
                        scope.spawn(|| {
                            barrier.wait();
                            Ledger::open(&path).map(|l| l.runs().unwrap())
                        })
                    })
                    .collect();
                for o in opened {
                    assert_eq!(o.join().unwrap().unwrap(), 0);
                }
            });
        }
    }

    #[test]
    fn a_new_ledger_is_private_and_versioned() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("new").join("dispersal.sqlite");
        let ledger = Ledger::open(&path).unwrap();
        assert_eq!(ledger.runs().unwrap(), 0);
        let version: i64 = ledger
            .conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, SCHEMA_VERSION);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(path.parent().unwrap()), 0o700);
        }
    }
}
