//! Contradictions (SPEC §4): a single-valued group is a contradiction iff two
//! of its claims are incompatible, whichever sources they come from.

use std::collections::HashMap;

use crate::load::{ClaimIds, FactBase};
use crate::model::Value;
use crate::prefetch::prefetch;

/// How many groups ahead the pass asks for their claims' values. A group's
/// claims lie in several files' lists, so each read missed the caches; asked
/// for 8 groups ahead, the pass took 42–50 ms at 1M instead of 69–73, and
/// 550–640 ms at 10M instead of 870–930 (16 ahead, or the texts' keys asked
/// for too, did worse).
const CLAIMS_AHEAD: usize = 8;

/// How many groups ahead the pass asks for the group itself, so that it is
/// there when its claims are asked for: since groups stay in their shards'
/// lists ([`crate::load::Groups`]), groups in id order come from every list
/// in turn. At 10M the pass took 585 ms with this, 620 without (452 when
/// the groups were gathered into one list, which cost 320 ms and 230 MB).
const GROUPS_AHEAD: usize = 2 * CLAIMS_AHEAD;

/// One contradictory group and, when reviewed, the accept that covers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contradiction {
    pub group: usize,
    /// The group's claims, sorted by file then line (SPEC §6).
    pub claims: Vec<usize>,
    /// Index into `FactBase::accepts`.
    pub accepted_by: Option<usize>,
}

/// Every contradiction, sorted by normalised subject then attribute (code
/// point order), then as-of date (none first); and which accepts were used.
pub fn find(base: &FactBase) -> (Vec<Contradiction>, Vec<bool>) {
    let mut accepts_for: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (index, accept) in base.accepts.iter().enumerate() {
        accepts_for
            .entry((accept.subject_key.as_str(), accept.attribute_key.as_str()))
            .or_default()
            .push(index);
    }
    // Groups are judged in parallel: each is independent, and at a million
    // claims this pass is most of the check.
    let contradictory: Vec<usize> = {
        use rayon::prelude::*;
        (0..base.groups.len())
            .into_par_iter()
            .filter(|&index| {
                base.groups.prefetch(index + GROUPS_AHEAD);
                match base.groups.get(index + CLAIMS_AHEAD) {
                    // A group of one claim is judged without reading it.
                    Some(ahead) if !ahead.many && ahead.claims.len() > 1 => {
                        for claim in ahead.claims.iter() {
                            prefetch(&base.claims[claim].value);
                        }
                    }
                    _ => {}
                }
                let group = &base.groups[index];
                !group.many && is_contradictory(base, &group.claims)
            })
            .collect()
    };
    let mut used = vec![false; base.accepts.len()];
    let mut found = Vec::with_capacity(contradictory.len());
    for index in contradictory {
        let group = &base.groups[index];
        let accepts = accepts_for
            .get(&(base.subject_key_of(group), base.attribute_key_of(group)))
            .map_or(&[][..], Vec::as_slice);
        for &accept in accepts {
            used[accept] = true;
        }
        let mut claims = group.claims.to_vec();
        claims.sort_by_key(|&c| base.place(base.claim_at(&base.claims[c])));
        found.push(Contradiction {
            group: index,
            claims,
            accepted_by: accepts.first().copied(),
        });
    }
    base.sort_by_group_order(&mut found, |contradiction| contradiction.group);
    (found, used)
}

/// Are any two claims incompatible?
fn is_contradictory(base: &FactBase, claims: &ClaimIds) -> bool {
    !Value::all_compatible(claims.iter().map(|c| &base.claims[c].value))
}
