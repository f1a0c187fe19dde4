//! Interned names: each distinct spelling of a subject or attribute is
//! normalised once, and groups are keyed by small ids instead of strings.
//! At newsroom scale (a million facts) this is most of the loader's work.
//!
//! Names are shared (`Arc<str>`): half a million groups point at the same
//! few strings instead of each holding copies, which is most of the memory a
//! large base would otherwise spend on names.

use std::sync::Arc;

use rustc_hash::FxHashMap;

use crate::model::{normalize, Text};
use crate::syntax::{AttributeType, DateLit};

/// A group's identity: (subject id, attribute id, as-of date).
type GroupKey = (u32, u32, Option<DateLit>);

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

#[derive(Debug, Default)]
pub struct Names {
    /// Subject key (normalised, aliases applied) → id.
    subject_ids: FxHashMap<Arc<str>, u32>,
    /// Subject id → its key and how reports show it: as its first fact (in
    /// load order) wrote it, or the alias's canonical side.
    subjects: Vec<(Arc<str>, Arc<str>)>,
    /// Attribute key (normalised) → id, and id → key.
    attribute_ids: FxHashMap<Arc<str>, u32>,
    attributes: Vec<Arc<str>>,
    written_attributes: FxHashMap<Box<str>, AttributeName>,
    groups: FxHashMap<GroupKey, usize>,
}

impl Names {
    /// The id of a subject by its key (aliases applied), interning it on
    /// first sight with the spelling it is shown by.
    pub fn subject(&mut self, text: &Text) -> u32 {
        if let Some(&id) = self.subject_ids.get(text.key.as_str()) {
            return id;
        }
        let id = self.subjects.len() as u32;
        let key: Arc<str> = text.key.as_str().into();
        self.subject_ids.insert(Arc::clone(&key), id);
        self.subjects.push((key, text.shown.as_str().into()));
        id
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

    pub fn subject_key(&self, id: u32) -> &Arc<str> {
        &self.subjects[id as usize].0
    }

    pub fn subject_shown(&self, id: u32) -> &Arc<str> {
        &self.subjects[id as usize].1
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

    /// The group of (subject id, attribute id, as-of), if it exists.
    pub fn find_group(&self, key: GroupKey) -> Option<usize> {
        self.groups.get(&key).copied()
    }

    pub fn insert_group(&mut self, key: GroupKey, index: usize) {
        self.groups.insert(key, index);
    }

    /// The group of a subject and attribute given by their keys.
    pub fn group(
        &self,
        subject_key: &str,
        attribute_key: &str,
        as_of: Option<DateLit>,
    ) -> Option<usize> {
        let subject = *self.subject_ids.get(subject_key)?;
        let attribute = *self.attribute_ids.get(attribute_key)?;
        self.groups.get(&(subject, attribute, as_of)).copied()
    }
}
