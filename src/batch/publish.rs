//! Batch engine: a zip and its record in the ledger agree whatever instant the process is
//! killed at. A complete zip is recorded as pending (with its SHA-256 and the temporary file
//! it is named from) before it gets its own name, and marked recorded after; the next run or
//! start finds a pending run whose process has stopped and finishes it (the zip is there, or
//! complete under its temporary name) or forgets it (it is not), and says which.

use std::path::{Path, PathBuf};

use super::BatchError;
use super::record::file_sha256;
use crate::ledger::{Ledger, PendingRun, RunRecord, RunRows};
use crate::package::{self, CompleteZip};

/// The environment variable that kills the process (as `kill -9` does) at one of the named
/// instants of [`publish_recorded`]: `zip-complete`, `zip-pending`, `zip-named`. The kill
/// tests set it; nothing else reads it.
pub const KILL_AT: &str = "DISPERSAL_KILL_AT";

/// Kills this process at once, with no clean-up, when [`KILL_AT`] names `instant`.
fn kill_point(instant: &str) {
    if std::env::var_os(KILL_AT).is_some_and(|at| at == instant) {
        #[cfg(all(target_os = "linux", target_env = "gnu"))]
        // SAFETY: raising a signal on this process has no preconditions.
        unsafe {
            libc::raise(libc::SIGKILL);
        }
        std::process::abort();
    }
}

/// What the ledger records of a complete zip: its name, where it is to be (absolute, so
/// `ledger verify` finds it from any folder) and its SHA-256, read from its temporary file.
pub(super) fn zip_facts(zip: &CompleteZip) -> Result<(String, String, String), BatchError> {
    let path = zip.final_path();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let folder = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let absolute = std::fs::canonicalize(folder)
        .map(|d| d.join(&name))
        .unwrap_or_else(|_| path.to_path_buf());
    let sha256 = file_sha256(zip.temp_path()).map_err(|source| BatchError::File {
        path: zip.temp_path().to_path_buf(),
        what: "cannot read it again",
        source,
    })?;
    Ok((name, absolute.display().to_string(), sha256))
}

/// Records `record` as pending, gives the zip its own name, and marks the run recorded. A
/// kill between any two steps leaves what [`recover`] finishes or forgets.
pub(super) fn publish_recorded(
    ledger: &mut Ledger,
    zip: CompleteZip,
    record: &RunRecord,
    rows: &dyn RunRows,
) -> Result<PathBuf, BatchError> {
    kill_point("zip-complete");
    let from = zip.temp_path().display().to_string();
    let run_id = ledger.record_pending(record, rows, &from, &package::this_run_owner())?;
    kill_point("zip-pending");
    let path = match zip.publish() {
        Ok(path) => path,
        Err(e) => {
            let _ = ledger.forget_pending(run_id);
            return Err(e.into());
        }
    };
    kill_point("zip-named");
    ledger.mark_recorded(run_id)?;
    Ok(path)
}

/// What the start of a run or of the web page did about a batch an earlier process left
/// unfinished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recovered {
    /// The zip was complete: it has its name and is recorded.
    Kept { what: String, zip: String },
    /// The zip was not complete: nothing of it is recorded or kept.
    Forgotten { what: String, zip: String },
    /// A zip the ledger has no record of was moved out of the way, to `folder`.
    SetAside { zip: String, folder: String },
    /// Unfinished files of a batch stopped before its zip was complete were removed.
    Swept { count: usize },
}

impl std::fmt::Display for Recovered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Recovered::Kept { what, zip } => write!(
                f,
                "{what} {zip} was interrupted as it was being saved; its zip was complete, so it is kept and recorded in the ledger"
            ),
            Recovered::Forgotten { what, zip } => write!(
                f,
                "{what} {zip} was interrupted before its zip was complete; nothing of it was kept or recorded, so make it again"
            ),
            Recovered::SetAside { zip, folder } => write!(
                f,
                "the zip {zip} has no record in the ledger (a batch stopped before it was recorded): it was moved to {folder} and is not offered for download; check whether its letters were printed before sending them"
            ),
            Recovered::Swept { count } => write!(
                f,
                "a batch was interrupted before its zip was complete: nothing of it was recorded, and its {count} unfinished file{} removed; make it again",
                if *count == 1 { " was" } else { "s were" }
            ),
        }
    }
}

/// The words for a run's kind.
fn what(kind: &str) -> String {
    match kind {
        "reallocation" => "the reallocation",
        "reissue" => "the re-issued letter",
        _ => "the batch",
    }
    .to_string()
}

/// Finishes or forgets every pending run whose process has stopped (see
/// [`publish_recorded`]); a run whose process is still going is left to it.
pub fn recover(ledger: &mut Ledger) -> Result<Vec<Recovered>, BatchError> {
    let mut done = Vec::new();
    for run in ledger.pending_runs()? {
        if package::run_has_stopped(&run.owner) == Some(false) {
            continue;
        }
        let what = what(&run.kind);
        if finish(&run) {
            ledger.mark_recorded(run.id)?;
            done.push(Recovered::Kept {
                what,
                zip: run.zip_name,
            });
        } else {
            ledger.forget_pending(run.id)?;
            if !run.pending_from.is_empty() {
                let _ = std::fs::remove_file(&run.pending_from);
            }
            done.push(Recovered::Forgotten {
                what,
                zip: run.zip_name,
            });
        }
    }
    Ok(done)
}

/// Whether a pending run's zip is, or now is, under its own name with the SHA-256 recorded.
fn finish(run: &PendingRun) -> bool {
    let (to, from) = (Path::new(&run.zip_path), Path::new(&run.pending_from));
    let matches = |path: &Path| file_sha256(path).is_ok_and(|sha| sha == run.zip_sha256);
    if to.is_file() {
        return matches(to);
    }
    !run.pending_from.is_empty() && matches(from) && package::publish_file(from, to).is_ok()
}

/// The web page's start, for one closure's folder of zips `dir` and its ledger: pending runs
/// finished or forgotten ([`recover`]), unfinished files of stopped runs removed, and a
/// batch or reallocation zip the ledger has no record of moved to `dir/set-aside/`.
pub fn recover_folder(dir: &Path, ledger: Option<&Path>) -> Result<Vec<Recovered>, BatchError> {
    let mut done = Vec::new();
    let mut recorded = Vec::new();
    if let Some(path) = ledger.filter(|p| p.exists()) {
        let mut ledger = Ledger::open(path)?;
        done = recover(&mut ledger)?;
        recorded = ledger
            .zips()?
            .into_iter()
            .filter_map(|(_, _, path, _)| {
                Path::new(&path)
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
            })
            .collect();
    }
    let count = package::sweep_stale_temporaries(dir, None);
    if count > 0 {
        done.push(Recovered::Swept { count });
    }
    let mut unrecorded: Vec<String> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| {
            n.ends_with(".zip") && (n.starts_with("dispersal-") || n.starts_with("reallocation-"))
        })
        .filter(|n| !recorded.contains(n))
        .collect();
    unrecorded.sort();
    if !unrecorded.is_empty() {
        let aside = dir.join("set-aside");
        crate::private_files::own_folder(&aside).map_err(|source| BatchError::File {
            path: aside.clone(),
            what: "cannot create the folder",
            source,
        })?;
        for zip in unrecorded {
            let to = aside.join(&zip);
            std::fs::rename(dir.join(&zip), &to).map_err(|source| BatchError::File {
                path: to.clone(),
                what: "cannot move it",
                source,
            })?;
            done.push(Recovered::SetAside {
                zip,
                folder: "batches/set-aside".to_string(),
            });
        }
    }
    Ok(done)
}
