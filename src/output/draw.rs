//! Drawing the common diagnostic without miette, byte for byte as miette
//! draws it (`GraphicalReportHandler`, unicode without colour, no wrapping,
//! related reports nested): ten thousand contradictions are ten thousand
//! such diagnostics, and miette's general drawing (every label checked
//! against every line, each line's text copied, each related report drawn
//! by a cloned handler) was most of the human output's cost.
//!
//! The common shape is a message, at most one label, on one line, which
//! the line before and after frame; help; related reports of the same
//! shape. Anything else — several labels, a label over a line's end, a tab,
//! a carriage return or an escape near a label, colour — is `None`, and
//! miette draws it. `tests::drawn_as_miette_draws_it` holds the two to the
//! same output.

use std::fmt::Write as _;

use miette::Severity;
use unicode_width_miette::UnicodeWidthChar;

use super::diagnostic::Report;

/// `report` drawn as miette draws it, or `None` if its shape is not the
/// common one.
pub fn drawn(report: &Report<'_>) -> Option<String> {
    let mut out = String::with_capacity(1024);
    draw(&mut out, report)?;
    Some(out)
}

fn draw(out: &mut String, report: &Report<'_>) -> Option<()> {
    let snippet = match report.labels.len() {
        0 => None,
        1 => Some(Snippet::of(report)?),
        _ => return None,
    };
    let icon = match report.severity {
        Severity::Error => "  × ",
        Severity::Warning => "  ⚠ ",
        Severity::Advice => "  ☞ ",
    };
    indent(out, &report.message, icon, "  │ ");
    out.push('\n');
    if let Some(snippet) = snippet {
        snippet.draw(out);
    }
    if let Some(help) = &report.help {
        indent(out, help, "  help: ", "        ");
        out.push('\n');
    }
    for (index, related) in report.related.iter().enumerate() {
        // miette lends a related report its parent's source; nesting
        // deeper is rare. Both are left to miette.
        let borrows_source = related.source.is_none() && !related.labels.is_empty();
        if borrows_source || !related.related.is_empty() {
            return None;
        }
        let last = index + 1 == report.related.len();
        let (first, rest) = if last {
            ("  ╰─▶ ", "      ")
        } else {
            ("  ├─▶ ", "  │   ")
        };
        let mut inner = String::with_capacity(512);
        draw(&mut inner, related)?;
        indent(out, inner.trim_matches('\n'), first, rest);
        out.push('\n');
    }
    Some(())
}

/// Each line of `text` after an indent (`first` for the first line, `rest`
/// for the others), trimmed where the line is blank: miette's layout when
/// it does not wrap.
fn indent(out: &mut String, text: &str, first: &str, rest: &str) {
    for (index, line) in text.split_terminator('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let indent = if index == 0 { first } else { rest };
        if line.trim().is_empty() {
            out.push_str(indent.trim_end());
        } else {
            out.push_str(indent);
        }
        out.push_str(line);
    }
    if text.ends_with('\n') {
        out.push('\n');
    }
}

/// One label's snippet: its line and the lines either side, numbered.
struct Snippet<'a> {
    name: &'a str,
    /// The lines drawn, each with its 0-based number.
    lines: Vec<(usize, &'a str)>,
    /// The label's line, as a 0-based number.
    line: usize,
    /// The label's column in characters, as the header shows it (0-based).
    column: usize,
    /// The label's start and end in its line, in bytes.
    start: usize,
    end: usize,
    label: &'a str,
}

