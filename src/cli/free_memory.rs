//! CLI: give memory freed by a finished print file back to the operating system.
//!
//! glibc's allocator keeps freed memory in per-thread arenas; with typesetting threads
//! allocating and freeing a print file's worth at a time, resident memory crept up with the
//! number of letters (measured: 257 MB resident for 64 MB in use, at 40,000 patients).
//! Trimming after each print file keeps it flat. Other allocators need nothing.

/// Returns free heap pages to the system where the allocator keeps them (glibc).
pub fn return_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only releases free memory; it touches no live allocation.
    unsafe {
        libc::malloc_trim(0);
    }
}
