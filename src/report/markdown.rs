//! The Markdown report. Written for two readers: an editor reading it
//! rendered, and a reviewer reading a diff of it, so tables and lists keep
//! one claim per line and nothing moves unless the fact base changed.

use std::fmt::Write as _;

use super::model::{
    AttributeView, ClaimView, ContradictionView, Located, QuoteStatus, Report, SourceView,
};
use super::{is_web_url, verdict_label};
use crate::output::printable;

pub fn render(report: &Report) -> String {
    let mut out = String::from("# Fact-check report\n");
    if !report.errors.is_empty() {
        errors(&mut out, &report.errors);
        return out;
    }
    summary(&mut out, report);
    contradictions(&mut out, report);
    assertions(&mut out, report);
    subjects(&mut out, report);
    sources(&mut out, &report.sources);
    other_findings(&mut out, report);
    out
}

fn errors(out: &mut String, errors: &[Located]) {
    let _ = writeln!(
        out,
        "\nThe fact base could not be loaded ({}), so nothing was checked.\n",
        count(errors.len(), "error", "errors")
    );
    for error in errors {
        let _ = writeln!(out, "- {}: {}", code(&error.place), prose(&error.message));
    }
}

fn summary(out: &mut String, report: &Report) {
    let s = &report.summary;
    let verdict = if s.failed == 0 {
        format!("**Nothing failed**: {} passed.", s.passed)
    } else {
        format!("**{} failed**, {} passed.", s.failed, s.passed)
    };
    let _ = writeln!(out, "\n## Summary\n\n{verdict}\n");
    out.push_str("| | |\n|---|---|\n");
    for (name, value) in s.rows() {
        let _ = writeln!(out, "| {name} | {value} |");
    }
}

fn contradictions(out: &mut String, report: &Report) {
    out.push_str("\n## Contradictions\n");
    if report.contradictions.is_empty() {
        out.push_str("\nNo contradictions: every claim agrees with every other on its subject.\n");
    }
    for contradiction in &report.contradictions {
        contradiction_section(out, contradiction, &report.sources);
    }
}

fn contradiction_section(out: &mut String, c: &ContradictionView, sources: &[SourceView]) {
    let status = match &c.accepted {
        Some(_) => "Accepted",
        None => "⚠ Open",
    };
    let _ = writeln!(out, "\n### {status}: {}\n", code(&c.path()));
    match &c.accepted {
        Some(accept) => {
            let _ = writeln!(
                out,
                "Reviewed and accepted ({}): {}\n",
                code(&accept.place),
                prose(&accept.message)
            );
        }
        None => {
            let _ = writeln!(
                out,
                "The sources disagree and no one has recorded a review: settle it, or record it with `accept … because \"…\"`.\n"
            );
        }
    }
    claims_table(out, &c.claims, sources);
}

fn claims_table(out: &mut String, claims: &[ClaimView], sources: &[SourceView]) {
    out.push_str("| Value | Source | Published | Quote | Fact |\n|---|---|---|---|---|\n");
    for claim in claims {
        let source = &sources[claim.source];
        out.push_str(&row(&[
            code(&claim.value),
            source_name(source),
            source.published.as_deref().unwrap_or("—").to_string(),
            quote(claim),
            code(&claim.place),
        ]));
    }
}

fn assertions(out: &mut String, report: &Report) {
    out.push_str("\n## Assertions\n");
    if report.assertions.is_empty() {
        out.push_str("\nNo assertions.\n");
        return;
    }
    out.push_str("\n| Verdict | Assertion | Reason | Check | Where |\n|---|---|---|---|---|\n");
    for a in &report.assertions {
        out.push_str(&row(&[
            verdict_label(a.verdict).to_string(),
            code(&a.text),
            prose(&a.reason),
            a.check.as_deref().map_or_else(|| "—".to_string(), prose),
            code(&a.place),
        ]));
    }
}

fn subjects(out: &mut String, report: &Report) {
    out.push_str("\n## Facts by subject\n");
    if report.subjects.is_empty() {
        out.push_str("\nNo facts.\n");
    }
    for subject in &report.subjects {
        let _ = writeln!(out, "\n### {}\n", code(&subject.subject));
        for attribute in &subject.attributes {
            attribute_item(out, attribute, &report.sources);
        }
    }
}

fn attribute_item(out: &mut String, attribute: &AttributeView, sources: &[SourceView]) {
    let name = match &attribute.as_of {
        Some(date) => format!("{} (as of {date})", code(&attribute.attribute)),
        None => code(&attribute.attribute),
    };
    let value = attribute
        .value
        .as_deref()
        .map_or_else(String::new, |value| format!(" = {}", code(value)));
    let _ = writeln!(out, "- {name}{value} — {}", attribute.status.describe());
    for claim in &attribute.claims {
        let _ = writeln!(
            out,
            "  - {} says {}{} ({})",
            code(&sources[claim.source].id),
            code(&claim.value),
            claim
                .quote
                .as_ref()
                .map_or_else(String::new, |_| format!(": {}", quote(claim))),
            code(&claim.place)
        );
    }
}

