//! What a run checks and reports: `--filter`, `--fail-fast`, `--strict`,
//! `--no-quotes` and the merged values `--verbose` shows. Selection happens
//! here, before outputs, so every format reports the same findings and the
//! closing line counts exactly what was reported.

use super::{AssertionResult, Findings, GroupStatus, Verdict};
use crate::load::{FactBase, LocatedAssertion, Location, Problem};
use crate::model::{normalize, Value};
use crate::syntax::{Operand, Test};

/// How to run the checks. `Options::default()` is `factcheck test` with no
/// flags: everything checked, everything reported.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Keep only findings that some pattern matches (see [`Selection`]);
    /// empty keeps everything.
    pub filters: Vec<String>,
    /// Stop at the first failure, in report order (see [`Findings::stopped_early`]).
    pub fail_fast: bool,
    /// Stale accepts and quotes whose source has no text fail the run.
    pub strict: bool,
    /// Do not verify quotes at all.
    pub skip_quotes: bool,
    /// Compute each agreed group's merged value, for `--verbose`.
    pub merged_values: bool,
}

/// An agreed group and the value its claims have in common.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreed {
    /// Index into `FactBase::groups`.
    pub group: usize,
    pub value: String,
}

/// The `--filter` patterns. A pattern matches a finding when, normalised as
/// text, it occurs in the finding's subject, attribute or check name, or
/// when it occurs (as written) in the path of a file the finding is in.
pub struct Selection<'a> {
    patterns: Vec<(&'a str, String)>,
    used: Vec<bool>,
}

/// What a finding can be selected by.
#[derive(Default)]
pub struct Keys<'a> {
    pub names: Vec<&'a str>,
    pub files: Vec<&'a str>,
}

impl<'a> Selection<'a> {
    pub fn new(filters: &'a [String]) -> Selection<'a> {
        Selection {
            patterns: filters.iter().map(|f| (f.as_str(), normalize(f))).collect(),
            used: vec![false; filters.len()],
        }
    }

    /// [`Selection::selects`], with keys worked out only when some pattern
    /// needs them: without `--filter`, a run over a million claims builds
    /// none.
    pub fn selects_with<'k>(&mut self, keys: impl FnOnce() -> Keys<'k>) -> bool {
        self.patterns.is_empty() || self.selects(&keys())
    }

    /// Does any pattern select a finding with these keys? Records which
    /// patterns matched, so that a pattern matching nothing can be named.
    pub fn selects(&mut self, keys: &Keys) -> bool {
        if self.patterns.is_empty() {
            return true;
        }
        let mut any = false;
        for (index, (raw, normalised)) in self.patterns.iter().enumerate() {
            let hit = keys.names.iter().any(|n| normalize(n).contains(normalised))
                || keys.files.iter().any(|f| f.contains(raw));
            if hit {
                self.used[index] = true;
                any = true;
            }
        }
        any
    }

    pub fn unmatched(&self) -> Vec<String> {
        self.patterns
            .iter()
            .zip(&self.used)
            .filter(|(_, used)| !**used)
            .map(|((raw, _), _)| raw.to_string())
            .collect()
    }
}

