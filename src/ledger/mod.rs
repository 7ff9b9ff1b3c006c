//! The ledger: what was sent, kept in an SQLite file beside `closure.toml` (an edge, like the
//! file system: it takes and returns plain data). A run's record is written in one
//! transaction after its zip is complete, so a run stopped at any moment leaves the ledger as
//! it was; `history` answers what one patient was sent.
//!
//! The file holds patient-identifiable data (NHS numbers): it is created readable by its
//! owner only (0600, in a 0700 folder when the folder is new). A file that is not a ledger,
//! is damaged, or comes from a newer version of dispersal is refused and never changed.

mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior, params};
use serde::Serialize;

pub use schema::SCHEMA_VERSION;

/// `PRAGMA application_id` of a dispersal ledger ("DSPL").
const APPLICATION_ID: i64 = 0x4453_504C;

/// How long a command waits for another (the web page, a second terminal) to finish writing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(30);

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

/// The closure a run was for.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClosureFacts {
    pub ods_code: String,
    pub name: String,
    /// `2026-09-30`.
    pub closure_date: String,
    pub letter_date: String,
}

/// One input file of a run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputFacts {
    /// `closure`, `patients`, `practices`.
    pub role: String,
    pub path: String,
    pub sha256: String,
    /// Data rows read (patients: valid and rejected).
    pub rows: usize,
}

/// What the plan decided for one patient row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanFacts {
    /// The closing practice whose list the row is on.
    pub closing_ods: String,
    pub row: usize,
    pub nhs_number: String,
    /// `2a`, `2b`, `2c`, or the code of a cohort without a letter.
    pub cohort: String,
    pub reason: String,
    pub receiving_ods: Option<String>,
    pub receiving_name: Option<String>,
    pub proximity: Option<String>,
}

/// One letter sent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LetterFacts {
    pub letter_id: String,
    /// The closing practice whose list the patient is on.
    pub closing_ods: String,
    pub nhs_number: String,
    pub cohort: String,
    pub language: String,
    /// `standard` or `large-print`; `docx` for a Word letter on request.
    pub format: String,
    pub receiving_ods: Option<String>,
    pub receiving_name: Option<String>,
    pub translation_status: String,
    /// SHA-256 (first 16 hex digits) of the layouts and the locale's wording used.
    pub wording_fingerprint: String,
    pub pages: usize,
    pub eligible_50p: bool,
    /// Its print file in the zip, that file's SHA-256, and the letter's first page in it.
    pub print_file: String,
    pub print_file_sha256: String,
    pub first_page: usize,
}

/// Everything a run records.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunRecord {
    /// `batch`, `reissue`, `reallocation`.
    pub kind: String,
    /// The closing practice the run is recorded under (the first of several).
    pub closure: ClosureFacts,
    /// The other closing practices planned with it.
    pub also: Vec<ClosureFacts>,
    pub inputs: Vec<InputFacts>,
    pub plan: Vec<PlanFacts>,
    pub letters: Vec<LetterFacts>,
    /// The zip's file name, where it was written, and its SHA-256 (a re-issue: the letter's
    /// file).
    pub zip_name: String,
    pub zip_path: String,
    pub zip_sha256: String,
    /// The operating-system user, and when (UTC, RFC 3339).
    pub os_user: String,
    pub at: String,
}

/// The letter a patient was last sent by a batch or a reallocation, as the ledger has it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentLetter {
    pub run_id: i64,
    pub letter_id: String,
    pub cohort: String,
    pub receiving_ods: Option<String>,
    pub language: String,
    pub format: String,
    /// The letter's date, `2026-11-24`.
    pub letter_date: String,
    pub zip_name: String,
}

/// One line of a patient's history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryRow {
    /// When the run was recorded (UTC, RFC 3339).
    pub at: String,
    /// `batch`, `reissue`, `reallocation`.
    pub kind: String,
    pub letter_id: String,
    pub cohort: String,
    pub language: String,
    pub format: String,
    pub receiving_ods: Option<String>,
    pub receiving_name: Option<String>,
    pub zip_name: String,
    pub closing_ods: String,
}

/// The one home of which letters count as sent to a patient, for "nobody is written to
/// twice" and for a letter asked for again: the allocation letters (not letters 1 and 2,
/// which go before the closure) of recorded batches and reallocations (a re-issue copies one
/// of those), each with its closing practice (`closing`), run, date and zip.
const SENT_LETTERS: &str = "SELECT l.*, coalesce(l.closing_ods, r.closing_ods) AS closing,
        r.id AS run, r.letter_date, r.zip_name
   FROM letters l JOIN recorded_runs r ON r.id = l.run_id
  WHERE r.kind IN ('batch', 'reallocation') AND l.cohort NOT IN ('1', '2')";

