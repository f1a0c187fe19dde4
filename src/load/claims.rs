//! Facts → claims, in two steps. First each file's statements are given
//! their meaning on their own — which source a fact belongs to, its value,
//! its subject's key with aliases applied, whether its value fits the
//! attribute's type — which needs only the declarations, so files are done
//! in parallel, each sorting its facts into the grouping shards' lists. Then
//! the claims are placed into groups: each shard in parallel, then numbered
//! by first appearance in load order, the one step that stays serial.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::{FxBuildHasher, FxHashMap};

use super::limits;
use super::names::{subject_hash, AttributeName, Declared, Grouping, NamesAt, SHOWN_AS_KEY};
use super::{Claim, ClaimIds, QuoteRef, TypeMismatch, ValueAt};
use super::{
    FactBase, Group, Groups, InShards, LocatedAccept, LocatedAssertion, Location, Problem,
};
use crate::model::{normalize, normalize_into, Text, Value};
use crate::prefetch::prefetch;
use crate::syntax::{self, Fact, Item, Outline, Statement};

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
    /// The file's claims, not yet in groups. Placing takes them whole and
    /// leaves the rest to be freed in parallel afterwards.
    claims: Vec<Claim>,
    /// Which group each fact belongs in, in file order, in one list per
    /// grouping shard (the one its subject's key hashes to): each shard
    /// then reads only its own facts, file by file.
    places: Vec<Vec<GroupPlace>>,
    /// How many facts have a place (in all shards' lists).
    facts: usize,
    /// The facts (by index among those with a place) left out for their
    /// type, in order: they name their subject, but make no claim. Nearly
    /// every file has none, so a place finds its claim from its fact
    /// ([`claim_of`]) rather than keeping both.
    left_out: Vec<u32>,
    /// The subjects' keys and spellings shown, that `places` point into;
    /// [`super::Names`] adopts it whole once the claims are grouped.
    subject_names: String,
    /// Where each alias's canonical name (by key) already is in
    /// `subject_names`, and its shown length: written once per file,
    /// however many facts use it, so a long canonical name is not copied
    /// for every fact. Keyed by the
    /// key alone: only a subject's first fact gives its spelling shown, and
    /// in a file that is the fact that wrote the entry.
    canonical_at: FxHashMap<Box<str>, (u32, u32)>,
    /// The attributes the claims name, as written, with their declarations.
    attributes: Vec<(String, Option<Declared>)>,
    errors: Vec<Problem>,
    warnings: Vec<Problem>,
    quotes: Vec<QuoteRef>,
    type_mismatches: Vec<TypeMismatch>,
    assertions: Vec<LocatedAssertion>,
    accepts: Vec<LocatedAccept>,
    /// Facts attributed to each source, left-out ones included.
    facts_by_source: SourceCounts,
}

/// How many facts each source has, counted by runs: a file's facts come in
/// long runs under one `from`, and a hash-map entry per fact cost more than
/// a comparison.
#[derive(Default)]
struct SourceCounts {
    counted: FxHashMap<usize, usize>,
    /// The source of the run being counted, and its facts so far.
    run: Option<(usize, usize)>,
}

impl SourceCounts {
    fn add(&mut self, source: usize) {
        match &mut self.run {
            Some((current, count)) if *current == source => *count += 1,
            run => {
                if let Some((ended, count)) = run.replace((source, 1)) {
                    *self.counted.entry(ended).or_default() += count;
                }
            }
        }
    }

    /// Each source's count, the run being counted included.
    fn totals(mut self) -> FxHashMap<usize, usize> {
        if let Some((source, count)) = self.run.take() {
            *self.counted.entry(source).or_default() += count;
        }
        self.counted
    }
}

/// What reading one file remembers so as not to work a name out twice.
#[derive(Default)]
struct Memo {
    /// Attributes as written → index into [`FileMeaning::attributes`].
    attributes: FxHashMap<syntax::SmallText, usize>,
    text_keys: TextKeys,
}

/// Which group a fact's claim belongs in: its subject (aliases applied), its
/// attribute (an index into [`FileMeaning::attributes`]) and as-of date. In
/// 24 bytes: a million facts keep one each until grouped.
struct GroupPlace {
    /// The fact's index among its file's facts with a place; its claim's
    /// among the file's claims follows ([`claim_of`]).
    fact: u32,
    /// Where the subject's key, then its spelling shown, begin in
    /// [`FileMeaning::subject_names`], and their lengths: a million facts
    /// would otherwise hold two million small strings until grouped.
    names_at: u32,
    key_len: u32,
    shown_len: u32,
    // The key's hash, which picks the shard, is not kept: worked out again
    // when grouping, it costs less than 8 bytes a fact held until then.
    attribute: u32,
    as_of: PackedDate,
}

const _: () = assert!(std::mem::size_of::<GroupPlace>() == 24);

/// The index among its file's claims of fact `fact` (counted among the
/// facts with a place), given the facts `left_out` for their type; none for
/// one of those, which names its subject but is in no group.
fn claim_of(left_out: &[u32], fact: u32) -> Option<u32> {
    match left_out.binary_search(&fact) {
        Ok(_) => None,
        Err(before) => Some(fact - before as u32),
    }
}

/// An as-of date, or none, in 32 bits where `Option<DateLit>` takes 48:
/// year, month and day (0 for a month), with none as a month no date has.
#[derive(Clone, Copy)]
struct PackedDate(u32);

impl PackedDate {
    const NONE: PackedDate = PackedDate(u32::MAX);

    fn new(date: Option<syntax::DateLit>) -> PackedDate {
        let Some(date) = date else {
            return PackedDate::NONE;
        };
        let day = date.day.map_or(0, |day| u32::from(day as u8));
        let packed =
            PackedDate(u32::from(date.year as u16) << 16 | u32::from(date.month as u8) << 8 | day);
        debug_assert_eq!(packed.get(), Some(date), "a real date packs");
        packed
    }

