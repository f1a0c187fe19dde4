//! The loaded fact base: every file's text, the sources, the claims grouped by
//! (subject, attribute, as-of), the assertions and accepts to judge, and what
//! went wrong while loading.

use std::collections::HashMap;

use smallvec::SmallVec;

use crate::model::{Text, Value};
use crate::syntax::{Accept, Assertion, DateLit, Path, Span};

/// One loaded file: the path as reached from the PATH given, and its text.
#[derive(Debug, Clone)]
pub struct LoadedFile {
    pub path: String,
    pub text: String,
    /// Where each of its lines starts, when its loading found out (empty
    /// otherwise): the outline walks every line anyway, and a diagnostic
    /// drawn in the file then needs no pass of its own over the text.
    pub line_starts: Vec<u32>,
}

/// A place in a loaded file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub file: usize,
    pub span: Span,
}

#[derive(Debug, Clone)]
pub struct Source {
    pub id: String,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<DateLit>,
    /// The source text's path as people see it, and the text itself.
    pub file: Option<String>,
    /// Where the `file "…"` value is written, for errors about it.
    pub file_span: Option<Span>,
    pub text: Option<String>,
    /// The text normalised once, for quote lookups.
    pub normalized: Option<String>,
    pub declared: Location,
    /// How many facts are attributed to this source.
    pub facts: usize,
}

/// One fact in the fact base.
#[derive(Debug, Clone)]
pub struct Claim {
    /// The claim's group and source (read them with [`Claim::group`] and
    /// [`Claim::source`]), in 32 bits: a million claims hold one each.
    pub group_id: u32,
    pub value: Value,
    pub source_id: u32,
    /// The whole fact statement (read it with [`FactBase::claim_at`]).
    fact: FactAt,
    /// Where the value is written in the fact; [`FactBase::written`] reads
    /// the value from there rather than each claim keeping a copy, and
    /// [`FactBase::value_span`] gives its span. Its quote, if any, is in
    /// [`FactBase::quotes`] ([`FactBase::quote_at`]): only a few claims
    /// carry one, and the rest should not pay its size.
    pub value_at: ValueAt,
}

impl Claim {
    /// Index into [`FactBase::groups`].
    pub fn group(&self) -> usize {
        self.group_id as usize
    }

    /// Index into [`FactBase::sources`].
    pub fn source(&self) -> usize {
        self.source_id as usize
    }

    /// The file of its fact statement (an index into [`FactBase::files`]).
    pub fn file(&self) -> usize {
        self.fact.file as usize
    }

    /// Where its fact statement starts, in bytes into its file.
    pub fn fact_start(&self) -> usize {
        self.fact.start as usize
    }

    /// The line of its fact statement (1-based).
    pub fn line(&self) -> u32 {
        self.fact.line
    }

    /// Whether its fact statement is the one at `at`.
    pub fn is_at(&self, at: Location) -> bool {
        (
            self.file(),
            self.fact_start(),
            self.fact.end as usize,
            self.line(),
        ) == (at.file, at.span.start, at.span.end, at.span.line)
    }

    /// A claim not yet in a group: grouping gives it its group.
    pub fn new(value: Value, source_id: u32, at: Location, value_at: ValueAt) -> Claim {
        Claim {
            group_id: 0,
            value,
            source_id,
            fact: FactAt::new(at),
            value_at,
        }
    }
}

/// A [`Location`] but its column, in 16 bytes where it takes 32: a fact
/// file is shorter than 4 GiB
/// ([`Limits::fact_file_bytes`](super::Limits::fact_file_bytes)), so its
/// offsets fit 32 bits, and the column follows from the text
/// ([`FactBase::claim_at`]). A claim is a million times over: this keeps
/// one in 72 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FactAt {
    file: u32,
    start: u32,
    end: u32,
    line: u32,
}

const _: () = assert!(std::mem::size_of::<Claim>() == 72);

impl FactAt {
    fn new(at: Location) -> FactAt {
        let fits = |n: usize| u32::try_from(n).expect("fact files are shorter than 4 GiB");
        FactAt {
            file: fits(at.file),
            start: fits(at.span.start),
            end: fits(at.span.end),
            line: at.span.line,
        }
    }
}

