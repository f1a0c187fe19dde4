//! The `factcheck` command: parse the command line, run the library, exit.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use factcheck::output::human::Style;

const AFTER_HELP: &str = "\
Exit status:
  0  nothing failed
  1  something failed: an assertion not passing, an unaccepted contradiction,
     a quote not found in its source, a type mismatch
  2  the input could not be loaded (syntax error, unknown source, unreadable file, …)";

/// Check fact-check claims for contradictions, verify quotes, judge assertions.
#[derive(Parser)]
#[command(name = "factcheck", version, about, after_help = AFTER_HELP)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load the fact base, find contradictions, verify quotes, judge assertions.
    #[command(after_help = "\
Examples:
  factcheck test                        check facts/ and assertions/ of this directory
  factcheck test facts/ extra.assert    check named directories and files
  factcheck test --format json          one JSON object on stdout, for tools

Exit status: 0 nothing failed, 1 something failed, 2 the input could not be loaded.")]
    Test {
        /// Files and directories to load (default: facts/ and assertions/).
        paths: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// miette diagnostics and a line per assertion.
    Human,
    /// One JSON object (see SPEC §6).
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Test { paths, format } => {
            let base = factcheck::load::load(&paths);
            let findings = factcheck::check::check(&base);
            let text = match format {
                Format::Human => {
                    factcheck::output::human::render(&base, &findings, Style::for_stdout())
                }
                Format::Json => factcheck::output::json::render(&base, &findings),
            };
            print!("{text}");
            ExitCode::from(findings.exit_code(&base) as u8)
        }
    }
}
