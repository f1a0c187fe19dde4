//! The command line: one file per subcommand. `main.rs` only parses and
//! dispatches; each subcommand calls the library and returns the exit status.

pub mod completions;
pub mod fmt;
pub mod lint;
pub mod lsp;
pub mod report;
pub mod test;
pub mod watch;

use clap::{Parser, Subcommand};

const AFTER_HELP: &str = "\
Exit status:
  0  nothing failed
  1  something failed: an assertion not passing, an unaccepted contradiction,
     a quote not found in its source, a type mismatch
  2  the input could not be loaded (syntax error, unknown source, unreadable file, …)

Examples:
  factcheck test                 check facts/ and assertions/ of this directory
  factcheck test facts/ a.assert check named directories and files
  factcheck test --format json   one JSON object on stdout, for tools
  factcheck test --format sarif --output factcheck.sarif
                                 SARIF for code scanning, the report on the terminal
  factcheck watch                re-check on every save, saying what changed
  factcheck completions bash     a completion script for bash, zsh or fish
  factcheck report --format html -o report.html
                                 the report people read";

/// Check fact-check claims: find contradictions between sources, verify quotes
/// against the source texts, judge assertions.
#[derive(Parser)]
#[command(name = "factcheck", version, about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Load the fact base, find contradictions, verify quotes, judge assertions.
    #[command(after_help = test::AFTER_HELP)]
    Test(test::Args),
    /// Write the report people read: Markdown, HTML or ClaimReview JSON-LD.
    #[command(after_help = report::AFTER_HELP)]
    Report(report::Args),
    /// Rewrite .facts and .assert files in the canonical layout.
    #[command(after_help = fmt::AFTER_HELP)]
    Fmt(fmt::Args),
    /// List likely aliases and subjects used once (probable typos).
    #[command(after_help = lint::AFTER_HELP)]
    Lint(lint::Args),
    /// Run the language server on stdin/stdout (for editors).
    #[command(after_help = lsp::AFTER_HELP)]
    Lsp(lsp::Args),
    /// Re-run the checks on every change, saying which verdicts changed.
    #[command(after_help = watch::AFTER_HELP)]
    Watch(watch::Args),
    /// Print a shell completion script (bash, zsh or fish).
    #[command(after_help = completions::AFTER_HELP)]
    Completions(completions::Args),
}

impl Cli {
    /// Run the chosen subcommand; the result is the process exit status.
    pub fn run(self) -> u8 {
        match self.command {
            Command::Test(args) => test::run(args),
            Command::Report(args) => report::run(args),
            Command::Fmt(args) => fmt::run(args),
            Command::Lint(args) => lint::run(args),
            Command::Lsp(args) => lsp::run(args),
            Command::Watch(args) => watch::run(args),
            Command::Completions(args) => completions::run(args),
        }
    }
}
