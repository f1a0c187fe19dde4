//! What a report says, built once from the fact base and the findings. The
//! Markdown, HTML and ClaimReview renderers only lay this out, so the three
//! formats can never disagree and none of them recomputes a verdict.
//!
//! Everything is sorted (no hash order, no timestamps): the same fact base
//! gives the same report on every run and every machine.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;

use super::passage::NormalizedText;
use crate::check::{Findings, GroupStatus, Verdict};
use crate::load::{FactBase, Group};
use crate::model::Value;

/// The whole report.
#[derive(Debug)]
pub struct Report {
    pub summary: Summary,
    pub contradictions: Vec<ContradictionView>,
    pub assertions: Vec<AssertionView>,
    pub subjects: Vec<SubjectView>,
    pub sources: Vec<SourceView>,
    /// Quotes not found in their source, in file then line order.
    pub missing_quotes: Vec<ClaimView>,
    pub type_mismatches: Vec<Located>,
    /// Load warnings and stale accepts.
    pub warnings: Vec<Located>,
    /// Load errors: when there are any, nothing else is judged (SPEC §7).
    pub errors: Vec<Located>,
}

#[derive(Debug, Default, Clone, Copy)]
pub struct Summary {
    pub sources: usize,
    /// Every fact written, including those left out for a type mismatch.
    pub facts: usize,
    pub contradictions_open: usize,
    pub contradictions_accepted: usize,
    pub pass: usize,
    pub fail: usize,
    pub unknown: usize,
    pub contested: usize,
    pub quotes_verified: usize,
    pub quotes_missing: usize,
    /// Quotes whose source has no `file` to check them against.
    pub quotes_unverifiable: usize,
    pub facts_without_quote: usize,
    pub type_mismatches: usize,
    pub warnings: usize,
    /// As `factcheck test` counts them (SPEC §6).
    pub passed: usize,
    pub failed: usize,
}

