//! Screening: a large base read twice, so that only the subjects a run
//! reports on are held whole.
//!
//! A run reports contradictions, verdicts on assertions, quotes and type
//! mismatches. Quotes and type mismatches are found fact by fact, but
//! contradictions and verdicts need a group's claims together, and holding
//! every claim of a million facts, with its subject's names and place, is
//! two hundred megabytes that nearly all go unreported: 98% of a newsroom's
//! groups agree, and assertions name a few thousand subjects.
//!
//! So the first reading gives every file its full meaning, as the one-pass
//! load does, and keeps its findings but not its claims: of each claim only
//! its group (subject, attribute, as-of) and its value, hashed, 16 bytes.
//! These are then summed up group by group. A group whose claims all have
//! one value cannot contradict itself (a value is compatible with itself).
//! The subjects wanted are those of groups whose values differ and those
//! that assertions and accepts name; the second reading parses only their
//! facts' lines, and the base is built from those alone. Each wanted
//! subject comes whole (all its facts), so everything reported of it —
//! how it is shown, its groups, their claims, its other attributes for a
//! "did you mean" — is what the one-pass load gives.
//!
//! Subjects, groups and values are compared by hashes, seeded afresh each
//! run. Two subjects or groups that share a hash are screened as one, which
//! can only bring more facts to the second reading. Two different values
//! that share a hash would hide a contradiction between them: with a random
//! seed that is a chance of about one in 10^19 for each pair of claims, and
//! no fact file can be written to aim at it.

use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use foldhash::quality::RandomState;
use hashbrown::HashTable;
use rustc_hash::FxHashSet;

use super::claims::{self, FileMeaning};
use super::{declare, finish, limits, Context, FactBase, Limits};
use crate::model::{normalize, Value};
use crate::syntax::Outline;

/// [`super::build`] in two readings, or `false` with the base
/// half built when the base has something screening does not cover: a load
/// error, a name past the limit, or a search of every subject for a "did
/// you mean".
pub(super) fn build(base: &mut FactBase, outlines: &[Outline], context: &Context) -> bool {
    if outlines
        .iter()
        .any(|outline| !outline.parsed.errors.is_empty())
    {
        return false;
    }
    declare(base, outlines);
    if !base.errors.is_empty() {
        return false;
    }
    let shards = claims::shard_count(base);
    let declarations = claims::Declarations::new(base, context.limits.max_list_items);
    let screen = Screen::new(shards);
    let first = first_reading(&declarations, &screen, outlines, shards);
    if first.iter().any(|file| file.meaning.has_errors())
        || !within_limits(base, &screen, &first, context.limits)
    {
        return false;
    }
    let wanted = wanted(base, &screen, &first);
    drop(screen);
    let meanings = second_reading(&declarations, outlines, first, &wanted, shards);
    finish(base, meanings, shards, context);
    true
}

/// What the first reading keeps of a file: its findings without its
/// claims, each fact's line and subject, and how many attributes it names.
struct FirstReading {
    meaning: FileMeaning,
    seen: SeenFacts,
    attributes: usize,
}

fn first_reading(
    declarations: &claims::Declarations<'_>,
    screen: &Screen,
    outlines: &[Outline],
    shards: usize,
) -> Vec<FirstReading> {
    use rayon::prelude::*;
    outlines
        .par_iter()
        .enumerate()
        .map(|(file, outline)| {
            // In one list, its facts are in file order: screening reads
            // them, with their claims and names, front to back.
            let meaning = declarations.read(file, outline, 1, None);
            FirstReading {
                seen: screen.record(&meaning),
                attributes: meaning.attributes_written().count(),
                meaning: meaning.without_claims(shards),
            }
        })
        .collect()
}

