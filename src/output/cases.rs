//! The run as a flat list of test cases, the shape CI formats share (JUnit,
//! TAP, GitHub annotations, SARIF): one case per assertion, contradiction,
//! checked quote and type mismatch, plus strict failures and load errors.
//! Built from the findings only; nothing here judges anything.

use crate::check::{Findings, Verdict};
use crate::load::{FactBase, Location, Problem};
use crate::model::normalize;

/// What kind of finding a case is; each has a stable id used as JUnit
/// failure `type`, SARIF `ruleId` and GitHub annotation title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    AssertionFailed,
    AssertionUnknown,
    AssertionContested,
    Contradiction,
    QuoteMissing,
    TypeMismatch,
    StaleAccept,
    QuoteUnverifiable,
    LoadError,
}

impl Kind {
    /// Every kind, in a fixed order (SARIF rule indexes rely on it).
    pub const ALL: [Kind; 9] = [
        Kind::Contradiction,
        Kind::AssertionFailed,
        Kind::AssertionUnknown,
        Kind::AssertionContested,
        Kind::QuoteMissing,
        Kind::TypeMismatch,
        Kind::StaleAccept,
        Kind::QuoteUnverifiable,
        Kind::LoadError,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Kind::AssertionFailed => "assertion-failed",
            Kind::AssertionUnknown => "assertion-unknown",
            Kind::AssertionContested => "assertion-contested",
            Kind::Contradiction => "contradiction",
            Kind::QuoteMissing => "quote-missing",
            Kind::TypeMismatch => "type-mismatch",
            Kind::StaleAccept => "stale-accept",
            Kind::QuoteUnverifiable => "quote-unverifiable",
            Kind::LoadError => "load-error",
        }
    }

    /// One line saying what the rule checks.
    pub fn description(self) -> &'static str {
        match self {
            Kind::AssertionFailed => "An assertion fails: the sources say otherwise.",
            Kind::AssertionUnknown => {
                "An assertion cannot be decided: no fact is precise enough, or none exists."
            }
            Kind::AssertionContested => {
                "An assertion reads a value that sources contradict each other on."
            }
            Kind::Contradiction => "Two claims about one subject and attribute are incompatible.",
            Kind::QuoteMissing => "A quote does not occur in its source's text.",
            Kind::TypeMismatch => "A fact's value does not fit its attribute's declared type.",
            Kind::StaleAccept => "An accept matches no contradiction (fails under --strict).",
            Kind::QuoteUnverifiable => {
                "A quote's source has no text to check it against (fails under --strict)."
            }
            Kind::LoadError => "The input could not be loaded.",
        }
    }

    /// How much a failure of this kind matters, most first: a contradiction
    /// or broken input is a fact base in doubt; an unknown only asks for
    /// more facts. GitHub shows only the first few, so this orders them.
    pub fn rank(self) -> u8 {
        match self {
            Kind::LoadError | Kind::Contradiction => 0,
            Kind::AssertionFailed => 1,
            Kind::TypeMismatch => 2,
            Kind::QuoteMissing => 3,
            Kind::AssertionContested => 4,
            Kind::AssertionUnknown => 5,
            Kind::StaleAccept | Kind::QuoteUnverifiable => 6,
        }
    }
}

/// A place in a file, as reported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place<'a> {
    pub file: &'a str,
    pub line: u32,
    pub column: u32,
}

/// How a case came out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed(Kind),
    /// A contradiction recorded with `accept … because REASON`, at `Place`.
    Accepted,
}

/// Which family a case belongs to (a JUnit test suite).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suite {
    Assertions,
    Contradictions,
    Quotes,
    TypeMismatches,
    Strict,
    Load,
}

impl Suite {
    pub fn name(self) -> &'static str {
        match self {
            Suite::Assertions => "assertions",
            Suite::Contradictions => "contradictions",
            Suite::Quotes => "quotes",
            Suite::TypeMismatches => "type mismatches",
            Suite::Strict => "strict",
            Suite::Load => "load errors",
        }
    }
}