impl<'a> Snippet<'a> {
    fn of(report: &'a Report<'_>) -> Option<Snippet<'a>> {
        let columns = report.source.as_ref()?;
        let source = columns.source();
        let label = &report.labels[0];
        let text = label.label()?;
        let (offset, len) = (label.offset(), label.len());
        let line = columns.line_of(offset);
        let (line_start, line_end) = source.line_bounds(line)?;
        let in_line = offset >= line_start && offset + len <= line_end;
        if len == 0 || !in_line || text.contains('\n') {
            return None;
        }
        let first = line.saturating_sub(1);
        let last = if source.line_bounds(line + 1).is_some() {
            line + 1
        } else {
            line
        };
        let lines: Vec<(usize, &str)> = (first..=last)
            .map(|number| {
                let (start, end) = source.line_bounds(number)?;
                Some((number, &source.text[start..end]))
            })
            .collect::<Option<_>>()?;
        let plain = |(_, text): &(usize, &str)| {
            memchr::memchr3(b'\t', b'\r', 0x1b, text.as_bytes()).is_none()
        };
        if !lines.iter().all(plain) {
            return None;
        }
        let line_text = &source.text[line_start..line_end];
        let (start, end) = (offset - line_start, offset + len - line_start);
        if !line_text.is_char_boundary(start) || !line_text.is_char_boundary(end) {
            return None;
        }
        Some(Snippet {
            name: columns.name(),
            lines,
            line,
            column: line_text[..start].chars().count(),
            start,
            end,
            label: text,
        })
    }

    fn draw(&self, out: &mut String) {
        let last_number = self.lines.last().map_or(0, |&(number, _)| number + 1);
        let width = decimal_digits(last_number);
        push_repeated(out, ' ', width + 2);
        let _ = writeln!(
            out,
            "╭─[{}:{}:{}]",
            self.name,
            self.line + 1,
            self.column + 1
        );
        for &(number, text) in &self.lines {
            out.push(' ');
            push_padded(out, number + 1, width);
            out.push_str(" │ ");
            out.push_str(text);
            out.push('\n');
            if number == self.line {
                self.draw_label(out, text, width);
            }
        }
        push_repeated(out, ' ', width + 2);
        out.push_str("╰────\n");
    }

    /// The underline, `┬` at its middle, and the label hung from it.
    fn draw_label(&self, out: &mut String, text: &str, width: usize) {
        let start = visual_width(&text[..self.start]);
        let end = visual_width(&text[..self.end]).max(start + 1);
        let middle = (start + end) / 2;
        let gutter = |out: &mut String| {
            push_repeated(out, ' ', width + 1);
            out.push_str(" · ");
        };
        gutter(out);
        push_repeated(out, ' ', start);
        push_repeated(out, '─', middle - start);
        out.push('┬');
        push_repeated(out, '─', end - middle - 1);
        out.push('\n');
        gutter(out);
        push_repeated(out, ' ', middle);
        out.push_str("╰── ");
        out.push_str(self.label);
        out.push('\n');
    }
}

fn push_repeated(out: &mut String, c: char, times: usize) {
    out.extend(std::iter::repeat_n(c, times));
}

/// `number` right-aligned in `width` columns, as `{:width$}` writes it.
fn push_padded(out: &mut String, number: usize, width: usize) {
    push_repeated(out, ' ', width.saturating_sub(decimal_digits(number)));
    let _ = write!(out, "{number}");
}