/// The subjects a run reports on: those of the groups whose values
/// differ, and those that assertions and accepts name.
fn wanted(base: &FactBase, screen: &Screen, first: &[FirstReading]) -> FxHashSet<SubjectId> {
    let mut wanted = screen.contested();
    for file in first {
        let named = file.meaning.subjects_named(&base.aliases);
        wanted.extend(named.iter().map(|key| screen.subject_id(key)));
    }
    wanted
}

/// Each file's findings, with the claims of the subjects `wanted`, read
/// again from their lines alone.
fn second_reading(
    declarations: &claims::Declarations<'_>,
    outlines: &[Outline],
    first: Vec<FirstReading>,
    wanted: &FxHashSet<SubjectId>,
    shards: usize,
) -> Vec<FileMeaning> {
    use rayon::prelude::*;
    first
        .into_par_iter()
        .enumerate()
        .map(|(file, first)| {
            let lines = lines_of(&first.seen, wanted);
            if lines.is_empty() {
                return first.meaning;
            }
            let reread = declarations.read(file, &outlines[file], shards, Some(&lines));
            first.meaning.with_claims_of(reread)
        })
        .collect()
}

/// Whether a screened base would load and be judged as the whole one
/// would: its distinct names surely within the limit (the whole base's
/// are not counted after screening), and no assertion's "did you mean"
/// searching every subject (only the screened ones are there).
fn within_limits(
    base: &FactBase,
    screen: &Screen,
    first: &[FirstReading],
    limits: &Limits,
) -> bool {
    let facts: usize = first.iter().map(|file| file.seen.len()).sum();
    let assertions: usize = first
        .iter()
        .map(|file| file.meaning.assertion_count())
        .sum();
    if limits::searches_every_subject(facts, assertions, limits) {
        return false;
    }
    let attributes: usize = first.iter().map(|file| file.attributes).sum();
    let room = limits
        .max_names
        .saturating_sub(base.sources.len() + attributes);
    screen.most_subjects(facts) <= room
}

/// From how many bytes of fact files a base is screened: below it, the
/// claims of a base fit in memory easily and one reading is simpler.
pub const SCREEN_FROM_BYTES: usize = 8 << 20;

/// What the first reading sums up of one group (subject, attribute,
/// as-of): the group's hash, with its subject's id in the low half (so that
/// a group's subject is known without its key), and its first claim's
/// value's fingerprint, or [`DIFFER`] once two of its values differ.
#[derive(Clone, Copy)]
struct Entry {
    group: u64,
    value: u64,
}

/// A group's value once two of its values differ. A value whose
/// fingerprint is this by chance is taken as differing from every other.
const DIFFER: u64 = u64::MAX;

/// Each fact that names a subject: its line and its subject's id.
pub type SeenFacts = Vec<(u32, SubjectId)>;

/// A subject's hash, cut to 32 bits: enough to pick lines to read again,
/// where a subject that shares it only brings more lines.
pub type SubjectId = u32;

/// What the first reading keeps, shared by the threads reading files: the
/// groups, in a table per shard of them, each behind its own lock.
pub struct Screen {
    groups: Vec<Mutex<HashTable<Entry>>>,
    /// How many claims the tables sum up.
    claims: AtomicUsize,
    hasher: RandomState,
}

impl Screen {
    /// A screen whose groups are in `shards` tables.
    pub fn new(shards: usize) -> Screen {
        Screen {
            groups: (0..shards.max(1))
                .map(|_| Mutex::new(HashTable::new()))
                .collect(),
            claims: AtomicUsize::new(0),
            hasher: RandomState::default(),
        }
    }

    fn subject_hash(&self, key: &str) -> u64 {
        self.hasher.hash_one(key)
    }

    /// The id of the subject with this key (normalised, aliases applied).
    pub fn subject_id(&self, key: &str) -> SubjectId {
        self.subject_hash(key) as SubjectId
    }

