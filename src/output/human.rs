//! The human runner output: a line per assertion, a miette diagnostic for
//! every failure (pointing at every conflicting claim, in every file), and the
//! closing `N passed, N failed` line.

use std::fmt::Write as _;

use miette::{GraphicalReportHandler, GraphicalTheme, Severity};

use rayon::prelude::*;

use super::diagnostic::{printable, Report, SourceText};
use crate::check::{AssertionResult, Contradiction, Findings, Verdict};
use crate::load::{FactBase, Location, Problem, TypeMismatch};
use crate::model::{looks_alike, Value};
use crate::syntax::quoted;

/// How diagnostics are drawn.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    pub detail: Detail,
}

/// How much a run reports: `--quiet`, the default, or `--verbose`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Detail {
    /// Only failures and the closing line.
    Quiet,
    #[default]
    Normal,
    /// Also every agreed group's claims and merged value, and found quotes.
    Verbose,
}

impl Style {
    /// Colour only on a terminal, and never when `NO_COLOR` is set.
    pub fn for_stdout() -> Style {
        use std::io::IsTerminal;
        Style::for_stream(std::io::stdout().is_terminal())
    }

    /// For a stream that is (or is not) a terminal.
    pub fn for_stream(terminal: bool) -> Style {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            color: terminal && !no_color,
            ..Style::plain()
        }
    }

    /// What snapshot tests compare: no colour, fixed width.
    pub fn plain() -> Style {
        Style {
            color: false,
            width: 80,
            detail: Detail::Normal,
        }
    }

    pub fn with_detail(self, detail: Detail) -> Style {
        Style { detail, ..self }
    }

    fn handler(self) -> GraphicalReportHandler {
        let theme = if self.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        GraphicalReportHandler::new_themed(theme)
            .with_width(self.width)
            .with_links(false)
            .with_show_related_as_nested(true)
            // Reports come wrapped (`Report::wrapped`), at spaces only.
            .with_wrap_lines(false)
    }
}

/// Render the whole run for a person.
pub fn render(base: &FactBase, findings: &Findings, style: Style) -> String {
    render_pieces(base, findings, style).concat()
}

/// [`render`], in the pieces it is drawn in, to be written one after the
/// other: joined, a large run's output (14 MB at a million facts) would be
/// copied once more only to be written.
pub fn render_pieces(base: &FactBase, findings: &Findings, style: Style) -> Vec<String> {
    let out = Renderer::new(base, style);
    if !base.errors.is_empty() {
        return vec![out.load_failure()];
    }
    out.run(findings)
}

/// A line per assertion: verdict, place, text (`--quiet`: failures only).
fn test_lines(base: &FactBase, findings: &Findings, quiet: bool) -> String {
    let mut text = String::new();
    let listed = findings
        .assertions
        .iter()
        .filter(|r| !quiet || r.verdict != Verdict::Pass);
    for result in listed.clone() {
        let located = &base.assertions[result.assertion];
        let _ = writeln!(
            text,
            "{:<9} {}:{}  {}",
            result.verdict.name(),
            base.files[located.file].path,
            located.assertion.span.line,
            printable(&located.assertion.text)
        );
    }
    if listed.count() > 0 {
        text.push('\n');
    }
    text
}

/// Problems alone (no run), drawn as the runner draws load errors: for
/// commands that read files without judging them (`fmt`, `lint`).
pub fn render_problems(
    base: &FactBase,
    problems: &[Problem],
    severity: Severity,
    style: Style,
) -> String {
    let out = Renderer::new(base, style);
    let mut text = String::new();
    for problem in problems {
        out.draw(&mut text, out.problem(problem, severity));
    }
    text
}

struct Renderer<'a> {
    base: &'a FactBase,
    texts: Vec<SourceText<'a>>,
    handler: GraphicalReportHandler,
    color: bool,
    width: usize,
    detail: Detail,
}

