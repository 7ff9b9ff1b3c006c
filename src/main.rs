//! The `dispersal` command: parse the arguments, run, print any error, exit with its code.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc, not glibc's malloc: typesetting on two threads allocates and frees a great deal at
/// once. Measured on 2 cores against glibc with its arenas capped: at 10,000 patients at least
/// 40% more letters a second; at 100,000, 256–268 MB peak against 313 MB. How long it keeps
/// freed memory and whether it uses huge pages are set for each batch (`batch::memory`; README,
/// Speed and memory).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    dispersal::cli::withhold_panic_messages();
    let args = dispersal::cli::Args::parse();
    ExitCode::from(dispersal::cli::run(args))
}
