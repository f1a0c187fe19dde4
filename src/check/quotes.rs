//! Quote verification (SPEC §4): a quote must occur in its source's text,
//! both normalised, so line breaks and curly quotes do not matter.

use aho_corasick::AhoCorasick;
use rayon::prelude::*;

use crate::load::FactBase;
use crate::model::normalize;

/// A quote whose source has a text to check it against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteCheck {
    /// Index into `FactBase::quotes`.
    pub quote: usize,
    pub found: bool,
}

/// Check every quote whose source has a `file`; others stay unverified and
/// are not listed. Each source text is read once for all of its quotes (one
/// Aho-Corasick automaton per source), not once per quote: a large source
/// with thousands of quotes would otherwise be scanned thousands of times.
pub fn verify(base: &FactBase) -> Vec<QuoteCheck> {
    let mut by_source: Vec<Vec<usize>> = vec![Vec::new(); base.sources.len()];
    for (index, quote) in base.quotes.iter().enumerate() {
        if base.sources[quote.source].normalized.is_some() {
            by_source[quote.source].push(index);
        }
    }
    let mut checks: Vec<QuoteCheck> = by_source
        .par_iter()
        .enumerate()
        .flat_map_iter(|(source, quotes)| {
            let text = base.sources[source].normalized.as_deref().unwrap_or("");
            let needles: Vec<String> = quotes
                .iter()
                .map(|&q| normalize(&base.quotes[q].text))
                .collect();
            let found = found_in(text, &needles);
            quotes
                .iter()
                .zip(found)
                .map(|(&quote, found)| QuoteCheck { quote, found })
                .collect::<Vec<_>>()
        })
        .collect();
    checks.sort_by_key(|check| check.quote);
    checks
}

/// Which needles occur in `text` (overlapping occurrences count).
fn found_in(text: &str, needles: &[String]) -> Vec<bool> {
    let mut found: Vec<bool> = needles.iter().map(String::is_empty).collect();
    if needles.is_empty() {
        return found;
    }
    match AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::ContiguousNFA))
        .build(needles)
    {
        Ok(automaton) => {
            for hit in automaton.find_overlapping_iter(text) {
                found[hit.pattern().as_usize()] = true;
            }
        }
        // Too many or too large quotes for one automaton: look for each.
        Err(_) => {
            for (needle, found) in needles.iter().zip(&mut found) {
                *found = text.contains(needle.as_str());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_needle_is_looked_for_even_when_they_overlap() {
        let needles = [
            "the delegation",
            "delegation, consisting",
            "nine",
            "ten",
            "",
        ]
        .map(String::from);
        assert_eq!(
            found_in("the delegation, consisting of nine members", &needles),
            [true, true, true, false, true]
        );
    }
}
