//! The HTML report: one self-contained page (inline CSS, no scripts, nothing
//! fetched from the network) that reads on a phone, on a desktop and on
//! paper. Verdicts carry a symbol and a word as well as a colour. Every
//! string that comes from the input goes through [`escape`]; only `http(s)`
//! URLs become links.

use std::fmt::Write as _;

use super::model::{
    AttributeView, ClaimView, ContradictionView, Located, QuoteStatus, Report, SourceView,
};
use super::{is_web_url, verdict_label};
use crate::check::Verdict;

const STYLE: &str = include_str!("report.css");

pub fn render(report: &Report) -> String {
    let mut out = String::new();
    out.push_str(concat!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<title>Fact-check report</title>\n<style>\n"
    ));
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<main>\n<h1>Fact-check report</h1>\n");
    if report.errors.is_empty() {
        body(&mut out, report);
    } else {
        errors(&mut out, &report.errors);
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn body(out: &mut String, report: &Report) {
    out.push_str(concat!(
        "<nav aria-label=\"Sections\"><a href=\"#summary\">Summary</a> ",
        "<a href=\"#contradictions\">Contradictions</a> <a href=\"#assertions\">Assertions</a> ",
        "<a href=\"#subjects\">Facts by subject</a> <a href=\"#sources\">Sources</a> ",
        "<a href=\"#texts\">Source texts</a></nav>\n"
    ));
    summary(out, report);
    contradictions(out, report);
    assertions(out, report);
    subjects(out, report);
    sources(out, &report.sources);
    other_findings(out, report);
    source_texts(out, &report.sources);
}

fn errors(out: &mut String, errors: &[Located]) {
    let _ = writeln!(
        out,
        "<p class=\"outcome bad\"><span aria-hidden=\"true\">✘</span> The fact base could not be loaded ({} error{}), so nothing was checked.</p>",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    located_list(out, errors);
}

fn summary(out: &mut String, report: &Report) {
    let s = &report.summary;
    let (class, outcome) = if s.failed == 0 {
        (
            "ok",
            format!(
                "<span aria-hidden=\"true\">✔</span> Nothing failed: {} passed.",
                s.passed
            ),
        )
    } else {
        (
            "bad",
            format!(
                "<span aria-hidden=\"true\">✘</span> {} failed, {} passed.",
                s.failed, s.passed
            ),
        )
    };
    let _ = writeln!(
        out,
        "<section id=\"summary\">\n<h2>Summary</h2>\n<p class=\"outcome {class}\">{outcome}</p>\n<table class=\"summary\">\n<tbody>"
    );
    for (name, value) in s.rows() {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{name}</th><td>{value}</td></tr>"
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn contradictions(out: &mut String, report: &Report) {
    out.push_str("<section id=\"contradictions\">\n<h2>Contradictions</h2>\n");
    if report.contradictions.is_empty() {
        out.push_str(
            "<p>No contradictions: every claim agrees with every other on its subject.</p>\n",
        );
    }
    for contradiction in &report.contradictions {
        contradiction_article(out, contradiction, &report.sources);
    }
    out.push_str("</section>\n");
}

fn contradiction_article(out: &mut String, c: &ContradictionView, sources: &[SourceView]) {
    let (class, badge) = match &c.accepted {
        Some(_) => ("accepted", "<span aria-hidden=\"true\">☑</span> accepted"),
        None => ("open", "<span aria-hidden=\"true\">⚠</span> open"),
    };
    let _ = writeln!(
        out,
        "<article class=\"contradiction {class}\">\n<h3><span class=\"badge {class}\">{badge}</span> <code>{}</code></h3>",
        escape(&c.path())
    );
    match &c.accepted {
        Some(accept) => {
            let _ = writeln!(
                out,
                "<p>Reviewed and accepted (<code>{}</code>): {}</p>",
                escape(&accept.place),
                escape(&accept.message)
            );
        }
        None => out.push_str(
            "<p>The sources disagree and no one has recorded a review: settle it, or record it with <code>accept … because \"…\"</code>.</p>\n",
        ),
    }
    claims_table(out, "contradiction-claims", &c.claims, sources);
    out.push_str("</article>\n");
}

fn claims_table(out: &mut String, class: &str, claims: &[ClaimView], sources: &[SourceView]) {
    let _ = writeln!(
        out,
        "<table class=\"{class} stack\">\n<thead><tr><th>Value</th><th>Source</th><th>Published</th><th>Quote</th><th>Fact</th></tr></thead>\n<tbody>"
    );
    for claim in claims {
        let source = &sources[claim.source];
        let _ = writeln!(
            out,
            "<tr><td data-label=\"Value\"><code>{}</code></td><td data-label=\"Source\">{}</td><td data-label=\"Published\">{}</td><td data-label=\"Quote\">{}</td><td data-label=\"Fact\"><code>{}</code></td></tr>",
            escape(&claim.value),
            source_name(source),
            escape(source.published.as_deref().unwrap_or("—")),
            quote(claim),
            escape(&claim.place)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn assertions(out: &mut String, report: &Report) {
    out.push_str("<section id=\"assertions\">\n<h2>Assertions</h2>\n");
    if report.assertions.is_empty() {
        out.push_str("<p>No assertions.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table class=\"assertions stack\">\n<thead><tr><th>Verdict</th><th>Assertion</th><th>Reason</th><th>Where</th></tr></thead>\n",
    );
    // Assertions come in file then line order, so a `check` block's
    // assertions are consecutive: each run gets a heading row.
    let mut current: Option<(Option<&str>, &str)> = None;
    for a in &report.assertions {
        let file = a
            .place
            .rsplit_once(':')
            .map_or(a.place.as_str(), |(file, _)| file);
        let group = (a.check.as_deref(), file);
        if current != Some(group) {
            if current.is_some() {
                out.push_str("</tbody>\n");
            }
            let heading = match group.0 {
                Some(check) => format!("check “{}”", escape(check)),
                None => escape(file),
            };
            let _ = writeln!(
                out,
                "<tbody>\n<tr class=\"group\"><th colspan=\"4\" scope=\"rowgroup\">{heading}</th></tr>"
            );
            current = Some(group);
        }
        let _ = writeln!(
            out,
            "<tr class=\"{}\"><td data-label=\"Verdict\">{}</td><td data-label=\"Assertion\"><code>{}</code></td><td data-label=\"Reason\">{}</td><td data-label=\"Where\"><code>{}</code></td></tr>",
            a.verdict.name(),
            verdict_badge(a.verdict),
            escape(&a.text),
            with_code(&a.reason),
            escape(&a.place)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn verdict_badge(verdict: Verdict) -> String {
    let (symbol, word) = verdict_label(verdict)
        .split_once(' ')
        .expect("a symbol and a word");
    format!(
        "<span class=\"badge {}\"><span aria-hidden=\"true\">{symbol}</span> {word}</span>",
        verdict.name()
    )
}

fn subjects(out: &mut String, report: &Report) {
    out.push_str("<section id=\"subjects\">\n<h2>Facts by subject</h2>\n");
    if report.subjects.is_empty() {
        out.push_str("<p>No facts.</p>\n");
    }
    for subject in &report.subjects {
        let _ = writeln!(
            out,
            "<article class=\"subject\">\n<h3>{}</h3>\n<table class=\"facts stack\">\n<thead><tr><th>Attribute</th><th>Value</th><th>Status</th><th>Claims</th></tr></thead>\n<tbody>",
            escape(&subject.subject)
        );
        for attribute in &subject.attributes {
            attribute_row(out, attribute, &report.sources);
        }
        out.push_str("</tbody>\n</table>\n</article>\n");
    }
    out.push_str("</section>\n");
}

fn attribute_row(out: &mut String, attribute: &AttributeView, sources: &[SourceView]) {
    let name = match &attribute.as_of {
        Some(date) => format!(
            "<code>{}</code> as of {}",
            escape(&attribute.attribute),
            escape(date)
        ),
        None => format!("<code>{}</code>", escape(&attribute.attribute)),
    };
    let value = attribute.value.as_deref().map_or_else(
        || "—".to_string(),
        |v| format!("<code>{}</code>", escape(v)),
    );
    let status_class = match attribute.status {
        super::AttributeStatus::Contradicted => "status contradicted",
        super::AttributeStatus::Accepted => "status accepted",
        _ => "status",
    };
    let _ = write!(
        out,
        "<tr><td data-label=\"Attribute\">{name}</td><td data-label=\"Value\">{value}</td><td data-label=\"Status\" class=\"{status_class}\">{}</td><td data-label=\"Claims\"><ul class=\"claims\">",
        escape(&attribute.status.describe())
    );
    for claim in &attribute.claims {
        let _ = write!(
            out,
            "<li>{} says <code>{}</code>{} <span class=\"where\">{}</span></li>",
            source_link(&sources[claim.source]),
            escape(&claim.value),
            claim
                .quote
                .as_ref()
                .map_or_else(String::new, |_| format!(": {}", quote(claim))),
            escape(&claim.place)
        );
    }
    out.push_str("</ul></td></tr>\n");
}

fn sources(out: &mut String, sources: &[SourceView]) {
    out.push_str("<section id=\"sources\">\n<h2>Sources</h2>\n");
    if sources.is_empty() {
        out.push_str("<p>No sources.</p>\n</section>\n");
        return;
    }
    out.push_str(concat!(
        "<table class=\"sources stack\">\n<thead><tr><th>Source</th><th>Title</th><th>Publisher</th>",
        "<th>Published</th><th>Facts</th><th>Quotes verified</th><th>Quotes missing</th>",
        "<th>Quotes unverifiable</th><th>Claims in contradictions</th></tr></thead>\n<tbody>\n"
    ));
    for s in sources {
        let title = s.title.as_deref().map_or_else(|| "—".to_string(), escape);
        let title = match s.url.as_deref().filter(|url| is_web_url(url)) {
            Some(url) => format!(
                "<a href=\"{}\">{}</a>",
                escape(url),
                if s.title.is_some() {
                    title
                } else {
                    escape(url)
                }
            ),
            None => title,
        };
        let id = if s.text.is_some() {
            format!(
                "<a href=\"#{}\"><code>{}</code></a>",
                source_anchor(s),
                escape(&s.id)
            )
        } else {
            format!("<code>{}</code>", escape(&s.id))
        };
        let _ = writeln!(
            out,
            "<tr><td data-label=\"Source\">{id}</td><td data-label=\"Title\">{title}</td><td data-label=\"Publisher\">{}</td><td data-label=\"Published\">{}</td><td data-label=\"Facts\">{}</td><td data-label=\"Quotes verified\">{}</td><td data-label=\"Quotes missing\">{}</td><td data-label=\"Quotes unverifiable\">{}</td><td data-label=\"Claims in contradictions\">{}</td></tr>",
            escape(s.publisher.as_deref().unwrap_or("—")),
            escape(s.published.as_deref().unwrap_or("—")),
            s.facts,
            s.quotes_verified,
            s.quotes_missing,
            s.quotes_unverifiable,
            s.contradicted_claims
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn other_findings(out: &mut String, report: &Report) {
    if !report.missing_quotes.is_empty() {
        out.push_str(
            "<section id=\"missing-quotes\">\n<h2>Quotes not found in their source</h2>\n",
        );
        claims_table(
            out,
            "missing-quotes",
            &report.missing_quotes,
            &report.sources,
        );
        out.push_str("</section>\n");
    }
    for (id, title, items) in [
        (
            "type-mismatches",
            "Type mismatches",
            &report.type_mismatches,
        ),
        ("warnings", "Warnings", &report.warnings),
    ] {
        if !items.is_empty() {
            let _ = writeln!(out, "<section id=\"{id}\">\n<h2>{title}</h2>");
            located_list(out, items);
            out.push_str("</section>\n");
        }
    }
}

fn located_list(out: &mut String, items: &[Located]) {
    out.push_str("<ul class=\"located\">\n");
    for item in items {
        let _ = writeln!(
            out,
            "<li><code>{}</code>: {}</li>",
            escape(&item.place),
            with_code(&item.message)
        );
    }
    out.push_str("</ul>\n");
}

/// Every source text, with each verified quote highlighted where it stands.
fn source_texts(out: &mut String, sources: &[SourceView]) {
    out.push_str("<section id=\"texts\">\n<h2>Source texts</h2>\n");
    let with_text: Vec<&SourceView> = sources.iter().filter(|s| s.text.is_some()).collect();
    if with_text.is_empty() {
        out.push_str("<p>No source has a text (<code>file</code>) to check quotes against.</p>\n");
    }
    for source in with_text {
        let _ = writeln!(
            out,
            "<article class=\"source-text\" id=\"{}\">\n<h3><code>{}</code> {}</h3>\n<p class=\"where\">{}{}</p>",
            source_anchor(source),
            escape(&source.id),
            escape(source.name()),
            escape(source.file.as_deref().unwrap_or("")),
            source
                .published
                .as_deref()
                .map_or_else(String::new, |date| format!(" · published {}", escape(date)))
        );
        out.push_str("<div class=\"text\">");
        highlighted(out, source);
        out.push_str("</div>\n</article>\n");
    }
    out.push_str("</section>\n");
}

/// The text with `<mark>` around every passage; overlapping passages are cut
/// into segments so the marks never nest or cross. Each passage starts with
/// the anchors its claims link to.
fn highlighted(out: &mut String, source: &SourceView) {
    let text = source.text.as_deref().unwrap_or("");
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for passage in &source.passages {
        cuts.extend([passage.range.start, passage.range.end]);
    }
    cuts.sort_unstable();
    cuts.dedup();
    for window in cuts.windows(2) {
        let (start, end) = (window[0], window[1]);
        for passage in source.passages.iter().filter(|p| p.range.start == start) {
            for anchor in &passage.anchors {
                let _ = write!(
                    out,
                    "<span class=\"anchor\" id=\"{}\"></span>",
                    escape(anchor)
                );
            }
        }
        let segment = escape(&text[start..end]);
        let covered = source
            .passages
            .iter()
            .any(|p| p.range.start <= start && end <= p.range.end);
        if covered {
            let _ = write!(out, "<mark>{segment}</mark>");
        } else {
            out.push_str(&segment);
        }
    }
}

fn source_anchor(source: &SourceView) -> String {
    let id: String = source
        .id
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    format!("source-{}", escape(&id))
}

/// A source's id, linked to its text when the page has it, its name as the
/// tooltip: short enough to repeat on every claim.
fn source_link(source: &SourceView) -> String {
    let id = format!("<code>{}</code>", escape(&source.id));
    if source.text.is_some() {
        format!(
            "<a href=\"#{}\" title=\"{}\">{id}</a>",
            source_anchor(source),
            escape(source.name())
        )
    } else {
        id
    }
}

fn source_name(source: &SourceView) -> String {
    if source.name() == source.id {
        format!("<code>{}</code>", escape(&source.id))
    } else {
        format!(
            "<code>{}</code> <cite>{}</cite>",
            escape(&source.id),
            escape(source.name())
        )
    }
}

/// A claim's quote, linked to its highlighted passage when it was found.
fn quote(claim: &ClaimView) -> String {
    let Some(quote) = &claim.quote else {
        return "—".to_string();
    };
    let text = format!("“{}”", escape(&quote.text));
    match quote.status {
        QuoteStatus::Verified => format!(
            "<a class=\"quote\" href=\"#{}\">{text}</a> <span class=\"badge pass\"><span aria-hidden=\"true\">✔</span> verified</span>",
            escape(&quote.anchor)
        ),
        QuoteStatus::Missing => format!(
            "<q class=\"quote\">{}</q> <span class=\"badge fail\"><span aria-hidden=\"true\">✘</span> not found in the source</span>",
            escape(&quote.text)
        ),
        QuoteStatus::Unverifiable => format!(
            "<q class=\"quote\">{}</q> <span class=\"badge unknown\"><span aria-hidden=\"true\">?</span> unverifiable: the source has no text</span>",
            escape(&quote.text)
        ),
    }
}

/// A checker message: escaped, with its `backticked` paths as code.
fn with_code(text: &str) -> String {
    super::marks::code_spans(text)
        .into_iter()
        .map(|(code, part)| match code {
            true => format!("<code>{}</code>", escape(part)),
            false => escape(part),
        })
        .collect()
}

/// Text and attribute values from the input, shown as text; a control
/// character (which HTML does not allow, but for white space) as its
/// escape, `\u{1b}`.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => {
                out.extend(c.escape_unicode())
            }
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_covers_text_and_attributes() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
    }

    #[test]
    fn only_web_urls_become_links() {
        assert!(is_web_url("https://example.org/a"));
        assert!(is_web_url("HTTP://example.org"));
        assert!(!is_web_url("javascript:alert(1)"));
        assert!(!is_web_url("data:text/html,<script>"));
    }

    #[test]
    fn checker_messages_keep_code_and_escape_the_rest() {
        assert_eq!(
            with_code("`a <b>` is \"<i>\""),
            "<code>a &lt;b&gt;</code> is &quot;&lt;i&gt;&quot;"
        );
    }
}