/// Narrow the findings to the selection, apply `--strict`, judge the
/// selected assertions (in file/line order, stopping at the first failure
/// under `--fail-fast`) and add the merged values for `--verbose`.
pub(super) fn finish(
    base: &FactBase,
    findings: &mut Findings,
    stale: Vec<Problem>,
    options: &Options,
    judge: impl Fn(&LocatedAssertion) -> (Verdict, String),
) {
    let mut selection = Selection::new(&options.filters);
    let fact_keys = FactGroups::new(base);
    findings.contradictions.retain(|c| {
        selection.selects_with(|| {
            let group = &base.groups[c.group];
            let mut keys = Keys {
                names: vec![base.subject_of(group), base.attribute_of(group)],
                ..Keys::default()
            };
            keys.files
                .extend(c.claims.iter().map(|&i| file(base, base.claims[i].file())));
            keys
        })
    });
    findings
        .quotes
        .retain(|q| selection.selects_with(|| fact_keys.quote_keys(base.quotes[q.quote].at)));
    findings.type_mismatches = (0..base.type_mismatches.len())
        .filter(|&i| {
            let mismatch = &base.type_mismatches[i];
            selection.selects(&Keys {
                names: vec![&mismatch.attribute],
                files: vec![file(base, mismatch.at.file)],
            })
        })
        .collect();
    let mut stale: Vec<Problem> = stale
        .into_iter()
        .filter(|problem| selection.selects(&stale_keys(base, problem)))
        .collect();
    if options.strict {
        findings.strict_failures.append(&mut stale);
        if !options.skip_quotes {
            findings
                .strict_failures
                .extend(unverifiable_quotes(base, &mut selection, &fact_keys));
        }
    } else {
        findings.warnings.append(&mut stale);
    }
    // By file then line (SPEC §6), as every list of findings is.
    for problems in [&mut findings.warnings, &mut findings.strict_failures] {
        problems.sort_by_key(|p| (p.at.map_or(0, |at| at.file + 1), p.line, p.column));
    }
    let mut order: Vec<usize> = (0..base.assertions.len())
        .filter(|&i| selection.selects(&assertion_keys(base, &base.assertions[i])))
        .collect();
    order.sort_by_key(|&i| {
        let located = &base.assertions[i];
        base.place(Location {
            file: located.file,
            span: located.assertion.span,
        })
    });
    if options.fail_fast && stop_at_first_failure(findings) {
        findings.stopped_early = !order.is_empty() || findings.stopped_early;
        order.clear();
    }
    for (position, &index) in order.iter().enumerate() {
        let (verdict, message) = judge(&base.assertions[index]);
        findings.assertions.push(AssertionResult {
            assertion: index,
            verdict,
            message,
        });
        if options.fail_fast && verdict != Verdict::Pass {
            findings.stopped_early = position + 1 < order.len();
            break;
        }
    }
    if options.merged_values {
        findings.agreed = agreed_values(base, findings, &mut selection);
    }
    findings.unmatched_filters = selection.unmatched();
}

/// With `--fail-fast`, keep the findings up to and including the first
/// failure in report order (contradictions, quotes, type mismatches, strict
/// failures). Says whether a failure was found, and so whether assertions
/// must not be judged at all.
fn stop_at_first_failure(findings: &mut Findings) -> bool {
    let before = findings.contradictions.len()
        + findings.quotes.len()
        + findings.type_mismatches.len()
        + findings.strict_failures.len();
    let failed = if let Some(at) = findings
        .contradictions
        .iter()
        .position(|c| c.accepted_by.is_none())
    {
        findings.contradictions.truncate(at + 1);
        findings.quotes.clear();
        findings.type_mismatches.clear();
        findings.strict_failures.clear();
        true
    } else if let Some(at) = findings.quotes.iter().position(|q| !q.found) {
        findings.quotes.truncate(at + 1);
        findings.type_mismatches.clear();
        findings.strict_failures.clear();
        true
    } else if !findings.type_mismatches.is_empty() {
        findings.type_mismatches.truncate(1);
        findings.strict_failures.clear();
        true
    } else if !findings.strict_failures.is_empty() {
        findings.strict_failures.truncate(1);
        true
    } else {
        false
    };
    let after = findings.contradictions.len()
        + findings.quotes.len()
        + findings.type_mismatches.len()
        + findings.strict_failures.len();
    findings.stopped_early = after < before;
    failed
}

fn file(base: &FactBase, file: usize) -> &str {
    &base.files[file].path
}

/// Fact statement (file, start) → its group, to select quotes by subject.
/// Which group each fact (by file and start) went into, so that a quote can
/// be selected by its fact's names. Built on first use: it walks every
/// claim, and only `--filter` needs it.
struct FactGroups<'a> {
    base: &'a FactBase,
    groups: std::cell::OnceCell<rustc_hash::FxHashMap<(usize, usize), usize>>,
}

