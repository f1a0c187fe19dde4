//! TAP version 14 (`--format tap`): one test point per case. A failure has a
//! YAML diagnostic block (message, kind, where); an `unknown` assertion is
//! `not ok … # TODO`, since it waits for more facts rather than being wrong;
//! an accepted contradiction is `ok … # SKIP`. Warnings are `#` comments.
//! YAML scalars are written as JSON strings, which YAML reads alike.

use std::fmt::Write as _;

use super::cases::{cases, warnings, Case, Kind, Outcome};
use super::diagnostic::printable;
use crate::check::Findings;
use crate::load::FactBase;

pub fn render(base: &FactBase, findings: &Findings) -> String {
    let all = cases(base, findings);
    let mut out = String::from("TAP version 14\n");
    let _ = writeln!(out, "1..{}", all.len());
    for (index, case) in all.iter().enumerate() {
        test_point(&mut out, index + 1, case);
    }
    for (at, message, _) in warnings(base, findings) {
        let _ = writeln!(
            out,
            "# warning: {}:{}:{}: {}",
            at.file,
            at.line,
            at.column,
            one_line(message)
        );
    }
    if base.errors.is_empty() {
        let summary = findings.summary;
        let _ = writeln!(
            out,
            "# {} passed, {} failed",
            summary.passed, summary.failed
        );
    } else {
        let _ = writeln!(out, "# could not load: {} errors", base.errors.len());
    }
    out
}

fn test_point(out: &mut String, number: usize, case: &Case) {
    let description = escape(&case.name);
    match case.outcome {
        Outcome::Passed => {
            let _ = writeln!(out, "ok {number} - {description}");
        }
        Outcome::Accepted => {
            let reason = case.message.lines().next().unwrap_or_default();
            let _ = writeln!(out, "ok {number} - {description} # SKIP {}", escape(reason));
        }
        Outcome::Failed(kind) => {
            let directive = match kind {
                Kind::AssertionUnknown => format!(" # TODO {}", escape(&one_line(&case.message))),
                _ => String::new(),
            };
            let _ = writeln!(out, "not ok {number} - {description}{directive}");
            diagnostic(out, case, kind);
        }
    }
}

fn diagnostic(out: &mut String, case: &Case, kind: Kind) {
    let yaml = |text: &str| serde_json::to_string(text).expect("JSON string");
    out.push_str("  ---\n");
    let _ = writeln!(out, "  message: {}", yaml(&case.message));
    let _ = writeln!(out, "  severity: {}", kind.id());
    let _ = writeln!(out, "  at:");
    let _ = writeln!(out, "    file: {}", yaml(case.place.file));
    let _ = writeln!(out, "    line: {}", case.place.line);
    let _ = writeln!(out, "    column: {}", case.place.column);
    if !case.related.is_empty() {
        let _ = writeln!(out, "  related:");
        for related in &case.related {
            let _ = writeln!(out, "    - file: {}", yaml(related.place.file));
            let _ = writeln!(out, "      line: {}", related.place.line);
            let _ = writeln!(out, "      message: {}", yaml(&related.message));
        }
    }
    out.push_str("  ...\n");
}

/// TAP 14: `#` starts a directive and `\` escapes, so both are escaped in
/// descriptions; a description is one line.
fn escape(text: &str) -> String {
    one_line(text).replace('\\', "\\\\").replace('#', "\\#")
}

/// A description is one line, and shown as it is: its other control
/// characters are written as escapes ([`printable`]).
fn one_line(text: &str) -> String {
    let line = text
        .split(['\n', '\r'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    printable(&line).into_owned()
}