impl<'a> Renderer<'a> {
    fn new(base: &'a FactBase, style: Style) -> Renderer<'a> {
        Renderer {
            base,
            // Indexing every file's lines is a pass over all the text:
            // files are done in parallel.
            texts: base
                .files
                .par_iter()
                .map(|f| SourceText::with_line_starts(&f.text, &f.line_starts))
                .collect(),
            handler: style.handler(),
            color: style.color,
            width: style.width,
            detail: style.detail,
        }
    }

    fn load_failure(&self) -> String {
        let mut text = String::new();
        for problem in &self.base.errors {
            self.draw(&mut text, self.problem(problem, Severity::Error));
        }
        // The SPEC fixes this line's wording: "errors", even for one.
        let _ = writeln!(text, "could not load: {} errors", self.base.errors.len());
        text
    }

    fn run(&self, findings: &Findings) -> Vec<String> {
        let quiet = self.detail == Detail::Quiet;
        let mut pieces = vec![test_lines(self.base, findings, quiet)];
        if self.detail == Detail::Verbose {
            let mut text = String::new();
            super::verbose::agreed_and_quotes(&mut text, self.base, findings);
            pieces.push(text);
        }
        // Drawing is most of the work when there are thousands of findings,
        // and each diagnostic is made and drawn on its own: in parallel.
        let contradictions = findings
            .contradictions
            .par_iter()
            .filter_map(|contradiction| match contradiction.accepted_by {
                None => Some(self.drawn(self.contradiction(contradiction))),
                Some(_) if quiet => None,
                Some(accept) => Some(self.accepted_note(contradiction, accept)),
            });
        let missing: Vec<usize> = findings
            .quotes
            .iter()
            .filter(|q| !q.found)
            .map(|q| q.quote)
            .collect();
        let passages = crate::check::nearest_passages(self.base, &missing);
        let quotes = missing
            .par_iter()
            .map(|&quote| self.drawn(self.missing_quote(quote, passages.get(&quote))));
        let mismatches = findings
            .type_mismatches
            .par_iter()
            .map(|&mismatch| self.drawn(self.type_mismatch(&self.base.type_mismatches[mismatch])));
        let assertions = findings
            .assertions
            .par_iter()
            .filter(|r| r.verdict != Verdict::Pass)
            .map(|result| self.drawn(self.failed_assertion(result)));
        let strict = findings
            .strict_failures
            .par_iter()
            .map(|failure| self.drawn(self.problem(failure, Severity::Error)));
        let warnings = findings
            .warnings
            .par_iter()
            .filter(|_| !quiet)
            .map(|warning| self.drawn(self.problem(warning, Severity::Warning)));
        pieces.par_extend(
            contradictions
                .chain(quotes)
                .chain(mismatches)
                .chain(assertions)
                .chain(strict)
                .chain(warnings),
        );
        let mut text = String::new();
        if findings.stopped_early {
            text.push_str(
                "stopped at the first failure (--fail-fast): later checks were not run\n",
            );
        }
        let summary = findings.summary;
        let _ = writeln!(text, "{} passed, {} failed", summary.passed, summary.failed);
        pieces.push(text);
        pieces
    }

    fn draw(&self, out: &mut String, report: Report<'_>) {
        out.push_str(&self.drawn(report));
    }

    fn drawn(&self, report: Report<'_>) -> String {
        let report = report.without_long_lines().wrapped(self.width);
        // The common shape is drawn without miette, to the same bytes
        // (`super::draw`); colour is always miette's.
        let fast = if self.color {
            None
        } else {
            super::draw::drawn(&report)
        };
        let mut out = fast.unwrap_or_else(|| {
            let mut out = String::new();
            if self.handler.render_report(&mut out, &report).is_err() {
                let _ = writeln!(out, "{}", report.message);
            }
            out
        });
        out.push('\n');
        out
    }

    fn type_mismatch(&self, mismatch: &TypeMismatch) -> Report<'_> {
        let message = format!(
            "`{}` is declared as {}, but this value is a {}",
            mismatch.attribute, mismatch.expected, mismatch.found
        );
        let declared = mismatch.declared;
        let declaration = self
            .at(
                Report::new(
                    Severity::Advice,
                    format!("`{}` is declared here", mismatch.attribute),
                ),
                declared.file,
            )
            .label(
                format!("as {}", mismatch.expected),
                declared.span.start,
                declared.span.len(),
            );
        let mut report = self
            .at(Report::new(Severity::Error, message), mismatch.at.file)
            .label(format!("a {}", mismatch.found), mismatch.value_span.start, mismatch.value_span.len())
            .help(format!(
                "write the value as a {}, or change the attribute's declaration; this fact is left out until then",
                mismatch.expected
            ));
        report.related.push(declaration);
        report
    }

