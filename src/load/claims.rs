//! Facts → claims, in two steps. First each file's statements are given
//! their meaning on their own — which source a fact belongs to, its value,
//! its subject's key with aliases applied, whether its value fits the
//! attribute's type — which needs only the declarations, so files are done
//! in parallel. Then the claims are placed into groups in load order, the
//! only step that needs the whole base and stays serial.

use std::collections::HashMap;
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::names::{AttributeName, Declared};
use super::{Claim, QuoteRef, TypeMismatch};
use super::{FactBase, Group, LocatedAccept, LocatedAssertion, Location, Problem};
use crate::model::{normalize, Text, Value};
use crate::syntax::{self, Fact, ParsedFile, Statement};

/// Where facts of a file are attributed while walking its statements.
#[derive(Clone, Copy)]
enum Section {
    None,
    Source(usize),
    /// After a `from` naming no known source: its facts are skipped, since
    /// the `from` already has its error.
    Unknown,
}

/// One file's statements with their meaning worked out, in file order.
#[derive(Default)]
pub(super) struct FileMeaning {
    file: usize,
    /// The file's claims, not yet in groups, and beside each (same order)
    /// the group it belongs in. Kept apart so that placing moves the claims
    /// out and leaves the names to be freed in parallel afterwards.
    claims: Vec<Claim>,
    places: Vec<GroupPlace>,
    /// The attributes the claims name, as written, with their declarations.
    attributes: Vec<(String, Option<Declared>)>,
    errors: Vec<Problem>,
    quotes: Vec<QuoteRef>,
    type_mismatches: Vec<TypeMismatch>,
    assertions: Vec<LocatedAssertion>,
    accepts: Vec<LocatedAccept>,
    /// Facts attributed to each source, left-out ones included.
    facts_by_source: FxHashMap<usize, usize>,
}

impl FileMeaning {
    /// How many claims the file adds.
    pub(super) fn claims(&self) -> usize {
        self.claims.len()
    }
}

/// Which group a claim belongs in: its subject (aliases applied), its
/// attribute (an index into [`FileMeaning::attributes`]) and as-of date.
struct GroupPlace {
    subject: Text,
    attribute: usize,
    as_of: Option<syntax::DateLit>,
}

/// What every file's meaning is read against: the declarations.
pub(super) struct Declarations<'a> {
    base: &'a FactBase,
    source_ids: HashMap<&'a str, usize>,
}

impl<'a> Declarations<'a> {
    pub(super) fn new(base: &'a FactBase) -> Self {
        let source_ids = base
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        Declarations { base, source_ids }
    }

    /// The meaning of one file's statements. Reads the base, never changes it.
    pub(super) fn read(&self, file: usize, parsed: ParsedFile) -> FileMeaning {
        let mut meaning = FileMeaning {
            file,
            ..FileMeaning::default()
        };
        let mut attributes: FxHashMap<String, usize> = FxHashMap::default();
        let mut section = Section::None;
        for statement in parsed.statements {
            match statement {
                Statement::From { id, span } => {
                    section = self.section(&mut meaning, &id, Location { file, span });
                }
                Statement::Fact(fact) => match section {
                    Section::Source(source) => {
                        self.fact(&mut meaning, &mut attributes, source, fact)
                    }
                    Section::Unknown => {}
                    Section::None => {
                        let at = Location {
                            file,
                            span: fact.subject.span,
                        };
                        meaning.errors.push(self.base.problem_at(
                            at,
                            "this fact comes before any `from`: every claim needs a source, so write `from SOURCE-ID` above it",
                            "no source",
                        ));
                    }
                },
                Statement::Assert(assertion) => {
                    for operand in assertion.test.operands() {
                        if let syntax::Operand::Literal(term) = operand {
                            if let Err(problem) = value_of(self.base, file, term) {
                                meaning.errors.push(problem);
                            }
                        }
                    }
                    meaning
                        .assertions
                        .push(LocatedAssertion { file, assertion });
                }
                Statement::Accept(accept) => {
                    let subject_key = self.base.aliases.resolve(&accept.path.subject.text).key;
                    let attribute_key = normalize(&accept.path.attribute.text);
                    meaning.accepts.push(LocatedAccept {
                        file,
                        accept,
                        subject_key,
                        attribute_key,
                    });
                }
                _ => {}
            }
        }
        meaning
    }

    fn section(&self, meaning: &mut FileMeaning, id: &str, at: Location) -> Section {
        match self.source_ids.get(id) {
            Some(&index) => Section::Source(index),
            None => {
                let message = unknown_source_message(id, &self.source_ids);
                let problem = self.base.problem_at(at, message, "unknown source");
                meaning.errors.push(problem);
                Section::Unknown
            }
        }
    }

