//! Batch engine: how the process holds memory while print files are made.
//!
//! The binary allocates with mimalloc (`src/main.rs`). By default it hands memory freed by a
//! finished print file back to the system 10 ms later; this sets a second, since the next file
//! wants about as much again. And mimalloc asks the kernel for transparent huge pages (2 MB):
//! fewer TLB misses make a batch faster, but a huge page stays whole in memory while any of it
//! is in use. So a large batch (more than [`LARGE_BATCH`] letters, where the run's own records
//! take the most) turns huge pages off for the process, and stays under 300 MB.
//!
//! Measured on 2 cores, 2 threads, by `/usr/bin/time -v`, alternating the build before (huge
//! pages always on, a large batch's freed memory handed back at once and kept by mimalloc into
//! the workbooks) with this one:
//!
//! | Patients | Before: letters/s | Before: peak RSS | Now: letters/s | Now: peak RSS |
//! |---|---|---|---|---|
//! | 10,000 | 1,676, 1,778 | 194,384, 200,232 kB | 1,775, 1,728 | 195,360, 187,052 kB |
//! | 100,000 | 1,138, 1,166 | 248,268, 263,252 kB | 1,571, 1,500 | 259,132, 257,740 kB |
//! | 500,000 | 1,219 (the day before) | 702,632 kB (the day before) | 1,405 | 684,892 kB |
//!
//! With huge pages off, 10,000 patients ran at 1,686–1,710 letters/s in 166–169 MB; 100,000
//! with them on and a second's delay, 1,579 letters/s but 309,888 kB.

use super::print_files::LARGE_BATCH;

/// mimalloc's `mi_option_purge_delay` (`mimalloc.h`, v2): milliseconds before freed memory
/// goes back to the system.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// A second. Each print file needs about what the one before freed, and memory handed back and
/// asked for again comes back as fresh pages the kernel must clear (`clear_page_erms`, 3–4% of
/// a 10,000-patient run with mimalloc's own 10 ms). At 10,000 patients, 2 threads, alternating
/// builds: 1,724–1,798 letters/s against 1,694–1,724 with 10 ms, and the same peak
/// (182–193 MB).
const PURGE_DELAY_MS: std::ffi::c_long = 1000;

/// mimalloc's own purge delay, for the rest of the process.
const MIMALLOC_PURGE_DELAY_MS: std::ffi::c_long = 10;

/// While a batch's print files are made: freed memory goes back to the system after
/// [`PURGE_DELAY_MS`], and a batch of more than [`LARGE_BATCH`] letters turns transparent huge
/// pages off for the process and keeps mimalloc's own delay (10 ms): at 500,000 patients the
/// second's delay held the run just over 300 MB at the end of typesetting (302,316 kB, against
/// 287,880 kB with 10 ms). When the guard is dropped, mimalloc's own settings come back and
/// what the print files freed goes back to the system at once, before the manifest and the
/// workbooks (mimalloc would otherwise keep it ten delays longer: 771,712 kB against
/// 684,892 kB at 500,000 patients).
///
/// The settings are the process's (the web server's batches set them each in turn). The
/// mimalloc settings change nothing when mimalloc is not the allocator (the library's own
/// tests).
#[must_use = "the settings last while the guard lives"]
pub fn for_batch_of(letters: usize) -> BatchMemory {
    let large = letters > LARGE_BATCH;
    purge_delay(if large {
        MIMALLOC_PURGE_DELAY_MS
    } else {
        PURGE_DELAY_MS
    });
    huge_pages(!large);
    BatchMemory
}

/// See [`for_batch_of`].
pub struct BatchMemory;

impl Drop for BatchMemory {
    fn drop(&mut self) {
        purge_delay(MIMALLOC_PURGE_DELAY_MS);
        huge_pages(true);
        hand_back();
    }
}

/// Hands back to the system what mimalloc holds unused: after the plan, the patients as read
/// and the allocation's working memory (at 200,000 patients 110 MB that mimalloc still held,
/// as free pages amid live ones, when typesetting began).
pub fn hand_back() {
    // SAFETY: asks mimalloc to free what it holds unused; it touches no live allocation.
    unsafe { libmimalloc_sys::mi_collect(true) };
}

fn purge_delay(ms: std::ffi::c_long) {
    // SAFETY: sets one of mimalloc's options, a plain integer it reads when it next frees
    // memory; it touches no allocation.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, ms) };
}

/// Transparent huge pages on or off for the whole process (`prctl(PR_SET_THP_DISABLE)`, what
/// mimalloc's own `allow_thp` option does at start). Pages already made stay as they are.
#[cfg(target_os = "linux")]
fn huge_pages(on: bool) {
    let disable = libc::c_ulong::from(!on);
    // SAFETY: PR_SET_THP_DISABLE takes the flag and three zeros and changes only how the kernel
    // backs this process's memory. A kernel without it returns an error, which leaves things as
    // they were: then huge pages are as the system set them.
    unsafe { libc::prctl(libc::PR_SET_THP_DISABLE, disable, 0, 0, 0) };
}

#[cfg(not(target_os = "linux"))]
fn huge_pages(_on: bool) {}
