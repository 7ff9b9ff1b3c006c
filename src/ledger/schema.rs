//! The ledger's schema, versioned by `PRAGMA user_version`: each migration takes the file one
//! version up, in a transaction of its own, and is never edited once released (a change is a
//! new migration at the end).

use rusqlite::{Connection, TransactionBehavior};

/// The schema this dispersal writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Migration `i` takes a ledger from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    // 1: closures, runs with their inputs, plan entries and letters.
    "CREATE TABLE closures (
        ods_code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        closure_date TEXT NOT NULL
    ) STRICT;
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('batch', 'reissue', 'reallocation')),
        closing_ods TEXT NOT NULL REFERENCES closures (ods_code),
        letter_date TEXT NOT NULL,
        zip_name TEXT NOT NULL,
        zip_path TEXT NOT NULL,
        zip_sha256 TEXT NOT NULL,
        os_user TEXT NOT NULL,
        at TEXT NOT NULL,
        tool_version TEXT NOT NULL
    ) STRICT;
    CREATE TABLE run_inputs (
        run_id INTEGER NOT NULL REFERENCES runs (id),
        role TEXT NOT NULL,
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        rows INTEGER NOT NULL
    ) STRICT;
    CREATE TABLE plan_entries (
        run_id INTEGER NOT NULL REFERENCES runs (id),
        row INTEGER NOT NULL,
        nhs_number TEXT NOT NULL,
        cohort TEXT NOT NULL,
        reason TEXT NOT NULL,
        receiving_ods TEXT,
        receiving_name TEXT,
        proximity TEXT
    ) STRICT;
    CREATE INDEX plan_entries_by_patient ON plan_entries (nhs_number);
    CREATE TABLE letters (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs (id),
        letter_id TEXT NOT NULL,
        nhs_number TEXT NOT NULL,
        cohort TEXT NOT NULL,
        language TEXT NOT NULL,
        format TEXT NOT NULL,
        receiving_ods TEXT,
        receiving_name TEXT,
        translation_status TEXT NOT NULL,
        wording_fingerprint TEXT NOT NULL,
        pages INTEGER NOT NULL,
        eligible_50p INTEGER NOT NULL,
        print_file TEXT NOT NULL,
        print_file_sha256 TEXT NOT NULL,
        first_page INTEGER NOT NULL
    ) STRICT;
    CREATE INDEX letters_by_patient ON letters (nhs_number);",
    // 2: several closing practices planned in one run: each letter and plan entry names the
    // closing practice whose list it is on (NULL in earlier runs: the run's own).
    "ALTER TABLE letters ADD COLUMN closing_ods TEXT;
    ALTER TABLE plan_entries ADD COLUMN closing_ods TEXT;",
    // 3: a run is recorded before its zip gets its final name, as pending (with the
    // temporary file it is named from and the process naming it), and marked recorded once
    // named, so a kill at any instant leaves a run the next start can finish or forget. Only
    // recorded runs count (`recorded_runs`).
    "ALTER TABLE runs ADD COLUMN state TEXT NOT NULL DEFAULT 'recorded'
        CHECK (state IN ('pending', 'recorded'));
    ALTER TABLE runs ADD COLUMN pending_from TEXT;
    ALTER TABLE runs ADD COLUMN owner TEXT;
    CREATE VIEW recorded_runs AS SELECT * FROM runs WHERE state = 'recorded';",
    // 4: whether a run's zip (a re-issue's file) is encrypted: 1 or 0 (NULL in earlier runs:
    // not recorded; the file itself says).
    "ALTER TABLE runs ADD COLUMN encrypted INTEGER CHECK (encrypted IN (0, 1));",
];

/// Takes the ledger from `from` to [`SCHEMA_VERSION`], one version per transaction; the first
/// also marks the file as a dispersal ledger (`application_id`).
pub fn migrate(conn: &Connection, from: i64, application_id: i64) -> rusqlite::Result<()> {
    for version in from..SCHEMA_VERSION {
        let sql = MIGRATIONS[version as usize];
        let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        // Another command (started at the same moment) may have taken the file this far
        // while this one waited for the write lock.
        let now: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if now > version {
            tx.commit()?;
            continue;
        }
        tx.execute_batch(sql)?;
        if version == 0 {
            tx.execute_batch(&format!("PRAGMA application_id = {application_id};"))?;
        }
        tx.execute_batch(&format!("PRAGMA user_version = {};", version + 1))?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every earlier version migrates to the current one, and the result has every table.
    #[test]
    fn every_earlier_version_migrates_to_the_current_one() {
        for from in 0..SCHEMA_VERSION {
            // A file at version `from`, built by the migrations before it.
            let conn2 = Connection::open_in_memory().unwrap();
            for v in 0..from {
                let tx =
                    rusqlite::Transaction::new_unchecked(&conn2, TransactionBehavior::Immediate)
                        .unwrap();
                tx.execute_batch(MIGRATIONS[v as usize]).unwrap();
                tx.execute_batch(&format!("PRAGMA user_version = {};", v + 1))
                    .unwrap();
                tx.commit().unwrap();
            }
            migrate(&conn2, from, 1).unwrap();
            let version: i64 = conn2
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(version, SCHEMA_VERSION, "from {from}");
            for table in ["closures", "runs", "run_inputs", "plan_entries", "letters"] {
                let n: i64 = conn2
                    .query_row(
                        "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                        [table],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert_eq!(n, 1, "from {from}: no table {table}");
            }
        }
    }
}
