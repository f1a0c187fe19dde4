//! `factcheck test`: the runner.

use std::path::PathBuf;

use clap::ValueEnum;

use crate::output::human::Style;

pub const AFTER_HELP: &str = "\
Examples:
  factcheck test                        check facts/ and assertions/ of this directory
  factcheck test facts/ extra.assert    check named directories and files
  factcheck test --format json          one JSON object on stdout, for tools

Exit status: 0 nothing failed, 1 something failed, 2 the input could not be loaded.";

#[derive(clap::Args)]
pub struct Args {
    /// Files and directories to load (default: facts/ and assertions/).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// miette diagnostics and a line per assertion.
    Human,
    /// One JSON object (the shape is in docs/language.md).
    Json,
}

pub fn run(args: Args) -> u8 {
    let base = crate::load::load(&args.paths);
    let findings = crate::check::check(&base);
    let text = match args.format {
        Format::Human => crate::output::human::render(&base, &findings, Style::for_stdout()),
        Format::Json => crate::output::json::render(&base, &findings),
    };
    crate::output::print(&text);
    findings.exit_code(&base) as u8
}
