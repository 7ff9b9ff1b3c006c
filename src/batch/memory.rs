//! Batch engine: how much freed memory the process keeps while print files are made.
//!
//! The binary allocates with mimalloc (`src/main.rs`). By default it hands memory freed by a
//! finished print file back to the system 10 ms later (this sets a second), in case the next
//! file wants it again, which it does: that is faster, but two typesetting threads then hold
//! more between them. In
//! a large batch (more than [`LARGE_BATCH`] letters, where the run's own records take the most)
//! it hands it back at once. Measured at 100,000 patients on 2 cores, 2 threads, by
//! `/usr/bin/time -v`: 287,040–304,972 kB and 1,177–1,254 letters/s by default; 222,780 and
//! 231,808 kB and 972–981 letters/s at once. At 10,000 patients the default keeps it near
//! 200 MB, so a smaller batch stays fast.

use super::print_files::LARGE_BATCH;

/// mimalloc's `mi_option_purge_delay` (`mimalloc.h`, v2): milliseconds before freed memory
/// goes back to the system.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// For every other batch: a second. Each print file needs about what the one before freed, and
/// memory handed back and asked for again comes back as fresh pages the kernel must clear
/// (`clear_page_erms`, 3–4% of a 10,000-patient run with mimalloc's own 10 ms). At 10,000
/// patients, 2 threads, alternating builds: 1,724–1,798 letters/s against 1,694–1,724 with
/// 10 ms, and the same peak (182–193 MB).
const DEFAULT_PURGE_DELAY: std::ffi::c_long = 1000;

/// Before a batch's print files are made: a batch of more than [`LARGE_BATCH`] letters returns
/// freed memory to the system at once, any other after [`DEFAULT_PURGE_DELAY`]. The setting is
/// the process's (the web server's batches set it each in turn). Nothing changes when mimalloc
/// is not the allocator (the library's own tests).
pub fn for_batch_of(letters: usize) {
    let delay = if letters > LARGE_BATCH {
        0
    } else {
        DEFAULT_PURGE_DELAY
    };
    // SAFETY: sets one of mimalloc's options, a plain integer it reads when it next frees
    // memory; it touches no allocation.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, delay) };
}
