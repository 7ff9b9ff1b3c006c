//! Package stage: remove the temporary files and folders that batch runs killed before they
//! finished left in the output folder.

use std::path::Path;
use std::time::{Duration, SystemTime};

/// How long a dead run's temporary file must have been left alone before it is removed: a
/// folder on a shared drive may hold a live run from another computer, whose process id means
/// nothing here, but a live run writes to its file every few seconds.
const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// Removes the temporary files and folders (`.NAME.PID-N.partial`, `.NAME.PID-N.scratch`)
/// that runs killed before they finished left in `dir`: those whose process is no longer
/// running on this computer and that nothing has written to for [`STALE_AFTER`]. Returns how
/// many were removed; anything unreadable is left alone.
pub(super) fn sweep_stale_temporaries(dir: &Path, name: &str) -> usize {
    let prefix = format!(".{name}.");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut swept = 0;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let Some(run) = rest
            .strip_suffix(".partial")
            .or_else(|| rest.strip_suffix(".scratch"))
        else {
            continue;
        };
        let Some(pid) = run
            .split_once('-')
            .and_then(|(pid, _)| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let idle = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| SystemTime::now().duration_since(modified).ok());
        if process_is_running(pid) != Some(false) || idle.is_none_or(|idle| idle < STALE_AFTER) {
            continue;
        }
        let path = entry.path();
        let removed = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
        if removed.is_ok() {
            swept += 1;
        }
    }
    swept
}

/// Whether a process with this id is running on this computer; `None` where that cannot be
/// told (then nothing is swept).
fn process_is_running(pid: u32) -> Option<bool> {
    if cfg!(target_os = "linux") {
        Some(Path::new("/proc").join(pid.to_string()).exists())
    } else {
        None
    }
}
