//! Fact base → findings: contradictions, quote checks, assertion verdicts and
//! stale accepts. Findings are plain data; every output renders them and none
//! recomputes them.

mod contradictions;
mod quotes;
mod verdicts;

pub use contradictions::Contradiction;
pub use quotes::QuoteCheck;
pub use verdicts::Verdict;

use crate::load::{FactBase, Problem};
use verdicts::Judge;

/// Where a group stands after contradiction detection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupStatus {
    /// Its claims are compatible (or it is many-valued).
    Agreed,
    /// An unaccepted contradiction.
    Contested,
    /// A contradiction recorded with `accept … because`.
    Accepted,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssertionResult {
    /// Index into `FactBase::assertions`.
    pub assertion: usize,
    pub verdict: Verdict,
    pub message: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub passed: usize,
    pub failed: usize,
    pub contradictions: usize,
    pub accepted: usize,
    pub quotes_missing: usize,
    pub type_mismatches: usize,
}

#[derive(Debug, Default)]
pub struct Findings {
    pub contradictions: Vec<Contradiction>,
    pub group_status: Vec<GroupStatus>,
    pub quotes: Vec<QuoteCheck>,
    pub assertions: Vec<AssertionResult>,
    /// Load warnings and stale accepts: reported, never failing.
    pub warnings: Vec<Problem>,
    pub summary: Summary,
}

impl Findings {
    /// SPEC §6: 0 nothing failed, 1 something failed, 2 could not load.
    pub fn exit_code(&self, base: &FactBase) -> i32 {
        if !base.errors.is_empty() {
            2
        } else if self.summary.failed > 0 {
            1
        } else {
            0
        }
    }
}

/// Judge the whole fact base. With load errors nothing is judged (SPEC §7).
pub fn check(base: &FactBase) -> Findings {
    if !base.errors.is_empty() {
        return Findings {
            warnings: base.warnings.clone(),
            ..Findings::default()
        };
    }
    let (contradictions, accepts_used) = contradictions::find(base);
    let mut group_status = vec![GroupStatus::Agreed; base.groups.len()];
    for contradiction in &contradictions {
        group_status[contradiction.group] = match contradiction.accepted_by {
            Some(_) => GroupStatus::Accepted,
            None => GroupStatus::Contested,
        };
    }
    let mut quotes = quotes::verify(base);
    quotes.sort_by_key(|q| base.place(base.quotes[q.quote].at));
    let judge = Judge {
        base,
        status: &group_status,
    };
    let mut assertions: Vec<AssertionResult> = base
        .assertions
        .iter()
        .enumerate()
        .map(|(index, located)| {
            let (verdict, message) = judge.judge(&located.assertion);
            AssertionResult {
                assertion: index,
                verdict,
                message,
            }
        })
        .collect();
    assertions.sort_by_key(|r| {
        let located = &base.assertions[r.assertion];
        base.place(crate::load::Location {
            file: located.file,
            span: located.assertion.span,
        })
    });
    let mut warnings = base.warnings.clone();
    warnings.extend(stale_accepts(base, &accepts_used));
    warnings.sort_by_key(|p| (p.at.map_or(0, |at| at.file + 1), p.line, p.column));
    let summary = summarize(base, &contradictions, &quotes, &assertions);
    Findings {
        contradictions,
        group_status,
        quotes,
        assertions,
        warnings,
        summary,
    }
}

fn stale_accepts(base: &FactBase, used: &[bool]) -> Vec<Problem> {
    base.accepts
        .iter()
        .zip(used)
        .filter(|(_, used)| !**used)
        .map(|(accept, _)| {
            let at = crate::load::Location {
                file: accept.file,
                span: accept.accept.span,
            };
            base.problem_at(
                at,
                format!(
                    "stale accept: `{}` has no contradiction to accept; remove this line",
                    accept.accept.path
                ),
                "stale accept",
            )
        })
        .collect()
}

fn summarize(
    base: &FactBase,
    contradictions: &[Contradiction],
    quotes: &[QuoteCheck],
    assertions: &[AssertionResult],
) -> Summary {
    let passed = assertions
        .iter()
        .filter(|a| a.verdict == Verdict::Pass)
        .count();
    let open = contradictions
        .iter()
        .filter(|c| c.accepted_by.is_none())
        .count();
    let quotes_missing = quotes.iter().filter(|q| !q.found).count();
    let type_mismatches = base.type_mismatches.len();
    Summary {
        passed,
        failed: (assertions.len() - passed) + open + quotes_missing + type_mismatches,
        contradictions: open,
        accepted: contradictions.len() - open,
        quotes_missing,
        type_mismatches,
    }
}
