//! Interned names: each distinct spelling of a subject or attribute is
//! normalised once, and groups are keyed by small ids instead of strings.
//! At newsroom scale (a million facts) this is most of the loader's work.
//!
//! Groups hold ids, never strings: half a million groups would otherwise
//! hold two million pointers to names. Subjects' keys and spellings shown
//! stay in the buffers the loader wrote them to, one per file, so a subject
//! costs no allocation of its own and its names are never copied.
//!
//! Subjects and their groups live in shards picked by a hash of the
//! subject's key, so that the loader can find them in parallel, one shard
//! per task; ids are still numbered in order of first appearance.

use std::hash::BuildHasher;
use std::sync::Arc;

use hashbrown::hash_table::{Entry, HashTable};
use rustc_hash::{FxBuildHasher, FxHashMap};

use super::{Group, Groups, InShards};
use crate::model::normalize;
use crate::syntax::{AttributeType, DateLit};

/// An attribute's declared type and whether it is many-valued.
pub type Declared = (AttributeType, bool);

/// An attribute as one fact wrote it: its id, the spelling shown, and its
/// declaration (looked up once per spelling, not once per fact).
#[derive(Debug, Clone)]
pub struct AttributeName {
    pub id: u32,
    /// The id of this spelling, by which a group records how it is shown.
    pub shown_id: u32,
    pub declared: Option<Declared>,
}

/// The hash that places a subject key in its shard.
pub fn subject_hash(key: &str) -> u64 {
    FxBuildHasher.hash_one(key)
}

/// One shard's subjects and groups while claims are grouped. The table of
/// subjects holds only their local ids: while grouping, a subject's key is
/// read where the loader keeps it (borrowed from the file that first names
/// it, so a subject costs no string of its own), and once numbered from
/// [`Names`]; so the table becomes the [`SubjectShard`]'s as it is, without
/// being built again (at ten million facts, a quarter of a second and a
/// hundred megabytes at the peak).
#[derive(Default)]
pub struct Grouping {
    /// Local subject ids, found by their key's [`subject_hash`].
    subjects: HashTable<u32>,
    /// Local group ids, found by their [`group_hash`]. A group's key is
    /// read from the shard's list of groups, which grouping touches for
    /// each claim anyway: a table of keys beside it took 20 bytes a bucket
    /// where an id takes 4 (16 MB of a million-fact run).
    groups: HashTable<u32>,
}

/// The hash that places a group in its shard's table: of its subject (local
/// to the shard), attribute id and as-of date.
fn group_hash(subject: u32, attribute: u32, as_of: Option<DateLit>) -> u64 {
    FxBuildHasher.hash_one((subject, attribute, as_of))
}

impl Grouping {
    /// A shard about to group `facts` facts. Its tables are sized for a
    /// subject and a group per two facts (a base where sources restate each
    /// other; the benchmark's corpus has one group per subject), so that at
    /// scale they rarely grow: growing rehashes every entry, 3% of a
    /// million-fact run. Room never used costs address space, not memory:
    /// only the tables' control bytes are written before use.
    pub fn for_facts(facts: usize) -> Self {
        Grouping {
            subjects: HashTable::with_capacity(facts / 2),
            groups: HashTable::with_capacity(facts / 2),
        }
    }

    /// The local id of the subject whose key is `key` (hashing to `hash`),
    /// and whether it is new. `known` gives each local id's key: a new
    /// subject's must be added as the next.
    pub fn subject<'k>(
        &mut self,
        hash: u64,
        key: &str,
        known: impl Fn(u32) -> &'k str,
    ) -> (u32, bool) {
        let next = self.subjects.len() as u32;
        let entry = self.subjects.entry(
            hash,
            |&local| known(local) == key,
            |&local| subject_hash(known(local)),
        );
        match entry {
            Entry::Occupied(found) => (*found.get(), false),
            Entry::Vacant(place) => {
                place.insert(next);
                (next, true)
            }
        }
    }

    /// The local id of a group and whether it is new. `known` is the
    /// shard's groups by local id (their subjects local too): a new group
    /// must be pushed to it as the next.
    pub fn group(
        &mut self,
        subject: u32,
        attribute: u32,
        as_of: Option<DateLit>,
        known: &[Group],
    ) -> (u32, bool) {
        let next = self.groups.len() as u32;
        let entry = self.groups.entry(
            group_hash(subject, attribute, as_of),
            |&local| is_group(&known[local as usize], subject, attribute, as_of),
            |&local| {
                let group = &known[local as usize];
                group_hash(group.subject_id, group.attribute_id, group.as_of)
            },
        );
        match entry {
            Entry::Occupied(found) => (*found.get(), false),
            Entry::Vacant(place) => {
                place.insert(next);
                (next, true)
            }
        }
    }
}

fn is_group(group: &Group, subject: u32, attribute: u32, as_of: Option<DateLit>) -> bool {
    group.subject_id == subject && group.attribute_id == attribute && group.as_of == as_of
}