/// Where a claim's value is written: its offset from its fact's start, and
/// its length, in bytes. A fact is one line, and lines are shorter than
/// 4 GiB (see [`Limits::line_bytes`](super::Limits::line_bytes)), so this
/// takes 8 bytes where a [`Span`] takes 24, and the line and column follow
/// from the fact's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValueAt {
    offset: u32,
    len: u32,
}

impl ValueAt {
    /// The place of `value`, a span inside the one-line `fact`.
    pub fn within(fact: Span, value: Span) -> ValueAt {
        let fits = |bytes: usize| u32::try_from(bytes).expect("lines are shorter than 4 GiB");
        ValueAt {
            offset: fits(value.start - fact.start),
            len: fits(value.len()),
        }
    }
}

/// Every claim, in load order, indexed `0..len()` like one list. Each
/// file's reading makes its own list; the base keeps those lists rather than
/// copying a million claims into one (which held them twice at the peak and
/// cost a serial pass). Finding a claim by index is a binary search over the
/// lists' first indexes: one per file, so a handful of steps.
#[derive(Debug, Clone, Default)]
pub struct Claims {
    lists: Vec<Vec<Claim>>,
    /// Each list's first claim's index; no list is empty.
    starts: Vec<usize>,
    len: usize,
}

impl Claims {
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Append a file's claims (taken whole, not copied).
    pub fn append_list(&mut self, list: Vec<Claim>) {
        if list.is_empty() {
            return;
        }
        self.starts.push(self.len);
        self.len += list.len();
        self.lists.push(list);
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Claim> + Clone {
        self.lists.iter().flatten()
    }

    pub fn get(&self, index: usize) -> Option<&Claim> {
        let list = self.starts.partition_point(|&start| start <= index);
        let list = list.checked_sub(1)?;
        self.lists[list].get(index - self.starts[list])
    }

    /// The claim the fact at `at` makes, if it makes one: each list is one
    /// file's claims, the lists in load order and each in order of place,
    /// so this searches instead of scanning a million claims.
    pub fn find_at(&self, at: Location) -> Option<&Claim> {
        let list = self.lists.partition_point(|list| list[0].file() < at.file);
        let list = self.lists.get(list)?;
        let index = list.partition_point(|claim| claim.fact_start() < at.span.start);
        list.get(index).filter(|claim| claim.is_at(at))
    }
}

/// Items numbered `0..len()` (groups, subjects' names) that stay in the
/// lists they were made in, one per shard of grouping, each id knowing its
/// list and index: gathering them into one list in id order held them all
/// twice at the peak, and gathering the groups was the slowest step of
/// numbering at 10M facts.
#[derive(Debug, Clone)]
pub struct InShards<T> {
    lists: Vec<Vec<T>>,
    /// Each id's list, and index in it.
    places: Vec<(u32, u32)>,
}

impl<T> Default for InShards<T> {
    fn default() -> Self {
        InShards {
            lists: Vec::new(),
            places: Vec::new(),
        }
    }
}

impl<T> InShards<T> {
    /// The items in `lists`, `places` giving each id's list and index.
    pub fn from_lists(lists: Vec<Vec<T>>, places: Vec<(u32, u32)>) -> InShards<T> {
        debug_assert_eq!(places.len(), lists.iter().map(Vec::len).sum::<usize>());
        InShards { lists, places }
    }

    pub fn len(&self) -> usize {
        self.places.len()
    }

    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    pub fn get(&self, id: usize) -> Option<&T> {
        let &(list, index) = self.places.get(id)?;
        Some(&self.lists[list as usize][index as usize])
    }

    /// The item at `index` in list `list`: the lists are grouping's shards,
    /// and an index there is the item's id local to its shard.
    pub fn in_list(&self, list: usize, index: u32) -> &T {
        &self.lists[list][index as usize]
    }

    /// Ask for item `id`'s memory ahead of reading it (see
    /// [`crate::prefetch`]): items read in id order come from every
    /// shard's list in turn, more streams than the processor follows.
    /// (Reading groups list by list instead was no faster: their claims
    /// then lie further apart.)
    pub fn prefetch(&self, id: usize) {
        if let Some(&(list, index)) = self.places.get(id) {
            crate::prefetch::prefetch(&self.lists[list as usize][index as usize]);
        }
    }

