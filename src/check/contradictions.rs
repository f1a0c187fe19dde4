//! Contradictions (SPEC §4): a single-valued group is a contradiction iff two
//! of its claims are incompatible, whichever sources they come from.

use std::collections::HashMap;

use crate::load::FactBase;

/// One contradictory group and, when reviewed, the accept that covers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contradiction {
    pub group: usize,
    /// Index into `FactBase::accepts`.
    pub accepted_by: Option<usize>,
}

/// Every contradiction, sorted by normalised subject then attribute (code
/// point order), then as-of date (none first); and which accepts were used.
pub fn find(base: &FactBase) -> (Vec<Contradiction>, Vec<bool>) {
    let mut accept_for: HashMap<(&str, &str), usize> = HashMap::new();
    for (index, accept) in base.accepts.iter().enumerate() {
        accept_for
            .entry((accept.subject_key.as_str(), accept.attribute_key.as_str()))
            .or_insert(index);
    }
    let mut used = vec![false; base.accepts.len()];
    let mut found = Vec::new();
    for (index, group) in base.groups.iter().enumerate() {
        if group.many || !is_contradictory(base, &group.claims) {
            continue;
        }
        let accepted_by = accept_for
            .get(&(group.subject_key.as_str(), group.attribute_key.as_str()))
            .copied();
        if let Some(accept) = accepted_by {
            used[accept] = true;
        }
        found.push(Contradiction {
            group: index,
            accepted_by,
        });
    }
    found.sort_by(|a, b| {
        let (a, b) = (&base.groups[a.group], &base.groups[b.group]);
        (&a.subject_key, &a.attribute_key, a.as_of).cmp(&(
            &b.subject_key,
            &b.attribute_key,
            b.as_of,
        ))
    });
    (found, used)
}

/// Are any two claims incompatible? Claims are few per group, so the plain
/// pairwise test is both obviously right and fast.
fn is_contradictory(base: &FactBase, claims: &[usize]) -> bool {
    claims.iter().enumerate().any(|(i, &a)| {
        claims[i + 1..]
            .iter()
            .any(|&b| !base.claims[a].value.compatible(&base.claims[b].value))
    })
}
