//! CLI: `dispersal scan-file` (hidden), the child process the web page reads an uploaded file
//! in first: it holds itself to a memory and a CPU-time limit, reads every row, keeps nothing
//! and prints nothing (the page reads the file itself for the messages).

use std::path::Path;

use super::args::ScanKind;
use super::{EXIT_OK, EXIT_UNUSABLE};
use crate::input::{self, TableKind};

/// Reads `file` within `max_mb` of memory and `max_seconds` of CPU time: exit 0 when read, 2
/// when the reader refused it; past a limit the process is stopped (an allocation that fails
/// aborts it; the kernel stops it at the CPU limit).
pub fn scan_file(kind: ScanKind, max_mb: u64, max_seconds: u64, file: &Path) -> u8 {
    if !hold_to(max_mb, max_seconds) {
        return crate::web::SCAN_LIMITS_NOT_SET;
    }
    let kind = match kind {
        ScanKind::Patients => TableKind::Patients,
        ScanKind::Practices => TableKind::Practices,
        ScanKind::PracticeDetails => TableKind::PracticeDetails,
        ScanKind::Reply => TableKind::Reply,
    };
    match input::scan_table(file, kind) {
        Ok(_) => EXIT_OK,
        Err(_) => EXIT_UNUSABLE,
    }
}

/// Sets this process's limits: its data (the heap, and every private mapping its allocator
/// makes) to `max_mb` MB, and its CPU time to `max_seconds`. `false` if they cannot be set.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn hold_to(max_mb: u64, max_seconds: u64) -> bool {
    let set = |resource, value: u64| {
        let limit = libc::rlimit {
            rlim_cur: value,
            rlim_max: value,
        };
        // SAFETY: setrlimit reads the struct given and changes only this process's limits.
        unsafe { libc::setrlimit(resource, &limit) == 0 }
    };
    set(libc::RLIMIT_DATA, max_mb.saturating_mul(1 << 20)) && set(libc::RLIMIT_CPU, max_seconds)
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn hold_to(_max_mb: u64, _max_seconds: u64) -> bool {
    false
}
