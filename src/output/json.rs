//! The JSON output (SPEC §6): one object, for tools and CI.

use rayon::prelude::*;
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
    // The long lists are built in parallel: reading each entry's claims and
    // names is mostly cache misses, which two threads wait on half as long.
    let contradictions = findings
        .contradictions
        .par_iter()
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
                            file: file(claim.file()),
                            line: claim.line(),
                            column: base.claim_at(claim).span.column,
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    let assertions = findings
        .assertions
        .par_iter()
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
        .par_iter()
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

/// [`render`], written to `out` a field at a time: a large run's JSON (11 MB
/// at a million facts) is held a list at a time, never whole. The long
/// lists are drawn in parallel, in batches joined in order: written by one
/// thread, the JSON was the longest serial step of a run. The bytes are
/// serde_json's own pretty printing (`same_bytes_as_serde_json` checks).
pub fn write(
    out: impl std::io::Write,
    base: &FactBase,
    findings: &Findings,
) -> std::io::Result<()> {
    use std::io::Write as _;
    let document = document(base, findings);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let mut fields = Fields::new(&mut out);
    fields.value("version", &document.version)?;
    fields.value("summary", &document.summary)?;
    fields.list("sources", &document.sources)?;
    fields.list("contradictions", &document.contradictions)?;
    fields.list("assertions", &document.assertions)?;
    fields.list("quotes", &document.quotes)?;
    fields.list("type_mismatches", &document.type_mismatches)?;
    fields.list("warnings", &document.warnings)?;
    fields.list("errors", &document.errors)?;
    if !document.strict_failures.is_empty() {
        fields.list("strict_failures", &document.strict_failures)?;
    }
    if document.stopped_early {
        fields.value("stopped_early", &document.stopped_early)?;
    }
    fields.end()?;
    out.write_all(b"\n")?;
    out.flush()
}

/// The top-level object's fields, written one after another as serde_json's
/// pretty printer (two spaces a level) writes them.
struct Fields<'w, W: std::io::Write> {
    out: &'w mut W,
    first: bool,
}

impl<'w, W: std::io::Write> Fields<'w, W> {
    fn new(out: &'w mut W) -> Self {
        Fields { out, first: true }
    }

    fn name(&mut self, name: &str) -> std::io::Result<()> {
        let open: &[u8] = if self.first { b"{\n  " } else { b",\n  " };
        self.first = false;
        self.out.write_all(open)?;
        serde_json::to_writer(&mut *self.out, name)?;
        self.out.write_all(b": ")
    }

    fn value(&mut self, name: &str, value: &impl Serialize) -> std::io::Result<()> {
        self.name(name)?;
        self.out.write_all(&indented(value, b"\n  "))
    }

    /// A list, its items drawn in parallel batches.
    fn list<T: Serialize + Sync>(&mut self, name: &str, items: &[T]) -> std::io::Result<()> {
        const BATCH: usize = 512;
        self.name(name)?;
        if items.is_empty() {
            return self.out.write_all(b"[]");
        }
        let batches: Vec<Vec<u8>> = items
            .par_chunks(BATCH)
            .map(|batch| {
                let mut text = Vec::new();
                for item in batch {
                    text.extend_from_slice(b",\n    ");
                    text.extend_from_slice(&indented(item, b"\n    "));
                }
                text
            })
            .collect();
        self.out.write_all(b"[")?;
        for (index, batch) in batches.iter().enumerate() {
            // Every item but the very first follows a comma.
            let skip = if index == 0 { 1 } else { 0 };
            self.out.write_all(&batch[skip..])?;
        }
        self.out.write_all(b"\n  ]")
    }

    fn end(self) -> std::io::Result<()> {
        let close: &[u8] = if self.first { b"{}" } else { b"\n}" };
        self.out.write_all(close)
    }
}

/// `value` pretty-printed, each line after the first indented by what
/// follows the newline in `newline`: a JSON string holds no raw newline, so
/// every newline is a line break of the printer's.
fn indented(value: &impl Serialize, newline: &[u8]) -> Vec<u8> {
    let text = serde_json::to_vec_pretty(value).expect("the document serialises");
    let mut out = Vec::with_capacity(text.len() + text.len() / 8);
    for (index, line) in text.split(|&byte| byte == b'\n').enumerate() {
        if index > 0 {
            out.extend_from_slice(newline);
        }
        out.extend_from_slice(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON written a field and a batch at a time is serde_json's
    /// pretty printing of the whole document, byte for byte, whichever
    /// fields and lists are empty.
    #[test]
    fn same_bytes_as_serde_json() {
        let cases = [
            "source s1 { title \"A\" file \"missing.txt\" }\nfrom s1\nx v 1 quote \"q\"\n",
            "source s1 { title \"A\" }\nsource s2 { title \"B \\\"quoted\\\"\\nline\" }\nfrom s1\nx v 1\nx w 2\nfrom s2\nx v 2\nx w 3\nassert x v == 1\nassert x w > 0\n",
            "from nowhere\nx v 1\n",
            "",
        ];
        for text in cases {
            let base = crate::load::load_texts(&[("a.facts".to_string(), text.to_string())]);
            for strict in [false, true] {
                let options = crate::check::Options {
                    strict,
                    ..Default::default()
                };
                let findings = crate::check::check_with(&base, &options);
                let mut expected = serde_json::to_vec_pretty(&document(&base, &findings)).unwrap();
                expected.push(b'\n');
                assert_eq!(
                    render(&base, &findings),
                    String::from_utf8(expected).unwrap(),
                    "{text}"
                );
            }
        }
    }
}
