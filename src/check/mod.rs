//! Fact base → findings: contradictions, quote checks, assertion verdicts and
//! stale accepts. Findings are plain data; every output renders them and none
//! recomputes them.

mod contradictions;
mod passages;
mod quotes;
mod select;
mod verdicts;

pub use contradictions::Contradiction;
pub use passages::nearest_passages;
pub use quotes::QuoteCheck;
pub use select::{Agreed, Options};
pub use verdicts::{unknown_help, Verdict};

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
    /// Indexes into `FactBase::type_mismatches` of the selected ones.
    pub type_mismatches: Vec<usize>,
    /// Under `--strict`: stale accepts and unverifiable quotes, which fail.
    pub strict_failures: Vec<Problem>,
    /// Under `--verbose`: every selected agreed group's merged value.
    pub agreed: Vec<Agreed>,
    /// `--fail-fast` stopped before everything selected was checked.
    pub stopped_early: bool,
    /// `--filter` patterns that selected nothing.
    pub unmatched_filters: Vec<String>,
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
    check_with(base, &Options::default())
}

/// Judge the fact base as `options` select (`--filter`, `--strict`, …).
pub fn check_with(base: &FactBase, options: &Options) -> Findings {
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
    let mut quotes = if options.skip_quotes {
        Vec::new()
    } else {
        quotes::verify(base)
    };
    quotes.sort_by_key(|q| base.place(base.quotes[q.quote].at));
    let mut findings = Findings {
        contradictions,
        group_status: group_status.clone(),
        quotes,
        warnings: base.warnings.clone(),
        ..Findings::default()
    };
    let judge = Judge {
        base,
        status: &group_status,
    };
    let stale = stale_accepts(base, &accepts_used);
    select::finish(base, &mut findings, stale, options, |located| {
        judge.judge(&located.assertion)
    });
    findings.summary = summarize(&findings);
    findings
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

fn summarize(findings: &Findings) -> Summary {
    let passed = findings
        .assertions
        .iter()
        .filter(|a| a.verdict == Verdict::Pass)
        .count();
    let open = findings
        .contradictions
        .iter()
        .filter(|c| c.accepted_by.is_none())
        .count();
    let quotes_missing = findings.quotes.iter().filter(|q| !q.found).count();
    let type_mismatches = findings.type_mismatches.len();
    Summary {
        passed,
        failed: (findings.assertions.len() - passed)
            + open
            + quotes_missing
            + type_mismatches
            + findings.strict_failures.len(),
        contradictions: open,
        accepted: findings.contradictions.len() - open,
        quotes_missing,
        type_mismatches,
    }
}