/// Another place that belongs to a case: the other claims of a
/// contradiction, or the accept that records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related<'a> {
    pub place: Place<'a>,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case<'a> {
    pub suite: Suite,
    /// What was checked, on one line (an assertion's text, a contradiction's
    /// `subject attribute`, …).
    pub name: String,
    pub place: Place<'a>,
    pub outcome: Outcome,
    /// Why it came out so; empty for a plain pass.
    pub message: String,
    pub related: Vec<Related<'a>>,
    /// What identifies the case whatever line it is on: kind, file and
    /// content. Cases with equal keys are told apart by order (see
    /// [`identities`]).
    pub identity: String,
}

impl Case<'_> {
    pub fn failed(&self) -> Option<Kind> {
        match self.outcome {
            Outcome::Failed(kind) => Some(kind),
            _ => None,
        }
    }
}

/// Every case of the run: assertions (file/line order), contradictions,
/// checked quotes, type mismatches, strict failures; or, when the input
/// could not be loaded, one case per load error.
pub fn cases<'a>(base: &'a FactBase, findings: &'a Findings) -> Vec<Case<'a>> {
    if !base.errors.is_empty() {
        return base
            .errors
            .iter()
            .map(|p| problem_case(p, Suite::Load, Kind::LoadError))
            .collect();
    }
    let mut cases: Vec<Case> = findings
        .assertions
        .iter()
        .map(|r| assertion_case(base, r))
        .collect();
    cases.extend(
        findings
            .contradictions
            .iter()
            .map(|c| contradiction_case(base, c)),
    );
    cases.extend(findings.quotes.iter().map(|q| quote_case(base, q)));
    cases.extend(
        findings
            .type_mismatches
            .iter()
            .map(|&i| type_mismatch_case(base, i)),
    );
    cases.extend(findings.strict_failures.iter().map(|p| {
        let kind = warning_kind(p).unwrap_or(Kind::QuoteUnverifiable);
        problem_case(p, Suite::Strict, kind)
    }));
    cases
}

/// Each case's identity made unique: the n-th case with an identity already
/// seen gets `#n` appended, so two identical assertions in one file stay
/// two findings.
pub fn identities(cases: &[Case]) -> Vec<String> {
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    cases
        .iter()
        .map(|case| {
            let count = seen.entry(case.identity.as_str()).or_insert(0);
            *count += 1;
            match *count {
                1 => case.identity.clone(),
                n => format!("{}#{n}", case.identity),
            }
        })
        .collect()
}

pub fn place(base: &FactBase, at: Location) -> Place<'_> {
    Place {
        file: &base.files[at.file].path,
        line: at.span.line,
        column: at.span.column,
    }
}

fn assertion_case<'a>(base: &'a FactBase, result: &crate::check::AssertionResult) -> Case<'a> {
    let located = &base.assertions[result.assertion];
    let assertion = &located.assertion;
    let outcome = match result.verdict {
        Verdict::Pass => Outcome::Passed,
        Verdict::Fail => Outcome::Failed(Kind::AssertionFailed),
        Verdict::Unknown => Outcome::Failed(Kind::AssertionUnknown),
        Verdict::Contested => Outcome::Failed(Kind::AssertionContested),
    };
    let name = match &assertion.check {
        Some(check) => format!("{check}: {}", assertion.text),
        None => assertion.text.clone(),
    };
    let file = &base.files[located.file].path;
    Case {
        suite: Suite::Assertions,
        identity: format!(
            "assertion\u{0}{file}\u{0}{}\u{0}{}",
            assertion
                .check
                .as_deref()
                .map(normalize)
                .unwrap_or_default(),
            normalize(&assertion.text)
        ),
        name,
        place: place(
            base,
            Location {
                file: located.file,
                span: assertion.span,
            },
        ),
        outcome,
        message: result.message.clone(),
        related: Vec::new(),
    }
}

