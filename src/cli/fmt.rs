//! `factcheck fmt`: rewrite files in the canonical layout (see
//! `crate::format`), or with `--check` only list the files that are not.

use std::path::{Path, PathBuf};

use miette::Severity;

use crate::format::{format_text, FormatError};
use crate::load::{decode, discover, plain_io_error, FactBase, LoadedFile, Location, Problem};
use crate::output::human::{render_problems, Style};
use crate::output::write::write_atomically;

pub const AFTER_HELP: &str = "\
The layout: two spaces inside blocks, one space between terms, values and
`quote`/`as of` clauses aligned within a `from` section, trailing comments
aligned within a paragraph, one blank line between sections. Nothing is
reordered and every comment stays where it was. A file with syntax errors is
left untouched and its errors are shown.

Examples:
  factcheck fmt                  format facts/ and assertions/ of this directory
  factcheck fmt --check          list the files that are not formatted (CI)
  factcheck fmt facts/000.facts  format one file

Exit status: 0 done (or, with --check, every file formatted); 1 with --check,
some file is not formatted; 2 a file could not be read, parsed or written.";

#[derive(clap::Args)]
pub struct Args {
    /// Files and directories to format (default: facts/ and assertions/).
    pub paths: Vec<PathBuf>,
    /// Change nothing: list the files that are not formatted, exit 1 if any.
    #[arg(long)]
    pub check: bool,
}

/// What became of the files, for the summary and the exit status.
#[derive(Default)]
struct Outcome {
    unformatted: usize,
    /// Files that could not be read or parsed, with their errors.
    failed: FactBase,
    untouched: usize,
}

const BOM: &str = "\u{FEFF}";

pub fn run(args: Args) -> u8 {
    let (found, path_errors) = discover(&args.paths);
    let mut outcome = Outcome::default();
    for error in path_errors {
        outcome.failed.errors.push(Problem {
            path: error.path,
            line: 1,
            column: 1,
            at: None,
            message: error.message,
            label: String::new(),
        });
    }
    for file in &found {
        format_file(&file.path, args.check, &mut outcome);
    }
    let failed = &outcome.failed;
    eprint!(
        "{}",
        render_problems(failed, &failed.errors, Severity::Error, stderr_style())
    );
    if outcome.untouched > 0 {
        eprintln!(
            "left {} file{} with syntax errors untouched",
            outcome.untouched,
            if outcome.untouched == 1 { "" } else { "s" }
        );
    }
    if !failed.errors.is_empty() {
        2
    } else if outcome.unformatted > 0 {
        1
    } else {
        0
    }
}

fn format_file(path: &Path, check: bool, outcome: &mut Outcome) {
    let shown = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            let message = format!("cannot read this file: {}", plain_io_error(&error));
            return whole_file_error(outcome, shown, message);
        }
    };
    let had_bom = bytes.starts_with(BOM.as_bytes());
    let text = match decode(bytes) {
        Ok(text) => text,
        Err(not_text) => {
            return outcome.failed.errors.push(Problem {
                path: shown,
                line: not_text.line,
                column: not_text.column,
                at: None,
                message: not_text.message,
                label: String::new(),
            })
        }
    };
    let formatted = match format_text(&text) {
        Ok(formatted) if formatted == text => return,
        Ok(formatted) => formatted,
        Err(FormatError::Syntax(errors)) => {
            let file = outcome.failed.files.len();
            outcome.failed.files.push(LoadedFile {
                path: shown,
                text,
                line_starts: Vec::new(),
            });
            for error in errors {
                let at = Location {
                    file,
                    span: error.span,
                };
                let problem = outcome.failed.problem_at(at, error.message, error.label);
                outcome.failed.errors.push(problem);
            }
            outcome.untouched += 1;
            return;
        }
        Err(FormatError::Changed(why)) => {
            let message = format!("left untouched: formatting would change its meaning ({why}); this is a bug in `factcheck fmt`, please report it");
            return whole_file_error(outcome, shown, message);
        }
    };
    if check {
        let _ = crate::output::print(&format!("{shown}\n"));
        outcome.unformatted += 1;
        return;
    }
    let contents = if had_bom {
        format!("{BOM}{formatted}")
    } else {
        formatted
    };
    match write_atomically(path, contents.as_bytes()) {
        Ok(()) => {
            let _ = crate::output::print(&format!("formatted {shown}\n"));
        }
        Err(error) => {
            let message = format!("cannot write this file: {}", plain_io_error(&error));
            whole_file_error(outcome, shown, message);
        }
    }
}

fn whole_file_error(outcome: &mut Outcome, path: String, message: String) {
    outcome.failed.errors.push(Problem {
        path,
        line: 1,
        column: 1,
        at: None,
        message,
        label: String::new(),
    });
}

/// Diagnostics go to standard error (standard output lists files): colour
/// only when that is a terminal, never with `NO_COLOR`.
fn stderr_style() -> Style {
    use std::io::IsTerminal;
    Style::for_stream(std::io::stderr().is_terminal())
}
