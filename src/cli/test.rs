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
    /// The most one file (fact file or source text) may hold: bytes, or a
    /// number with K, M or G.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = crate::load::limits::parse_size)]
    pub max_file_size: u64,
    /// Let a source's `file` (or a linked fact file) lie outside the
    /// directories being checked. Leave it off for untrusted fact bases:
    /// reports quote source texts.
    #[arg(long)]
    pub allow_outside_files: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// miette diagnostics and a line per assertion.
    Human,
    /// One JSON object (the shape is in docs/language.md).
    Json,
}

pub fn run(args: Args) -> u8 {
    let options = crate::load::LoadOptions {
        limits: crate::load::Limits {
            max_file_bytes: args.max_file_size,
            ..crate::load::Limits::default()
        },
        allow_outside_files: args.allow_outside_files,
    };
    let base = crate::load::load_configured(&args.paths, &[], &options);
    let findings = crate::check::check(&base);
    let text = match args.format {
        Format::Human => crate::output::human::render(&base, &findings, Style::for_stdout()),
        Format::Json => crate::output::json::render(&base, &findings),
    };
    crate::output::print(&text);
    findings.exit_code(&base) as u8
}