    /// Sum up one file's claims in the tables; each fact that names a
    /// subject, by line.
    pub fn record(&self, meaning: &FileMeaning) -> SeenFacts {
        let attributes: Vec<(u64, bool)> = meaning
            .attributes_written()
            .map(|(written, many)| (self.hasher.hash_one(normalize(written)), many))
            .collect();
        let mut seen = SeenFacts::with_capacity(meaning.fact_count());
        let mut batches: Vec<Vec<Entry>> = self.groups.iter().map(|_| Vec::new()).collect();
        meaning.each_fact(|fact| {
            let subject = self.subject_hash(fact.subject_key);
            seen.push((fact.line, subject as SubjectId));
            let (attribute, many) = attributes[fact.attribute];
            // A many-valued attribute never contradicts; a fact left out
            // for its type makes no claim.
            let Some(value) = fact.value.filter(|_| !many) else {
                return;
            };
            let group = self.hasher.hash_one((subject, attribute, fact.as_of));
            let group = group & !u64::from(u32::MAX) | subject & u64::from(u32::MAX);
            batches[self.shard(group)].push(Entry {
                group,
                value: self.fingerprint(value),
            });
        });
        for (table, batch) in self.groups.iter().zip(batches) {
            self.claims.fetch_add(batch.len(), Ordering::Relaxed);
            if !batch.is_empty() {
                let mut table = lock(table);
                batch.into_iter().for_each(|claim| add(&mut table, claim));
            }
        }
        seen.sort_unstable_by_key(|&(line, _)| line);
        seen
    }

    /// A group's shard, by its hash's high half (the low half is a
    /// subject's id, which a subject's groups share).
    fn shard(&self, group: u64) -> usize {
        (group >> 32) as usize % self.groups.len()
    }

    /// A value's fingerprint: equal for values that mean the same (texts by
    /// key, lists by elements), and differing for others but by chance.
    fn fingerprint(&self, value: &Value) -> u64 {
        let mut hasher = self.hasher.build_hasher();
        match value {
            Value::Number(interval) => (0u8, interval).hash(&mut hasher),
            Value::Percent(interval) => (1u8, interval).hash(&mut hasher),
            Value::Date(interval) => (2u8, interval).hash(&mut hasher),
            Value::Text(text) => (3u8, text.key()).hash(&mut hasher),
            Value::List(list) => {
                (4u8, list.complete).hash(&mut hasher);
                list.items
                    .keys()
                    .for_each(|element| element.hash(&mut hasher));
            }
        }
        hasher.finish()
    }

    /// The subjects of the groups whose values differ.
    pub fn contested(&self) -> FxHashSet<SubjectId> {
        let mut subjects = FxHashSet::default();
        for table in &self.groups {
            let differing = lock(table)
                .iter()
                .filter(|entry| entry.value == DIFFER)
                .map(|entry| entry.group as SubjectId)
                .collect::<Vec<_>>();
            subjects.extend(differing);
        }
        subjects
    }

    /// At most how many distinct subjects the facts name, of `facts`:
    /// one per group, and one per fact with no claim summed up (left out
    /// for its type, or many-valued).
    pub fn most_subjects(&self, facts: usize) -> usize {
        let groups: usize = self.groups.iter().map(|table| lock(table).len()).sum();
        groups + facts.saturating_sub(self.claims.load(Ordering::Relaxed))
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The lines of `seen` whose subject is `wanted`, ascending.
pub fn lines_of(seen: &SeenFacts, wanted: &FxHashSet<SubjectId>) -> Vec<u32> {
    let mut lines: Vec<u32> = seen
        .iter()
        .filter(|(_, subject)| wanted.contains(subject))
        .map(|&(line, _)| line)
        .collect();
    lines.dedup();
    lines
}

/// Sum up one claim in its group's entry.
fn add(table: &mut HashTable<Entry>, claim: Entry) {
    match table.find_mut(claim.group, |entry| entry.group == claim.group) {
        Some(entry) if entry.value != claim.value => entry.value = DIFFER,
        Some(_) => {}
        None => {
            table.insert_unique(claim.group, claim, |entry| entry.group);
        }
    }
}