impl Summary {
    /// The summary table's rows, (heading, text), in order: every format
    /// shows the same rows in the same words.
    pub fn rows(&self) -> [(&'static str, String); 7] {
        let facts_without_quote = match self.facts_without_quote {
            1 => "1 fact".to_string(),
            n => format!("{n} facts"),
        };
        [
            ("Sources", self.sources.to_string()),
            ("Facts", self.facts.to_string()),
            (
                "Contradictions",
                format!("{} open, {} accepted", self.contradictions_open, self.contradictions_accepted),
            ),
            (
                "Assertions",
                format!(
                    "{} pass, {} fail, {} unknown, {} contested",
                    self.pass, self.fail, self.unknown, self.contested
                ),
            ),
            (
                "Quotes",
                format!(
                    "{} verified, {} missing, {} unverifiable; {facts_without_quote} without a quote",
                    self.quotes_verified, self.quotes_missing, self.quotes_unverifiable
                ),
            ),
            ("Type mismatches", self.type_mismatches.to_string()),
            ("Warnings", self.warnings.to_string()),
        ]
    }
}

/// A message at a place in a loaded file (`path:line:column`).
#[derive(Debug, Clone)]
pub struct Located {
    pub place: String,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct ContradictionView {
    pub subject: String,
    pub attribute: String,
    pub as_of: Option<String>,
    /// The reason recorded with `accept … because`, and where.
    pub accepted: Option<Located>,
    pub claims: Vec<ClaimView>,
}

impl ContradictionView {
    /// `subject attribute` (and `as of DATE`), as people would write it.
    pub fn path(&self) -> String {
        path_text(&self.subject, &self.attribute, self.as_of.as_deref())
    }
}

/// One fact as the report shows it.
#[derive(Debug, Clone)]
pub struct ClaimView {
    /// The value as written.
    pub value: String,
    /// Index into `Report::sources`.
    pub source: usize,
    pub quote: Option<QuoteView>,
    /// `path:line` of the fact.
    pub place: String,
}

#[derive(Debug, Clone)]
pub struct QuoteView {
    pub text: String,
    pub status: QuoteStatus,
    /// An id unique in the report, for the HTML link to the passage.
    pub anchor: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteStatus {
    /// Found in the source text; the HTML page highlights the passage.
    Verified,
    /// Not found in the source text: a failure.
    Missing,
    /// The source has no `file`, so the quote cannot be checked.
    Unverifiable,
}

#[derive(Debug, Clone)]
pub struct AssertionView {
    pub place: String,
    pub check: Option<String>,
    pub text: String,
    /// The assertion in words, for readers who do not read the language.
    pub in_words: String,
    pub verdict: Verdict,
    pub reason: String,
    /// Indexes into `Report::sources` of the sources behind the facts the
    /// assertion reads, in source order.
    pub sources: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct SubjectView {
    pub subject: String,
    pub attributes: Vec<AttributeView>,
}

#[derive(Debug, Clone)]
pub struct AttributeView {
    pub attribute: String,
    pub as_of: Option<String>,
    /// What the claims have in common; `None` for a contradiction.
    pub value: Option<String>,
    pub status: AttributeStatus,
    pub claims: Vec<ClaimView>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeStatus {
    /// Two or more sources give compatible values.
    Agreed { sources: usize },
    /// One source only (however many of its facts).
    SingleSource,
    /// A multi-valued attribute: the values of every source, gathered.
    Collected { sources: usize },
    /// An unaccepted contradiction.
    Contradicted,
    /// A contradiction recorded with `accept … because`.
    Accepted,
}

impl AttributeStatus {
    pub fn describe(self) -> String {
        match self {
            AttributeStatus::Agreed { sources } => format!("agreed by {sources} sources"),
            AttributeStatus::SingleSource => "single source".to_string(),
            AttributeStatus::Collected { sources } => format!("collected from {sources} sources"),
            AttributeStatus::Contradicted => "contradicted".to_string(),
            AttributeStatus::Accepted => "accepted contradiction".to_string(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct SourceView {
    pub id: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    /// The source text's path, when it has one.
    pub file: Option<String>,
    pub facts: usize,
    pub quotes_verified: usize,
    pub quotes_missing: usize,
    pub quotes_unverifiable: usize,
    /// Claims of this source that are part of a contradiction.
    pub contradicted_claims: usize,
    /// The source text as written, when the source has one.
    pub text: Option<String>,
    /// Verified quotes in `text`: byte ranges and the anchors that link to
    /// them, sorted by range.
    pub passages: Vec<Passage>,
}

impl SourceView {
    /// The title, else the publisher, else the id: what names the source.
    pub fn name(&self) -> &str {
        self.title
            .as_deref()
            .or(self.publisher.as_deref())
            .unwrap_or(&self.id)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    pub range: Range<usize>,
    pub anchors: Vec<String>,
}

/// The group each assertion PATH reads (the one without `as of`), found by
/// normalised subject (aliases applied) and attribute; built once per report.
pub(super) struct PathGroups<'a> {
    base: &'a FactBase,
    index: HashMap<(&'a str, &'a str), usize>,
}

impl<'a> PathGroups<'a> {
    pub(super) fn new(base: &'a FactBase) -> Self {
        let index = base
            .groups
            .iter()
            .enumerate()
            .filter(|(_, group)| group.as_of.is_none())
            .map(|(i, group)| {
                (
                    (base.subject_key_of(group), base.attribute_key_of(group)),
                    i,
                )
            })
            .collect();
        PathGroups { base, index }
    }

    pub(super) fn group(&self, path: &crate::syntax::Path) -> Option<&'a Group> {
        let (subject, attribute) = self.base.path_keys(path);
        let index = *self.index.get(&(subject.key(), attribute.as_str()))?;
        Some(&self.base.groups[index])
    }
}

/// `subject attribute`, with ` as of DATE` when the group has one.
pub fn path_text(subject: &str, attribute: &str, as_of: Option<&str>) -> String {
    match as_of {
        Some(date) => format!("{subject} {attribute} as of {date}"),
        None => format!("{subject} {attribute}"),
    }
}

impl Report {
    pub fn build(base: &FactBase, findings: &Findings) -> Report {
        let builder = Builder::new(base, findings);
        if !base.errors.is_empty() {
            return Report {
                summary: Summary::default(),
                contradictions: Vec::new(),
                assertions: Vec::new(),
                subjects: Vec::new(),
                sources: builder.sources(),
                missing_quotes: Vec::new(),
                type_mismatches: Vec::new(),
                warnings: Vec::new(),
                errors: base.errors.iter().map(located_problem).collect(),
            };
        }
        let contradictions = builder.contradictions();
        let assertions = builder.assertions();
        let subjects = builder.subjects();
        let sources = builder.sources();
        let missing_quotes = builder.missing_quotes();
        let type_mismatches = builder.type_mismatches();
        let warnings: Vec<Located> = findings.warnings.iter().map(located_problem).collect();
        let summary = builder.summary(&assertions, &sources, warnings.len());
        Report {
            summary,
            contradictions,
            assertions,
            subjects,
            sources,
            missing_quotes,
            type_mismatches,
            warnings,
            errors: Vec::new(),
        }
    }
}

fn located_problem(problem: &crate::load::Problem) -> Located {
    Located {
        place: format!("{}:{}:{}", problem.path, problem.line, problem.column),
        message: problem.message.clone(),
    }
}

struct Builder<'a> {
    base: &'a FactBase,
    findings: &'a Findings,
    /// (file, byte offset of the fact) → index into `base.quotes`.
    quote_of_fact: HashMap<(usize, usize), usize>,
    /// Index into `base.quotes` → whether it was found (absent: unverifiable).
    quote_found: HashMap<usize, bool>,
    /// Index into `base.quotes` → its anchor.
    anchors: Vec<String>,
    paths: PathGroups<'a>,
}

impl<'a> Builder<'a> {
    fn new(base: &'a FactBase, findings: &'a Findings) -> Self {
        let quote_of_fact = base
            .quotes
            .iter()
            .enumerate()
            .map(|(index, quote)| ((quote.at.file, quote.at.span.start), index))
            .collect();
        let quote_found = findings
            .quotes
            .iter()
            .map(|check| (check.quote, check.found))
            .collect();
        Builder {
            base,
            findings,
            quote_of_fact,
            quote_found,
            anchors: quote_anchors(base),
            paths: PathGroups::new(base),
        }
    }

    fn place(&self, file: usize, line: u32) -> String {
        format!("{}:{line}", self.base.files[file].path)
    }

    fn quote_status(&self, quote: usize) -> QuoteStatus {
        match self.quote_found.get(&quote) {
            Some(true) => QuoteStatus::Verified,
            Some(false) => QuoteStatus::Missing,
            None => QuoteStatus::Unverifiable,
        }
    }

    fn claim(&self, index: usize) -> ClaimView {
        let claim = &self.base.claims[index];
        let quote = self
            .quote_of_fact
            .get(&(claim.file(), claim.fact_start()))
            .map(|&quote| QuoteView {
                text: self.base.quotes[quote].text.clone(),
                status: self.quote_status(quote),
                anchor: self.anchors[quote].clone(),
            });
        ClaimView {
            value: self.base.written(claim).to_string(),
            source: claim.source(),
            quote,
            place: self.place(claim.file(), claim.line()),
        }
    }

    fn sorted_claims(&self, claims: &[usize]) -> Vec<ClaimView> {
        let mut claims = claims.to_vec();
        claims.sort_by_key(|&c| self.base.place(self.base.claim_at(&self.base.claims[c])));
        claims.into_iter().map(|c| self.claim(c)).collect()
    }

    fn contradictions(&self) -> Vec<ContradictionView> {
        self.findings
            .contradictions
            .iter()
            .map(|contradiction| {
                let group = &self.base.groups[contradiction.group];
                let accepted = contradiction.accepted_by.map(|index| {
                    let accept = &self.base.accepts[index];
                    Located {
                        place: self.place(accept.file, accept.accept.span.line),
                        message: accept.accept.reason.clone(),
                    }
                });
                ContradictionView {
                    subject: self.base.subject_of(group).to_string(),
                    attribute: self.base.attribute_of(group).to_string(),
                    as_of: group.as_of.map(|date| date.to_string()),
                    accepted,
                    claims: self.sorted_claims(&contradiction.claims),
                }
            })
            .collect()
    }

    fn assertions(&self) -> Vec<AssertionView> {
        self.findings
            .assertions
            .iter()
            .map(|result| {
                let located = &self.base.assertions[result.assertion];
                AssertionView {
                    place: self.place(located.file, located.assertion.span.line),
                    check: located.assertion.check.clone(),
                    text: located.assertion.text.clone(),
                    in_words: super::words::in_words(self.base, &self.paths, &located.assertion),
                    verdict: result.verdict,
                    reason: result.message.clone(),
                    sources: self.sources_read_by(&located.assertion),
                }
            })
            .collect()
    }

    /// The sources of every claim in the groups an assertion's paths read.
    fn sources_read_by(&self, assertion: &crate::syntax::Assertion) -> Vec<usize> {
        use crate::syntax::{Operand, Test};
        let operands: Vec<&Operand> = match &assertion.test {
            Test::Compare { left, right, .. } => vec![left, right],
            Test::Corroborated { operand, .. } => vec![operand],
        };
        let mut sources = BTreeSet::new();
        for operand in operands {
            let (Operand::Path(path) | Operand::Count(path) | Operand::Weekday(path)) = operand
            else {
                continue;
            };
            if let Some(group) = self.paths.group(path) {
                sources.extend(group.claims.iter().map(|c| self.base.claims[c].source()));
            }
        }
        sources.into_iter().collect()
    }

    fn subjects(&self) -> Vec<SubjectView> {
        let mut by_subject: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (index, group) in self.base.groups.iter().enumerate() {
            by_subject
                .entry(self.base.subject_key_of(group))
                .or_default()
                .push(index);
        }
        by_subject
            .into_values()
            .map(|mut groups| {
                // One subject: its groups by attribute, then as-of date.
                groups.sort_by_key(|&group| self.base.group_order(group));
                SubjectView {
                    subject: self
                        .base
                        .subject_of(&self.base.groups[groups[0]])
                        .to_string(),
                    attributes: groups.into_iter().map(|g| self.attribute(g)).collect(),
                }
            })
            .collect()
    }

    fn attribute(&self, index: usize) -> AttributeView {
        let group = &self.base.groups[index];
        let status = self.attribute_status(index, group);
        let values: Vec<&Value> = group
            .claims
            .iter()
            .map(|c| &self.base.claims[c].value)
            .collect();
        let value = match status {
            AttributeStatus::Contradicted | AttributeStatus::Accepted => None,
            _ if group.many => Some(Value::open_set(&values).to_string()),
            _ => Some(Value::merge(&values).to_string()),
        };
        AttributeView {
            attribute: self.base.attribute_of(group).to_string(),
            as_of: group.as_of.map(|date| date.to_string()),
            value,
            status,
            claims: self.sorted_claims(&group.claims.to_vec()),
        }
    }

    fn attribute_status(&self, index: usize, group: &Group) -> AttributeStatus {
        let sources: BTreeSet<usize> = group
            .claims
            .iter()
            .map(|c| self.base.claims[c].source())
            .collect();
        match (self.findings.group_status[index], sources.len()) {
            (GroupStatus::Contested, _) => AttributeStatus::Contradicted,
            (GroupStatus::Accepted, _) => AttributeStatus::Accepted,
            (GroupStatus::Agreed, 1) => AttributeStatus::SingleSource,
            (GroupStatus::Agreed, n) if group.many => AttributeStatus::Collected { sources: n },
            (GroupStatus::Agreed, n) => AttributeStatus::Agreed { sources: n },
        }
    }

    fn sources(&self) -> Vec<SourceView> {
        let mut contradicted = vec![0; self.base.sources.len()];
        for contradiction in &self.findings.contradictions {
            for &claim in &contradiction.claims {
                contradicted[self.base.claims[claim].source()] += 1;
            }
        }
        self.base
            .sources
            .iter()
            .enumerate()
            .map(|(index, source)| {
                let quotes: Vec<usize> = (0..self.base.quotes.len())
                    .filter(|&q| self.base.quotes[q].source == index)
                    .collect();
                let count = |status| {
                    quotes
                        .iter()
                        .filter(|&&q| self.quote_status(q) == status)
                        .count()
                };
                SourceView {
                    id: source.id.clone(),
                    title: source.title.clone(),
                    publisher: source.publisher.clone(),
                    url: source.url.clone(),
                    published: source.published.map(|date| date.to_string()),
                    file: source.file.clone(),
                    facts: source.facts,
                    quotes_verified: count(QuoteStatus::Verified),
                    quotes_missing: count(QuoteStatus::Missing),
                    quotes_unverifiable: count(QuoteStatus::Unverifiable),
                    contradicted_claims: contradicted[index],
                    text: source.text.clone(),
                    passages: self.passages(source.text.as_deref(), &quotes),
                }
            })
            .collect()
    }

    /// Where each verified quote stands in the original text. Quotes that
    /// share a passage share one highlight with several anchors.
    fn passages(&self, text: Option<&str>, quotes: &[usize]) -> Vec<Passage> {
        let Some(text) = text else {
            return Vec::new();
        };
        let normalized = NormalizedText::new(text);
        let mut by_range: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
        for &quote in quotes {
            if self.quote_status(quote) != QuoteStatus::Verified {
                continue;
            }
            if let Some(range) = normalized.find(&self.base.quotes[quote].text) {
                by_range
                    .entry((range.start, range.end))
                    .or_default()
                    .push(self.anchors[quote].clone());
            }
        }
        by_range
            .into_iter()
            .map(|((start, end), anchors)| Passage {
                range: start..end,
                anchors,
            })
            .collect()
    }

    fn missing_quotes(&self) -> Vec<ClaimView> {
        let mut missing: Vec<usize> = self
            .findings
            .quotes
            .iter()
            .filter(|check| !check.found)
            .map(|check| check.quote)
            .collect();
        missing.sort_by_key(|&q| self.base.place(self.base.quotes[q].at));
        missing
            .into_iter()
            .map(|q| {
                let quote = &self.base.quotes[q];
                let claim = self.base.claims.find_at(quote.at);
                ClaimView {
                    // A fact left out for a type mismatch has no claim; its
                    // quote is still checked and reported.
                    value: claim.map_or_else(
                        || self.mismatch_value(quote.at).unwrap_or_default(),
                        |claim| self.base.written(claim).to_string(),
                    ),
                    source: quote.source,
                    quote: Some(QuoteView {
                        text: quote.text.clone(),
                        status: QuoteStatus::Missing,
                        anchor: self.anchors[q].clone(),
                    }),
                    place: self.place(quote.at.file, quote.at.span.line),
                }
            })
            .collect()
    }

    fn mismatch_value(&self, at: crate::load::Location) -> Option<String> {
        self.base
            .type_mismatches
            .iter()
            .find(|m| m.at == at)
            .map(|m| m.value.clone())
    }

    fn type_mismatches(&self) -> Vec<Located> {
        let mut mismatches: Vec<&crate::load::TypeMismatch> =
            self.base.type_mismatches.iter().collect();
        mismatches.sort_by_key(|m| self.base.place(m.at));
        mismatches
            .into_iter()
            .map(|m| Located {
                place: self.place(m.at.file, m.at.span.line),
                message: format!(
                    "`{}` is declared {} but this fact gives {} ({}); the fact is left out",
                    m.attribute, m.expected, m.found, m.value
                ),
            })
            .collect()
    }

    fn summary(
        &self,
        assertions: &[AssertionView],
        sources: &[SourceView],
        warnings: usize,
    ) -> Summary {
        let verdicts = |verdict| assertions.iter().filter(|a| a.verdict == verdict).count();
        let quotes = |field: fn(&SourceView) -> usize| sources.iter().map(field).sum();
        let facts: usize = sources.iter().map(|s| s.facts).sum();
        Summary {
            sources: sources.len(),
            facts,
            contradictions_open: self.findings.summary.contradictions,
            contradictions_accepted: self.findings.summary.accepted,
            pass: verdicts(Verdict::Pass),
            fail: verdicts(Verdict::Fail),
            unknown: verdicts(Verdict::Unknown),
            contested: verdicts(Verdict::Contested),
            quotes_verified: quotes(|s| s.quotes_verified),
            quotes_missing: quotes(|s| s.quotes_missing),
            quotes_unverifiable: quotes(|s| s.quotes_unverifiable),
            facts_without_quote: facts.saturating_sub(self.base.quotes.len()),
            type_mismatches: self.base.type_mismatches.len(),
            warnings,
            passed: self.findings.summary.passed,
            failed: self.findings.summary.failed,
        }
    }
}

/// An anchor per quote, made from its file and line so that adding a fact
/// elsewhere does not renumber every link in the page (and the snapshot).
fn quote_anchors(base: &FactBase) -> Vec<String> {
    let mut used = BTreeSet::new();
    base.quotes
        .iter()
        .map(|quote| {
            let path: String = base.files[quote.at.file]
                .path
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
                .collect();
            let mut anchor = format!("quote-{path}-{}", quote.at.span.line);
            while !used.insert(anchor.clone()) {
                anchor.push('x');
            }
            anchor
        })
        .collect()
}