    fn failed_assertion(&self, result: &AssertionResult) -> Report<'_> {
        let located = &self.base.assertions[result.assertion];
        let span = located.assertion.span;
        let message = format!(
            "assertion {}: {}",
            verdict_word(result.verdict),
            located.assertion.text
        );
        self.at(Report::new(Severity::Error, message), located.file)
            .label(result.message.clone(), span.start, span.len())
            .help(verdict_help(result.verdict, &result.message))
    }

    /// A report whose labels are in file `file`.
    fn at<'r>(&'r self, report: Report<'r>, file: usize) -> Report<'r> {
        report.source(&self.base.files[file].path, &self.texts[file])
    }

    fn problem(&self, problem: &Problem, severity: Severity) -> Report<'_> {
        let report = Report::new(severity, problem.message.clone());
        match problem.at {
            Some(Location { file, span }) => {
                let len = span
                    .len()
                    .max(usize::from(span.start < self.texts[file].text.len()));
                self.at(report, file)
                    .label(problem.label.clone(), span.start, len)
            }
            None => Report {
                message: format!("{}: {}", location_text(problem), problem.message),
                ..report
            },
        }
    }

    fn contradiction<'r>(&'r self, contradiction: &Contradiction) -> Report<'r> {
        let base = self.base;
        let group = &base.groups[contradiction.group];
        let path = self.base.path_of(group);
        let message = base.disagreement(group, &contradiction.claims);
        let claims: Vec<_> = contradiction
            .claims
            .iter()
            .map(|&c| &base.claims[c])
            .collect();
        let mut files: Vec<usize> = Vec::new();
        for claim in &claims {
            if !files.contains(&claim.file()) {
                files.push(claim.file());
            }
        }
        let labelled = |file: usize, report: Report<'r>| -> Report<'r> {
            claims.iter().filter(|c| c.file() == file).fold(
                self.at(report, file),
                |report, claim| {
                    report.label_bytes(base.says(claim), base.value_bytes(claim), claim.line())
                },
            )
        };
        let first = claims[0].file();
        let mut report = labelled(first, Report::new(Severity::Error, message));
        for &file in files.iter().filter(|&&f| f != first) {
            let related = Report::new(
                Severity::Error,
                format!("the other side of `{path}`, in {}", base.files[file].path),
            );
            report.related.push(labelled(file, related));
        }
        report.help(contradiction_help(
            &path,
            claims.iter().map(|c| (&c.value, base.written(c))).collect(),
        ))
    }

    fn accepted_note(&self, contradiction: &Contradiction, accept: usize) -> String {
        let group = &self.base.groups[contradiction.group];
        let accept = &self.base.accepts[accept];
        let as_of = group.as_of_shown();
        format!(
            "accepted contradiction: `{} {}`{as_of} ({}:{}): {}\n\n",
            self.base.subject_of(group),
            self.base.attribute_of(group),
            self.base.files[accept.file].path,
            accept.accept.span.line,
            accept.accept.reason
        )
    }

    /// A quote not found, with the nearest passage of its source's text if
    /// one comes near.
    fn missing_quote(&self, index: usize, passage: Option<&String>) -> Report<'_> {
        let quote = &self.base.quotes[index];
        let source = &self.base.sources[quote.source];
        let file = source.file.as_deref().unwrap_or("?");
        self.at(
            Report::new(Severity::Error, format!("quote not found in the text of source `{}` ({file})", source.id))
                ,
            quote.at.file,
        )
        .label("not in the source text", quote.span.start, quote.span.len())
        .help(match passage {
            Some(passage) => format!(
                "the nearest passage in {file} reads “{passage}”: if it is the one meant, quote it word for word and check the fact against it (case, line breaks, accents and curly quotes do not matter)"
            ),
            None => format!(
                "copy the passage word for word from {file}; case, line breaks, accents and curly quotes do not matter"
            ),
        })
    }
}

fn location_text(problem: &Problem) -> String {
    format!("{}:{}:{}", problem.path, problem.line, problem.column)
}