fn sources(out: &mut String, sources: &[SourceView]) {
    out.push_str("\n## Sources\n");
    if sources.is_empty() {
        out.push_str("\nNo sources.\n");
        return;
    }
    out.push_str(
        "\n| Source | Title | Publisher | Published | Facts | Quotes verified | Quotes missing | Quotes unverifiable | Claims in contradictions |\n|---|---|---|---|---|---|---|---|---|\n",
    );
    for s in sources {
        let title = match (&s.title, &s.url) {
            (Some(title), Some(url)) if is_web_url(url) => {
                format!("[{}](<{}>)", prose(title), url_text(url))
            }
            (None, Some(url)) if is_web_url(url) => format!("<{}>", url_text(url)),
            (title, url) => {
                let parts: Vec<String> = title
                    .iter()
                    .map(|t| prose(t))
                    .chain(url.iter().map(|u| code(u)))
                    .collect();
                if parts.is_empty() {
                    "—".to_string()
                } else {
                    parts.join(" ")
                }
            }
        };
        out.push_str(&row(&[
            code(&s.id),
            title,
            s.publisher
                .as_deref()
                .map_or_else(|| "—".to_string(), prose),
            s.published.as_deref().unwrap_or("—").to_string(),
            s.facts.to_string(),
            s.quotes_verified.to_string(),
            s.quotes_missing.to_string(),
            s.quotes_unverifiable.to_string(),
            s.contradicted_claims.to_string(),
        ]));
    }
}

fn other_findings(out: &mut String, report: &Report) {
    if !report.missing_quotes.is_empty() {
        out.push_str("\n## Quotes not found in their source\n\n");
        claims_table(out, &report.missing_quotes, &report.sources);
    }
    located_list(out, "Type mismatches", &report.type_mismatches);
    located_list(out, "Warnings", &report.warnings);
}

fn located_list(out: &mut String, title: &str, items: &[Located]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## {title}\n");
    for item in items {
        let _ = writeln!(out, "- {}: {}", code(&item.place), prose(&item.message));
    }
}

/// A claim's source: its id and what names it.
fn source_name(source: &SourceView) -> String {
    if source.name() == source.id {
        code(&source.id)
    } else {
        format!("{} {}", code(&source.id), prose(source.name()))
    }
}

fn quote(claim: &ClaimView) -> String {
    let Some(quote) = &claim.quote else {
        return "—".to_string();
    };
    let mark = match quote.status {
        QuoteStatus::Verified => "✔ verified",
        QuoteStatus::Missing => "✘ NOT FOUND in the source",
        QuoteStatus::Unverifiable => "unverifiable: the source has no text",
    };
    format!("“{}” ({mark})", prose(&quote.text))
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A table row. GFM splits a row at every pipe not escaped, code spans
/// included (and unescapes `\|` inside them), so each cell's pipes are
/// escaped here, and only here: in a heading or a list item a code span
/// shows `\|` as written.
fn row(cells: &[String]) -> String {
    let mut line = String::from("|");
    for cell in cells {
        line.push(' ');
        let mut escaped = false;
        for c in cell.chars() {
            if c == '|' && !escaped {
                line.push('\\');
            }
            escaped = c == '\\' && !escaped;
            line.push(c);
        }
        line.push_str(" |");
    }
    line.push('\n');
    line
}

/// Inline code: a fence longer than any run of backticks in the text, line
/// breaks as spaces. In a table, [`row`] escapes its pipes.
pub(super) fn code(text: &str) -> String {
    let text = one_line(text);
    let longest_run = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest_run + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// Text from the input, shown as text: characters that Markdown would read
/// as markup (or raw HTML) are escaped; paired backticks, which the checker's
/// own messages use around paths, stay code spans.
pub(super) fn prose(text: &str) -> String {
    let text = one_line(text);
    super::marks::code_spans(&text)
        .into_iter()
        .map(|(is_code, part)| match is_code {
            true => code(part),
            false => escape(part),
        })
        .collect()
}

/// Escapes only what would start markup here, so the raw text stays easy to
/// read in a diff: `<` before what could be a tag or autolink, `]` before
/// what would make a link, `&` before what could be an entity, and
/// emphasis, code, table and escape characters everywhere. (`>` and `#`
/// matter only at the start of a line, where input text never stands.)
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        let markup = match c {
            '\\' | '`' | '*' | '_' | '|' | '~' => true,
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?')),
            ']' => matches!(next, Some('(' | '[')),
            '&' => next.is_some_and(|n| n.is_alphanumeric() || n == '#'),
            _ => false,
        };
        if markup {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A URL inside `<…>`: only characters that cannot end it.
fn url_text(url: &str) -> String {
    one_line(url)
        .replace('<', "%3C")
        .replace('>', "%3E")
        .replace(' ', "%20")
}

/// Line breaks as spaces, and other control characters as escapes (see
/// [`printable`]): a report is read in terminals and diffs too.
fn one_line(text: &str) -> String {
    printable(&text.replace(['\r', '\n'], " ")).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_survive_backticks_and_pipes() {
        assert_eq!(code("a|b"), "`a|b`");
        assert_eq!(
            row(&[code("a|b"), escape("c|d"), code("e\\")]),
            "| `a\\|b` | c\\|d | `e\\` |\n"
        );
        assert_eq!(code("x `y` z"), "``x `y` z``");
        assert_eq!(code("`"), "`` ` ``");
    }

    #[test]
    fn prose_escapes_markup_but_keeps_paired_code() {
        assert_eq!(prose("<script>"), "\\<script>");
        assert_eq!(prose("a < b, [x](y)"), "a < b, [x\\](y)");
        assert_eq!(prose("`a_b` is *x*"), "`a_b` is \\*x\\*");
        assert_eq!(prose("one ` tick"), "one \\` tick");
        assert_eq!(prose("line\nbreak"), "line break");
    }
}