impl<'a> FactGroups<'a> {
    fn new(base: &'a FactBase) -> Self {
        FactGroups {
            base,
            groups: std::cell::OnceCell::new(),
        }
    }

    /// The keys a quote at `at` is selected by: its fact's subject and
    /// attribute, and its file.
    fn quote_keys(&self, at: Location) -> Keys<'a> {
        let base = self.base;
        let groups = self.groups.get_or_init(|| {
            base.claims
                .iter()
                .map(|claim| ((claim.file(), claim.fact_start()), claim.group()))
                .collect()
        });
        let mut keys = groups
            .get(&(at.file, at.span.start))
            .map_or_else(Keys::default, |&group| Keys {
                names: {
                    let group = &base.groups[group];
                    vec![base.subject_of(group), base.attribute_of(group)]
                },
                ..Keys::default()
            });
        keys.files.push(file(base, at.file));
        keys
    }
}

fn assertion_keys<'a>(base: &'a FactBase, located: &'a LocatedAssertion) -> Keys<'a> {
    let operands: Vec<&Operand> = match &located.assertion.test {
        Test::Compare { left, right, .. } => vec![left, right],
        Test::Corroborated { operand, .. } => vec![operand],
    };
    let mut keys = Keys {
        files: vec![&base.files[located.file].path],
        ..Keys::default()
    };
    for operand in operands {
        if let Operand::Path(path) | Operand::Count(path) | Operand::Weekday(path) = operand {
            keys.names.push(&path.subject.text);
            keys.names.push(&path.attribute.text);
        }
    }
    keys.names.extend(located.assertion.check.as_deref());
    keys
}

fn stale_keys<'a>(base: &'a FactBase, problem: &'a Problem) -> Keys<'a> {
    let accept = base.accepts.iter().find(|a| {
        problem.at
            == Some(Location {
                file: a.file,
                span: a.accept.span,
            })
    });
    Keys {
        names: accept.map_or_else(Vec::new, |a| {
            vec![
                a.accept.path.subject.text.as_str(),
                a.accept.path.attribute.text.as_str(),
            ]
        }),
        files: vec![&problem.path],
    }
}

/// `--strict`: a quote whose source has no `file` cannot be verified, and so
/// fails.
fn unverifiable_quotes(
    base: &FactBase,
    selection: &mut Selection,
    fact_keys: &FactGroups,
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for quote in &base.quotes {
        let source = &base.sources[quote.source];
        if source.file.is_some() {
            continue;
        }
        if !selection.selects_with(|| fact_keys.quote_keys(quote.at)) {
            continue;
        }
        let at = Location {
            file: quote.at.file,
            span: quote.span,
        };
        problems.push(base.problem_at(
            at,
            format!(
                "quote cannot be verified: source `{}` has no `file` with its text (--strict)",
                source.id
            ),
            "unverifiable quote",
        ));
    }
    problems
}

/// Each selected agreed group's merged value (`--verbose`).
fn agreed_values(base: &FactBase, findings: &Findings, selection: &mut Selection) -> Vec<Agreed> {
    let mut agreed: Vec<Agreed> = base
        .groups
        .iter()
        .enumerate()
        .filter(|(index, _)| findings.group_status[*index] == GroupStatus::Agreed)
        .filter(|(_, group)| {
            let mut keys = Keys {
                names: vec![base.subject_of(group), base.attribute_of(group)],
                ..Keys::default()
            };
            keys.files.extend(
                group
                    .claims
                    .iter()
                    .map(|c| file(base, base.claims[c].file())),
            );
            selection.selects(&keys)
        })
        .map(|(index, group)| {
            let values: Vec<&Value> = group.claims.iter().map(|c| &base.claims[c].value).collect();
            let value = if group.many {
                Value::open_set(&values)
            } else {
                Value::merge(&values)
            };
            Agreed {
                group: index,
                value: value.to_string(),
            }
        })
        .collect();
    base.sort_by_group_order(&mut agreed, |agreed| agreed.group);
    agreed
}
