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
//! load does, keeps its findings but not its claims, and sums up each
//! (subject, attribute, as-of) in a table: how many claims, and whether
//! their values differ. A group whose claims all have one value cannot
//! contradict itself (a value is compatible with itself). The subjects
//! wanted are those of groups whose values differ and those that
//! assertions and accepts name; the second reading parses only their
//! facts' lines, and the base is built from those alone. Each wanted
//! subject comes whole (all its facts), so everything reported of it —
//! how it is shown, its groups, their claims, its other attributes for a
//! "did you mean" — is what the one-pass load gives.
//!
//! Subjects and values are compared by 64-bit hashes, seeded afresh each
//! run. Two subjects that share a hash are screened as one, which can only
//! bring more facts to the second reading. Two different values that share
//! a hash would hide a contradiction between them: with a random seed that
//! is a chance of about one in 10^19 for each pair of claims, and no fact
//! file can be written to aim at it.

use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::Mutex;

use foldhash::quality::RandomState;
use hashbrown::HashTable;
use rustc_hash::FxHashSet;

use super::claims::FileMeaning;
use crate::model::{normalize, Value};

/// From how many bytes of fact files a base is screened: below it, the
/// claims of a base fit in memory easily and one reading is simpler.
pub const SCREEN_FROM_BYTES: usize = 8 << 20;

/// What the first reading sums up of one (subject, attribute, as-of).
struct Entry {
    subject: u64,
    /// The attribute's key and the as-of date, hashed together.
    attribute: u32,
    /// How many claims, with [`DIFFER`] set once two values differ.
    claims: u32,
    /// The first claim's value's fingerprint.
    value: u64,
}

const DIFFER: u32 = 1 << 31;

impl Entry {
    fn hash(subject: u64, attribute: u32) -> u64 {
        subject ^ u64::from(attribute).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    }
}

/// Each fact that names a subject: its line and its subject's id.
pub type SeenFacts = Vec<(u32, SubjectId)>;

/// A subject's hash, cut to 32 bits: enough to pick lines to read again,
/// where a subject that shares it only brings more lines.
pub type SubjectId = u32;

/// The first reading's tables, shared by the threads reading files: one
/// per shard of subjects, each behind its own lock.
pub struct Screen {
    tables: Vec<Mutex<HashTable<Entry>>>,
    hasher: RandomState,
}

impl Screen {
    pub fn new(shards: usize) -> Screen {
        Screen {
            tables: (0..shards.max(1))
                .map(|_| Mutex::new(HashTable::new()))
                .collect(),
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
        let mut seen = SeenFacts::new();
        let mut batches: Vec<Vec<Entry>> = self.tables.iter().map(|_| Vec::new()).collect();
        meaning.each_fact(|fact| {
            let subject = self.subject_hash(fact.subject_key);
            seen.push((fact.line, subject as SubjectId));
            let (attribute, many) = attributes[fact.attribute];
            // A many-valued attribute never contradicts; a fact left out
            // for its type makes no claim.
            let Some(value) = fact.value.filter(|_| !many) else {
                return;
            };
            batches[self.shard(subject)].push(Entry {
                subject,
                attribute: self.hasher.hash_one((attribute, fact.as_of)) as u32,
                claims: 1,
                value: self.fingerprint(value),
            });
        });
        for (table, batch) in self.tables.iter().zip(batches) {
            if !batch.is_empty() {
                let mut table = table
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                batch.into_iter().for_each(|entry| add(&mut table, entry));
            }
        }
        seen.sort_unstable_by_key(|&(line, _)| line);
        seen
    }

    /// Shards by the hash's high half: the tables place entries by its low
    /// bits, which a shard's entries would otherwise share.
    fn shard(&self, subject: u64) -> usize {
        (subject >> 32) as usize % self.tables.len()
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
        for table in &self.tables {
            let table = table
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let differing = table.iter().filter(|entry| entry.claims & DIFFER != 0);
            subjects.extend(differing.map(|entry| entry.subject as SubjectId));
        }
        subjects
    }

    /// How many subjects have a claim in the tables, counted by hash (so
    /// two that share one count once).
    pub fn subjects_with_claims(&self) -> usize {
        self.tables
            .iter()
            .map(|table| {
                let table = table
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                let mut subjects: Vec<u64> = table.iter().map(|entry| entry.subject).collect();
                subjects.sort_unstable();
                subjects.dedup();
                subjects.len()
            })
            .sum()
    }

    /// How many claims are in the tables.
    pub fn claims(&self) -> usize {
        self.tables
            .iter()
            .map(|table| {
                let table = table
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                table
                    .iter()
                    .map(|entry| (entry.claims & !DIFFER) as usize)
                    .sum::<usize>()
            })
            .sum()
    }
}

/// Add one claim to its group's entry.
fn add(table: &mut HashTable<Entry>, entry: Entry) {
    let hash = Entry::hash(entry.subject, entry.attribute);
    let same = |e: &Entry| e.subject == entry.subject && e.attribute == entry.attribute;
    match table.find_mut(hash, same) {
        Some(group) => {
            let claims = (group.claims & !DIFFER).saturating_add(1).min(DIFFER - 1);
            let differ = if group.value == entry.value {
                group.claims & DIFFER
            } else {
                DIFFER
            };
            group.claims = claims | differ;
        }
        None => {
            table.insert_unique(hash, entry, |e| Entry::hash(e.subject, e.attribute));
        }
    }
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
