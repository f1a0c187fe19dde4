//! Limits on what one run reads, so that no input, however large or
//! strange, makes the runner exhaust memory or time. Each limit is generous
//! for real fact bases and, when reached, is a load error located where a
//! person can see why.

use std::collections::HashSet;
use std::io::Read as _;
use std::path::Path;

use crate::model::Value;
use crate::syntax::{Span, Term, TermKind};

use super::discover::plain_io_error;
use super::{FactBase, Location};

/// How much one run may read. `Limits::default()` is what `factcheck test`
/// uses; `--max-file-size` and `--max-names` change those two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Bytes in one file: a fact file or a source text.
    pub max_file_bytes: u64,
    /// Bytes in one line of a fact file (the line being parsed).
    pub max_line_bytes: usize,
    /// Items in one list value.
    pub max_list_items: usize,
    /// Fact files loaded in one run.
    pub max_files: usize,
    /// Distinct names (subjects, attributes and source ids) in one run: ten
    /// million, enough for a base of tens of millions of facts (a 10M-fact
    /// corpus has about 3.3M subjects).
    pub max_names: usize,
    /// Claims in one contradictory (subject, attribute, as-of): a verdict on
    /// an accepted contradiction weighs pairs of claims until their truths
    /// are mixed, all of them when every pair agrees, so this bounds the work
    /// of each assertion. 4,096 is far past the sources any newsroom has on
    /// one figure, so no real fact base meets it (SPEC §4 reports every
    /// claim of a contradiction). Groups whose claims agree (and many-valued
    /// ones, which never contradict) are not limited.
    pub max_claims_per_group: usize,
    /// Comparisons of names a "did you mean" for an assertion on a subject
    /// no fact names may make: it compares every subject (at most one per
    /// fact) with every such assertion's, so it is made only when facts
    /// times assertions are at most this. A newsroom's thousands of facts
    /// and hundreds of assertions are searched; not a benchmark's million
    /// facts, where the searches would cost more than the run.
    pub max_name_comparisons: usize,
}

impl Limits {
    /// The most bytes one line may hold. Never 4 GiB or more, whatever
    /// `max_line_bytes` says: a fact is one line, and a claim keeps its
    /// value's place in the fact in 32 bits ([`ValueAt`](super::ValueAt)).
    pub fn line_bytes(&self) -> usize {
        self.max_line_bytes.min(u32::MAX as usize)
    }

    /// The most bytes one fact file may hold. Never 4 GiB or more, whatever
    /// `max_file_bytes` says: a claim keeps its fact's place in its file in
    /// 32 bits ([`FactAt`](super::base::FactAt)), a million claims one each.
    /// Source texts are not held to it.
    pub fn fact_file_bytes(&self) -> u64 {
        self.max_file_bytes.min(u64::from(u32::MAX))
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 64 * 1024 * 1024,
            max_line_bytes: 16 * 1024 * 1024,
            max_list_items: 10_000,
            max_files: 100_000,
            max_names: 10_000_000,
            max_claims_per_group: 4096,
            max_name_comparisons: 2_000_000,
        }
    }
}

/// Read at most `max` bytes of a file: a file that is larger (or grows while
/// being read, or never ends) is refused without reading the rest.
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path).map_err(|error| plain_io_error(&error))?;
    // Sized from the file's length: read through `take`, which hides it,
    // the buffer grew by doubling, copying each file's text a dozen times.
    let size = file.metadata().map_or(0, |meta| meta.len());
    let mut bytes = Vec::with_capacity(usize::try_from(size.min(max) + 1).unwrap_or(0));
    file.take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| plain_io_error(&error))?;
    if bytes.len() as u64 > max {
        return Err(too_large_message(max));
    }
    Ok(bytes)
}

pub fn too_large_message(max: u64) -> String {
    format!(
        "it is larger than {}, the most one file may hold; raise the limit with `--max-file-size`",
        describe_size(max)
    )
}

