//! What `factcheck watch` says between runs: which verdicts changed. A run
//! is reduced to a [`Snapshot`] (each finding's identity → its outcome), and
//! two snapshots are compared by [`changes`]; both are pure, so the watch
//! loop itself only reads files and prints.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::check::Findings;
use crate::load::FactBase;
use crate::output::cases::{cases, identities, Outcome};

/// One finding as a run left it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Where and what, as people read it: `file:line  name`.
    pub shown: String,
    /// `pass`, `accepted`, or the failure kind (`assertion-failed`, …).
    pub state: String,
}

/// Every finding of a run, by identity (kind, file and content, not line:
/// an assertion that moves keeps its identity).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Snapshot(pub BTreeMap<String, Entry>);

/// A finding whose state differs between two runs; `None` where it does not
/// exist (new in this run, or gone since the previous one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub shown: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

pub fn snapshot(base: &FactBase, findings: &Findings) -> Snapshot {
    let all = cases(base, findings);
    let ids = identities(&all);
    Snapshot(
        all.iter()
            .zip(ids)
            .map(|(case, id)| {
                let state = match case.outcome {
                    Outcome::Passed => "pass",
                    Outcome::Accepted => "accepted",
                    Outcome::Failed(kind) => kind.id(),
                };
                let entry = Entry {
                    shown: format!("{}:{}  {}", case.place.file, case.place.line, case.name),
                    state: state.to_string(),
                };
                (id, entry)
            })
            .collect(),
    )
}

/// What changed from `before` to `after`, in identity order: findings whose
/// state changed, new findings and findings gone.
pub fn changes(before: &Snapshot, after: &Snapshot) -> Vec<Change> {
    let mut found = Vec::new();
    for (id, entry) in &after.0 {
        match before.0.get(id) {
            Some(old) if old.state == entry.state => {}
            old => found.push(Change {
                shown: entry.shown.clone(),
                before: old.map(|o| o.state.clone()),
                after: Some(entry.state.clone()),
            }),
        }
    }
    for (id, entry) in &before.0 {
        if !after.0.contains_key(id) {
            found.push(Change {
                shown: entry.shown.clone(),
                before: Some(entry.state.clone()),
                after: None,
            });
        }
    }
    found
}

/// The changes for people, one per line, ending in a newline.
pub fn describe(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no verdict changed since the previous run\n".to_string();
    }
    let mut text = format!(
        "{} changed since the previous run:\n",
        plural(changes.len())
    );
    for change in changes {
        let _ = match (&change.before, &change.after) {
            (Some(before), Some(after)) => {
                writeln!(text, "  {before} -> {after}  {}", change.shown)
            }
            (None, Some(after)) => writeln!(text, "  new: {after}  {}", change.shown),
            (Some(before), None) => writeln!(text, "  gone (was {before})  {}", change.shown),
            (None, None) => Ok(()),
        };
    }
    text
}

fn plural(n: usize) -> String {
    match n {
        1 => "1 verdict".to_string(),
        n => format!("{n} verdicts"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snap(entries: &[(&str, &str)]) -> Snapshot {
        Snapshot(
            entries
                .iter()
                .map(|(id, state)| {
                    (
                        id.to_string(),
                        Entry {
                            shown: format!("a.assert:1  {id}"),
                            state: state.to_string(),
                        },
                    )
                })
                .collect(),
        )
    }

    #[test]
    fn same_states_are_no_change() {
        let run = snap(&[("x == 1", "pass"), ("y == 2", "assertion-failed")]);
        assert_eq!(changes(&run, &run.clone()), vec![]);
        assert_eq!(describe(&[]), "no verdict changed since the previous run\n");
    }

    #[test]
    fn a_changed_verdict_is_named_with_both_states() {
        let before = snap(&[("x == 1", "pass"), ("y == 2", "pass")]);
        let after = snap(&[("x == 1", "assertion-failed"), ("y == 2", "pass")]);
        let found = changes(&before, &after);
        assert_eq!(
            found,
            vec![Change {
                shown: "a.assert:1  x == 1".into(),
                before: Some("pass".into()),
                after: Some("assertion-failed".into()),
            }]
        );
        assert_eq!(
            describe(&found),
            "1 verdict changed since the previous run:\n  pass -> assertion-failed  a.assert:1  x == 1\n"
        );
    }

    #[test]
    fn new_and_gone_findings_are_changes() {
        let before = snap(&[("old", "pass")]);
        let after = snap(&[("new", "contradiction")]);
        let text = describe(&changes(&before, &after));
        assert!(text.starts_with("2 verdicts changed"), "{text}");
        assert!(
            text.contains("  new: contradiction  a.assert:1  new\n"),
            "{text}"
        );
        assert!(
            text.contains("  gone (was pass)  a.assert:1  old\n"),
            "{text}"
        );
    }
}
