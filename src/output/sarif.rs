//! SARIF 2.1.0 (`--format sarif`), written with serde-sarif, for GitHub code
//! scanning and other SARIF viewers. Every failure is a result whose
//! `ruleId` is its kind (`contradiction`, `assertion-failed`,
//! `assertion-unknown`, `assertion-contested`, `quote-missing`,
//! `type-mismatch`, …); an accepted contradiction is a result with an
//! in-source suppression carrying the accept's reason; warnings are
//! `warning`-level results. `partialFingerprints` hash what a finding is
//! (its kind, file and normalised content), never its line, so code scanning
//! keeps tracking a dispute when unrelated lines move.

use std::collections::BTreeMap;
use std::hash::Hasher as _;

use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, Region,
    ReportingDescriptor, Result as SarifResult, ResultLevel, Run, Sarif, Suppression, Tool,
    ToolComponent,
};

use super::cases::{cases, identities, warnings, Case, Kind, Outcome, Place};
use crate::check::Findings;
use crate::load::FactBase;

/// The key of the fingerprint in `partialFingerprints`; a new algorithm
/// would get a new key, so old and new fingerprints are never compared.
pub const FINGERPRINT_KEY: &str = "factcheckFinding/v1";

/// The rule of non-failing warnings (alias conflicts, stale accepts, …).
const WARNING_RULE: &str = "warning";

pub fn render(base: &FactBase, findings: &Findings) -> String {
    let mut text =
        serde_json::to_string_pretty(&document(base, findings)).expect("JSON of plain data");
    text.push('\n');
    text
}

pub fn document(base: &FactBase, findings: &Findings) -> Sarif {
    let all = cases(base, findings);
    let ids = identities(&all);
    let mut results: Vec<SarifResult> = all
        .iter()
        .zip(&ids)
        .filter(|(case, _)| case.outcome != Outcome::Passed)
        .map(|(case, identity)| result(case, identity))
        .collect();
    results.extend(
        warnings(base, findings)
            .into_iter()
            .map(|(place, message, kind)| warning(&place, message, kind)),
    );
    let run = Run::builder()
        .tool(
            Tool::builder()
                .driver(
                    ToolComponent::builder()
                        .name("factcheck")
                        .version(env!("CARGO_PKG_VERSION"))
                        .rules(rules())
                        .build(),
                )
                .build(),
        )
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .results(results)
        .build();
    Sarif::builder()
        .schema(serde_sarif::sarif::SCHEMA_URL)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run])
        .build()
}

fn rules() -> Vec<ReportingDescriptor> {
    let mut rules: Vec<ReportingDescriptor> = Kind::ALL
        .iter()
        .map(|kind| rule(kind.id(), kind.description()))
        .collect();
    rules.push(rule(
        WARNING_RULE,
        "Something to look at that does not fail the run.",
    ));
    rules
}

fn rule(id: &str, description: &str) -> ReportingDescriptor {
    ReportingDescriptor::builder()
        .id(id)
        .short_description(
            MultiformatMessageString::builder()
                .text(description)
                .build(),
        )
        .build()
}

fn result(case: &Case, identity: &str) -> SarifResult {
    let kind = case.failed().unwrap_or(Kind::Contradiction);
    let related: Vec<Location> = case
        .related
        .iter()
        .enumerate()
        .map(|(index, related)| {
            Location::builder()
                .id(index as i64)
                .physical_location(physical(&related.place))
                .message(Message::builder().text(related.message.as_str()).build())
                .build()
        })
        .collect();
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(FINGERPRINT_KEY.to_string(), fingerprint(identity));
    let builder = SarifResult::builder()
        .rule_id(kind.id())
        .rule_index(rule_index(kind))
        .level(ResultLevel::Error)
        .message(Message::builder().text(case.message.as_str()).build())
        .locations(vec![Location::builder()
            .physical_location(physical(&case.place))
            .build()])
        .partial_fingerprints(fingerprints);
    let result = if related.is_empty() {
        builder.build()
    } else {
        builder.related_locations(related).build()
    };
    match case.outcome {
        Outcome::Accepted => suppressed(result, case),
        _ => result,
    }
}

/// An accepted contradiction: reported, but suppressed in source with the
/// accept's reason as justification.
fn suppressed(mut result: SarifResult, case: &Case) -> SarifResult {
    let accept = case.related.last();
    let justification = case
        .message
        .lines()
        .next()
        .and_then(|line| line.strip_prefix("accepted: "))
        .unwrap_or_default();
    let suppression = Suppression::builder()
        .kind(serde_json::json!("inSource"))
        .justification(justification);
    let suppression = match accept {
        Some(accept) => suppression
            .location(
                Location::builder()
                    .physical_location(physical(&accept.place))
                    .build(),
            )
            .build(),
        None => suppression.build(),
    };
    result.suppressions = Some(vec![suppression]);
    result
}

/// A warning, under its kind's rule where it has one (a stale accept is
/// `stale-accept` with or without `--strict`), else the `warning` rule.
fn warning(place: &Place, message: &str, kind: Option<Kind>) -> SarifResult {
    let (rule_id, index) = match kind {
        Some(kind) => (kind.id(), rule_index(kind)),
        None => (WARNING_RULE, Kind::ALL.len() as i64),
    };
    let mut fingerprints = BTreeMap::new();
    fingerprints.insert(
        FINGERPRINT_KEY.to_string(),
        fingerprint(&format!("{rule_id}\u{0}{}\u{0}{message}", place.file)),
    );
    SarifResult::builder()
        .rule_id(rule_id)
        .rule_index(index)
        .level(ResultLevel::Warning)
        .message(Message::builder().text(message).build())
        .locations(vec![Location::builder()
            .physical_location(physical(place))
            .build()])
        .partial_fingerprints(fingerprints)
        .build()
}

fn rule_index(kind: Kind) -> i64 {
    Kind::ALL
        .iter()
        .position(|k| *k == kind)
        .expect("every kind has a rule") as i64
}

fn physical(place: &Place) -> PhysicalLocation {
    PhysicalLocation::builder()
        .artifact_location(ArtifactLocation::builder().uri(uri(place.file)).build())
        .region(
            Region::builder()
                .start_line(i64::from(place.line))
                .start_column(i64::from(place.column))
                .build(),
        )
        .build()
}

/// A relative path as a URI reference: `/` for separators, and every byte
/// outside RFC 3986's unreserved set percent-encoded, so spaces and `#` in
/// file names survive.
pub fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// FNV-1a (64 bits) of the identity, in hex: a fixed, documented algorithm,
/// so a fingerprint never changes with the Rust version or the platform.
pub fn fingerprint(identity: &str) -> String {
    let mut hasher = fnv::FnvHasher::default();
    hasher.write(identity.as_bytes());
    format!("{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_encodes_what_a_uri_cannot_hold() {
        assert_eq!(uri("facts/a b#1.facts"), "facts/a%20b%231.facts");
        assert_eq!(uri("facts\\x.facts"), "facts/x.facts");
        assert_eq!(uri("faits/é.facts"), "faits/%C3%A9.facts");
    }

    #[test]
    fn fingerprints_are_fnv1a_of_the_identity() {
        // FNV-1a 64 test vectors: "" and "a".
        assert_eq!(fingerprint(""), "cbf29ce484222325");
        assert_eq!(fingerprint("a"), "af63dc4c8601ec8c");
    }
}