    fn get(self) -> Option<syntax::DateLit> {
        if self.0 == PackedDate::NONE.0 {
            return None;
        }
        let day = (self.0 & 0xff) as u8 as i8;
        Some(syntax::DateLit {
            year: (self.0 >> 16) as u16 as i16,
            month: (self.0 >> 8) as u8 as i8,
            day: (day != 0).then_some(day),
        })
    }
}

/// One fact of a file as screening sees it (see [`super::screen`]).
pub(super) struct FactSeen<'m> {
    pub line: u32,
    /// Its subject's key, aliases applied.
    pub subject_key: &'m str,
    /// Its attribute, an index into [`FileMeaning::attributes_written`].
    pub attribute: usize,
    /// Its as-of date, packed: equal for equal dates.
    pub as_of: u32,
    /// Its claim's value; none for a fact left out for its type.
    pub value: Option<&'m Value>,
}

impl FileMeaning {
    /// Whether reading the file found a load error.
    pub(super) fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The attributes the file's facts name, as written, each with whether
    /// it is declared `many`.
    pub(super) fn attributes_written(&self) -> impl Iterator<Item = (&str, bool)> {
        self.attributes
            .iter()
            .map(|(written, declared)| (written.as_str(), declared.is_some_and(|(_, many)| many)))
    }

    /// How many facts name a subject (those left out for their type
    /// included).
    pub(super) fn fact_count(&self) -> usize {
        self.facts
    }

    /// Every fact that names a subject (those left out for their type
    /// included), shard list by shard list.
    pub(super) fn each_fact(&self, mut seen: impl FnMut(FactSeen<'_>)) {
        for place in self.places.iter().flatten() {
            let (line, value) = match claim_of(&self.left_out, place.fact) {
                Some(claim) => {
                    let claim = &self.claims[claim as usize];
                    (claim.line(), Some(&claim.value))
                }
                None => {
                    let left_out = self.left_out.partition_point(|&fact| fact < place.fact);
                    (self.type_mismatches[left_out].at.span.line, None)
                }
            };
            seen(FactSeen {
                line,
                subject_key: self.subject_key(place),
                attribute: place.attribute as usize,
                as_of: place.as_of.0,
                value,
            });
        }
    }

    /// The subject keys the file's assertions read (aliases applied), and
    /// those its accepts name.
    pub(super) fn subjects_named(&self, aliases: &super::Aliases) -> Vec<String> {
        let read = self
            .assertions
            .iter()
            .flat_map(|located| located.assertion.test.paths())
            .map(|path| aliases.resolve(&path.subject.text).key().to_string());
        let accepted = self.accepts.iter().map(|accept| accept.subject_key.clone());
        read.chain(accepted).collect()
    }

    /// How many assertions the file has.
    pub(super) fn assertion_count(&self) -> usize {
        self.assertions.len()
    }

    /// Drop what the file's facts are grouped by (its claims and their
    /// places and names), keeping its other findings: what screening keeps
    /// of a file between its two readings. Grouping reads a list per
    /// shard of every file, so there are `shards` of them, empty.
    pub(super) fn without_claims(self, shards: usize) -> FileMeaning {
        FileMeaning {
            file: self.file,
            places: (0..shards).map(|_| Vec::new()).collect(),
            errors: self.errors,
            warnings: self.warnings,
            quotes: self.quotes,
            type_mismatches: self.type_mismatches,
            assertions: self.assertions,
            accepts: self.accepts,
            facts_by_source: self.facts_by_source,
            ..FileMeaning::default()
        }
    }

    /// Take the claims (with their places and names) of `reread`, a second
    /// reading of this file: its other findings repeat this one's, for the
    /// facts it read again.
    pub(super) fn with_claims_of(self, reread: FileMeaning) -> FileMeaning {
        FileMeaning {
            claims: reread.claims,
            places: reread.places,
            facts: reread.facts,
            left_out: reread.left_out,
            subject_names: reread.subject_names,
            canonical_at: reread.canonical_at,
            attributes: reread.attributes,
            ..self
        }
    }

    /// A place's subject key (aliases applied).
    fn subject_key(&self, place: &GroupPlace) -> &str {
        let at = place.names_at as usize;
        &self.subject_names[at..at + place.key_len as usize]
    }

    /// Append a subject's key (aliases applied) and spelling shown to
    /// `subject_names`: where they begin, and their lengths.
    fn add_subject(&mut self, aliases: &super::Aliases, written: &str) -> Option<(u32, u32, u32)> {
        let names = &mut self.subject_names;
        let at = names.len();
        normalize_into(written, names);
        let key_len = names.len() - at;
        if let Some((key, shown)) = aliases.canonical(&names[at..]) {
            names.truncate(at);
            let key_len = key.len() as u32;
            if let Some(&(known, shown_len)) = self.canonical_at.get(key) {
                return Some((known, key_len, shown_len));
            }
            names.push_str(key);
            let shown_len = push_shown(names, key.len(), shown);
            let at = within_names(names, at)?;
            self.canonical_at.insert(key.into(), (at, shown_len));
            return Some((at, key_len, shown_len));
        }
        let shown_len = push_shown(names, key_len, written);
        let at = within_names(names, at)?;
        Some((at, key_len as u32, shown_len))
    }
}

/// Append a subject's spelling shown after its key (the last `key_len`
/// bytes of `names`), unless it is the key: then nothing is appended, and
/// the length returned is [`SHOWN_AS_KEY`]. Two-thirds of the benchmark's
/// subjects (`event e0012345`) are written as their keys, and a million
/// facts would otherwise keep each twice.
fn push_shown(names: &mut String, key_len: usize, shown: &str) -> u32 {
    if names[names.len() - key_len..] == *shown {
        return SHOWN_AS_KEY;
    }
    names.push_str(shown);
    shown.len() as u32
}

/// `at` as a place in a file's subject names, which are kept shorter than
/// 4 GiB so that a fact's place holds it in 32 bits (a million facts hold
/// one each); `None`, with the names as they were, past that.
fn within_names(names: &mut String, at: usize) -> Option<u32> {
    within_names_up_to(names, at, u32::MAX as usize)
}

fn within_names_up_to(names: &mut String, at: usize, most: usize) -> Option<u32> {
    if names.len() > most {
        names.truncate(at);
        return None;
    }
    u32::try_from(at).ok()
}

/// The meanings of a file's texts by spelling. A bare-word text recurs on
/// hundreds of lines of a file (`country Brussels`): each spelling is made
/// into a [`Text`] once and shared, rather than each claim allocating its
/// own (the benchmark's files have a few dozen words over a thousand text
/// claims each). The keys of non-ASCII spellings are kept too, for texts an
/// alias rewrites, since Unicode folding (NFKD) is the costly part of
/// reading them. Both are bounded, so that a file of distinct texts keeps no
/// copy of them all. An ASCII text is lower-cased into one buffer, used
/// again for the next.
#[derive(Default)]
struct TextKeys {
    /// Texts shown as they are written, found by that spelling.
    made: RefCell<HashTable<Text>>,
    folded: RefCell<FxHashMap<Box<str>, Box<str>>>,
    scratch: RefCell<String>,
}

impl TextKeys {
    const MOST: usize = 4096;