/// The subjects whose keys hash to one shard, and their groups. Ids inside
/// a shard are local; `global_subjects` and `global_groups` give the ids the
/// whole base knows them by.
#[derive(Debug, Default)]
struct SubjectShard {
    /// Local subject ids, found by their key's [`subject_hash`]; the keys
    /// are in [`Names`].
    subject_ids: HashTable<u32>,
    /// Local group ids by [`group_hash`] (of the local subject id), the
    /// groups in the base's [`Groups`] list of the shard. Never grown once
    /// numbered: a group's subject id there is the base's, not the local
    /// one it was hashed by.
    groups: HashTable<u32>,
    global_subjects: Vec<u32>,
    global_groups: Vec<u32>,
}

#[derive(Debug, Default)]
pub struct Names {
    /// Subjects and groups by shard (none until claims are placed).
    shards: Vec<SubjectShard>,
    /// Subject id → where its key and how reports show it (as its first
    /// fact, in load order, wrote it, or the alias's canonical side) are:
    /// in the lists the shards found them in.
    subjects: InShards<NamesAt>,
    /// The buffers subjects' names are in: each file's names as the loader
    /// wrote them, taken whole. Copying each subject's names into one
    /// buffer of their own cost a pass of cache misses and fresh pages (a
    /// twentieth of placing claims at 10M facts).
    name_buffers: Vec<String>,
    /// Attribute key (normalised) → id, and id → key.
    attribute_ids: FxHashMap<Arc<str>, u32>,
    attributes: Vec<Arc<str>>,
    /// Each spelling of an attribute, by id, and the spellings by text.
    attributes_shown: Vec<Box<str>>,
    written_attributes: FxHashMap<Box<str>, AttributeName>,
}

impl Names {
    /// How many subjects there are.
    pub fn subject_count(&self) -> usize {
        self.subjects.len()
    }

    /// Keep `buffers` as the buffers subjects' names are in; the index of
    /// the first, which a subject's `NamesAt::buffer` counts from.
    pub fn adopt_name_buffers(&mut self, buffers: impl Iterator<Item = String>) -> u32 {
        let first = self.name_buffers.len();
        self.name_buffers.extend(buffers);
        u32::try_from(first).expect("files are fewer than 4 billion")
    }

    /// Keep the subjects, numbered in order of first appearance: where each
    /// one's names are, in buffers already adopted. Subjects are set once.
    pub fn set_subjects(&mut self, subjects: InShards<NamesAt>) {
        debug_assert!(self.subjects.is_empty(), "subjects are set once");
        self.subjects = subjects;
    }

    /// Keep the shards the loader grouped claims into, once their subjects
    /// are set: `global_subjects` and `global_groups` give each shard's
    /// subjects' and groups' ids, by local id.
    pub fn set_shards(
        &mut self,
        shards: Vec<Grouping>,
        global_subjects: Vec<Vec<u32>>,
        global_groups: Vec<Vec<u32>>,
    ) {
        debug_assert!(self.shards.is_empty(), "claims are placed once");
        self.shards = shards
            .into_iter()
            .zip(global_subjects)
            .zip(global_groups)
            .map(
                |((grouping, global_subjects), global_groups)| SubjectShard {
                    subject_ids: grouping.subjects,
                    groups: grouping.groups,
                    global_subjects,
                    global_groups,
                },
            )
            .collect();
    }

    /// The id of a shard's subject, once numbered.
    pub fn global_subject(&self, shard: usize, local: u32) -> u32 {
        self.shards[shard].global_subjects[local as usize]
    }

    /// The index the base knows a shard's group by, once numbered.
    pub fn global_group(&self, shard: usize, local: u32) -> u32 {
        self.shards[shard].global_groups[local as usize]
    }

    /// An attribute as written, interning it on first sight; `declared`
    /// gives an attribute key's declaration.
    pub fn attribute(
        &mut self,
        written: &str,
        declared: impl Fn(&str) -> Option<Declared>,
    ) -> &AttributeName {
        if !self.written_attributes.contains_key(written) {
            let key: Arc<str> = normalize(written).into();
            let next = self.attributes.len() as u32;
            let id = *self.attribute_ids.entry(Arc::clone(&key)).or_insert(next);
            let declared = declared(&key);
            if id == next {
                self.attributes.push(key);
            }
            let name = AttributeName {
                id,
                shown_id: self.attributes_shown.len() as u32,
                declared,
            };
            self.attributes_shown.push(written.into());
            self.written_attributes.insert(written.into(), name);
        }
        &self.written_attributes[written]
    }

    /// Every subject as reports show it, in order of first appearance.
    pub fn subjects_shown(&self) -> impl Iterator<Item = &str> {
        (0..self.subjects.len() as u32).map(|id| self.subject_shown(id))
    }

    /// How many distinct subject keys and attribute keys there are.
    pub fn distinct(&self) -> usize {
        self.subjects.len() + self.attributes.len()
    }

    pub fn attribute_key(&self, id: u32) -> &str {
        &self.attributes[id as usize]
    }

    /// An attribute spelling by its [`AttributeName::shown_id`].
    pub fn attribute_shown(&self, shown_id: u32) -> &str {
        &self.attributes_shown[shown_id as usize]
    }