fn contradiction_case<'a>(base: &'a FactBase, c: &crate::check::Contradiction) -> Case<'a> {
    let group = &base.groups[c.group];
    let as_of = group.as_of_shown();
    let name = format!("{}{as_of}", base.path_of(group));
    let says = |index: usize| base.says(&base.claims[index]);
    let claims: Vec<Related> = c
        .claims
        .iter()
        .map(|&i| Related {
            place: place(base, base.claim_at(&base.claims[i])),
            message: says(i),
        })
        .collect();
    let sides: Vec<String> = claims
        .iter()
        .map(|c| format!("{} ({}:{})", c.message, c.place.file, c.place.line))
        .collect();
    let headline = base.disagreement(group, &c.claims);
    let mut message = format!("{headline}: {}", sides.join(", "));
    let (outcome, accept) = match c.accepted_by {
        None => (Outcome::Failed(Kind::Contradiction), None),
        Some(index) => {
            let accept = &base.accepts[index];
            message = format!("accepted: {}\n{message}", accept.accept.reason);
            let at = Location {
                file: accept.file,
                span: accept.accept.span,
            };
            (
                Outcome::Accepted,
                Some(Related {
                    place: place(base, at),
                    message: format!("accepted because \"{}\"", accept.accept.reason),
                }),
            )
        }
    };
    let mut related: Vec<Related> = claims.into_iter().skip(1).collect();
    related.extend(accept);
    Case {
        suite: Suite::Contradictions,
        identity: format!(
            "contradiction\u{0}{}\u{0}{}\u{0}{}",
            base.subject_key_of(group),
            base.attribute_key_of(group),
            group.as_of.map(|d| d.to_string()).unwrap_or_default()
        ),
        name,
        place: place(base, base.claim_at(&base.claims[c.claims[0]])),
        outcome,
        message,
        related,
    }
}

fn quote_case<'a>(base: &'a FactBase, check: &crate::check::QuoteCheck) -> Case<'a> {
    let quote = &base.quotes[check.quote];
    let source = &base.sources[quote.source];
    let (outcome, message) = if check.found {
        (Outcome::Passed, String::new())
    } else {
        (
            Outcome::Failed(Kind::QuoteMissing),
            format!(
                "quote not found in the text of source `{}` ({})",
                source.id,
                source.file.as_deref().unwrap_or("?")
            ),
        )
    };
    let at = Location {
        file: quote.at.file,
        span: quote.span,
    };
    Case {
        suite: Suite::Quotes,
        identity: format!(
            "quote\u{0}{}\u{0}{}\u{0}{}",
            base.files[quote.at.file].path,
            source.id,
            normalize(&quote.text)
        ),
        name: format!("quote from {}: \"{}\"", source.id, quote.text),
        place: place(base, at),
        outcome,
        message,
        related: Vec::new(),
    }
}

fn type_mismatch_case(base: &FactBase, index: usize) -> Case<'_> {
    let mismatch = &base.type_mismatches[index];
    let at = Location {
        file: mismatch.at.file,
        span: mismatch.value_span,
    };
    Case {
        suite: Suite::TypeMismatches,
        identity: format!(
            "type-mismatch\u{0}{}\u{0}{}\u{0}{}",
            base.files[mismatch.at.file].path,
            normalize(&mismatch.attribute),
            mismatch.value
        ),
        name: format!("{} {}", mismatch.attribute, mismatch.value),
        place: place(base, at),
        outcome: Outcome::Failed(Kind::TypeMismatch),
        message: format!(
            "`{}` is declared as {}, but this value is a {}",
            mismatch.attribute, mismatch.expected, mismatch.found
        ),
        related: Vec::new(),
    }
}

fn problem_case(problem: &Problem, suite: Suite, kind: Kind) -> Case<'_> {
    Case {
        suite,
        identity: format!("{}\u{0}{}\u{0}{}", kind.id(), problem.path, problem.message),
        name: problem.message.clone(),
        place: Place {
            file: &problem.path,
            line: problem.line,
            column: problem.column,
        },
        outcome: Outcome::Failed(kind),
        message: problem.message.clone(),
        related: Vec::new(),
    }
}

/// The kind of finding a warning is, where it has one of its own: a stale
/// accept is one whether it fails the run (`--strict`) or not.
fn warning_kind(problem: &Problem) -> Option<Kind> {
    (problem.label == "stale accept").then_some(Kind::StaleAccept)
}

/// The non-failing problems (load warnings, stale accepts when not strict),
/// reported as warnings by formats that have them, each with its kind of
/// finding if it has one. Like the JSON output, none when the input could
/// not be loaded (SPEC §7).
pub fn warnings<'a>(
    base: &'a FactBase,
    findings: &'a Findings,
) -> Vec<(Place<'a>, &'a str, Option<Kind>)> {
    if !base.errors.is_empty() {
        return Vec::new();
    }
    findings
        .warnings
        .iter()
        .map(|p| {
            (
                Place {
                    file: &p.path,
                    line: p.line,
                    column: p.column,
                },
                p.message.as_str(),
                warning_kind(p),
            )
        })
        .collect()
}
