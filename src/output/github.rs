//! GitHub Actions workflow commands (`--format github`): an `::error` per
//! failure and a `::warning` per warning, each placed at its file, line and
//! column so it shows on the pull request's diff. GitHub shows at most 10
//! annotations of each level per step, so the 10 most important failures
//! are annotated (contradictions and load errors first, `unknown` last) and
//! one `::notice` counts the rest by kind. The log ends with the usual
//! `N passed, N failed` line.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::cases::{cases, warnings, Case, Kind, Place};
use super::diagnostic::printable;
use crate::check::Findings;
use crate::load::FactBase;

/// GitHub shows this many annotations of one level per step.
pub const ANNOTATIONS_SHOWN: usize = 10;

pub fn render(base: &FactBase, findings: &Findings) -> String {
    let mut out = String::new();
    let mut failures: Vec<(Kind, &Case)> = Vec::new();
    let all = cases(base, findings);
    for case in &all {
        if let Some(kind) = case.failed() {
            failures.push((kind, case));
        }
    }
    failures.sort_by_key(|(kind, _)| kind.rank());
    for (kind, case) in failures.iter().take(ANNOTATIONS_SHOWN) {
        // A load error's name is its message: the kind alone titles it.
        let title = if case.name == case.message {
            kind.id().to_string()
        } else {
            format!("{}: {}", kind.id(), case.name)
        };
        command(&mut out, "error", &case.place, &title, &case.message);
    }
    if failures.len() > ANNOTATIONS_SHOWN {
        let mut rest: BTreeMap<(u8, &str), usize> = BTreeMap::new();
        for (kind, _) in &failures[ANNOTATIONS_SHOWN..] {
            *rest.entry((kind.rank(), kind.id())).or_default() += 1;
        }
        let counts: Vec<String> = rest
            .iter()
            .map(|((_, id), n)| format!("{n} {id}"))
            .collect();
        let more = failures.len() - ANNOTATIONS_SHOWN;
        let _ = writeln!(
            out,
            "::notice title=factcheck::{more} more {} not annotated (GitHub shows {ANNOTATIONS_SHOWN} per step): {}; `factcheck test` lists them all",
            if more == 1 { "failure" } else { "failures" },
            counts.join(", ")
        );
    }
    for (place, message, _) in warnings(base, findings).iter().take(ANNOTATIONS_SHOWN) {
        command(&mut out, "warning", place, "factcheck warning", message);
    }
    if base.errors.is_empty() {
        let summary = findings.summary;
        let _ = writeln!(out, "{} passed, {} failed", summary.passed, summary.failed);
    } else {
        let _ = writeln!(out, "could not load: {} errors", base.errors.len());
    }
    out
}

fn command(out: &mut String, level: &str, place: &Place, title: &str, message: &str) {
    let _ = writeln!(
        out,
        "::{level} file={},line={},col={},title={}::{}",
        escape_property(place.file),
        place.line,
        place.column,
        escape_property(&printable(title)),
        escape_data(&printable(message))
    );
}

/// The escaping of @actions/core's `escapeData`: `%`, CR and LF.
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// The escaping of @actions/core's `escapeProperty`: as data, plus `:` and
/// `,`, which separate properties.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_escapes_percent_first_and_line_breaks() {
        assert_eq!(escape_data("50%\r\nnext"), "50%25%0D%0Anext");
    }

    #[test]
    fn properties_also_escape_separators() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    }
}
