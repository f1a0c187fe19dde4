//! Interned names: each distinct spelling of a subject or attribute is
//! normalised once, and groups are keyed by small ids instead of strings.
//! At newsroom scale (a million facts) this is most of the loader's work.
//!
//! Names are shared (`Arc<str>`): half a million groups point at the same
//! few strings instead of each holding copies, which is most of the memory a
//! large base would otherwise spend on names.
//!
//! Subjects and their groups live in shards picked by a hash of the
//! subject's key, so that the loader can find them in parallel, one shard
//! per task; ids are still numbered in order of first appearance.

use std::hash::BuildHasher;
use std::sync::Arc;

use rustc_hash::{FxBuildHasher, FxHashMap};

use crate::model::normalize;
use crate::syntax::{AttributeType, DateLit};

/// An attribute's declared type and whether it is many-valued.
pub type Declared = (AttributeType, bool);

/// An attribute as one fact wrote it: its id, the spelling shown, and its
/// declaration (looked up once per spelling, not once per fact).
#[derive(Debug, Clone)]
pub struct AttributeName {
    pub id: u32,
    pub shown: Arc<str>,
    pub declared: Option<Declared>,
}

/// The hash that places a subject key in its shard.
pub fn subject_hash(key: &str) -> u64 {
    FxBuildHasher.hash_one(key)
}

/// The subjects whose keys hash to one shard, and their groups. Ids inside
/// a shard are local; `global_groups` gives the index the whole base knows
/// each group by.
#[derive(Debug, Default)]
pub struct SubjectShard {
    subject_ids: FxHashMap<Arc<str>, u32>,
    /// (subject, attribute id, as-of) → group, all local but the attribute.
    groups: FxHashMap<(u32, u32, Option<DateLit>), u32>,
    global_groups: Vec<usize>,
}

impl SubjectShard {
    /// The local id of a subject key; `None` the first time, after which
    /// the caller must [`SubjectShard::add_subject`] it.
    pub fn subject(&self, key: &str) -> Option<u32> {
        self.subject_ids.get(key).copied()
    }

    pub fn add_subject(&mut self, key: Arc<str>) -> u32 {
        let id = self.subject_ids.len() as u32;
        self.subject_ids.insert(key, id);
        id
    }

    /// The local id of a group and whether it is new.
    pub fn group(&mut self, subject: u32, attribute: u32, as_of: Option<DateLit>) -> (u32, bool) {
        let next = self.groups.len() as u32;
        let id = *self
            .groups
            .entry((subject, attribute, as_of))
            .or_insert(next);
        (id, id == next)
    }
}

#[derive(Debug, Default)]
pub struct Names {
    /// Subjects and groups by shard (none until claims are placed).
    shards: Vec<SubjectShard>,
    /// Subject id → its key and how reports show it: as its first fact (in
    /// load order) wrote it, or the alias's canonical side.
    subjects: Vec<(Arc<str>, Arc<str>)>,
    /// Attribute key (normalised) → id, and id → key.
    attribute_ids: FxHashMap<Arc<str>, u32>,
    attributes: Vec<Arc<str>>,
    written_attributes: FxHashMap<Box<str>, AttributeName>,
}

impl Names {
    /// Take the shards the loader grouped claims into; their subjects and
    /// groups are then added with [`Names::push_subject`] and
    /// [`Names::number_group`].
    pub fn set_shards(&mut self, mut shards: Vec<SubjectShard>) {
        debug_assert!(self.shards.is_empty(), "claims are placed once");
        for shard in &mut shards {
            shard.global_groups = vec![0; shard.groups.len()];
        }
        self.shards = shards;
    }

    /// Add the next subject (in order of first appearance), with its key and
    /// how it is shown.
    pub fn push_subject(&mut self, key: Arc<str>, shown: Arc<str>) {
        self.subjects.push((key, shown));
    }

    /// Give a shard's group the index the base knows it by.
    pub fn number_group(&mut self, shard: usize, local: u32, index: usize) {
        self.shards[shard].global_groups[local as usize] = index;
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
                shown: written.into(),
                declared,
            };
            self.written_attributes.insert(written.into(), name);
        }
        &self.written_attributes[written]
    }

    /// Every subject as reports show it, in order of first appearance.
    pub fn subjects_shown(&self) -> impl Iterator<Item = &str> {
        self.subjects.iter().map(|(_, shown)| &**shown)
    }

    /// How many distinct subject keys and attribute keys there are.
    pub fn distinct(&self) -> usize {
        self.subjects.len() + self.attributes.len()
    }

    pub fn attribute_key(&self, id: u32) -> &Arc<str> {
        &self.attributes[id as usize]
    }

    /// The group of a subject and attribute given by their keys.
    pub fn group(
        &self,
        subject_key: &str,
        attribute_key: &str,
        as_of: Option<DateLit>,
    ) -> Option<usize> {
        if self.shards.is_empty() {
            return None;
        }
        let shard = &self.shards[subject_hash(subject_key) as usize % self.shards.len()];
        let subject = shard.subject(subject_key)?;
        let attribute = *self.attribute_ids.get(attribute_key)?;
        let group = *shard.groups.get(&(subject, attribute, as_of))?;
        Some(shard.global_groups[group as usize])
    }
}