    /// A text value's meaning: its key (normalised, aliases applied) and
    /// spelling shown.
    fn text(&self, aliases: &super::Aliases, written: &str) -> Text {
        let hash = FxBuildHasher.hash_one(written);
        if let Some(text) = self
            .made
            .borrow()
            .find(hash, |text| text.shown() == written)
        {
            return text.clone();
        }
        let text = self.make(aliases, written);
        let mut made = self.made.borrow_mut();
        // Only a text shown as written is found by its spelling; one an
        // alias rewrites to another spelling is shared by the alias already.
        if made.len() < Self::MOST && text.shown() == written {
            let rehash = |text: &Text| FxBuildHasher.hash_one(text.shown());
            made.insert_unique(hash, text.clone(), rehash);
        }
        text
    }

    fn make(&self, aliases: &super::Aliases, written: &str) -> Text {
        if written.is_ascii() {
            let mut key = self.scratch.borrow_mut();
            key.clear();
            normalize_into(written, &mut key);
            return aliases.resolve_normalized(&key, written);
        }
        if let Some(key) = self.folded.borrow().get(written) {
            return aliases.resolve_normalized(key, written);
        }
        let key = normalize(written);
        let text = aliases.resolve_normalized(&key, written);
        let mut folded = self.folded.borrow_mut();
        if folded.len() < Self::MOST {
            folded.insert(written.into(), key.into());
        }
        text
    }
}

/// What every file's meaning is read against: the declarations.
pub(super) struct Declarations<'a> {
    base: &'a FactBase,
    source_ids: HashMap<&'a str, usize>,
    max_list_items: usize,
}

impl<'a> Declarations<'a> {
    pub(super) fn new(base: &'a FactBase, max_list_items: usize) -> Self {
        let source_ids = base
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        Declarations {
            base,
            source_ids,
            max_list_items,
        }
    }

