//! `factcheck lint`: what is probably a mistake although nothing fails yet.
//!
//! * **Likely aliases**: two subjects or text values (list elements
//!   included) that probably name one thing (`crate::model::NameForm`), even
//!   where they cause no contradiction, with the `alias` line to add.
//! * **Subjects used once**: a subject that appears in one assertion or
//!   accept and in no fact is most likely a typo (the assertion can only be
//!   `unknown`), with the closest subject that has facts.
//!
//! Names are compared after aliases apply, so a declared alias silences its
//! suggestion. Only candidate pairs are compared (`candidates`), never all.

mod candidates;

use std::collections::HashMap;

use crate::load::{FactBase, Location};
use crate::model::{Alike, NameForm, Value};

pub use candidates::candidate_pairs;

/// One distinct name (by normalised key) of the fact base.
#[derive(Debug, Clone)]
pub struct NameUse {
    pub form: NameForm,
    /// As first written.
    pub shown: String,
    /// Where it is first written.
    pub first: Location,
    /// How many facts, values and assertions use it.
    pub uses: usize,
    /// Whether some fact has it as subject, and whether as a value.
    pub fact_subject: bool,
    pub value: bool,
}

/// How a name is used at one place.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Use {
    FactSubject,
    Value,
    Asserted,
}

/// Two names that are probably one: add `alias variant = canonical`.
#[derive(Debug, Clone)]
pub struct AliasSuggestion {
    pub variant: usize,
    pub canonical: usize,
    pub alike: Alike,
}

/// A subject written once, in an assertion or accept, with no fact.
#[derive(Debug, Clone)]
pub struct LoneSubject {
    pub name: usize,
    /// The most alike subject that has facts, if one is alike at all.
    pub did_you_mean: Option<usize>,
}

#[derive(Debug, Clone, Default)]
pub struct Lint {
    pub names: Vec<NameUse>,
    /// Best first.
    pub aliases: Vec<AliasSuggestion>,
    pub lone_subjects: Vec<LoneSubject>,
}

/// Lint a loaded fact base.
pub fn lint(base: &FactBase) -> Lint {
    let names = collect_names(base);
    // Used once, and not in a fact: so in one assertion or accept.
    let is_lone: Vec<bool> = names
        .iter()
        .map(|n| !n.fact_subject && !n.value && n.uses == 1)
        .collect();
    let forms: Vec<&NameForm> = names.iter().map(|n| &n.form).collect();
    let mut aliases = Vec::new();
    let mut did_you_mean: HashMap<usize, (f64, usize)> = HashMap::new();
    for (a, b) in candidate_pairs(&forms) {
        let (a, b) = (a as usize, b as usize);
        let Some(alike) = forms[a].alike(forms[b]) else {
            continue;
        };
        match (is_lone[a], is_lone[b]) {
            (false, false) => aliases.push(suggestion(&names, a, b, alike)),
            (true, false) | (false, true) => {
                let (typo, known) = if is_lone[a] { (a, b) } else { (b, a) };
                let best = did_you_mean.entry(typo).or_insert((0.0, known));
                if names[known].fact_subject && alike.score > best.0 {
                    *best = (alike.score, known);
                }
            }
            (true, true) => {}
        }
    }
    aliases.sort_by(|x: &AliasSuggestion, y| {
        y.alike
            .score
            .total_cmp(&x.alike.score)
            .then_with(|| order(&names[x.variant]).cmp(&order(&names[y.variant])))
    });
    let lone_subjects = (0..names.len())
        .filter(|&i| is_lone[i])
        .map(|name| LoneSubject {
            name,
            did_you_mean: did_you_mean
                .get(&name)
                .filter(|(score, _)| *score > 0.0)
                .map(|&(_, known)| known),
        })
        .collect();
    Lint {
        names,
        aliases,
        lone_subjects,
    }
}

fn order(name: &NameUse) -> (usize, u32, u32) {
    (
        name.first.file,
        name.first.span.line,
        name.first.span.column,
    )
}

/// The more used name is the canonical one; on a tie, the one written first.
fn suggestion(names: &[NameUse], a: usize, b: usize, alike: Alike) -> AliasSuggestion {
    let a_first = (std::cmp::Reverse(names[a].uses), order(&names[a]))
        <= (std::cmp::Reverse(names[b].uses), order(&names[b]));
    let (canonical, variant) = if a_first { (a, b) } else { (b, a) };
    AliasSuggestion {
        variant,
        canonical,
        alike,
    }
}

/// Every subject and text value with its first place and number of uses.
fn collect_names(base: &FactBase) -> Vec<NameUse> {
    let mut names = Names::default();
    for claim in &base.claims {
        let group = &base.groups[claim.group()];
        names.add(
            base.subject_key_of(group),
            base.subject_of(group),
            base.claim_at(claim),
            Use::FactSubject,
        );
        let value_at = Location {
            file: claim.file(),
            span: base.value_span(claim),
        };
        match &claim.value {
            Value::Text(text) => names.add(text.key(), text.shown(), value_at, Use::Value),
            Value::List(list) => {
                for (element, shown) in &list.items {
                    if let crate::model::Element::Text(key) = element {
                        names.add(key, shown, value_at, Use::Value);
                    }
                }
            }
            _ => {}
        }
    }
    for located in &base.assertions {
        for path in located.assertion.test.paths() {
            let resolved = base.aliases.resolve(&path.subject.text);
            let at = Location {
                file: located.file,
                span: path.subject.span,
            };
            names.add(resolved.key(), resolved.shown(), at, Use::Asserted);
        }
    }
    for located in &base.accepts {
        let at = Location {
            file: located.file,
            span: located.accept.path.subject.span,
        };
        let shown = base
            .aliases
            .resolve(&located.accept.path.subject.text)
            .shown()
            .to_string();
        names.add(&located.subject_key, &shown, at, Use::Asserted);
    }
    names.list
}

#[derive(Default)]
struct Names {
    list: Vec<NameUse>,
    index: HashMap<String, usize>,
}

impl Names {
    fn add(&mut self, key: &str, shown: &str, at: Location, used: Use) {
        if let Some(&index) = self.index.get(key) {
            let name = &mut self.list[index];
            name.uses += 1;
            name.fact_subject |= used == Use::FactSubject;
            name.value |= used == Use::Value;
            return;
        }
        self.index.insert(key.to_string(), self.list.len());
        self.list.push(NameUse {
            form: NameForm::from_key(key.to_string()),
            shown: shown.to_string(),
            first: at,
            uses: 1,
            fact_subject: used == Use::FactSubject,
            value: used == Use::Value,
        });
    }
}

#[cfg(test)]
mod tests;
