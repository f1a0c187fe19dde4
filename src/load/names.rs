//! Interned names: each distinct spelling of a subject or attribute is
//! normalised once, and groups are keyed by small ids instead of strings.
//! At newsroom scale (a million facts) this is most of the loader's work.

use rustc_hash::FxHashMap;

use super::aliases::Aliases;
use crate::model::normalize;
use crate::syntax::DateLit;

/// A group's identity: (subject id, attribute id, as-of date).
type GroupKey = (u32, u32, Option<DateLit>);

#[derive(Debug, Default)]
pub struct Names {
    /// Subject key (normalised, aliases applied) → id.
    subject_ids: FxHashMap<String, u32>,
    /// Subject id → its key and how reports show it: as its first fact (in
    /// load order) wrote it, or the alias's canonical side.
    subjects: Vec<(String, String)>,
    /// A subject exactly as written → id.
    written_subjects: FxHashMap<String, u32>,
    /// Attribute key (normalised) → id, and id → key.
    attribute_ids: FxHashMap<String, u32>,
    attributes: Vec<String>,
    written_attributes: FxHashMap<String, u32>,
    groups: FxHashMap<GroupKey, usize>,
}

impl Names {
    /// The id of a subject as written, interning it on first sight.
    pub fn subject(&mut self, aliases: &Aliases, written: &str) -> u32 {
        if let Some(&id) = self.written_subjects.get(written) {
            return id;
        }
        let text = aliases.resolve(written);
        let next = self.subjects.len() as u32;
        let id = *self.subject_ids.entry(text.key.clone()).or_insert(next);
        if id == next {
            self.subjects.push((text.key, text.shown));
        }
        self.written_subjects.insert(written.to_string(), id);
        id
    }

    /// The id of an attribute as written, interning it on first sight.
    pub fn attribute(&mut self, written: &str) -> u32 {
        if let Some(&id) = self.written_attributes.get(written) {
            return id;
        }
        let key = normalize(written);
        let next = self.attributes.len() as u32;
        let id = *self.attribute_ids.entry(key.clone()).or_insert(next);
        if id == next {
            self.attributes.push(key);
        }
        self.written_attributes.insert(written.to_string(), id);
        id
    }

    pub fn subject_key(&self, id: u32) -> &str {
        &self.subjects[id as usize].0
    }

    pub fn subject_shown(&self, id: u32) -> &str {
        &self.subjects[id as usize].1
    }

    /// Every subject as reports show it, in order of first appearance.
    pub fn subjects_shown(&self) -> impl Iterator<Item = &str> {
        self.subjects.iter().map(|(_, shown)| shown.as_str())
    }

    pub fn attribute_key(&self, id: u32) -> &str {
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
