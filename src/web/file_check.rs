//! Web page: the second wall around the readers. Before the page reads an uploaded patients,
//! practices or reply file itself, the same binary reads it in a child process
//! (`dispersal scan-file`) held to [`READ_MEMORY_MB`] of memory and [`READ_SECONDS`] of time.
//! If the child cannot finish (a reader ran out of memory, panicked or took too long), the
//! file is refused by name, and the verdict is kept beside it (`.file-checks.json`, by the
//! file's size, time and inode), so it is never read again, after a restart too, until the
//! officer replaces it. A file the child read is read by the page as before.

use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::batch::request::{ErrorKind, RequestError};
use crate::input::TableKind;

/// The memory a file is read within, in MB (the limits the readers hold to, README
/// *Limits*).
pub const READ_MEMORY_MB: u64 = 600;
/// The time a file is read within, in seconds.
pub const READ_SECONDS: u64 = 60;

/// An environment variable that lowers [`READ_MEMORY_MB`] (never raises it), so that a test
/// can show a file refused by the child with a file of a few megabytes.
pub const READ_MEMORY_VARIABLE: &str = "DISPERSAL_READ_MEMORY_MB";

/// The memory a file is read within: [`READ_MEMORY_MB`], or less if
/// [`READ_MEMORY_VARIABLE`] says so.
fn read_memory_mb() -> u64 {
    std::env::var(READ_MEMORY_VARIABLE)
        .ok()
        .and_then(|mb| mb.parse().ok())
        .filter(|mb| *mb < READ_MEMORY_MB)
        .unwrap_or(READ_MEMORY_MB)
}

/// The exit code of `dispersal scan-file` when it could not hold itself to its limits (it
/// exits 0 when it read the file, 2 when the reader refused it).
pub const SCAN_LIMITS_NOT_SET: u8 = 3;

/// What to do with a file the child could not read.
const REFUSED_FIX: &str =
    "open it in Excel, save it as an Excel workbook (.xlsx) or as CSV UTF-8, and upload it again.";

/// Where the verdicts are kept, in a closure's folder.
const RECORD: &str = ".file-checks.json";

/// What was found of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Verdict {
    /// The file as it was read: size, modification time and inode.
    fingerprint: String,
    /// Why it cannot be read (the problem; the fix is [`REFUSED_FIX`]); `None`: it can.
    refused: Option<String>,
}

/// Reads files in a child process of `exe`, the `dispersal` binary.
#[derive(Debug, Clone)]
pub struct FileCheck {
    exe: PathBuf,
}

/// The name the child's `--kind` takes for a kind of file.
pub fn kind_name(kind: TableKind) -> &'static str {
    match kind {
        TableKind::Patients => "patients",
        TableKind::Practices => "practices",
        TableKind::PracticeDetails => "practice-details",
        TableKind::Reply => "reply",
    }
}

fn fingerprint(path: &Path) -> Option<String> {
    let m = std::fs::metadata(path).ok()?;
    Some(format!(
        "{}-{}.{}-{}",
        m.len(),
        m.mtime(),
        m.mtime_nsec(),
        m.ino()
    ))
}