/// A size for people: `64 MiB`, `512 KiB`, `100 bytes`.
pub fn describe_size(bytes: u64) -> String {
    const UNITS: [(u64, &str); 3] = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")];
    for (unit, name) in UNITS {
        if bytes >= unit && bytes.is_multiple_of(unit) {
            return format!("{} {name}", bytes / unit);
        }
    }
    format!("{bytes} bytes")
}

/// Read a size as given on the command line: bytes, or a number followed by
/// `K`, `M` or `G` (binary units, `KiB`/`MiB`/`GiB` spelled out too).
pub fn parse_size(text: &str) -> Result<u64, String> {
    let trimmed = text.trim();
    let digits_end = trimmed
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(trimmed.len());
    let (digits, unit) = trimmed.split_at(digits_end);
    let number: u64 = digits
        .parse()
        .map_err(|_| format!("`{text}` is not a size: write bytes, or a number with K, M or G"))?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("`{text}` has an unknown unit: use K, M or G")),
    };
    number
        .checked_mul(factor)
        .ok_or_else(|| format!("`{text}` is too large a size"))
}

/// A line longer than the limit: where the limit is crossed, so the error
/// points into the line rather than drawing all of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LongLine {
    pub span: Span,
    pub bytes: usize,
}

/// Every line of `text` longer than `max` bytes.
pub fn long_lines(text: &str, max: usize) -> Vec<LongLine> {
    let mut found = Vec::new();
    if text.len() <= max {
        return found; // no line can be longer than the text
    }
    let mut offset = 0;
    for (index, raw) in text.split('\n').enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.len() > max {
            let mut cut = max;
            while !line.is_char_boundary(cut) {
                cut -= 1;
            }
            let next = line[cut..].chars().next().map_or(1, char::len_utf8);
            found.push(LongLine {
                span: Span {
                    start: offset + cut,
                    end: offset + cut + next,
                    line: u32::try_from(index + 1).unwrap_or(u32::MAX),
                    column: u32::try_from(line[..cut].chars().count() + 1).unwrap_or(u32::MAX),
                },
                bytes: line.len(),
            });
        }
        offset += raw.len() + 1;
    }
    found
}

pub fn long_line_message(line: &LongLine, max: usize) -> String {
    format!(
        "this line is {} long, more than the {} a line may hold: split it into several statements",
        describe_size(line.bytes as u64),
        describe_size(max as u64)
    )
}

/// A list literal (a fact's value or an assertion's literal) with more than
/// `max` items: its span and how many items it has.
pub fn long_list(term: &Term, max: usize) -> Option<(Span, usize)> {
    match &term.kind {
        TermKind::List { items, .. } if items.len() > max => Some((term.span, items.len())),
        _ => None,
    }
}

pub fn long_list_message(items: usize, max: usize) -> String {
    format!("this list has {items} items, more than the {max} a list may hold")
}

/// Where the first name beyond the limit is written, if any: source ids in
/// declaration order, then each fact's subject and attribute in load order.
pub fn first_name_past_limit(base: &FactBase, max: usize) -> Option<Location> {
    // Interned names over-count (a fact left out for its type still named
    // something), so when even they fit, no walk is needed.
    if base.sources.len() + base.names.distinct() <= max {
        return None;
    }
    let mut seen: HashSet<(u8, &str)> = HashSet::new();
    let sources = base
        .sources
        .iter()
        .map(|s| ((0, s.id.as_str()), s.declared));
    let facts = base.claims.iter().flat_map(|claim| {
        let group = &base.groups[claim.group()];
        [
            ((1, base.subject_key_of(group)), base.claim_at(claim)),
            ((2, base.attribute_key_of(group)), base.claim_at(claim)),
        ]
    });
    sources
        .chain(facts)
        .find(|(name, _)| seen.insert(*name) && seen.len() > max)
        .map(|(_, at)| at)
}

