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
//! can only bring more facts to the second reading. Two different values that share
//! a hash would hide a contradiction between them: with a random seed that
//! is a chance of about one in 10^19 for each pair of claims, and no fact
//! file can be written to aim at it.

use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::Mutex;

use foldhash::quality::RandomState;
use rustc_hash::FxHashSet;

use super::claims::FileMeaning;
use crate::model::{normalize, Value};
use crate::prefetch::prefetch;

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

/// The group hash that marks an empty slot of a [`GroupTable`]; a group
/// that hashes to it is taken for the group hashing to 1 (sharing a hash
/// only brings more facts to the second reading).
const EMPTY: u64 = 0;

/// How many claims ahead of the one being added its slot is asked for.
const AHEAD: usize = 8;

/// One shard's groups: open addressing with linear probing, by the high
/// half of the group hash (the low half is the subject's id, which a
/// subject's groups share). Written here rather than taken from a hash map
/// crate because a file's claims are added in a batch whose slots can be
/// asked for ahead of use ([`prefetch`]): at ten million facts the tables
/// are a hundred megabytes, and nearly every add missed the caches.
#[derive(Default)]
struct GroupTable {
    slots: Vec<Entry>,
    len: usize,
}

impl GroupTable {
    fn add_all(&mut self, claims: &[Entry]) {
        self.make_room(claims.len());
        let mask = self.slots.len() - 1;
        for (index, claim) in claims.iter().enumerate() {
            if let Some(ahead) = claims.get(index + AHEAD) {
                prefetch(&self.slots[home(ahead.group, mask)]);
            }
            self.add(*claim, mask);
        }
    }

    /// Add a claim, or a whole entry when the table grows.
    fn add(&mut self, claim: Entry, mask: usize) {
        let group = claim.group.max(1);
        let mut slot = home(group, mask);
        loop {
            let entry = &mut self.slots[slot];
            if entry.group == EMPTY {
                *entry = Entry { group, ..claim };
                self.len += 1;
                return;
            }
            if entry.group == group {
                if entry.value != claim.value {
                    entry.value = DIFFER;
                }
                return;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Grow, if need be, to take `more` groups and stay at most three
    /// quarters full.
    fn make_room(&mut self, more: usize) {
        let needed = (self.len + more) * 4 / 3 + 1;
        if needed <= self.slots.len() {
            return;
        }
        let empty = Entry {
            group: EMPTY,
            value: 0,
        };
        let size = needed.next_power_of_two().max(16);
        let old = std::mem::replace(&mut self.slots, vec![empty; size]);
        self.len = 0;
        for entry in old.into_iter().filter(|entry| entry.group != EMPTY) {
            self.add(entry, size - 1);
        }
    }

    fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.slots.iter().filter(|entry| entry.group != EMPTY)
    }
}

/// A group's first slot in a table of `mask + 1` slots.
fn home(group: u64, mask: usize) -> usize {
    (group >> 32) as usize & mask
}

/// Each fact that names a subject: its line and its subject's id.
pub type SeenFacts = Vec<(u32, SubjectId)>;

/// A subject's hash, cut to 32 bits: enough to pick lines to read again,
/// where a subject that shares it only brings more lines.
pub type SubjectId = u32;

/// What the first reading keeps, shared by the threads reading files: the
/// groups in a table per shard, each behind its own lock, and when the
/// names must be counted, every fact's subject.
pub struct Screen {
    groups: Vec<Mutex<GroupTable>>,
    subjects: Option<Mutex<Vec<u64>>>,
    hasher: RandomState,
}

impl Screen {
    /// A screen whose groups are in `shards` tables; `count_subjects` when
    /// the facts' distinct subjects must be counted.
    pub fn new(shards: usize, count_subjects: bool) -> Screen {
        Screen {
            groups: (0..shards.max(1))
                .map(|_| Mutex::new(GroupTable::default()))
                .collect(),
            subjects: count_subjects.then(|| Mutex::new(Vec::new())),
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
        let mut subjects = Vec::new();
        let mut batches: Vec<Vec<Entry>> = self.groups.iter().map(|_| Vec::new()).collect();
        meaning.each_fact(|fact| {
            let subject = self.subject_hash(fact.subject_key);
            seen.push((fact.line, subject as SubjectId));
            if self.subjects.is_some() {
                subjects.push(subject);
            }
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
            if !batch.is_empty() {
                lock(table).add_all(&batch);
            }
        }
        if let Some(all) = &self.subjects {
            lock(all).append(&mut subjects);
        }
        seen.sort_unstable_by_key(|&(line, _)| line);
        seen
    }

    /// A group's shard, by the top bits of its hash's high half (a table
    /// places a group by the low bits of that half).
    fn shard(&self, group: u64) -> usize {
        ((group >> 32) * self.groups.len() as u64 >> 32) as usize
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

    /// How many distinct subjects the facts name (counted by hash, so two
    /// that share one count once); `None` unless counted.
    pub fn subjects(&self) -> Option<usize> {
        let mut subjects = lock(self.subjects.as_ref()?);
        rayon::slice::ParallelSliceMut::par_sort_unstable(&mut subjects[..]);
        subjects.dedup();
        Some(subjects.len())
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