fn read_record(folder: &Path) -> BTreeMap<String, Verdict> {
    std::fs::read(folder.join(RECORD))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

impl FileCheck {
    pub fn new(exe: PathBuf) -> FileCheck {
        FileCheck { exe }
    }

    /// `Ok` when the file in `folder` can be read by the page; `Err` says which file cannot,
    /// and what to do.
    pub fn check(&self, folder: &Path, file: &Path, kind: TableKind) -> Result<(), RequestError> {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Some(fingerprint) = fingerprint(file) else {
            // No file: the reader says so, naming it.
            return Ok(());
        };
        let refused_error = |problem: &str| {
            RequestError::new(ErrorKind::Input, problem, &[REFUSED_FIX]).about(file)
        };
        let mut record = read_record(folder);
        if let Some(verdict) = record.get(&name).filter(|v| v.fingerprint == fingerprint) {
            return verdict
                .refused
                .as_deref()
                .map_or(Ok(()), |p| Err(refused_error(p)));
        }
        let refused = match self.read_in_child(file, kind) {
            Child::Read => None,
            // Not the file's doing: nothing is recorded, and the next page tries again.
            Child::NotRun(why) => {
                return Err(RequestError::new(
                    ErrorKind::Request,
                    format!(
                        "{name} was not read: the server could not start the reader that checks a file first ({why})."
                    ),
                    &["stop the server and start it again."],
                )
                .about(file));
            }
            Child::Stopped(why) => Some(why),
        }
        .map(|why| {
            format!(
                "{name} could not be read within the limits every list is read in ({} MB of memory, {READ_SECONDS} seconds): {why}. It will not be read again until it is replaced.",
                read_memory_mb()
            )
        });
        // Only the file's name goes in the record; kept for the file as it is now.
        record.insert(
            name,
            Verdict {
                fingerprint,
                refused: refused.clone(),
            },
        );
        if let Ok(bytes) = serde_json::to_vec_pretty(&record) {
            let _ = crate::private_files::write(&folder.join(RECORD), &bytes);
        }
        refused.map_or(Ok(()), |p| Err(refused_error(&p)))
    }

    /// Reads the file in a child process, and says how that went.
    fn read_in_child(&self, file: &Path, kind: TableKind) -> Child {
        let mut command = Command::new(&self.exe);
        command
            .args(["scan-file", "--kind", kind_name(kind)])
            .args(["--max-mb", &read_memory_mb().to_string()])
            .args(["--max-seconds", &READ_SECONDS.to_string()])
            .arg(file)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        limit_memory_from_the_start(&mut command, read_memory_mb());
        let child = command.spawn();
        let mut child = match child {
            Ok(child) => child,
            Err(e) => return Child::NotRun(e.to_string()),
        };
        let started = Instant::now();
        // The child stops itself at its CPU limit; this also stops one that waits.
        let deadline = Duration::from_secs(READ_SECONDS + 5);
        loop {
            match child.try_wait() {
                Ok(Some(status)) => {
                    use std::os::unix::process::ExitStatusExt;
                    // 0: read; 2: refused with a message the page shows when it reads it.
                    // SCAN_LIMITS_NOT_SET: the limits could not be set.
                    return match (status.code(), status.signal()) {
                        (Some(0 | 2), _) => Child::Read,
                        (Some(code), _) if code == i32::from(SCAN_LIMITS_NOT_SET) => {
                            Child::NotRun("its limits could not be set".into())
                        }
                        (_, Some(SIGXCPU)) => Child::Stopped("it took too long".into()),
                        (_, Some(_)) => Child::Stopped("it needed more memory than that".into()),
                        _ => Child::Stopped("the reader stopped on it".into()),
                    };
                }
                Ok(None) if started.elapsed() > deadline => {
                    let _ = child.kill();
                    let _ = child.wait();
                    return Child::Stopped("it took too long".into());
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(20)),
                Err(e) => return Child::NotRun(e.to_string()),
            }
        }
    }
}

/// Holds the child to `max_mb` of data from before it starts, as well as by its own limit:
/// the binary's allocator (mimalloc) reserves one large region as the process starts, and a
/// limit set after that, by the child itself, would not hold what it hands out from it. Set
/// before the program is loaded, the region cannot be had, and each piece it maps instead
/// counts against the limit.
fn limit_memory_from_the_start(command: &mut Command, max_mb: u64) {
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::process::CommandExt;
        let bytes = max_mb.saturating_mul(1 << 20);
        // SAFETY: between fork and exec the closure only calls setrlimit, which is
        // async-signal-safe, on a struct it owns.
        unsafe {
            command.pre_exec(move || {
                let limit = libc::rlimit {
                    rlim_cur: bytes,
                    rlim_max: bytes,
                };
                if libc::setrlimit(libc::RLIMIT_DATA, &limit) == 0 {
                    Ok(())
                } else {
                    Err(std::io::Error::last_os_error())
                }
            });
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (command, max_mb);
}

/// How the child that read a file stopped.
enum Child {
    /// It read the file, or refused it with a message the page shows when it reads it.
    Read,
    /// It stopped before it finished: the file cannot be read within the limits.
    Stopped(String),
    /// It could not be run at all: not the file's doing.
    NotRun(String),
}

/// Linux's signal for a process past its CPU time limit.
const SIGXCPU: i32 = 24;