    /// The items in id order.
    pub fn iter(&self) -> impl Iterator<Item = &T> + Clone {
        self.places
            .iter()
            .map(|&(list, index)| &self.lists[list as usize][index as usize])
    }
}

impl<T> std::ops::Index<usize> for InShards<T> {
    type Output = T;

    fn index(&self, id: usize) -> &T {
        match self.get(id) {
            Some(item) => item,
            None => panic!("id {id} out of range: there are {}", self.len()),
        }
    }
}

/// Every group, indexed `0..len()` by id (ids follow first appearance in
/// load order), in the lists grouping made them in.
pub type Groups = InShards<Group>;

impl std::ops::Index<usize> for Claims {
    type Output = Claim;

    fn index(&self, index: usize) -> &Claim {
        match self.get(index) {
            Some(claim) => claim,
            None => panic!("claim {index} out of range: there are {}", self.len),
        }
    }
}

impl<'a> IntoIterator for &'a Claims {
    type Item = &'a Claim;
    type IntoIter = std::iter::Flatten<std::slice::Iter<'a, Vec<Claim>>>;

    fn into_iter(self) -> Self::IntoIter {
        self.lists.iter().flatten()
    }
}

/// All claims about one (subject, attribute, as-of). Names are ids into
/// [`FactBase::names`] (read them with [`FactBase::subject_of`] and its
/// siblings): half a million groups would otherwise hold two million
/// pointers to shared strings, and count references to them.
#[derive(Debug, Clone)]
pub struct Group {
    /// The subject: its key (aliases applied) and how reports show it.
    pub subject_id: u32,
    /// The attribute's key.
    pub attribute_id: u32,
    /// The attribute as the group's first claim wrote it.
    pub attribute_shown_id: u32,
    pub as_of: Option<DateLit>,
    pub many: bool,
    /// Indexes into `FactBase::claims`, in load order.
    pub claims: ClaimIds,
}

impl Group {
    /// The group's as-of date as reports add it after its path
    /// (` as of 2025-06`), or nothing.
    pub fn as_of_shown(&self) -> String {
        self.as_of
            .map(|date| format!(" as of {date}"))
            .unwrap_or_default()
    }
}

/// A group's claims, as indexes into [`FactBase::claims`]. Groups are
/// stated by a handful of sources: up to four ids are kept inline (as
/// `u32`, in the room two `usize` would take) rather than in an allocation
/// of their own, which at a million claims was a hundred thousand
/// allocations for groups of three or four.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimIds(SmallVec<[u32; 4]>);

impl ClaimIds {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, claim: usize) {
        let claim = u32::try_from(claim).expect("claim ids fit in u32: a base holds far fewer");
        self.0.push(claim);
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn first(&self) -> Option<usize> {
        self.0.first().map(|&claim| claim as usize)
    }

    pub fn iter(&self) -> ClaimIdsIter<'_> {
        self.0.iter().copied().map(|claim| claim as usize)
    }

    pub fn to_vec(&self) -> Vec<usize> {
        self.iter().collect()
    }
}

pub type ClaimIdsIter<'a> =
    std::iter::Map<std::iter::Copied<std::slice::Iter<'a, u32>>, fn(u32) -> usize>;

