//! The `dispersal` command: parse the arguments, run, print any error, exit with its code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    dispersal::cli::withhold_panic_messages();
    let args = dispersal::cli::Args::parse();
    ExitCode::from(dispersal::cli::run(args))
}
