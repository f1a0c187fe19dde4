//! Reports people read: Markdown for review by diff, one self-contained HTML
//! page for editors and readers, and schema.org `ClaimReview` JSON-LD for
//! publishing verdicts.
//!
//! Each format lays out one [`Report`], built once from the fact base and the
//! findings, so the formats always agree. Every report is deterministic
//! (sorted, no timestamps), which makes it a good snapshot: a newsroom's own
//! test can pin its report and see every change to the fact base as a diff.
//!
//! ```no_run
//! // tests/report.rs in a newsroom's repository (with `insta` as a dev-dependency)
//! let base = factcheck::load::load(&["facts".into(), "assertions".into()]);
//! let findings = factcheck::check::check(&base);
//! let report = factcheck::report::markdown(&base, &findings);
//! // insta::assert_snapshot!(report);
//! # let _ = report;
//! ```

mod claimreview;
mod html;
mod markdown;
mod marks;
mod model;
mod passage;
mod words;

pub use model::{
    AssertionView, AttributeStatus, AttributeView, ClaimView, ContradictionView, Located, Passage,
    QuoteStatus, QuoteView, Report, SourceView, SubjectView, Summary,
};
pub use passage::NormalizedText;

use crate::check::{Findings, Verdict};
use crate::load::FactBase;

/// The report as Markdown: summary, contradictions, assertions, facts by
/// subject, sources, then anything else that failed or warned. Plain enough
/// to read as text, one claim per line so that a diff shows what changed.
/// With load errors it lists them instead.
pub fn markdown(base: &FactBase, findings: &Findings) -> String {
    markdown::render(&Report::build(base, findings))
}

/// The report as one self-contained HTML page (inline CSS, no scripts, no
/// fonts or images from the network): the Markdown's sections, then every
/// source text with each verified quote highlighted and linked from its
/// claim. Readable on a phone and in print; everything from the input is
/// escaped.
pub fn html(base: &FactBase, findings: &Findings) -> String {
    html::render(&Report::build(base, findings))
}

/// One schema.org `ClaimReview` per assertion, as a JSON-LD array:
/// `claimReviewed` (the assertion in words), `reviewRating.alternateName`
/// (Supported / Refuted / Not enough information / Disputed), `reviewBody`
/// (the reason), `itemReviewed` (a `Claim` appearing in the sources the
/// assertion reads) and, when `publisher` is given, `author`. With load
/// errors it is an empty array: nothing was judged.
pub fn claimreview(base: &FactBase, findings: &Findings, publisher: Option<&str>) -> String {
    claimreview::render(&Report::build(base, findings), publisher)
}

/// How a verdict reads in a report: a symbol and a word, so that it is clear
/// without colour.
pub fn verdict_label(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "✔ pass",
        Verdict::Fail => "✘ fail",
        Verdict::Unknown => "? unknown",
        Verdict::Contested => "⚠ contested",
    }
}

/// Only `http(s)` URLs become links: a `javascript:` or `data:` URL in a
/// source declaration must never run in a reader's browser.
fn is_web_url(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}
