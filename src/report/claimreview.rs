//! schema.org `ClaimReview` JSON-LD, one per assertion, for publishing the
//! verdicts where search engines and fact-check aggregators read them.

use serde::Serialize;

use super::model::{AssertionView, Report, SourceView};
use crate::check::Verdict;

#[derive(Serialize)]
struct ClaimReview<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    /// Where the assertion is written (`file:line`), to trace it back.
    identifier: &'a str,
    #[serde(rename = "claimReviewed")]
    claim_reviewed: &'a str,
    #[serde(rename = "reviewBody")]
    review_body: String,
    #[serde(rename = "reviewRating")]
    review_rating: Rating,
    #[serde(rename = "itemReviewed")]
    item_reviewed: Claim<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<Organization<'a>>,
}

#[derive(Serialize)]
struct Rating {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "alternateName")]
    alternate_name: &'static str,
}

#[derive(Serialize)]
struct Claim<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    /// The earliest publication date among the sources.
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    appearance: Vec<Appearance<'a>>,
}

#[derive(Serialize)]
struct Appearance<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    headline: Option<&'a str>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    publisher: Option<Organization<'a>>,
}

#[derive(Serialize)]
struct Organization<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

fn organization(name: &str) -> Organization<'_> {
    Organization {
        kind: "Organization",
        name,
    }
}

/// The rating name ClaimReview readers know, for each verdict.
pub fn rating_name(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "Supported",
        Verdict::Fail => "Refuted",
        Verdict::Unknown => "Not enough information",
        Verdict::Contested => "Disputed",
    }
}

pub fn render(report: &Report, publisher: Option<&str>) -> String {
    let reviews: Vec<ClaimReview> = report
        .assertions
        .iter()
        .map(|assertion| review(assertion, &report.sources, publisher))
        .collect();
    let mut text = serde_json::to_string_pretty(&reviews).expect("JSON of plain data");
    text.push('\n');
    text
}

fn review<'a>(
    assertion: &'a AssertionView,
    sources: &'a [SourceView],
    publisher: Option<&'a str>,
) -> ClaimReview<'a> {
    let read: Vec<&SourceView> = assertion.sources.iter().map(|&s| &sources[s]).collect();
    ClaimReview {
        context: "https://schema.org",
        kind: "ClaimReview",
        identifier: &assertion.place,
        claim_reviewed: &assertion.in_words,
        // The checker marks paths with backticks for Markdown; readers of
        // JSON-LD see plain text.
        review_body: super::marks::without_marks(&assertion.reason),
        review_rating: Rating {
            kind: "Rating",
            alternate_name: rating_name(assertion.verdict),
        },
        item_reviewed: Claim {
            kind: "Claim",
            date_published: read.iter().filter_map(|s| s.published.as_deref()).min(),
            appearance: read
                .iter()
                .filter(|source| {
                    source.url.is_some() || source.title.is_some() || source.publisher.is_some()
                })
                .map(|source| appearance(source))
                .collect(),
        },
        author: publisher.map(organization),
    }
}

fn appearance(source: &SourceView) -> Appearance<'_> {
    Appearance {
        kind: "CreativeWork",
        url: source.url.as_deref(),
        headline: source.title.as_deref(),
        date_published: source.published.as_deref(),
        publisher: source.publisher.as_deref().map(organization),
    }
}
