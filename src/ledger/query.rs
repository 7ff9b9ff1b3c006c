//! The ledger (an edge): the queries — what one patient was sent, who has been sent what for
//! a closing practice, each run's inputs and zip, and the whole record for the audit.

use rusqlite::params;
use serde::Serialize;

use super::{Ledger, LedgerError};

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

/// The allocation letter a patient was last sent for a closing practice, with when and how.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WrittenTo {
    /// 3-3-4.
    pub nhs_number: String,
    pub closing_ods: String,
    pub cohort: String,
    pub receiving_ods: Option<String>,
    pub receiving_name: Option<String>,
    /// `batch` or `reallocation`.
    pub kind: String,
    /// When the run was recorded (UTC, RFC 3339).
    pub at: String,
    pub language: String,
    pub format: String,
}

/// One recorded run, as a dispersal's timeline shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunSummary {
    pub run_id: i64,
    /// `batch`, `reissue`, `reallocation`.
    pub kind: String,
    /// When it was recorded (UTC, RFC 3339).
    pub at: String,
    /// The letters' date, `2026-11-24`.
    pub letter_date: String,
    /// Letters by cohort (`1`, `2`, `2a`, ...), in cohort order.
    pub letters: Vec<(String, i64)>,
}

/// The one home of which letters count as sent to a patient, for "nobody is written to
/// twice" and for a letter asked for again: the allocation letters (not letters 1 and 2,
/// which go before the closure) of recorded batches and reallocations (a re-issue copies one
/// of those), each with its closing practice (`closing`), run, date and zip.
const SENT_LETTERS: &str = "SELECT l.*, coalesce(l.closing_ods, r.closing_ods) AS closing,
        r.id AS run, r.letter_date, r.zip_name
   FROM letters l JOIN recorded_runs r ON r.id = l.run_id
  WHERE r.kind IN ('batch', 'reallocation') AND l.cohort NOT IN ('1', '2')";

impl Ledger {
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

    /// Every patient a batch or a reallocation has sent an allocation letter to for a closing
    /// practice, with that letter (the last one), in the order they were first written to.
    pub fn written_to(&self, closing_ods: &str) -> Result<Vec<WrittenTo>, LedgerError> {
        self.rows(
            &format!(
                "WITH sent AS ({SENT_LETTERS})
                 SELECT s.nhs_number, s.closing, s.cohort, s.receiving_ods, s.receiving_name,
                        r.kind, r.at, s.language, s.format
                   FROM sent s JOIN recorded_runs r ON r.id = s.run
                  WHERE s.closing = ?1
                    AND s.id = (SELECT max(s2.id) FROM sent s2
                                 WHERE s2.nhs_number = s.nhs_number AND s2.closing = ?1)
                  ORDER BY (SELECT min(s3.id) FROM sent s3
                             WHERE s3.nhs_number = s.nhs_number AND s3.closing = ?1)"
            ),
            params![closing_ods],
            |r| {
                Ok(WrittenTo {
                    nhs_number: r.get(0)?,
                    closing_ods: r.get(1)?,
                    cohort: r.get(2)?,
                    receiving_ods: r.get(3)?,
                    receiving_name: r.get(4)?,
                    kind: r.get(5)?,
                    at: r.get(6)?,
                    language: r.get(7)?,
                    format: r.get(8)?,
                })
            },
        )
    }

    /// Every recorded run with a letter for any of the closing practices, oldest first,
    /// with its letters counted by cohort.
    pub fn run_summaries(&self, closing_ods: &[&str]) -> Result<Vec<RunSummary>, LedgerError> {
        let runs: Vec<(i64, String, String, String)> = self.rows(
            "SELECT id, kind, at, letter_date FROM recorded_runs ORDER BY id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )?;
        let mut summaries = Vec::new();
        for (run_id, kind, at, letter_date) in runs {
            let mut letters: Vec<(String, i64)> = Vec::new();
            for closing in closing_ods {
                let counted: Vec<(String, i64)> = self.rows(
                    "SELECT l.cohort, count(*) FROM letters l JOIN recorded_runs r ON r.id = l.run_id
                      WHERE l.run_id = ?1 AND coalesce(l.closing_ods, r.closing_ods) = ?2
                      GROUP BY l.cohort ORDER BY l.cohort",
                    params![run_id, closing],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )?;
                for (cohort, n) in counted {
                    match letters.iter_mut().find(|(c, _)| *c == cohort) {
                        Some((_, total)) => *total += n,
                        None => letters.push((cohort, n)),
                    }
                }
            }
            if !letters.is_empty() {
                letters.sort();
                summaries.push(RunSummary {
                    run_id,
                    kind,
                    at,
                    letter_date,
                    letters,
                });
            }
        }
        Ok(summaries)
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

    /// Each recorded batch's zip for any of `closing_ods` (the closing practices planned
    /// together): its path and whether its entries are encrypted (`None`: a run recorded
    /// before the ledger kept it), oldest first.
    pub fn batch_zips(
        &self,
        closing_ods: &[String],
    ) -> Result<Vec<(String, Option<bool>)>, LedgerError> {
        let mut zips = Vec::new();
        for ods in closing_ods {
            zips.extend(self.rows(
                "SELECT DISTINCT r.id, r.zip_path, r.encrypted FROM recorded_runs r
                  WHERE r.kind = 'batch'
                    AND (r.closing_ods = ?1 OR EXISTS (SELECT 1 FROM letters l
                          WHERE l.run_id = r.id AND l.closing_ods = ?1))
                  ORDER BY r.id",
                params![ods],
                |r| Ok((r.get::<_, i64>(0)?, r.get(1)?, r.get(2)?)),
            )?);
        }
        zips.sort_by_key(|(id, _, _)| *id);
        zips.dedup_by_key(|(id, _, _)| *id);
        Ok(zips
            .into_iter()
            .map(|(_, path, encrypted)| (path, encrypted))
            .collect())
    }

    /// The rows with no letter (`excluded`, `rejected`) whose plan an earlier allocation batch
    /// (one with letters 2a, 2b or 2c) for `closing_ods` already gave in its plan.csv:
    /// (NHS number as recorded, cohort, row).
    pub fn reported_without_letter(
        &self,
        closing_ods: &str,
    ) -> Result<Vec<(String, String, i64)>, LedgerError> {
        self.rows(
            "SELECT DISTINCT p.nhs_number, p.cohort, p.row
               FROM plan_entries p JOIN recorded_runs r ON r.id = p.run_id
              WHERE r.kind = 'batch' AND coalesce(p.closing_ods, r.closing_ods) = ?1
                AND p.cohort IN ('excluded', 'rejected')
                AND EXISTS (SELECT 1 FROM letters l
                             WHERE l.run_id = r.id AND l.cohort IN ('2a', '2b', '2c'))",
            params![closing_ods],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
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