impl<'a> IntoIterator for &'a ClaimIds {
    type Item = usize;
    type IntoIter = ClaimIdsIter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// A fact whose value does not fit its attribute's declared type.
#[derive(Debug, Clone)]
pub struct TypeMismatch {
    pub at: Location,
    pub value_span: Span,
    /// The fact's subject key (aliases applied), to tell an assertion on
    /// its path why no claim states it.
    pub subject_key: Box<str>,
    pub attribute: String,
    pub expected: &'static str,
    pub found: &'static str,
    pub value: String,
    /// Where the attribute's type is declared.
    pub declared: Location,
}

/// A quote to verify: its claim's place and text.
#[derive(Debug, Clone)]
pub struct QuoteRef {
    pub at: Location,
    pub source: usize,
    pub text: String,
    pub span: Span,
}

/// A load error or warning, located where a person must look.
#[derive(Debug, Clone)]
pub struct Problem {
    /// The path shown (a file, or a PATH that could not be used).
    pub path: String,
    pub line: u32,
    pub column: u32,
    /// The file and span to show, when the problem lies in a loaded file.
    pub at: Option<Location>,
    pub message: String,
    pub label: String,
}

#[derive(Debug, Clone)]
pub struct LocatedAssertion {
    pub file: usize,
    pub assertion: Assertion,
}

#[derive(Debug, Clone)]
pub struct LocatedAccept {
    pub file: usize,
    pub accept: Accept,
    pub subject_key: String,
    pub attribute_key: String,
}

#[derive(Debug, Default)]
pub struct FactBase {
    pub files: Vec<LoadedFile>,
    pub sources: Vec<Source>,
    pub claims: Claims,
    pub groups: Groups,
    /// Interned subjects and attributes, and the groups by their ids.
    pub names: super::names::Names,
    pub assertions: Vec<LocatedAssertion>,
    pub accepts: Vec<LocatedAccept>,
    pub quotes: Vec<QuoteRef>,
    pub type_mismatches: Vec<TypeMismatch>,
    pub aliases: super::aliases::Aliases,
    /// Attribute key → (type, many) as first declared.
    pub attributes: HashMap<String, (crate::syntax::AttributeType, bool)>,
    /// Attribute key → where it is first declared, for type mismatches to
    /// point at.
    pub attribute_declarations: HashMap<String, Location>,
    pub warnings: Vec<Problem>,
    pub errors: Vec<Problem>,
    /// Whether a "did you mean" for an assertion on a subject no fact names
    /// searches every subject ([`super::limits::searches_every_subject`]).
    pub searches_every_subject: bool,
}

impl FactBase {
    /// The group an assertion's PATH reads (the one without `as of`), by
    /// normalised subject (aliases applied) and attribute.
    /// The keys a path's group is found by: its subject's (aliases applied,
    /// the key of the text returned) and its attribute's.
    pub fn path_keys(&self, path: &Path) -> (Text, String) {
        (
            self.aliases.resolve(&path.subject.text),
            crate::model::normalize(&path.attribute.text),
        )
    }

    pub fn group(&self, subject_key: &str, attribute_key: &str) -> Option<(usize, &Group)> {
        let index = self
            .names
            .group(&self.groups, subject_key, attribute_key, None)?;
        Some((index, &self.groups[index]))
    }

    /// A group's subject as reports show it.
    pub fn subject_of(&self, group: &Group) -> &str {
        self.names.subject_shown(group.subject_id)
    }

    /// A group's subject key: normalised, aliases applied.
    pub fn subject_key_of(&self, group: &Group) -> &str {
        self.names.subject_key(group.subject_id)
    }

    /// A group's attribute as its first claim wrote it.
    pub fn attribute_of(&self, group: &Group) -> &str {
        self.names.attribute_shown(group.attribute_shown_id)
    }

    /// A group's attribute key (normalised).
    pub fn attribute_key_of(&self, group: &Group) -> &str {
        self.names.attribute_key(group.attribute_id)
    }

    /// A group's path as an assertion would write it: `"Ana B" age`.
    pub fn path_of(&self, group: &Group) -> String {
        let subject = crate::syntax::name_literal(self.subject_of(group));
        format!("{subject} {}", self.attribute_of(group))
    }

    /// What a contradiction in `group` between `claims` is called: the
    /// sources disagree, or one source contradicts itself (SPEC §4: a
    /// contradiction may lie within one source).
    pub fn disagreement(&self, group: &Group, claims: &[usize]) -> String {
        let as_of = group.as_of_shown();
        let path = self.path_of(group);
        let source = |claim: &usize| self.claims[*claim].source();
        match claims.first().map(source) {
            Some(first) if claims.iter().all(|claim| source(claim) == first) => format!(
                "source `{}` contradicts itself on `{path}`{as_of}",
                self.sources[first].id
            ),
            _ => format!("sources disagree on `{path}`{as_of}"),
        }
    }

    /// The order groups are listed in (SPEC §6): normalised subject, then
    /// attribute (code point order), then as-of date, none first.
    pub fn group_order(&self, group: usize) -> (&str, &str, Option<DateLit>) {
        let group = &self.groups[group];
        (
            self.subject_key_of(group),
            self.attribute_key_of(group),
            group.as_of,
        )
    }

