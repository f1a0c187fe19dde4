//! The JSON output (SPEC §6): one object, for tools and CI.

use serde::Serialize;

use crate::check::{Findings, Summary, Verdict};
use crate::load::{FactBase, Problem};

#[derive(Serialize)]
pub struct Document<'a> {
    pub version: u32,
    pub summary: Summary,
    pub sources: Vec<SourceEntry<'a>>,
    pub contradictions: Vec<ContradictionEntry<'a>>,
    pub assertions: Vec<AssertionEntry<'a>>,
    pub quotes: Vec<QuoteEntry<'a>>,
    pub type_mismatches: Vec<TypeMismatchEntry<'a>>,
    pub warnings: Vec<ProblemEntry<'a>>,
    pub errors: Vec<ProblemEntry<'a>>,
    /// Extension, present only under `--strict` when something fails it:
    /// stale accepts and unverifiable quotes, counted in `summary.failed`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub strict_failures: Vec<ProblemEntry<'a>>,
    /// Extension, present only when `--fail-fast` stopped the run early.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stopped_early: bool,
}

#[derive(Serialize)]
pub struct SourceEntry<'a> {
    pub id: &'a str,
    pub title: Option<&'a str>,
    pub file: Option<&'a str>,
    pub facts: usize,
}

#[derive(Serialize)]
pub struct ContradictionEntry<'a> {
    pub subject: &'a str,
    pub attribute: &'a str,
    pub as_of: Option<String>,
    pub accepted: bool,
    pub claims: Vec<ClaimEntry<'a>>,
}

#[derive(Serialize)]
pub struct ClaimEntry<'a> {
    pub value: &'a str,
    pub source: &'a str,
    pub file: &'a str,
    pub line: u32,
    pub column: u32,
}

#[derive(Serialize)]
pub struct AssertionEntry<'a> {
    pub file: &'a str,
    pub line: u32,
    pub check: Option<&'a str>,
    pub text: &'a str,
    pub verdict: Verdict,
    pub message: &'a str,
}

#[derive(Serialize)]
pub struct QuoteEntry<'a> {
    pub file: &'a str,
    pub line: u32,
    pub source: &'a str,
    pub found: bool,
}

#[derive(Serialize)]
pub struct TypeMismatchEntry<'a> {
    pub file: &'a str,
    pub line: u32,
    pub attribute: &'a str,
    pub expected: &'a str,
    pub value: &'a str,
}

#[derive(Serialize)]
pub struct ProblemEntry<'a> {
    pub file: &'a str,
    pub line: u32,
    pub column: u32,
    pub message: &'a str,
}

/// The document for a run. With load errors only `sources` and `errors` are
/// filled and the summary is all zero (SPEC §7).
pub fn document<'a>(base: &'a FactBase, findings: &'a Findings) -> Document<'a> {
    let file = |index: usize| base.files[index].path.as_str();
    let sources = base
        .sources
        .iter()
        .map(|s| SourceEntry {
            id: &s.id,
            title: s.title.as_deref(),
            file: s.file.as_deref(),
            facts: s.facts,
        })
        .collect();
    let errors = base.errors.iter().map(problem).collect();
    if !base.errors.is_empty() {
        return Document {
            version: 1,
            summary: Summary::default(),
            sources,
            contradictions: Vec::new(),
            assertions: Vec::new(),
            quotes: Vec::new(),
            type_mismatches: Vec::new(),
            warnings: Vec::new(),
            errors,
            strict_failures: Vec::new(),
            stopped_early: false,
        };
    }
    let contradictions = findings
        .contradictions
        .iter()
        .map(|c| {
            let group = &base.groups[c.group];
            ContradictionEntry {
                subject: base.subject_of(group),
                attribute: base.attribute_of(group),
                as_of: group.as_of.map(|d| d.to_string()),
                accepted: c.accepted_by.is_some(),
                claims: c
                    .claims
                    .iter()
                    .map(|&index| {
                        let claim = &base.claims[index];
                        ClaimEntry {
                            value: base.written(claim),
                            source: &base.sources[claim.source()].id,
                            file: file(claim.at.file),
                            line: claim.at.span.line,
                            column: claim.at.span.column,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let assertions = findings
        .assertions
        .iter()
        .map(|result| {
            let located = &base.assertions[result.assertion];
            AssertionEntry {
                file: file(located.file),
                line: located.assertion.span.line,
                check: located.assertion.check.as_deref(),
                text: &located.assertion.text,
                verdict: result.verdict,
                message: &result.message,
            }
        })
        .collect();
    let quotes = findings
        .quotes
        .iter()
        .map(|check| {
            let quote = &base.quotes[check.quote];
            QuoteEntry {
                file: file(quote.at.file),
                line: quote.at.span.line,
                source: &base.sources[quote.source].id,
                found: check.found,
            }
        })
        .collect();
    let type_mismatches = findings
        .type_mismatches
        .iter()
        .map(|&index| &base.type_mismatches[index])
        .map(|m| TypeMismatchEntry {
            file: file(m.at.file),
            line: m.at.span.line,
            attribute: &m.attribute,
            expected: m.expected,
            value: &m.value,
        })
        .collect();
    Document {
        version: 1,
        summary: findings.summary,
        sources,
        contradictions,
        assertions,
        quotes,
        type_mismatches,
        warnings: findings.warnings.iter().map(problem).collect(),
        errors,
        strict_failures: findings.strict_failures.iter().map(problem).collect(),
        stopped_early: findings.stopped_early,
    }
}

fn problem(problem: &Problem) -> ProblemEntry<'_> {
    ProblemEntry {
        file: &problem.path,
        line: problem.line,
        column: problem.column,
        message: &problem.message,
    }
}

/// The document as pretty-printed JSON with a final newline.
pub fn render(base: &FactBase, findings: &Findings) -> String {
    let mut text = Vec::new();
    write(&mut text, base, findings).expect("writing to memory does not fail");
    String::from_utf8(text).expect("serde_json writes UTF-8")
}

/// [`render`], written to `out` as it is made: a large run's JSON (11 MB at
/// a million facts) is never held whole, and the run's peak memory is not
/// its output's.
pub fn write(
    out: impl std::io::Write,
    base: &FactBase,
    findings: &Findings,
) -> std::io::Result<()> {
    use std::io::Write as _;
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    serde_json::to_writer_pretty(&mut out, &document(base, findings))?;
    out.write_all(b"\n")?;
    out.flush()
}