    /// The meaning of one file's statements, the lines its outline left
    /// parsed on the way; of its facts, only those on the lines `only`
    /// (ascending) when given. Reads the base, never changes it.
    pub(super) fn read(
        &self,
        file: usize,
        outline: &Outline,
        shards: usize,
        only: Option<&[u32]>,
    ) -> FileMeaning {
        let mut meaning = FileMeaning {
            file,
            ..FileMeaning::default()
        };
        let text = &self.base.files[file].text;
        // Nearly every line is a fact: sizing once saves growing (and
        // copying) the lists a million times over. Subjects spread evenly
        // over the shards; a little room over the even share spares most
        // lists a regrowth. A file with fewer lines than there are shards
        // sizes none: most of its lists stay empty, and allocate nothing.
        let most = only.map_or_else(|| syntax::most_statements(text), <[u32]>::len);
        meaning.claims.reserve_exact(most);
        let share = most / shards + most / (8 * shards);
        meaning.places = (0..shards).map(|_| Vec::with_capacity(share)).collect();
        let mut memo = Memo::default();
        let mut section = Section::None;
        let items = match only {
            Some(only) => outline.statements_on(text, only),
            None => outline.statements(text),
        };
        for item in items {
            let statement = match item {
                Item::Statement(statement) => statement,
                Item::Error(error) => {
                    let at = Location {
                        file,
                        span: error.span,
                    };
                    let problem = self.base.problem_at(at, error.message, error.label);
                    meaning.errors.push(problem);
                    continue;
                }
                Item::BrokenFact(broken) => {
                    for term in &broken.terms {
                        self.check_value(&mut meaning, &memo, term);
                    }
                    match section {
                        // Counted as any fact under its `from` is, whatever
                        // is wrong with it.
                        Section::Source(source) => meaning.facts_by_source.add(source),
                        Section::None => self.before_any_from(&mut meaning, broken.span),
                        Section::Unknown => {}
                    }
                    continue;
                }
            };
            match statement {
                Statement::From { id, span } => {
                    section = self.section(&mut meaning, &id, Location { file, span });
                }
                Statement::Fact(fact) => {
                    self.check_list_length(&mut meaning, &fact.value);
                    match section {
                        Section::Source(source) => self.fact(&mut meaning, &mut memo, source, fact),
                        // Not a claim, but its value's own errors (a range
                        // that runs backwards) are load errors all the same:
                        // SPEC §6 reports every one.
                        Section::Unknown => self.check_value(&mut meaning, &memo, &fact.value),
                        Section::None => {
                            self.check_value(&mut meaning, &memo, &fact.value);
                            self.before_any_from(&mut meaning, fact.subject.span);
                        }
                    }
                }
                Statement::Assert(assertion) => {
                    for operand in assertion.test.operands() {
                        if let syntax::Operand::Literal(term) = operand {
                            self.check_list_length(&mut meaning, term);
                            self.check_value(&mut meaning, &memo, term);
                        }
                    }
                    meaning
                        .assertions
                        .push(LocatedAssertion { file, assertion });
                }
                Statement::Accept(accept) => {
                    let subject_key = self
                        .base
                        .aliases
                        .resolve(&accept.path.subject.text)
                        .key()
                        .to_string();
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

    /// Where an attribute (as written) is declared, if it is.
    fn declaration_of(&self, attribute: &str) -> Option<Location> {
        let key = normalize(attribute);
        self.base.attribute_declarations.get(&key).copied()
    }

    /// A fact (at `span`) above every `from` has no source.
    fn before_any_from(&self, meaning: &mut FileMeaning, span: syntax::Span) {
        let at = Location {
            file: meaning.file,
            span,
        };
        meaning.errors.push(self.base.problem_at(
            at,
            "this fact comes before any `from`: every claim needs a source, so write `from SOURCE-ID` above it",
            "no source",
        ));
    }

    /// A value's own errors (a backwards or mixed range), for a value that
    /// makes no claim.
    fn check_value(&self, meaning: &mut FileMeaning, memo: &Memo, term: &syntax::Term) {
        if let Err(problem) = value_of(self.base, meaning.file, term, &memo.text_keys) {
            meaning.errors.push(problem);
        }
    }

    /// A list literal over the limit is a load error at the list.
    fn check_list_length(&self, meaning: &mut FileMeaning, term: &syntax::Term) {
        let max = self.max_list_items;
        if let Some((span, items)) = limits::long_list(term, max) {
            let at = Location {
                file: meaning.file,
                span,
            };
            let message = limits::long_list_message(items, max);
            let problem = self.base.problem_at(at, message, "list too long");
            meaning.errors.push(problem);
        }
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

    fn fact(&self, meaning: &mut FileMeaning, memo: &mut Memo, source: usize, fact: Fact) {
        let at = Location {
            file: meaning.file,
            span: fact.span,
        };
        meaning.facts_by_source.add(source);
        if let Some(quote) = &fact.quote {
            if !quote.0.chars().any(char::is_alphanumeric) {
                let at = Location {
                    file: meaning.file,
                    span: quote.1,
                };
                // SPEC §6 puts non-failing findings in `warnings`: an empty
                // quote is found in any text, so it passes and proves nothing.
                let message = "this quote holds no word, so it backs the fact with nothing (an empty quote is found in any text): quote the passage the fact comes from";
                let warning = self.base.problem_at(at, message, "no word quoted");
                meaning.warnings.push(warning);
            }
            meaning.quotes.push(QuoteRef {
                at,
                source,
                text: quote.0.clone(),
                span: quote.1,
            });
        }
        let value = match value_of(self.base, meaning.file, &fact.value, &memo.text_keys) {
            Ok(value) => value,
            Err(problem) => return meaning.errors.push(problem),
        };
        let attribute = match memo.attributes.get(fact.attribute.text.as_str()) {
            Some(&index) => index,
            None => {
                let key = normalize(&fact.attribute.text);
                let declared = self.base.attributes.get(&key).copied();
                let index = meaning.attributes.len();
                let written = fact.attribute.text.clone();
                meaning.attributes.push((written.to_string(), declared));
                memo.attributes.insert(written, index);
                index
            }
        };
        let Some((names_at, key_len, shown_len)) =
            meaning.add_subject(&self.base.aliases, &fact.subject.text)
        else {
            let message = "this file's subjects' names pass 4 GiB: split the file";
            let problem = self.base.problem_at(at, message, "one subject too many");
            return meaning.errors.push(problem);
        };
        let mismatch = match meaning.attributes[attribute] {
            (_, Some((ty, _))) if !value.kind().fits(ty) => Some(ty),
            _ => None,
        };
        let place = GroupPlace {
            fact: meaning.facts as u32,
            names_at,
            key_len,
            shown_len,
            attribute: attribute as u32,
            as_of: PackedDate::new(fact.as_of.map(|(date, _)| date)),
        };
        let subject_key = meaning.subject_key(&place);
        let shard = subject_hash(subject_key) as usize % meaning.places.len();
        let subject_key: Box<str> = match mismatch {
            Some(_) => subject_key.into(),
            None => Box::default(),
        };
        let place_fact = place.fact;
        meaning.places[shard].push(place);
        meaning.facts += 1;
        if let Some(ty) = mismatch {
            // Left out, but it still names its subject (SPEC §4: a subject
            // is shown as its first fact wrote it).
            meaning.left_out.push(place_fact);
            let declared = self.declaration_of(&fact.attribute.text).unwrap_or(at);
            meaning.type_mismatches.push(TypeMismatch {
                at,
                value_span: fact.value.span,
                subject_key,
                attribute: fact.attribute.text.into(),
                expected: ty.name(),
                found: value.kind().name(),
                value: self.base.text_at(meaning.file, fact.value.span).to_string(),
                declared,
            });
            return;
        }
        let source = u32::try_from(source).expect("sources are fewer than max_names");
        let value_at = ValueAt::within(fact.span, fact.value.span);
        meaning.claims.push(Claim::new(value, source, at, value_at));
    }
}

/// Put every file's meaning into the base: claims into their groups, the
/// rest appended as it came, file by file. What is left of `meanings` (the
/// names) is the caller's to free.
///
/// Grouping is the one step that sees every claim. It runs in parallel by
/// subject: claims are split into shards by a hash of their subject key, so
/// that each shard finds its own subjects and groups; the shards' results
/// are then numbered by first appearance, which gives the ids a serial pass
/// in load order would (a run's output never depends on the shard count).
pub(super) fn place(base: &mut FactBase, meanings: &mut [FileMeaning], shards: usize) {
    use rayon::prelude::*;
    let attributes: Vec<Vec<AttributeName>> = meanings
        .iter_mut()
        .map(|meaning| append_findings(base, meaning))
        .collect();
    let first_claim = base.claims.len();
    let FactBase {
        claims,
        groups,
        names,
        ..
    } = base;
    let entry_groups = {
        let files = FileFacts::in_load_order(meanings, &attributes, first_claim);
        let (shards, found) = group_in_shards(&files, shards);
        // The subjects' names stay where each file wrote them.
        let buffers = meanings
            .iter_mut()
            .map(|meaning| std::mem::take(&mut meaning.subject_names));
        let first_buffer = names.adopt_name_buffers(buffers);
        number(names, groups, shards, found, first_buffer)
    };
    // Each file gives its own claims their groups, so files go in parallel
    // and every write stays in the file's list.
    let firsts = first_entries(meanings, shards);
    let names = &*names;
    meanings
        .par_iter_mut()
        .zip(firsts)
        .for_each(|(meaning, firsts)| {
            for (shard, places) in meaning.places.iter().enumerate() {
                let locals = &entry_groups[shard][firsts[shard]..];
                for (place, &local) in places.iter().zip(locals) {
                    if let Some(claim) = claim_of(&meaning.left_out, place.fact) {
                        meaning.claims[claim as usize].group_id = names.global_group(shard, local);
                    }
                }
            }
        });
    // Each file's list is kept whole: copying the claims into one list held
    // them twice at the peak.
    for meaning in meanings.iter_mut() {
        claims.append_list(std::mem::take(&mut meaning.claims));
    }
}

/// Where each file's entries begin in each shard's list of entries.
fn first_entries(meanings: &[FileMeaning], shards: usize) -> Vec<Vec<usize>> {
    let mut next = vec![0; shards];
    meanings
        .iter()
        .map(|meaning| {
            let firsts = next.clone();
            for (next, places) in next.iter_mut().zip(&meaning.places) {
                *next += places.len();
            }
            firsts
        })
        .collect()
}

/// Number the shards' subjects and groups by first appearance, giving them
/// to `names` and `groups`; each shard's entries' groups (local ids).
fn number(
    names: &mut super::Names,
    groups: &mut Groups,
    shards: Vec<Grouping>,
    mut found: Vec<Found>,
    first_buffer: u32,
) -> Vec<Vec<u32>> {
    use rayon::prelude::*;
    debug_assert!(groups.is_empty(), "claims are placed once");
    let (subjects, groups_numbered) = number_by_first_appearance(&found);
    let (subject_order, subject_ids) = subjects;
    let (group_order, group_ids) = groups_numbered;
    // The subjects' names stay in their shards' lists too.
    let mut subject_lists: Vec<Vec<NamesAt>> = found
        .iter_mut()
        .map(|shard| std::mem::take(&mut shard.subject_names))
        .collect();
    subject_lists.par_iter_mut().flatten().for_each(|names_at| {
        names_at.buffer += first_buffer;
    });
    names.set_subjects(InShards::from_lists(subject_lists, subject_order));
    names.set_shards(shards, subject_ids, group_ids);
    // The groups stay in their shards' lists (see `Groups`); each learns
    // its subject's id in the base, shard by shard.
    let mut lists: Vec<Vec<Group>> = found
        .iter_mut()
        .map(|shard| std::mem::take(&mut shard.groups))
        .collect();
    let names = &*names;
    lists.par_iter_mut().enumerate().for_each(|(shard, list)| {
        for group in list {
            group.subject_id = names.global_subject(shard, group.subject_id);
        }
    });
    *groups = Groups::from_lists(lists, group_order);
    found.into_iter().map(|shard| shard.entry_groups).collect()
}

/// Append a file's findings to the base, and intern its attributes (in
/// load order, so attribute ids follow first appearance).
fn append_findings(base: &mut FactBase, meaning: &mut FileMeaning) -> Vec<AttributeName> {
    for (source, count) in std::mem::take(&mut meaning.facts_by_source).totals() {
        base.sources[source].facts += count;
    }
    base.errors.append(&mut meaning.errors);
    base.warnings.append(&mut meaning.warnings);
    base.quotes.append(&mut meaning.quotes);
    base.type_mismatches.append(&mut meaning.type_mismatches);
    base.assertions.append(&mut meaning.assertions);
    base.accepts.append(&mut meaning.accepts);
    meaning
        .attributes
        .iter()
        .map(|(written, declared)| base.names.attribute(written, |_| *declared).clone())
        .collect()
}

/// A file's facts as grouping reads them: its meaning, its attributes
/// interned, and where its facts and claims begin in load order.
struct FileFacts<'a> {
    meaning: &'a FileMeaning,
    /// The file's place among the meanings, which is its names' buffer's
    /// among those adopted together.
    index: u32,
    attributes: &'a [AttributeName],
    first_fact: usize,
    first_claim: usize,
}

impl<'a> FileFacts<'a> {
    fn in_load_order(
        meanings: &'a [FileMeaning],
        attributes: &'a [Vec<AttributeName>],
        first_claim: usize,
    ) -> Vec<FileFacts<'a>> {
        let (mut facts, mut claims) = (0, first_claim);
        meanings
            .iter()
            .zip(attributes)
            .enumerate()
            .map(|(index, (meaning, attributes))| {
                let file = FileFacts {
                    meaning,
                    index: u32::try_from(index).expect("files are fewer than 4 billion"),
                    attributes,
                    first_fact: facts,
                    first_claim: claims,
                };
                facts += meaning.facts;
                claims += meaning.claims.len();
                file
            })
            .collect()
    }
}

/// What one shard found, beside its [`Grouping`]: each subject's first
/// fact and its names (key, spelling shown), each group's first claim, the
/// groups (whose subject is the shard's id until numbered) and each fact's
/// group. Facts and claims are numbered in load order, in 32 bits as a
/// group's claims are ([`ClaimIds`]).
struct Found {
    subject_firsts: Vec<u32>,
    /// Where each subject's names are: its buffer counted from the first
    /// file's.
    subject_names: Vec<NamesAt>,
    group_firsts: Vec<u32>,
    groups: Vec<Group>,
    /// Each entry's group (local), in the order the shard read them; a
    /// fact that is no claim has [`NO_GROUP`].
    entry_groups: Vec<u32>,
}

/// The group of an entry that is no claim.
const NO_GROUP: u32 = u32::MAX;

/// A fact's or claim's index in load order, in 32 bits: a base of four
/// billion facts would not fit in memory.
fn in_32_bits(index: usize) -> u32 {
    u32::try_from(index).expect("facts and claims are fewer than 4 billion")
}

impl Found {
    /// Sized as [`Grouping::for_facts`] sizes its tables, and for the same
    /// reason: a growing list copies itself, and leaves the old copy as a
    /// hole in the heap.
    fn for_facts(facts: usize) -> Self {
        Found {
            subject_firsts: Vec::with_capacity(facts / 2),
            subject_names: Vec::with_capacity(facts / 2),
            group_firsts: Vec::with_capacity(facts / 2),
            groups: Vec::with_capacity(facts / 2),
            entry_groups: Vec::with_capacity(facts),
        }
    }
}

/// The most shards claims are grouped in; [`in_order`] marks entries with
/// their shard in 16 bits.
const MAX_SHARDS: usize = 4096;

/// How many shards claims are grouped in, by subject: a few per thread, so
/// that uneven shards still keep every thread busy, and more as the base
/// grows, so that each shard's tables stay small enough for the caches
/// (grouping 10M facts in 8 shards took about 1.5× as long as in 66).
pub(super) fn shard_count(base: &FactBase) -> usize {
    const TEXT_PER_SHARD: usize = 6 << 20; // about 150,000 facts
    let text: usize = base.files.iter().map(|file| file.text.len()).sum();
    (rayon::current_num_threads() * 4)
        .max(text / TEXT_PER_SHARD)
        .min(MAX_SHARDS)
}

/// How many facts ahead grouping asks for a subject's key: far enough for
/// the key to arrive in time (16 grouped 10M facts in 1.10–1.15 s, 8 in
/// 1.14–1.24 s, none in 1.7–2.0 s).
const KEYS_AHEAD: usize = 16;

/// Group the claims of every shard, one task per shard, each reading its
/// own list of every file in load order. Facts left out for their type
/// only name their subject.
fn group_in_shards(files: &[FileFacts<'_>], shards: usize) -> (Vec<Grouping>, Vec<Found>) {
    use rayon::prelude::*;
    (0..shards)
        .into_par_iter()
        .map(|shard| {
            let facts = files.iter().map(|file| file.meaning.places[shard].len());
            let facts = facts.sum();
            let mut ids = Grouping::for_facts(facts);
            let mut found = Found::for_facts(facts);
            let mut keys = ShardKeys::default();
            for file in files {
                let places = &file.meaning.places[shard];
                for (index, place) in places.iter().enumerate() {
                    if let Some(ahead) = places.get(index + KEYS_AHEAD) {
                        let ahead = ahead.names_at as usize;
                        prefetch(&file.meaning.subject_names.as_bytes()[ahead..]);
                    }
                    group_one(&mut ids, &mut found, &mut keys, file, place);
                }
            }
            (ids, found)
        })
        .unzip()
}

/// Find one fact's subject, and its claim's group, in its shard.
fn group_one(
    ids: &mut Grouping,
    found: &mut Found,
    keys: &mut ShardKeys,
    file: &FileFacts<'_>,
    place: &GroupPlace,
) {
    let key = file.meaning.subject_key(place);
    let hash = subject_hash(key);
    let (subject, new) = ids.subject(hash, key, |local| keys.get(local));
    if new {
        keys.push(key);
        let fact = file.first_fact + place.fact as usize;
        found.subject_firsts.push(in_32_bits(fact));
        found.subject_names.push(NamesAt {
            at: place.names_at,
            buffer: file.index,
            key_len: place.key_len,
            shown_len: place.shown_len,
        });
    }
    let Some(claim) = claim_of(&file.meaning.left_out, place.fact) else {
        found.entry_groups.push(NO_GROUP);
        return;
    };
    let claim = file.first_claim + claim as usize;
    let attribute = &file.attributes[place.attribute as usize];
    let as_of = place.as_of.get();
    let (group, new) = ids.group(subject, attribute.id, as_of, &found.groups);
    if new {
        found.group_firsts.push(in_32_bits(claim));
        found.groups.push(Group {
            subject_id: subject,
            attribute_id: attribute.id,
            attribute_shown_id: attribute.shown_id,
            as_of,
            many: attribute.declared.is_some_and(|(_, many)| many),
            claims: ClaimIds::new(),
        });
    }
    found.groups[group as usize].claims.push(claim);
    found.entry_groups.push(group);
}

/// The keys of one shard's subjects, by local id, copied as each is first
/// seen. A known subject's key is then compared in the shard's own few
/// megabytes rather than read again from the file that first named it,
/// anywhere in the base's names (a miss in the caches and, at ten million
/// facts, in the address-translation buffer too). Dropped once the shard
/// is grouped.
#[derive(Default)]
struct ShardKeys {
    text: String,
    /// Where each key ends in `text`.
    ends: Vec<usize>,
}

impl ShardKeys {
    fn get(&self, local: u32) -> &str {
        let local = local as usize;
        let start = if local == 0 { 0 } else { self.ends[local - 1] };
        &self.text[start..self.ends[local]]
    }

    fn push(&mut self, key: &str) {
        self.text.push_str(key);
        self.ends.push(self.text.len());
    }
}

/// Every shard's subjects (by first fact) and groups (by first claim) as
/// (shard, index in the shard), in order of first appearance. In 32 bits
/// each: at ten million facts there are eight million entries.
type Numbered = Vec<(u32, u32)>;

/// Each shard's entries' places in order of first appearance, by local id.
type Places = Vec<Vec<u32>>;

fn number_by_first_appearance(shards: &[Found]) -> ((Numbered, Places), (Numbered, Places)) {
    rayon::join(
        || in_order(shards, |shard| &shard.subject_firsts),
        || in_order(shards, |shard| &shard.group_firsts),
    )
}

/// The entries of every shard, by their first fact or claim. A shard sees
/// its facts in load order, so each shard's entries are in order already;
/// a fact opens at most one subject, a claim at most one group, so firsts
/// are distinct and the order is total. Rather than merge the shards
/// (a comparison per shard per entry, which grows with the shard count),
/// each first is marked with its shard in a list indexed by fact or claim,
/// and the marks are read in order: linear in the entries, whatever the
/// number of shards. The same pass gives each shard's entries their places
/// in that order, which would otherwise take a pass of its own.
fn in_order<'a>(
    shards: &'a [Found],
    firsts: impl Fn(&'a Found) -> &'a [u32],
) -> (Numbered, Places) {
    const NONE: u16 = u16::MAX;
    let total = shards.iter().map(|shard| firsts(shard).len()).sum();
    let slots = shards
        .iter()
        .filter_map(|shard| firsts(shard).last())
        .max()
        .map_or(0, |&last| last as usize + 1);
    let mut shard_of = vec![NONE; slots];
    for (index, shard) in shards.iter().enumerate() {
        let index = u16::try_from(index).expect("at most MAX_SHARDS shards");
        for &first in firsts(shard) {
            shard_of[first as usize] = index;
        }
    }
    let mut places: Places = shards
        .iter()
        .map(|shard| Vec::with_capacity(firsts(shard).len()))
        .collect();
    let mut order = Vec::with_capacity(total);
    for shard in shard_of.into_iter().filter(|&shard| shard != NONE) {
        let in_shard = &mut places[shard as usize];
        let place = u32::try_from(order.len()).expect("entries are fewer than 4 billion");
        order.push((u32::from(shard), in_shard.len() as u32));
        in_shard.push(place);
    }
    (order, places)
}

/// The meaning of a term, aliases applied; a term that cannot be a value
/// (a backwards or mixed range) is a load error at the term.
fn value_of(
    base: &FactBase,
    file: usize,
    term: &syntax::Term,
    keys: &TextKeys,
) -> Result<Value, Problem> {
    let aliases = &base.aliases;
    Value::from_term(term, &|name| keys.text(aliases, name)).map_err(|error| {
        let at = Location {
            file,
            span: error.span,
        };
        base.problem_at(at, error.message, "invalid range")
    })
}

fn unknown_source_message(id: &str, ids: &HashMap<&str, usize>) -> String {
    // `closest` breaks ties by spelling, so the map's order does not matter.
    match crate::model::closest(id, ids.keys().copied()) {
        Some(near) => format!("no source `{id}` is declared in the files loaded; did you mean `{near}`?"),
        None => format!("no source `{id}` is declared in the files loaded: declare it with `source {id} {{ … }}`"),
    }
}

#[cfg(test)]
mod tests {
    /// SPEC §6 reports every load error: a fact that makes no claim (under
    /// an unknown `from`, or before any `from`) still has its value read,
    /// and a backwards or mixed range in it is an error of its own.
    #[test]
    fn a_bad_range_is_reported_even_in_a_fact_that_makes_no_claim() {
        let text = "z v 10..1\nsource s1 {title \"A\"}\nfrom s9\nz v 10..1\nz v 10%..20\n";
        let base = crate::load::load_texts(&[("a.facts".to_string(), text.to_string())]);
        let places: Vec<(u32, u32)> = base.errors.iter().map(|e| (e.line, e.column)).collect();
        assert_eq!(
            places,
            [(1, 1), (1, 5), (3, 6), (4, 5), (5, 5)],
            "{:?}",
            base.errors
        );
        assert!(base.errors[1].message.contains("starts after it ends"));
        assert!(base.errors[4].message.contains("must be of one kind"));
    }

    /// A fact with a syntax error makes no claim, but what of it did read is
    /// still checked: it needs a `from` above it, and a backwards range in
    /// it is reported beside the syntax error.
    #[test]
    fn a_fact_with_a_syntax_error_still_has_its_other_errors_reported() {
        let text = "x y 2025-02-30
source s1 {title \"A\"}
from s1
\
                    x v 10..1 as of 2025-13\ny v 10..1 quote \"a\" quote \"b\"\nw 1 10..1\n";
        let base = crate::load::load_texts(&[("a.facts".to_string(), text.to_string())]);
        let errors: Vec<(u32, u32, &str)> = base
            .errors
            .iter()
            .map(|e| {
                (
                    e.line,
                    e.column,
                    e.message.split_whitespace().next().unwrap_or(""),
                )
            })
            .collect();
        let backwards = "this";
        assert_eq!(
            errors,
            [
                (1, 1, "this"),
                (1, 5, "`2025-02-30`"),
                (4, 5, backwards),
                (4, 17, "`2025-13`"),
                (5, 5, backwards),
                (5, 21, "`quote`"),
                (6, 3, "an"),
                (6, 5, backwards),
            ],
            "{:?}",
            base.errors
        );
        assert!(base.errors[0].message.contains("before any `from`"));
        assert!(base.errors[2].message.contains("starts after it ends"));
        assert_eq!(base.sources[0].facts, 3, "each fact under `from s1` counts");
    }

    /// A subject written as its key keeps one copy of it, and is shown as
    /// written all the same, beside subjects shown otherwise: as an alias's
    /// canonical side (itself a key, or not) and in capitals, in any order
    /// across files.
    #[test]
    fn subjects_are_shown_as_written_whether_or_not_that_is_their_key() {
        let a = "alias wb = world bank\nalias un = \"United Nations\"\nsource s1 {title \"A\"}\nfrom s1\n\
                 event e1 n 1\nPerson Ä n 2\nwb n 3\nun n 4\nWB m 5\nUN m 6\n";
        let b = "from s1\nEVENT E1 m 7\nperson ä m 8\nworld bank k 9\nevent e2 n 10\n";
        let base = crate::load::load_texts(&[
            ("a.facts".to_string(), a.to_string()),
            ("b.facts".to_string(), b.to_string()),
        ]);
        assert!(base.errors.is_empty(), "{:?}", base.errors);
        let shown: Vec<(&str, &str)> = (0..base.names.subject_count() as u32)
            .map(|id| (base.names.subject_key(id), base.names.subject_shown(id)))
            .collect();
        let expected = [
            ("event e1", "event e1"),
            ("person a", "Person Ä"),
            ("world bank", "world bank"),
            ("united nations", "United Nations"),
            ("event e2", "event e2"),
        ];
        assert_eq!(shown, expected);
    }

    /// A file's texts of one spelling share one [`Text`]; another spelling
    /// of the same key keeps its own, shown as written, and a text an alias
    /// rewrites is the alias's, in any file.
    #[test]
    fn texts_of_one_spelling_share_their_meaning() {
        let a = "alias bxl = Brussels\nsource s1 {title \"A\"}\nfrom s1\n\
                 x c Brussels\ny c brussels\nz c Brussels\nw c bxl\nv c \"Genève\"\nu c \"Genève\"\n";
        let b = "from s1\nt c bxl\ns c Brussels\n";
        let base = crate::load::load_texts(&[
            ("a.facts".to_string(), a.to_string()),
            ("b.facts".to_string(), b.to_string()),
        ]);
        assert!(base.errors.is_empty(), "{:?}", base.errors);
        let texts: Vec<&crate::model::Text> = base
            .claims
            .iter()
            .map(|claim| match &claim.value {
                crate::model::Value::Text(text) => text,
                other => panic!("a text, not {other:?}"),
            })
            .collect();
        let shown: Vec<(&str, &str)> = texts.iter().map(|t| (t.key(), t.shown())).collect();
        let brussels = ("brussels", "Brussels");
        let geneve = ("geneve", "Genève");
        let expected = [
            brussels,
            ("brussels", "brussels"),
            brussels,
            brussels,
            geneve,
            geneve,
            brussels,
            brussels,
        ];
        assert_eq!(shown, expected);
        let same =
            |i: usize, j: usize| std::ptr::eq(texts[i].key().as_ptr(), texts[j].key().as_ptr());
        assert!(
            same(0, 2) && same(4, 5) && same(3, 6),
            "shared in a file, and by an alias"
        );
        assert!(
            !same(0, 1) && !same(0, 7),
            "not across spellings, nor files"
        );
    }

    /// Every as-of date a fact can have, and none, come back from their 32
    /// bits as they went in.
    #[test]
    fn as_of_dates_pack_into_32_bits_and_back() {
        let mut dates = vec![None];
        for year in [0, 1, 999, 2025, 9999] {
            for month in 1..=12 {
                dates.push(Some(crate::syntax::DateLit {
                    year,
                    month,
                    day: None,
                }));
                for day in 1..=31 {
                    dates.push(Some(crate::syntax::DateLit {
                        year,
                        month,
                        day: Some(day),
                    }));
                }
            }
        }
        for date in dates {
            assert_eq!(super::PackedDate::new(date).get(), date);
        }
    }

    /// A fact's claim is its index among the file's facts less the facts
    /// left out before it; one left out has none.
    #[test]
    fn a_place_finds_its_claim_past_the_facts_left_out() {
        let claims: Vec<Option<u32>> = (0..7)
            .map(|fact| super::claim_of(&[1, 2, 5], fact))
            .collect();
        assert_eq!(
            claims,
            [Some(0), None, None, Some(1), Some(2), None, Some(3)]
        );
        assert_eq!(super::claim_of(&[], 9), Some(9));
    }

    /// Names past the most a place can point into are refused, and the
    /// names written so far are left as they were.
    #[test]
    fn subject_names_past_the_most_are_refused_and_undone() {
        let mut names = "abc".to_string();
        names.push_str("de");
        assert_eq!(super::within_names_up_to(&mut names, 3, 5), Some(3));
        names.push_str("fg");
        assert_eq!(super::within_names_up_to(&mut names, 5, 5), None);
        assert_eq!(names, "abcde");
    }

    /// Each claim finds its own quote (and a claim without one, none), and
    /// is found by its place, across files; a place that makes no claim
    /// finds none.
    #[test]
    fn a_claim_finds_its_quote_in_the_base() {
        let a =
            "source s1 {title \"A\"}\nfrom s1\nx n 1 quote \"one\"\nx m 2\nx k 3 quote \"three\"\n";
        let b = "from s1\ny n 4\ny m 5 quote \"five\"\n";
        let base = crate::load::load_texts(&[
            ("a.facts".to_string(), a.to_string()),
            ("b.facts".to_string(), b.to_string()),
        ]);
        assert!(base.errors.is_empty(), "{:?}", base.errors);
        let quotes: Vec<(String, Option<String>)> = base
            .claims
            .iter()
            .map(|claim| {
                let quote = base
                    .quote_at(base.claim_at(claim))
                    .map(|quote| quote.text.clone());
                let found = base
                    .claims
                    .find_at(base.claim_at(claim))
                    .expect("its own place");
                assert!(std::ptr::eq(found, claim), "found by its place");
                (base.written(claim).to_string(), quote)
            })
            .collect();
        let expected = [
            ("1", Some("one")),
            ("2", None),
            ("3", Some("three")),
            ("4", None),
            ("5", Some("five")),
        ]
        .map(|(value, quote)| (value.to_string(), quote.map(String::from)));
        assert_eq!(quotes, expected);
        assert!(base.claims.find_at(base.sources[0].declared).is_none());
    }
}
