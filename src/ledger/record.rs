//! The ledger (an edge): recording runs — a run all at once, or pending until its file has
//! its own name, then marked recorded or forgotten.

use rusqlite::{TransactionBehavior, params};

use super::{Ledger, LedgerError, RunRecord, RunRows};

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
    /// Records a run, all of it or nothing, in one `IMMEDIATE` transaction.
    pub fn record_run(&mut self, run: &RunRecord) -> Result<i64, LedgerError> {
        self.insert_run(run, run, None)
    }

    /// Records a run whose file is complete under a temporary name, `pending_from`, and not
    /// yet under its own (`run.zip_path`): all of it, in one transaction, as pending, with
    /// the process naming it (`owner`). [`Ledger::mark_recorded`] then makes it count; until
    /// then no query sees it, and if the process is killed, the next start finds it with
    /// [`Ledger::pending_runs`].
    /// Its plan entries and letters are `rows`' (a batch makes each as it is recorded).
    pub fn record_pending(
        &mut self,
        run: &RunRecord,
        rows: &dyn RunRows,
        pending_from: &str,
        owner: &str,
    ) -> Result<i64, LedgerError> {
        self.insert_run(run, rows, Some((pending_from, owner)))
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
        rows: &dyn RunRows,
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
                               state, pending_from, owner, encrypted)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
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
                run.encrypted,
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
            rows.each_plan_entry(&mut |e| {
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
                Ok(())
            })?;
            let mut letter = tx
                .prepare(
                    "INSERT INTO letters (run_id, letter_id, nhs_number, cohort, language, format, receiving_ods,
                       receiving_name, translation_status, wording_fingerprint, pages, eligible_50p, print_file,
                       print_file_sha256, first_page, closing_ods)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                )
                .map_err(sql("cannot record the letters"))?;
            rows.each_letter(&mut |l| {
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
                Ok(())
            })?;
        }
        tx.commit()
            .map_err(sql("cannot finish writing to the ledger"))?;
        Ok(run_id)
    }
}