/// For every contradictory group with more claims than `max`: where the
/// first claim past the limit is written, and the group's name. Only a
/// contradiction is judged claim by claim (when accepted, SPEC §5), and
/// pairs of claims weighed; a group whose claims agree is judged once
/// however many sources state it.
pub fn crowded_groups(base: &FactBase, max: usize) -> Vec<(Location, String)> {
    base.groups
        .iter()
        .filter(|group| !group.many && group.claims.len() > max)
        .filter(|group| !Value::all_compatible(group.claims.iter().map(|c| &base.claims[c].value)))
        .map(|group| {
            let past = &base.claims[group.claims.iter().nth(max).expect("more than max claims")];
            let at = base.claim_at(past);
            let name = format!("{} {}", base.subject_of(group), base.attribute_of(group));
            (at, name)
        })
        .collect()
}

/// Whether an assertion on a subject no fact names looks for the nearest
/// stated subject in spelling among every subject, given the facts and the
/// assertions of the base (see [`Limits::max_name_comparisons`]). Counted
/// by facts, not subjects, so that a screened base (which holds only some
/// subjects) decides as the whole one does.
pub fn searches_every_subject(facts: usize, assertions: usize, limits: &Limits) -> bool {
    assertions > 0 && facts.saturating_mul(assertions) <= limits.max_name_comparisons
}

pub fn crowded_group_message(name: &str, max: usize) -> String {
    format!(
        "`{name}` is a contradiction with more than {max} claims, the most one may have: this claim and those after it are too many"
    )
}

pub fn too_many_names_message(max: usize) -> String {
    format!(
        "this name is one more than the {max} distinct names (subjects, attributes, source ids) one run may hold; raise the limit with `--max-names`"
    )
}

pub fn too_many_files_message(max: usize) -> String {
    format!(
        "more than {max} fact files to load: this file and those after it are not read; check fewer directories at a time"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_with_units() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("4K"), Ok(4096));
        assert_eq!(parse_size("64MiB"), Ok(64 << 20));
        assert_eq!(parse_size("1 g"), Ok(1 << 30));
        assert!(parse_size("ten").is_err());
        assert!(parse_size("5X").is_err());
        assert!(parse_size("99999999999999999999G").is_err());
    }

    /// However large a limit is asked for, a fact file stays under 4 GiB
    /// (a claim keeps its place in 32 bits); a smaller limit is kept.
    #[test]
    fn a_fact_file_is_never_read_past_4_gib() {
        let limits = |max_file_bytes| Limits {
            max_file_bytes,
            ..Limits::default()
        };
        assert_eq!(limits(u64::MAX).fact_file_bytes(), u64::from(u32::MAX));
        assert_eq!(limits(5 << 30).fact_file_bytes(), u64::from(u32::MAX));
        assert_eq!(limits(64 << 20).fact_file_bytes(), 64 << 20);
    }

    #[test]
    fn sizes_described_in_the_largest_whole_unit() {
        assert_eq!(describe_size(64 << 20), "64 MiB");
        assert_eq!(describe_size(1536), "1536 bytes");
        assert_eq!(describe_size(2048), "2 KiB");
    }

    #[test]
    fn long_lines_are_located_where_the_limit_is_crossed() {
        let text = "short\r\nabcdéfgh\nok";
        let found = long_lines(text, 5);
        assert_eq!(found.len(), 1);
        let span = found[0].span;
        assert_eq!((span.line, span.column), (2, 5));
        assert_eq!(&text[span.start..span.end], "é");
        assert_eq!(found[0].bytes, 9);
    }

    #[test]
    fn a_file_larger_than_the_limit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.facts");
        std::fs::write(&path, vec![b'#'; 101]).unwrap();
        assert!(read_limited(&path, 100).unwrap_err().contains("100 bytes"));
        assert_eq!(read_limited(&path, 101).unwrap().len(), 101);
    }
}
