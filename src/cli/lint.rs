//! `factcheck lint`: likely aliases and subjects used once (see
//! `crate::lint`), one finding per line, located like a compiler's
//! (`file:line:column:`) so editors and terminals can jump to it.

use std::fmt::Write as _;
use std::path::PathBuf;

use miette::Severity;

use crate::lint::{lint, Lint, NameUse};
use crate::load::FactBase;
use crate::output::human::{render_problems, Style};
use crate::syntax::quoted;

pub const AFTER_HELP: &str = "\
Likely aliases are subjects and text values that probably name one thing:
an edit or two apart, equal when transliterated, the same consonants, or one
name's words inside the other. Each comes with a score (1 is certain) and
the `alias` line to add. A subject written once, in an assertion, with no
fact is probably a typo.

Examples:
  factcheck lint                 lint facts/ and assertions/ of this directory
  factcheck lint facts/ more/    lint named directories and files

Exit status: 0 nothing found, 1 something found, 2 the input could not be loaded.";

#[derive(clap::Args)]
pub struct Args {
    /// Files and directories to load (default: facts/ and assertions/).
    pub paths: Vec<PathBuf>,
}

pub fn run(args: Args) -> u8 {
    let base = crate::load::load(&args.paths);
    if !base.errors.is_empty() {
        let _ = crate::output::print(&format!(
            "{}could not load: {} errors\n",
            render_problems(&base, &base.errors, Severity::Error, Style::for_stdout()),
            base.errors.len()
        ));
        return 2;
    }
    let found = lint(&base);
    let _ = crate::output::print(&render(&base, &found));
    u8::from(!found.aliases.is_empty() || !found.lone_subjects.is_empty())
}

/// The findings, one per line (with the fix on the next), and a count.
pub fn render(base: &FactBase, found: &Lint) -> String {
    let mut out = String::new();
    let place = |name: &NameUse| {
        let (file, line, column) = base.place(name.first);
        format!("{file}:{line}:{column}")
    };
    for suggestion in &found.aliases {
        let (variant, canonical) = (
            &found.names[suggestion.variant],
            &found.names[suggestion.canonical],
        );
        let _ = writeln!(
            out,
            "{}: likely alias: {} and {} ({}) are probably one name ({}, score {:.2})\n    alias {} = {}",
            place(variant),
            quoted(&variant.shown),
            quoted(&canonical.shown),
            place(canonical),
            suggestion.alike.likeness.describe(),
            suggestion.alike.score,
            quoted(&variant.shown),
            quoted(&canonical.shown),
        );
    }
    for lone in &found.lone_subjects {
        let name = &found.names[lone.name];
        let hint = match lone.did_you_mean {
            Some(known) => {
                let known = &found.names[known];
                format!(
                    "; did you mean {} ({})?",
                    quoted(&known.shown),
                    place(known)
                )
            }
            None => String::new(),
        };
        let _ = writeln!(
            out,
            "{}: subject used once: {} appears only here and in no fact, a likely typo{hint}",
            place(name),
            quoted(&name.shown),
        );
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let _ = writeln!(
        out,
        "{}, {}",
        plural(found.aliases.len(), "likely alias", "likely aliases"),
        plural(
            found.lone_subjects.len(),
            "subject used once",
            "subjects used once"
        )
    );
    out
}