pub(crate) fn verdict_word(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "passes",
        Verdict::Fail => "fails",
        Verdict::Unknown => "cannot be decided",
        Verdict::Contested => "is contested",
    }
}

/// What to do about a verdict, given its message (which says, for an
/// `unknown` one, what made it unknown).
pub(crate) fn verdict_help(verdict: Verdict, message: &str) -> &'static str {
    match verdict {
        Verdict::Fail => "the sources say otherwise: check the facts against the articles, or correct the assertion",
        Verdict::Unknown => crate::check::unknown_help(message),
        _ => "the sources contradict each other on this: settle the contradiction, or record it with `accept … because \"…\"`",
    }
}

/// What to do about a contradiction: an alias when two texts look like one
/// name, otherwise check the quotes or record the disagreement.
/// Whether a text is a number written in English words (`nine`,
/// `twenty-one`, `a dozen` is not): articles write them so, and a fact
/// copied as written makes a text that a number can never agree with.
fn is_number_word(text: &str) -> bool {
    const WORDS: [&str; 31] = [
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
        "thirteen",
        "fourteen",
        "fifteen",
        "sixteen",
        "seventeen",
        "eighteen",
        "nineteen",
        "twenty",
        "thirty",
        "forty",
        "fifty",
        "sixty",
        "seventy",
        "eighty",
        "ninety",
        "hundred",
        "thousand",
        "million",
    ];
    let text = text.to_lowercase();
    let parts = || text.split(['-', ' ', '_']);
    parts().any(|part| WORDS.contains(&part))
        && parts().all(|part| WORDS.contains(&part) || part == "and")
}

pub(crate) fn contradiction_help(path: &str, values: Vec<(&Value, &str)>) -> String {
    let texts: Vec<&str> = values
        .iter()
        .filter_map(|(value, _)| match value {
            Value::Text(text) => Some(text.shown()),
            _ => None,
        })
        .collect();
    let has_number = values
        .iter()
        .any(|(value, _)| matches!(value, Value::Number(_)));
    if let Some(word) = texts.iter().find(|text| has_number && is_number_word(text)) {
        return format!(
            "`{word}` is a text and never agrees with a number: write numbers in digits (9, not nine)"
        );
    }
    for (i, canonical) in texts.iter().enumerate() {
        if let Some(variant) = texts[i + 1..]
            .iter()
            .find(|v| looks_alike(canonical, v) && *v != canonical)
        {
            return format!(
                "if these are one name spelled two ways, add:\n    alias {} = {}",
                quoted(variant),
                quoted(canonical)
            );
        }
    }
    format!(
        "check each claim and its quote against its source; if the sources truly disagree, record it:\n    accept {path} because \"…\""
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Text;

    /// Numbers written in words are told apart from other words.
    #[test]
    fn numbers_in_words_are_recognised() {
        for word in ["nine", "Twenty-one", "one hundred and five", "a_dozen"] {
            assert_eq!(is_number_word(word), word != "a_dozen", "{word}");
        }
        for word in ["and", "Moscow", "nineteen-eighty-four"] {
            assert_eq!(
                is_number_word(word),
                word == "nineteen-eighty-four",
                "{word}"
            );
        }
    }

    /// A contradiction between a number and a number in words says so;
    /// between two names spelled alike it offers an alias; else `accept`.
    #[test]
    fn a_contradiction_gets_the_help_its_values_call_for() {
        let nine = Value::Text(Text::new("nine", "nine"));
        let number = Value::Number(crate::model::Interval::point(crate::model::Decimal::parse(
            "9",
        )));
        let help = contradiction_help("d size", vec![(&nine, "a"), (&number, "b")]);
        assert!(help.contains("`nine` is a text"), "{help}");
        let one = Value::Text(Text::new("jalil abbas jilani", "Jalil Abbas Jilani"));
        let other = Value::Text(Text::new("jallil abbas jilani", "Jallil Abbas Jilani"));
        let help = contradiction_help("d head", vec![(&one, "a"), (&other, "b")]);
        assert!(help.contains("alias"), "{help}");
        let help = contradiction_help("d size", vec![(&number, "a"), (&one, "b")]);
        assert!(help.contains("accept d size because"), "{help}");
    }
}
