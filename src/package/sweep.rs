//! Package stage: remove the temporary files and folders that batch runs killed before they
//! finished left in the output folder, and tell a run that is still going from one that died.

use std::path::Path;
use std::time::{Duration, SystemTime};

/// How long a dead run's temporary file must have been left alone before it is removed when
/// it may be another computer's: a folder on a shared drive may hold a live run from another
/// computer, whose process id means nothing here, but a live run writes to its file every
/// few seconds. A run of this computer since it last started is known to be dead at once.
const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// This computer since it last started: the first 8 hex digits of Linux's boot id (empty
/// where there is none).
fn this_boot() -> String {
    std::fs::read_to_string("/proc/sys/kernel/random/boot_id")
        .map(|id| id.chars().filter(char::is_ascii_hexdigit).take(8).collect())
        .unwrap_or_default()
}

/// Who is making a run: `PID-BOOT`, this process on this computer since it last started.
pub fn this_run_owner() -> String {
    format!("{}-{}", std::process::id(), this_boot())
}

/// Whether the run made by `owner` (see [`this_run_owner`]) has stopped for good: its
/// process is no longer running on this computer since it started; `None` when that cannot
/// be told (another computer, or before the computer last started).
pub fn run_has_stopped(owner: &str) -> Option<bool> {
    let (pid, boot) = owner.split_once('-')?;
    let pid: u32 = pid.parse().ok()?;
    if boot.is_empty() || boot != this_boot() {
        return None;
    }
    process_is_running(pid).map(|running| !running)
}

/// Removes the temporary files and folders (`.NAME.PID-N-BOOT.partial`,
/// `.NAME.PID-N-BOOT.scratch`) that runs killed before they finished left in `dir`, for the
/// zip `name` or, with `None`, for any zip: those of a run of this computer whose process has
/// stopped, and those of any other run that nothing has written to for [`STALE_AFTER`].
/// Returns how many were removed; anything unreadable is left alone.
pub fn sweep_stale_temporaries(dir: &Path, name: Option<&str>) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut swept = 0;
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some((_, pid, run)) = file_name.to_str().and_then(temporary_parts) else {
            continue;
        };
        if name.is_some_and(|name| {
            !file_name
                .to_string_lossy()
                .starts_with(&format!(".{name}."))
        }) {
            continue;
        }
        let boot = run.rsplit_once('-').map(|(_, boot)| boot).unwrap_or("");
        let stopped = run_has_stopped(&format!("{pid}-{boot}"));
        let idle = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| SystemTime::now().duration_since(modified).ok());
        let dead = match stopped {
            Some(stopped) => stopped,
            None => {
                process_is_running(pid) == Some(false)
                    && idle.is_some_and(|idle| idle >= STALE_AFTER)
            }
        };
        if !dead {
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

/// The zip's name, the process id and the rest (`N-BOOT`) of a temporary file's or folder's
/// name, `.NAME.PID-N-BOOT.partial` or `.scratch`; `None` for any other name.
fn temporary_parts(file_name: &str) -> Option<(&str, u32, &str)> {
    let rest = file_name.strip_prefix('.')?;
    let stem = rest
        .strip_suffix(".partial")
        .or_else(|| rest.strip_suffix(".scratch"))?;
    let (name, run) = stem.rsplit_once('.')?;
    let (pid, rest) = run.split_once('-')?;
    Some((name, pid.parse().ok()?, rest))
}

/// The stem of this run's temporary file and folder for the zip `name`: `.NAME.PID-N-BOOT`.
pub(super) fn temporary_stem(name: &str, run: usize) -> String {
    format!(".{name}.{}-{run}-{}", std::process::id(), this_boot())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_temporary_name_says_whose_run_it_is() {
        let stem = temporary_stem("dispersal-G85999-2026-11-24.zip", 3);
        let name = format!("{stem}.partial");
        let (zip, pid, rest) = temporary_parts(&name).unwrap();
        assert_eq!(zip, "dispersal-G85999-2026-11-24.zip");
        assert_eq!(pid, std::process::id());
        assert!(rest.starts_with("3-"), "{rest}");
        assert_eq!(temporary_parts("plan.csv"), None);
        assert_eq!(run_has_stopped(&this_run_owner()), Some(false));
    }

    #[test]
    fn a_dead_run_of_this_computer_is_swept_at_once_and_a_live_one_never() {
        let dir = tempfile::tempdir().unwrap();
        // A process that has finished: its id is free (not reused within this test).
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        let boot = this_boot();
        let dead_file = dir.path().join(format!(".b.zip.{dead}-0-{boot}.partial"));
        let dead_folder = dir.path().join(format!(".b.zip.{dead}-0-{boot}.scratch"));
        std::fs::write(&dead_file, b"x").unwrap();
        std::fs::create_dir(&dead_folder).unwrap();
        let live = dir
            .path()
            .join(format!("{}.partial", temporary_stem("b.zip", 1)));
        std::fs::write(&live, b"x").unwrap();
        // Another computer's (or an old name's): only once stale.
        let other = dir.path().join(format!(".b.zip.{dead}-0.partial"));
        std::fs::write(&other, b"x").unwrap();
        assert_eq!(sweep_stale_temporaries(dir.path(), None), 2);
        assert!(!dead_file.exists() && !dead_folder.exists());
        assert!(live.exists() && other.exists());
    }
}