/// A run recorded as pending (see [`Ledger::record_pending`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingRun {
    pub id: i64,
    pub kind: String,
    pub zip_name: String,
    /// Where the file is to have its own name.
    pub zip_path: String,
    pub zip_sha256: String,
    /// The temporary file it is named from.
    pub pending_from: String,
    /// The process naming it (`PID-BOOT`).
    pub owner: String,
    pub at: String,
}

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

    /// Records a run, all of it or nothing, in one `IMMEDIATE` transaction.
    pub fn record_run(&mut self, run: &RunRecord) -> Result<i64, LedgerError> {
        self.insert_run(run, None)
    }

    /// Records a run whose file is complete under a temporary name, `pending_from`, and not
    /// yet under its own (`run.zip_path`): all of it, in one transaction, as pending, with
    /// the process naming it (`owner`). [`Ledger::mark_recorded`] then makes it count; until
    /// then no query sees it, and if the process is killed, the next start finds it with
    /// [`Ledger::pending_runs`].
    pub fn record_pending(
        &mut self,
        run: &RunRecord,
        pending_from: &str,
        owner: &str,
    ) -> Result<i64, LedgerError> {
        self.insert_run(run, Some((pending_from, owner)))
    }

    /// A pending run's file has its own name now: the run counts.
    pub fn mark_recorded(&mut self, run_id: i64) -> Result<(), LedgerError> {
        self.conn
            .execute(
                "UPDATE runs SET state = 'recorded', pending_from = NULL WHERE id = ?1",
                params![run_id],
            )
            .map_err(self.sql("cannot record the run"))?;
        Ok(())
    }

    /// A pending run whose file never got its own name: its record goes, all of it, in one
    /// transaction (its closures stay).
    pub fn forget_pending(&mut self, run_id: i64) -> Result<(), LedgerError> {
        let path = self.path.clone();
        let sql = move |source| LedgerError::Sql {
            path: path.clone(),
            what: "cannot remove an unfinished run",
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql.clone())?;
        for table in ["letters", "plan_entries", "run_inputs"] {
            tx.execute(
                &format!(
                    "DELETE FROM {table} WHERE run_id = ?1
                       AND run_id IN (SELECT id FROM runs WHERE state = 'pending')"
                ),
                params![run_id],
            )
            .map_err(sql.clone())?;
        }
        tx.execute(
            "DELETE FROM runs WHERE id = ?1 AND state = 'pending'",
            params![run_id],
        )
        .map_err(sql.clone())?;
        tx.commit().map_err(sql)
    }

    /// Every run recorded as pending: its file was complete but not yet named when the
    /// process recording it stopped, or is being named now.
    pub fn pending_runs(&self) -> Result<Vec<PendingRun>, LedgerError> {
        self.rows(
            "SELECT id, kind, zip_name, zip_path, zip_sha256, coalesce(pending_from, ''),
                    coalesce(owner, ''), at
               FROM runs WHERE state = 'pending' ORDER BY id",
            [],
            |r| {
                Ok(PendingRun {
                    id: r.get(0)?,
                    kind: r.get(1)?,
                    zip_name: r.get(2)?,
                    zip_path: r.get(3)?,
                    zip_sha256: r.get(4)?,
                    pending_from: r.get(5)?,
                    owner: r.get(6)?,
                    at: r.get(7)?,
                })
            },
        )
    }

    /// Inserts a run: recorded, or pending with (the file it is named from, its owner).
    fn insert_run(
        &mut self,
        run: &RunRecord,
        pending: Option<(&str, &str)>,
    ) -> Result<i64, LedgerError> {
        let path = self.path.clone();
        let sql = move |what| {
            let path = path.clone();
            move |source| LedgerError::Sql { path, what, source }
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql("cannot start writing to the ledger"))?;
        let c = &run.closure;
        for c in std::iter::once(c).chain(&run.also) {
            tx.execute(
                "INSERT INTO closures (ods_code, name, closure_date) VALUES (?1, ?2, ?3)
                 ON CONFLICT (ods_code) DO UPDATE SET name = excluded.name, closure_date = excluded.closure_date",
                params![c.ods_code, c.name, c.closure_date],
            )
            .map_err(sql("cannot record the closure"))?;
        }
        tx.execute(
            "INSERT INTO runs (kind, closing_ods, letter_date, zip_name, zip_path, zip_sha256, os_user, at, tool_version,
                               state, pending_from, owner)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            params![
                run.kind,
                c.ods_code,
                c.letter_date,
                run.zip_name,
                run.zip_path,
                run.zip_sha256,
                run.os_user,
                run.at,
                env!("CARGO_PKG_VERSION"),
                if pending.is_some() {
                    "pending"
                } else {
                    "recorded"
                },
                pending.map(|(from, _)| from),
                pending.map(|(_, owner)| owner),
            ],
        )
        .map_err(sql("cannot record the run"))?;
        let run_id = tx.last_insert_rowid();
        {
            let mut input = tx
                .prepare(
                    "INSERT INTO run_inputs (run_id, role, path, sha256, rows) VALUES (?1, ?2, ?3, ?4, ?5)",
                )
                .map_err(sql("cannot record the inputs"))?;
            for i in &run.inputs {
                input
                    .execute(params![run_id, i.role, i.path, i.sha256, i.rows as i64])
                    .map_err(sql("cannot record the inputs"))?;
            }
            let mut entry = tx
                .prepare(
                    "INSERT INTO plan_entries (run_id, row, nhs_number, cohort, reason, receiving_ods, receiving_name, proximity, closing_ods)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                )
                .map_err(sql("cannot record the plan"))?;
            for e in &run.plan {
                entry
                    .execute(params![
                        run_id,
                        e.row as i64,
                        e.nhs_number,
                        e.cohort,
                        e.reason,
                        e.receiving_ods,
                        e.receiving_name,
                        e.proximity,
                        e.closing_ods
                    ])
                    .map_err(sql("cannot record the plan"))?;
            }
            let mut letter = tx
                .prepare(
                    "INSERT INTO letters (run_id, letter_id, nhs_number, cohort, language, format, receiving_ods,
                       receiving_name, translation_status, wording_fingerprint, pages, eligible_50p, print_file,
                       print_file_sha256, first_page, closing_ods)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                )
                .map_err(sql("cannot record the letters"))?;
            for l in &run.letters {
                letter
                    .execute(params![
                        run_id,
                        l.letter_id,
                        l.nhs_number,
                        l.cohort,
                        l.language,
                        l.format,
                        l.receiving_ods,
                        l.receiving_name,
                        l.translation_status,
                        l.wording_fingerprint,
                        l.pages as i64,
                        l.eligible_50p,
                        l.print_file,
                        l.print_file_sha256,
                        l.first_page as i64,
                        l.closing_ods
                    ])
                    .map_err(sql("cannot record the letters"))?;
            }
        }
        tx.commit()
            .map_err(sql("cannot finish writing to the ledger"))?;
        Ok(run_id)
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

    /// Every letter the ledger holds for a patient (NHS number as 3-3-4), oldest first.
    pub fn history(&self, nhs_number: &str) -> Result<Vec<HistoryRow>, LedgerError> {
        self.rows(
            "SELECT r.at, r.kind, l.letter_id, l.cohort, l.language, l.format, l.receiving_ods,
                    l.receiving_name, r.zip_name, coalesce(l.closing_ods, r.closing_ods)
               FROM letters l JOIN recorded_runs r ON r.id = l.run_id
              WHERE l.nhs_number = ?1
              ORDER BY r.id, l.id",
            params![nhs_number],
            |r| {
                Ok(HistoryRow {
                    at: r.get(0)?,
                    kind: r.get(1)?,
                    letter_id: r.get(2)?,
                    cohort: r.get(3)?,
                    language: r.get(4)?,
                    format: r.get(5)?,
                    receiving_ods: r.get(6)?,
                    receiving_name: r.get(7)?,
                    zip_name: r.get(8)?,
                    closing_ods: r.get(9)?,
                })
            },
        )
    }

    /// The letter last sent to a patient (NHS number as 3-3-4) for a closing practice by a
    /// batch or a reallocation (a re-issue copies one of those), if any.
    pub fn last_letter(
        &self,
        closing_ods: &str,
        nhs_number: &str,
    ) -> Result<Option<SentLetter>, LedgerError> {
        use rusqlite::OptionalExtension;
        self.conn
            .query_row(
                &format!(
                    "WITH sent AS ({SENT_LETTERS})
                     SELECT run, letter_id, cohort, receiving_ods, language, format, letter_date, zip_name
                       FROM sent WHERE nhs_number = ?1 AND closing = ?2
                      ORDER BY run DESC, id DESC LIMIT 1"
                ),
                params![nhs_number, closing_ods],
                |r| {
                    Ok(SentLetter {
                        run_id: r.get(0)?,
                        letter_id: r.get(1)?,
                        cohort: r.get(2)?,
                        receiving_ods: r.get(3)?,
                        language: r.get(4)?,
                        format: r.get(5)?,
                        letter_date: r.get(6)?,
                        zip_name: r.get(7)?,
                    })
                },
            )
            .optional()
            .map_err(self.sql("cannot read the ledger"))
    }

    /// Every patient (NHS number as 3-3-4) a batch or a reallocation has sent a letter to for
    /// a closing practice, with the receiving practice of the last such letter.
    pub fn sent(&self, closing_ods: &str) -> Result<Vec<(String, Option<String>)>, LedgerError> {
        self.rows(
            &format!(
                "WITH sent AS ({SENT_LETTERS})
                 SELECT s.nhs_number, s.receiving_ods FROM sent s
                  WHERE s.closing = ?1
                    AND s.id = (SELECT max(s2.id) FROM sent s2
                                 WHERE s2.nhs_number = s.nhs_number AND s2.closing = ?1)
                  ORDER BY s.id"
            ),
            params![closing_ods],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// Every patient (NHS number as 3-3-4) a batch sent letter `cohort` (`1` or `2`, before
    /// the closure) for a closing practice, with the date of that letter (`2026-07-24`),
    /// once each, the earliest letter's date.
    pub fn notice_sent(
        &self,
        closing_ods: &str,
        cohort: &str,
    ) -> Result<Vec<(String, String)>, LedgerError> {
        self.rows(
            "SELECT l.nhs_number, min(r.letter_date) FROM letters l JOIN recorded_runs r ON r.id = l.run_id
              WHERE coalesce(l.closing_ods, r.closing_ods) = ?1 AND r.kind = 'batch' AND l.cohort = ?2
              GROUP BY l.nhs_number ORDER BY min(l.id)",
            params![closing_ods, cohort],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
    }

    /// A run's input files: (role, path, SHA-256).
    pub fn run_inputs(&self, run_id: i64) -> Result<Vec<(String, String, String)>, LedgerError> {
        self.rows(
            "SELECT role, path, sha256 FROM run_inputs WHERE run_id = ?1 ORDER BY rowid",
            params![run_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
    }

    /// Every run's zip (a re-issue's letter file): (run id, kind, path, SHA-256), oldest first.
    pub fn zips(&self) -> Result<Vec<(i64, String, String, String)>, LedgerError> {
        self.rows(
            "SELECT id, kind, zip_path, zip_sha256 FROM recorded_runs ORDER BY id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
    }

    /// The whole record, table by table, every value as text (for the audit workbook).
    pub fn dump(&self) -> Result<Vec<crate::package::AuditSheet>, LedgerError> {
        let mut sheets = Vec::new();
        for table in ["closures", "runs", "run_inputs", "plan_entries", "letters"] {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
                .map_err(self.sql("cannot read the ledger"))?;
            let headers: Vec<String> = stmt.column_names().map(str::to_string).collect();
            let columns = headers.len();
            let rows = stmt
                .query_map([], |r| {
                    (0..columns)
                        .map(|i| {
                            Ok(match r.get_ref(i)? {
                                rusqlite::types::ValueRef::Null => String::new(),
                                rusqlite::types::ValueRef::Integer(n) => n.to_string(),
                                rusqlite::types::ValueRef::Real(x) => x.to_string(),
                                rusqlite::types::ValueRef::Text(t) => {
                                    String::from_utf8_lossy(t).into_owned()
                                }
                                rusqlite::types::ValueRef::Blob(b) => {
                                    format!("({} bytes)", b.len())
                                }
                            })
                        })
                        .collect::<Result<Vec<String>, rusqlite::Error>>()
                })
                .map_err(self.sql("cannot read the ledger"))?
                .collect::<Result<Vec<_>, _>>()
                .map_err(self.sql("cannot read the ledger"))?;
            sheets.push(crate::package::AuditSheet {
                name: table.to_string(),
                headers,
                rows,
            });
        }
        Ok(sheets)
    }

    /// How many runs the ledger holds.
    pub fn runs(&self) -> Result<i64, LedgerError> {
        self.conn
            .query_row("SELECT count(*) FROM recorded_runs", [], |r| r.get(0))
            .map_err(self.sql("cannot read the ledger"))
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

/// The user running this, for the record (no patient data).
pub fn os_user() -> String {
    if let Some(name) = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
    {
        return name;
    }
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: getuid has no preconditions and cannot fail.
        let uid = unsafe { libc::getuid() };
        return format!("uid {uid}");
    }
    #[allow(unreachable_code)]
    "unknown".into()
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
