//! The `factcheck` command: parse the command line, run, exit.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    ExitCode::from(factcheck::cli::Cli::parse().run())
}