fn decimal_digits(number: usize) -> usize {
    number.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// Columns `text` takes on a terminal, as miette counts them (with its own
/// version of `unicode-width`, which `unicode_width_miette` names).
fn visual_width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

#[cfg(test)]
mod tests {
    use miette::{GraphicalReportHandler, GraphicalTheme};

    use super::*;
    use crate::output::diagnostic::SourceText;

    fn miette_drawn(report: &Report<'_>) -> String {
        let mut out = String::new();
        GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
            .with_width(80)
            .with_links(false)
            .with_show_related_as_nested(true)
            .with_wrap_lines(false)
            .render_report(&mut out, report)
            .unwrap();
        out
    }

    /// A label at `at` (an index into `starts`, offset and length into the
    /// text from there), clamped to the text.
    fn labelled<'a>(
        source: &'a SourceText<'a>,
        name: &'a str,
        severity: Severity,
        message: &str,
        at: (usize, usize),
    ) -> Report<'a> {
        let text = &source.text;
        let start = at.0.min(text.len());
        let start = (0..=start)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        let end = (start + at.1).min(text.len());
        let end = (end..=text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(text.len());
        Report::new(severity, message)
            .source(name, source)
            .label("label here", start, end - start)
    }

    #[test]
    fn a_contradiction_draws_as_miette_draws_it() {
        let one = SourceText::new("event e1 city Zürich\nevent e1 size 9\nevent e2 size 4\n");
        let two = SourceText::new("x 1\nevent e1 size 10");
        let report = Report::new(Severity::Error, "sources disagree on `event e1 size`")
            .source("a.facts", &one)
            .label("s1 says 9", 35, 1)
            .help("check each claim\n    accept event e1 size because \"…\"");
        let mut report = report;
        for _ in 0..2 {
            report.related.push(
                Report::new(Severity::Error, "the other side")
                    .source("b.facts", &two)
                    .label("s2 says 10", 18, 2),
            );
        }
        let drawn = drawn(&report).expect("the common shape");
        assert_eq!(drawn, miette_drawn(&report));
        assert!(drawn.contains("╰── s1 says 9"), "{drawn}");
    }

    /// Line numbers of one more digit after the label's line are aligned.
    #[test]
    fn line_numbers_align_as_miette_aligns_them() {
        let text: String = (1..=120)
            .map(|n| format!("event e{n} size {n}\n"))
            .collect();
        let source = SourceText::new(&text);
        for line in [0, 8, 9, 98, 99, 119] {
            let start = text
                .split_inclusive('\n')
                .take(line)
                .map(str::len)
                .sum::<usize>();
            let report = Report::new(Severity::Error, "m")
                .source("a.facts", &source)
                .label("here", start + 6, 2);
            assert_eq!(
                drawn(&report).as_deref(),
                Some(miette_drawn(&report).as_str())
            );
        }
    }

    #[test]
    fn shapes_it_does_not_draw_are_left_to_miette() {
        let source = SourceText::new("a\tb 1\nc d 2\r\ne f 3\n");
        let at = |start, len| {
            Report::new(Severity::Error, "m")
                .source("a.facts", &source)
                .label("l", start, len)
        };
        assert!(drawn(&at(2, 1)).is_none(), "a tab on the line");
        assert!(drawn(&at(14, 1)).is_none(), "a carriage return before");
        assert!(drawn(&at(6, 0)).is_none(), "an empty label");
        assert!(drawn(&at(8, 5)).is_none(), "over the line's end");
        assert!(drawn(&at(14, 1).label("l2", 16, 1)).is_none(), "two labels");
        assert!(drawn(&Report::new(Severity::Error, "no label")).is_some());
    }

    proptest::proptest! {
        /// Whatever it draws, it draws as miette does: lines with wide,
        /// combining and zero-width characters, blank lines, no final line
        /// break, labels anywhere, messages and help over several lines
        /// (blank ones too), and related reports.
        #[test]
        fn drawn_as_miette_draws_it(
            text in "([a-z 0-9]|[éü’–]|[가-힣]|\u{301}|\u{200b}|\n){0,80}",
            spoiled in proptest::option::weighted(0.1, (0usize..80, proptest::sample::select(vec!['\t', '\r']))),
            other in "([a-z 0-9]|[é가]|\n){0,40}",
            at in (0usize..90, 0usize..5),
            other_at in (0usize..50, 0usize..6),
            message in "[a-z ]{0,10}(\n[a-z ]{0,6}){0,2}\n?",
            help in proptest::option::of("[a-z ]{0,10}(\n {0,4}[a-z]{0,6}){0,2}"),
            related in 0usize..3,
            severity in proptest::sample::select(vec![Severity::Error, Severity::Warning, Severity::Advice]),
            nested_severity in proptest::sample::select(vec![Severity::Error, Severity::Warning, Severity::Advice]),
        ) {
            let mut text = text;
            if let Some((at, spoiler)) = spoiled {
                let at = (0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
                text.insert(at, spoiler);
            }
            let source = SourceText::new(&text);
            let other_source = SourceText::new(&other);
            let mut report = labelled(&source, "a.facts", severity, &message, at);
            report.help = help;
            for index in 0..related {
                let nested = if index == 0 {
                    labelled(&other_source, "b.facts", nested_severity, "other side", other_at)
                } else {
                    Report::new(Severity::Warning, "no snippet")
                };
                report.related.push(nested);
            }
            if let Some(drawn) = drawn(&report) {
                proptest::prop_assert_eq!(drawn, miette_drawn(&report));
            }
        }
    }
}
