//! For a quote not found in its source's text, the passage of the text that
//! comes nearest: what the fact-checker most likely meant to copy. A quote
//! misses by a word mistyped (`nien`), an apostrophe dropped, words left
//! out with `...`; showing the passage as the text has it turns "not found"
//! into a fix.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;

use crate::load::FactBase;
use crate::model::normalize;

/// Comparisons of a text's words against missing quotes, summed over the
/// run: past this, quotes get no passage. A newsroom's few missing quotes
/// against articles take thousands; this only stops thousands of missing
/// quotes against a huge text from making a run slow.
const MOST_WORD_STEPS: usize = 50_000_000;

/// The nearest passage of its source's text for each quote (by index into
/// [`FactBase::quotes`]) in `missing`, where one shares at least half its
/// words. Each source's text is split into words once for all its quotes.
pub fn nearest_passages(base: &FactBase, missing: &[usize]) -> HashMap<usize, String> {
    // By source, in the order sources are declared: thousands of sources
    // with missing quotes are grouped in one pass, not one search each.
    let mut grouped: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &quote in missing {
        grouped
            .entry(base.quotes[quote].source)
            .or_default()
            .push(quote);
    }
    let mut by_source: Vec<(usize, Vec<usize>)> = grouped.into_iter().collect();
    by_source.retain(|(source, _)| base.sources[*source].text.is_some());
    let sizes: Vec<(usize, usize)> = by_source
        .iter()
        .map(|(source, quotes)| {
            let text = base.sources[*source].text.as_deref().unwrap_or("");
            (text.split_whitespace().count(), quotes.len())
        })
        .collect();
    let budgeted: Vec<(usize, Vec<usize>)> = by_source
        .into_iter()
        .zip(affordable(&sizes, MOST_WORD_STEPS))
        .map(|((source, mut quotes), affordable)| {
            quotes.truncate(affordable);
            (source, quotes)
        })
        .collect();
    budgeted
        .par_iter()
        .flat_map_iter(|(source, quotes)| {
            let text = base.sources[*source].text.as_deref().unwrap_or("");
            let words = Words::new(text);
            quotes
                .iter()
                .filter_map(|&quote| Some((quote, words.nearest(&base.quotes[quote].text)?)))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// How many of each source's quotes get a passage, given (words in its
/// text, quotes) by source: each quote costs its text's words, out of
/// `budget`, shared in load order so that the result does not depend on
/// the threads.
fn affordable(sizes: &[(usize, usize)], budget: usize) -> Vec<usize> {
    let mut left = budget;
    sizes
        .iter()
        .map(|&(words, quotes)| {
            let words = words.max(1);
            let affordable = (left / words).min(quotes);
            left -= affordable * words;
            affordable
        })
        .collect()
}

/// A text's words: where each is, and its key as an id (normalised, with
/// the punctuation at its ends dropped, so `members,` is `members`).
struct Words<'t> {
    text: &'t str,
    spans: Vec<(usize, usize)>,
    ids: Vec<u32>,
    id_of: HashMap<String, u32>,
}

impl<'t> Words<'t> {
    fn new(text: &'t str) -> Words<'t> {
        let mut words = Words {
            text,
            spans: Vec::new(),
            ids: Vec::new(),
            id_of: HashMap::new(),
        };
        let mut start = None;
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            match (c.is_whitespace(), start) {
                (false, None) => start = Some(i),
                (true, Some(from)) => {
                    start = None;
                    let next = words.id_of.len() as u32;
                    let id = *words.id_of.entry(word_key(&text[from..i])).or_insert(next);
                    words.spans.push((from, i));
                    words.ids.push(id);
                }
                _ => {}
            }
        }
        words
    }

    /// The run of as many words as `quote` has that shares the most words
    /// with it (counted with repeats), the first of equals, as the text
    /// writes it (line breaks as spaces); none if it shares fewer than half.
    fn nearest(&self, quote: &str) -> Option<String> {
        let wanted: Vec<Option<u32>> = quote
            .split_whitespace()
            .map(|word| self.id_of.get(&word_key(word)).copied())
            .collect();
        let length = wanted.len();
        if length == 0 || length > self.ids.len() {
            return None;
        }
        let mut need: HashMap<u32, (u32, u32)> = HashMap::new();
        for id in wanted.iter().flatten() {
            need.entry(*id).or_default().0 += 1;
        }
        let mut shared = 0;
        let mut best = (0, 0);
        for (end, id) in self.ids.iter().enumerate() {
            if let Some((needed, have)) = need.get_mut(id) {
                *have += 1;
                shared += u32::from(*have <= *needed);
            }
            if end >= length {
                if let Some((needed, have)) = need.get_mut(&self.ids[end - length]) {
                    shared -= u32::from(*have <= *needed);
                    *have -= 1;
                }
            }
            if end + 1 >= length && shared > best.0 {
                best = (shared, end + 1 - length);
            }
        }
        let (shared, first) = best;
        if (shared as usize) * 2 < length {
            return None;
        }
        let (start, _) = self.spans[first];
        let (_, end) = self.spans[first + length - 1];
        Some(
            self.text[start..end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
        )
    }
}

/// A word as compared: normalised (SPEC §4), the punctuation at its ends
/// dropped.
fn word_key(word: &str) -> String {
    let key = normalize(word);
    key.trim_matches(|c: char| c.is_ascii_punctuation())
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The delegation, consisting of nine members,\nwill visit Washington,
New York and London. The People’s Party said so.";

    /// A quote with a word mistyped, an apostrophe dropped or words left
    /// out finds the passage it came from, as the text writes it.
    #[test]
    fn a_missed_quote_finds_the_passage_it_came_from() {
        let words = Words::new(TEXT);
        let nearest = |quote: &str| words.nearest(quote);
        assert_eq!(
            nearest("consisting of nien members").as_deref(),
            Some("consisting of nine members,")
        );
        assert_eq!(
            nearest("the Peoples Party said").as_deref(),
            Some("The People’s Party said")
        );
        assert_eq!(
            nearest("members will visit Washington New York").as_deref(),
            Some("members, will visit Washington, New York")
        );
    }

    /// Quotes get passages in load order until their texts' words pass the
    /// budget; a source whose one quote would pass it gets none, and later
    /// smaller ones still may.
    #[test]
    fn passages_are_found_within_a_budget_of_words() {
        let sizes = [(100, 3), (1_000, 2), (50, 4), (0, 2)];
        assert_eq!(affordable(&sizes, 1_000), [3, 0, 4, 2]);
        assert_eq!(affordable(&sizes, 10_000), [3, 2, 4, 2]);
        assert_eq!(affordable(&sizes, 0), [0, 0, 0, 0]);
    }

    /// A quote sharing fewer than half its words with every passage, or
    /// longer than the text, gets none.
    #[test]
    fn a_quote_unlike_the_text_gets_no_passage() {
        let words = Words::new(TEXT);
        assert_eq!(words.nearest("an entirely different sentence here"), None);
        assert_eq!(words.nearest(""), None);
        assert_eq!(Words::new("two words").nearest("two words and more"), None);
    }
}
