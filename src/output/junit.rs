//! JUnit XML (`--format junit`), written with quick-junit: one test suite
//! per family (assertions, contradictions, quotes, type mismatches, strict
//! failures, load errors), one test case per finding. A failure's `type` is
//! its kind (`assertion-failed`, `assertion-unknown`, `assertion-contested`,
//! `contradiction`, …) and its text says where (file:line:column). Load
//! errors are `<error>`s: the checks could not run. An accepted
//! contradiction is `<skipped>` with its reason.

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::cases::{cases, warnings, Case, Kind, Outcome, Suite};
use crate::check::Findings;
use crate::load::FactBase;

pub fn render(base: &FactBase, findings: &Findings) -> String {
    let mut report = Report::new("factcheck");
    let all = cases(base, findings);
    for suite in [
        Suite::Assertions,
        Suite::Contradictions,
        Suite::Quotes,
        Suite::TypeMismatches,
        Suite::Strict,
        Suite::Load,
    ] {
        let members: Vec<&Case> = all.iter().filter(|c| c.suite == suite).collect();
        if members.is_empty() {
            continue;
        }
        let mut test_suite = TestSuite::new(suite.name());
        test_suite.add_test_cases(members.into_iter().map(test_case));
        report.add_test_suite(test_suite);
    }
    let warnings = warnings(base, findings);
    if !warnings.is_empty() {
        let mut test_suite = TestSuite::new("warnings");
        let text: Vec<String> = warnings
            .iter()
            .map(|(at, message, _)| format!("{}:{}:{}: {message}", at.file, at.line, at.column))
            .collect();
        test_suite.set_system_err(text.join("\n"));
        report.add_test_suite(test_suite);
    }
    let mut xml = report.to_string().expect("XML of plain strings");
    xml.push('\n');
    xml
}

fn test_case(case: &Case) -> TestCase {
    let status = match case.outcome {
        Outcome::Passed => TestCaseStatus::success(),
        Outcome::Accepted => {
            let mut status = TestCaseStatus::skipped();
            status
                .set_type("accepted")
                .set_message(case.message.lines().next().unwrap_or_default())
                .set_description(description(case));
            status
        }
        Outcome::Failed(kind) => {
            let non_success = if kind == Kind::LoadError {
                NonSuccessKind::Error
            } else {
                NonSuccessKind::Failure
            };
            let mut status = TestCaseStatus::non_success(non_success);
            status
                .set_type(kind.id())
                .set_message(first_line(&case.message))
                .set_description(description(case));
            status
        }
    };
    let mut test_case = TestCase::new(case.name.as_str(), status);
    test_case.set_classname(case.place.file);
    test_case
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or_default()
}

/// The failure's text: the whole message, where it is, and the related
/// places (the other claims of a contradiction).
fn description(case: &Case) -> String {
    let mut text = format!(
        "{}\nat {}:{}:{}",
        case.message, case.place.file, case.place.line, case.place.column
    );
    for related in &case.related {
        text.push_str(&format!(
            "\nsee {}:{}:{}: {}",
            related.place.file, related.place.line, related.place.column, related.message
        ));
    }
    text
}