    /// Every attribute key, in order of first appearance.
    pub fn attribute_keys(&self) -> impl Iterator<Item = &str> {
        self.attributes.iter().map(|key| &**key)
    }

    /// A subject's key (normalised, aliases applied) by its id.
    pub fn subject_key(&self, id: u32) -> &str {
        self.subjects[id as usize].key(&self.name_buffers)
    }

    /// A subject as reports show it, by its id.
    pub fn subject_shown(&self, id: u32) -> &str {
        self.subjects[id as usize].shown(&self.name_buffers)
    }

    /// Whether some fact names a subject with this key.
    pub fn has_subject(&self, subject_key: &str) -> bool {
        self.find_subject(subject_key).is_some()
    }

    /// A subject's shard and id there, by its key.
    fn find_subject(&self, subject_key: &str) -> Option<(usize, u32)> {
        if self.shards.is_empty() {
            return None;
        }
        let hash = subject_hash(subject_key);
        let index = hash as usize % self.shards.len();
        let shard = &self.shards[index];
        let global = |local: u32| shard.global_subjects[local as usize];
        let local = *shard.subject_ids.find(hash, |&local| {
            self.subject_key(global(local)) == subject_key
        })?;
        Some((index, local))
    }

    /// The group of a subject and attribute given by their keys, among the
    /// base's `groups`.
    pub fn group(
        &self,
        groups: &Groups,
        subject_key: &str,
        attribute_key: &str,
        as_of: Option<DateLit>,
    ) -> Option<usize> {
        let (index, local) = self.find_subject(subject_key)?;
        let shard = &self.shards[index];
        let attribute = *self.attribute_ids.get(attribute_key)?;
        let subject = shard.global_subjects[local as usize];
        let group = *shard
            .groups
            .find(group_hash(local, attribute, as_of), |&group| {
                is_group(groups.in_list(index, group), subject, attribute, as_of)
            })?;
        Some(shard.global_groups[group as usize] as usize)
    }
}

/// A subject's `shown_len` when its spelling shown is its key, kept once
/// (see [`NamesAt`]). No spelling is this long: a file's names are shorter
/// than 4 GiB.
pub const SHOWN_AS_KEY: u32 = u32::MAX;

/// Where a subject's names are: its key, then how it is shown, from byte
/// `at` of a buffer [`Names`] adopted; or only its key, when that is how it
/// is shown (`shown_len` is [`SHOWN_AS_KEY`]).
#[derive(Debug, Clone, Copy)]
pub struct NamesAt {
    pub at: u32,
    pub buffer: u32,
    pub key_len: u32,
    pub shown_len: u32,
}

impl NamesAt {
    fn key<'b>(&self, buffers: &'b [String]) -> &'b str {
        let at = self.at as usize;
        &buffers[self.buffer as usize][at..at + self.key_len as usize]
    }

    fn shown<'b>(&self, buffers: &'b [String]) -> &'b str {
        if self.shown_len == SHOWN_AS_KEY {
            return self.key(buffers);
        }
        let at = self.at as usize + self.key_len as usize;
        &buffers[self.buffer as usize][at..at + self.shown_len as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Subjects set from several shards' lists read back by id as they
    /// were given, from several buffers.
    #[test]
    fn subjects_set_keep_their_names_and_order() {
        let mut table = Names::default();
        let names: Vec<(String, String)> = std::iter::once(("first".into(), "First".into()))
            .chain((0..50_000).map(|i| (format!("k{i}"), format!("Shown Ä{i}"))))
            .collect();
        let halves = [&names[..25_001], &names[25_001..]];
        let buffers = halves.map(|half| half.iter().map(|(k, s)| format!("{k}{s}")).collect());
        let first = table.adopt_name_buffers(["unused".to_string()].into_iter());
        let first = first + table.adopt_name_buffers(buffers.into_iter());
        // Shard 0 holds the odd ids, shard 1 the even ones.
        let mut lists = vec![Vec::new(), Vec::new()];
        let mut places = Vec::new();
        for (buffer, half) in halves.iter().enumerate() {
            let mut at = 0;
            for (key, shown) in half.iter() {
                let shard = (places.len() + 1) % 2;
                places.push((shard as u32, lists[shard].len() as u32));
                lists[shard].push(NamesAt {
                    at,
                    buffer: first + buffer as u32,
                    key_len: key.len() as u32,
                    shown_len: shown.len() as u32,
                });
                at += (key.len() + shown.len()) as u32;
            }
        }
        table.set_subjects(InShards::from_lists(lists, places));
        assert_eq!(table.subject_count(), 50_001);
        assert_eq!(
            (table.subject_key(0), table.subject_shown(0)),
            ("first", "First")
        );
        for id in [1, 16_384, 25_000, 25_001, 32_768, 49_999, 50_000] {
            let (key, shown) = &names[id as usize];
            assert_eq!(
                (table.subject_key(id), table.subject_shown(id)),
                (key.as_str(), shown.as_str())
            );
        }
    }
}