    fn fact(
        &self,
        meaning: &mut FileMeaning,
        attributes: &mut FxHashMap<String, usize>,
        source: usize,
        fact: Fact,
    ) {
        let at = Location {
            file: meaning.file,
            span: fact.span,
        };
        *meaning.facts_by_source.entry(source).or_default() += 1;
        if let Some((text, span)) = &fact.quote {
            meaning.quotes.push(QuoteRef {
                at,
                source,
                text: text.clone(),
                span: *span,
            });
        }
        let value = match value_of(self.base, meaning.file, &fact.value) {
            Ok(value) => value,
            Err(problem) => return meaning.errors.push(problem),
        };
        let attribute = *attributes
            .entry(fact.attribute.text.clone())
            .or_insert_with(|| {
                let key = normalize(&fact.attribute.text);
                let declared = self.base.attributes.get(&key).copied();
                meaning
                    .attributes
                    .push((fact.attribute.text.clone(), declared));
                meaning.attributes.len() - 1
            });
        if let (_, Some((ty, _))) = meaning.attributes[attribute] {
            if !value.kind().fits(ty) {
                meaning.type_mismatches.push(TypeMismatch {
                    at,
                    value_span: fact.value.span,
                    attribute: fact.attribute.text,
                    expected: ty.name(),
                    found: value.kind().name(),
                    value: fact.value_text,
                    declared: at,
                });
                return;
            }
        }
        meaning.places.push(GroupPlace {
            subject: self.base.aliases.resolve_owned(fact.subject.text),
            attribute,
            as_of: fact.as_of.map(|(date, _)| date),
        });
        meaning.claims.push(Claim {
            group: 0,
            value,
            source,
            at,
            value_span: fact.value.span,
            quote: fact.quote.map(Box::new),
        });
    }
}

/// Put one file's meaning into the base: claims into their groups (in load
/// order, so group and subject ids follow first appearance), the rest
/// appended as it came. What is left of `meaning` (the names) is the
/// caller's to free.
pub(super) fn place(base: &mut FactBase, meaning: &mut FileMeaning) {
    for (&source, &count) in &meaning.facts_by_source {
        base.sources[source].facts += count;
    }
    base.errors.append(&mut meaning.errors);
    base.quotes.append(&mut meaning.quotes);
    base.type_mismatches.append(&mut meaning.type_mismatches);
    base.assertions.append(&mut meaning.assertions);
    base.accepts.append(&mut meaning.accepts);
    let attributes: Vec<AttributeName> = meaning
        .attributes
        .iter()
        .map(|(written, declared)| base.names.attribute(written, |_| *declared).clone())
        .collect();
    let claims = std::mem::take(&mut meaning.claims);
    for (claim, place) in claims.into_iter().zip(&meaning.places) {
        place_claim(base, claim, place, &attributes[place.attribute]);
    }
}

fn place_claim(
    base: &mut FactBase,
    mut claim: Claim,
    place: &GroupPlace,
    attribute: &AttributeName,
) {
    let subject = base.names.subject(&place.subject);
    let key = (subject, attribute.id, place.as_of);
    let index = base.names.find_group(key).unwrap_or_else(|| {
        let names = &base.names;
        base.groups.push(Group {
            subject: Arc::clone(names.subject_shown(subject)),
            subject_key: Arc::clone(names.subject_key(subject)),
            attribute: Arc::clone(&attribute.shown),
            attribute_key: Arc::clone(names.attribute_key(attribute.id)),
            as_of: place.as_of,
            many: attribute.declared.is_some_and(|(_, many)| many),
            claims: Vec::new(),
        });
        base.names.insert_group(key, base.groups.len() - 1);
        base.groups.len() - 1
    });
    claim.group = index;
    base.groups[index].claims.push(base.claims.len());
    base.claims.push(claim);
}

/// The meaning of a term, aliases applied; a term that cannot be a value
/// (a backwards or mixed range) is a load error at the term.
fn value_of(base: &FactBase, file: usize, term: &syntax::Term) -> Result<Value, Problem> {
    let aliases = &base.aliases;
    Value::from_term(term, &|name| aliases.resolve(name)).map_err(|error| {
        let at = Location {
            file,
            span: error.span,
        };
        base.problem_at(at, error.message, "invalid range")
    })
}

fn unknown_source_message(id: &str, ids: &HashMap<&str, usize>) -> String {
    let mut known: Vec<&str> = ids.keys().copied().collect();
    known.sort();
    let closest = known
        .iter()
        .map(|k| (strsim::levenshtein(k, id), *k))
        .filter(|(distance, _)| *distance <= 2)
        .min();
    match closest {
        Some((_, near)) => format!("no source `{id}` is declared in the files loaded; did you mean `{near}`?"),
        None => format!("no source `{id}` is declared in the files loaded: declare it with `source {id} {{ … }}`"),
    }
}
