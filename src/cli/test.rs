//! `factcheck test`: the runner.

use std::path::PathBuf;

use clap::ValueEnum;

use crate::check::{Findings, Options};
use crate::load::FactBase;
use crate::output::human::{Detail, Style};

pub const AFTER_HELP: &str = "\
Examples:
  factcheck test                           check facts/ and assertions/ of this directory
  factcheck test facts/ extra.assert       check named directories and files
  factcheck test --format json             one JSON object on stdout, for tools
  factcheck test --format sarif --output factcheck.sarif
                                           SARIF to a file, the human report to the terminal
  factcheck test --filter Bilawal --quiet  only what concerns Bilawal, only failures

Exit status: 0 nothing failed, 1 something failed, 2 the input could not be loaded
(or the --output file could not be written).";

#[derive(clap::Args)]
pub struct Args {
    /// Files and directories to load (default: facts/ and assertions/).
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Write the chosen format to FILE (replaced whole, never half-written);
    /// the human report still goes to standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub selection: Selection,
    #[command(flatten)]
    pub detail: DetailArgs,
    /// The most one file (fact file or source text) may hold: bytes, or a
    /// number with K, M or G. A fact file is never read past 4G.
    #[arg(long, value_name = "SIZE", default_value = "64M", value_parser = crate::load::limits::parse_size)]
    pub max_file_size: u64,
    /// The most distinct names (subjects, attributes, source ids) one run
    /// may hold.
    #[arg(long, value_name = "N", default_value_t = crate::load::Limits::default().max_names)]
    pub max_names: usize,
    /// Read only inside the directories being checked (the PATHs and the
    /// current directory): a source `file` or a linked fact file outside
    /// them is a load error. Use it on fact bases from untrusted hands (pull
    /// requests), since outputs quote source texts.
    #[arg(long)]
    pub confine: bool,
    /// Files outside the checked directories are read by default; kept so
    /// that scripts written when `--confine` was the default still run.
    #[arg(long, hide = true, conflicts_with = "confine")]
    pub allow_outside_files: bool,
}

/// What to check: shared by `test` and `watch`.
#[derive(clap::Args, Clone, Default)]
pub struct Selection {
    /// Check only findings whose subject, attribute, check name or file
    /// contains PATTERN (text compared normalised; repeat for "any of").
    #[arg(long, value_name = "PATTERN")]
    pub filter: Vec<String>,
    /// Stop at the first failure (contradictions, quotes, type mismatches,
    /// then assertions in file/line order).
    #[arg(long)]
    pub fail_fast: bool,
    /// Stale accepts and quotes whose source has no text fail the run.
    #[arg(long)]
    pub strict: bool,
    /// Do not verify quotes against source texts.
    #[arg(long)]
    pub no_quotes: bool,
}

/// How much the human report says: shared by `test` and `watch`.
#[derive(clap::Args, Clone, Default)]
pub struct DetailArgs {
    /// Human report: only failures and the closing line.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Human report: also agreed claims with their merged values, and the
    /// quotes found.
    #[arg(long, short)]
    pub verbose: bool,
}

impl DetailArgs {
    pub fn detail(&self) -> Detail {
        if self.quiet {
            Detail::Quiet
        } else if self.verbose {
            Detail::Verbose
        } else {
            Detail::Normal
        }
    }
}

impl Selection {
    pub fn options(&self, detail: Detail) -> Options {
        Options {
            filters: self.filter.clone(),
            fail_fast: self.fail_fast,
            strict: self.strict,
            skip_quotes: self.no_quotes,
            merged_values: detail == Detail::Verbose,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// miette diagnostics and a line per assertion.
    Human,
    /// One JSON object (the shape is in docs/language.md).
    Json,
    /// JUnit XML: a test case per assertion, contradiction and quote.
    Junit,
    /// GitHub Actions annotations (::error file=…,line=…::…).
    Github,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// TAP version 14.
    Tap,
}

pub fn run(args: Args) -> u8 {
    let detail = args.detail.detail();
    let options = crate::load::LoadOptions {
        limits: crate::load::Limits {
            max_file_bytes: args.max_file_size,
            max_names: args.max_names,
            ..crate::load::Limits::default()
        },
        confine_files: args.confine,
        // What `--verbose` and `--filter` show of agreed groups needs
        // every claim; other runs report on contested and named subjects
        // only.
        screening: if detail == Detail::Verbose || !args.selection.filter.is_empty() {
            crate::load::Screening::Never
        } else {
            crate::load::Screening::Large
        },
    };
    let base = crate::load::load_configured(&args.paths, &[], &options);
    let findings = crate::check::check_with(&base, &args.selection.options(detail));
    warn_unmatched(&findings);
    let status = findings.exit_code(&base) as u8;
    let printed = match &args.output {
        None if args.format == Format::Json => {
            crate::output::print_with(|stdout| crate::output::json::write(stdout, &base, &findings))
        }
        None => crate::output::print_pieces(&render_pieces(
            args.format,
            &base,
            &findings,
            Style::for_stdout().with_detail(detail),
        )),
        Some(path) => {
            let text = render(
                args.format,
                &base,
                &findings,
                Style::plain().with_detail(detail),
            );
            if let Err(error) = crate::output::write::write_atomically(path, text.as_bytes()) {
                eprintln!(
                    "error: cannot write {}: {}",
                    path.display(),
                    crate::load::plain_io_error(&error)
                );
                return 2;
            }
            let human = Style::for_stdout().with_detail(detail);
            crate::output::print_pieces(&crate::output::human::render_pieces(
                &base, &findings, human,
            ))
        }
    };
    // Output that could not be written is a run nobody saw: never report success.
    if let Err(error) = printed {
        eprintln!(
            "error: cannot write the output: {}",
            crate::load::plain_io_error(&error)
        );
        return 2;
    }
    // The process ends next: freeing a million claims one by one would only
    // add time (half a second at a million facts) for memory the OS reclaims.
    std::mem::forget((base, findings));
    status
}

/// The run in `format`.
pub fn render(format: Format, base: &FactBase, findings: &Findings, style: Style) -> String {
    render_pieces(format, base, findings, style).concat()
}

/// [`render`], in pieces to be written one after the other.
fn render_pieces(
    format: Format,
    base: &FactBase,
    findings: &Findings,
    style: Style,
) -> Vec<String> {
    use crate::output::{github, human, json, junit, sarif, tap};
    let whole = match format {
        Format::Human => return human::render_pieces(base, findings, style),
        Format::Json => json::render(base, findings),
        Format::Junit => junit::render(base, findings),
        Format::Github => github::render(base, findings),
        Format::Sarif => sarif::render(base, findings),
        Format::Tap => tap::render(base, findings),
    };
    vec![whole]
}

/// A `--filter` that selects nothing is most likely a typo: say so on
/// standard error, where it cannot break a machine-readable stdout.
pub fn warn_unmatched(findings: &Findings) {
    for pattern in &findings.unmatched_filters {
        eprintln!(
            "warning: --filter {pattern:?} matches no subject, attribute, check name or file"
        );
    }
}