    /// Sort `items` by their groups' [`group_order`](Self::group_order),
    /// keeping the order of items of one group. Each subject key is copied
    /// once, most of them inline: compared where they lie, anywhere in the
    /// base's names, every comparison missed the caches (at 10M facts the
    /// contradictions' sort took 20× its time at 1M).
    pub fn sort_by_group_order<T>(&self, items: &mut [T], group: impl Fn(&T) -> usize) {
        items.sort_by_cached_key(|item| {
            let (subject, attribute, as_of) = self.group_order(group(item));
            (compact_str::CompactString::from(subject), attribute, as_of)
        });
    }

    /// Where a claim's fact statement is, with its line and column.
    pub fn claim_at(&self, claim: &Claim) -> Location {
        let (file, start) = (claim.file(), claim.fact_start());
        Location {
            file,
            span: Span {
                start,
                end: claim.fact.end as usize,
                line: claim.line(),
                column: self.column_at(file, start),
            },
        }
    }

    /// The column (1-based, in characters, SPEC §6) of byte `offset` of a
    /// loaded file.
    fn column_at(&self, file: usize, offset: usize) -> u32 {
        let before = &self.files[file].text[..offset];
        let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
        let column = before[line_start..].chars().count() + 1;
        u32::try_from(column).expect("lines are shorter than 4 GiB")
    }

    /// A claim's value exactly as written.
    pub fn written(&self, claim: &Claim) -> &str {
        &self.files[claim.file()].text[self.value_bytes(claim)]
    }

    /// Where a claim's value is written in its file, in bytes: a column
    /// costs a look along its line, which drawing a label does not need.
    pub fn value_bytes(&self, claim: &Claim) -> std::ops::Range<usize> {
        let start = claim.fact_start() + claim.value_at.offset as usize;
        start..start + claim.value_at.len as usize
    }

    /// Where a claim's value is written, with its line and column.
    pub fn value_span(&self, claim: &Claim) -> Span {
        let bytes = self.value_bytes(claim);
        Span {
            start: bytes.start,
            end: bytes.end,
            line: claim.line(),
            column: self.column_at(claim.file(), bytes.start),
        }
    }

    /// A claim as diagnostics word it: `s1 says 9`.
    pub fn says(&self, claim: &Claim) -> String {
        format!(
            "{} says {}",
            self.sources[claim.source()].id,
            self.written(claim)
        )
    }

    /// The text of a loaded file at a span.
    pub fn text_at(&self, file: usize, span: Span) -> &str {
        &self.files[file].text[span.start..span.end]
    }

    /// The sort key "by file then line" (SPEC §6): the path shown, then the
    /// line and column.
    pub fn place(&self, at: Location) -> (&str, u32, u32) {
        (&self.files[at.file].path, at.span.line, at.span.column)
    }

    /// The quote of the fact at `at`, if it has one. Quotes are kept in
    /// load order (file by file, each file's in order), so this searches
    /// rather than every claim keeping a pointer to its quote.
    pub fn quote_at(&self, at: Location) -> Option<&QuoteRef> {
        let key = |quote: &QuoteRef| (quote.at.file, quote.at.span.start);
        let index = self
            .quotes
            .partition_point(|quote| key(quote) < (at.file, at.span.start));
        self.quotes.get(index).filter(|quote| quote.at == at)
    }

    pub fn problem_at(
        &self,
        at: Location,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Problem {
        Problem {
            path: self.files[at.file].path.clone(),
            line: at.span.line,
            column: at.span.column,
            at: Some(at),
            message: message.into(),
            label: label.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn group(subject_id: u32) -> Group {
        Group {
            subject_id,
            attribute_id: 0,
            attribute_shown_id: 0,
            as_of: None,
            many: false,
            claims: ClaimIds::new(),
        }
    }

    /// Groups kept in several lists read back by id, in id order, however
    /// their places interleave the lists.
    #[test]
    fn groups_are_read_by_id_across_their_lists() {
        let lists = vec![vec![group(10), group(12)], vec![group(11)], vec![group(13)]];
        let places = vec![(0, 0), (1, 0), (0, 1), (2, 0)];
        let groups = Groups::from_lists(lists, places);
        let ids: Vec<u32> = groups.iter().map(|g| g.subject_id).collect();
        assert_eq!(ids, [10, 11, 12, 13]);
        assert_eq!(groups[2].subject_id, 12);
        assert_eq!(groups.len(), 4);
        assert!(groups.get(4).is_none());
    }
}
