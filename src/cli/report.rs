//! `factcheck report`: the report people read, as Markdown, HTML or
//! ClaimReview JSON-LD.

use std::path::PathBuf;

use clap::ValueEnum;

use crate::output::human::Style;

pub const AFTER_HELP: &str = "\
Examples:
  factcheck report                           Markdown report of facts/ and assertions/
  factcheck report --format html -o report.html
  factcheck report --format claimreview --publisher \"Example News\" -o claimreview.json

Exit status: 0 the report was written (whatever the verdicts: `factcheck test` is
the gate), 2 the input could not be loaded (the errors are printed on stderr and
no report is written) or the output file could not be written.";

#[derive(clap::Args)]
pub struct Args {
    /// Files and directories to load (default: facts/ and assertions/).
    pub paths: Vec<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Md)]
    pub format: Format,
    /// Write the report to FILE (replaced atomically) instead of stdout.
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The organisation publishing the reviews (ClaimReview `author`).
    #[arg(long, value_name = "NAME")]
    pub publisher: Option<String>,
    /// Read only inside the directories being checked (the PATHs and the
    /// current directory), for fact bases from untrusted hands: the report
    /// quotes source texts.
    #[arg(long)]
    pub confine: bool,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// Markdown, for reading and for review by diff.
    Md,
    /// One self-contained HTML page, source texts included.
    Html,
    /// schema.org ClaimReview JSON-LD, one per assertion.
    Claimreview,
}

pub fn run(args: Args) -> u8 {
    let options = crate::load::LoadOptions {
        confine_files: args.confine,
        ..crate::load::LoadOptions::default()
    };
    let base = crate::load::load_configured(&args.paths, &[], &options);
    let findings = crate::check::check(&base);
    if !base.errors.is_empty() {
        eprint!(
            "{}",
            crate::output::human::render(&base, &findings, Style::plain())
        );
        return 2;
    }
    let report = match args.format {
        Format::Md => crate::report::markdown(&base, &findings),
        Format::Html => crate::report::html(&base, &findings),
        Format::Claimreview => {
            crate::report::claimreview(&base, &findings, args.publisher.as_deref())
        }
    };
    let written = match &args.output {
        Some(path) => crate::output::write::write_atomically(path, report.as_bytes())
            .map_err(|error| format!("cannot write {}: {error}", path.display())),
        None => crate::output::print(&report)
            .map_err(|error| format!("cannot write the report: {error}")),
    };
    match written {
        Ok(()) => 0,
        Err(message) => {
            eprintln!("error: {message}");
            2
        }
    }
}
