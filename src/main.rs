//! The `dispersal` command: parse the arguments, run, print any error, exit with its code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = dispersal::cli::Args::parse();
    ExitCode::from(dispersal::cli::run(args))
}
