//! Quote verification (SPEC §4): a quote must occur in its source's text,
//! both normalised, so line breaks and curly quotes do not matter.

use aho_corasick::AhoCorasick;
use memchr::memmem;
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
/// are not listed. Each source text is read once for all of its quotes (see
/// [`found_in`]), not once per quote: a large source with thousands of
/// quotes would otherwise be scanned thousands of times.
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
    found_by_windows(text.as_bytes(), needles).unwrap_or_else(|| found_by_automaton(text, needles))
}

/// Rabin–Karp over one window length: each text position's window is hashed
/// (rolling, so one multiply a byte) and looked up among the needles'
/// leading windows, and only a hit is compared in full. A source's quotes
/// are a few hundred needles searched for in one short text, so building a
/// multi-pattern automaton cost several times the scan it served; this
/// needs only the needles' hashes, sorted.
///
/// Comparing is not linear whatever the input: many needles that open
/// alike and differ late, over a text that repeats their opening, would be
/// compared at every repeat. So the work is counted, and `None` returned
/// once it passes a [`Budget`], for the automaton to search instead.
fn found_by_windows(text: &[u8], needles: &[String]) -> Option<Vec<bool>> {
    let mut budget = Budget::for_search(text, needles);
    let mut found: Vec<bool> = needles.iter().map(String::is_empty).collect();
    let window = Windows::for_needles(needles);
    let mut long = Vec::new();
    for (index, needle) in needles.iter().enumerate() {
        match &window {
            Some(window) if needle.len() >= window.len => {
                long.push((window.hash(needle.as_bytes()), index));
            }
            _ if needle.is_empty() => {}
            _ => {
                budget.spend(text.len())?;
                found[index] = memmem::find(text, needle.as_bytes()).is_some();
            }
        }
    }
    let Some(window) = window else {
        return Some(found);
    };
    long.sort_unstable();
    let filter = HashFilter::new(long.iter().map(|&(hash, _)| hash));
    for (at, hash) in window.hashes(text) {
        if !filter.may_hold(hash) {
            continue;
        }
        let first = long.partition_point(|&(held, _)| held < hash);
        for &(_, index) in long[first..].iter().take_while(|&&(held, _)| held == hash) {
            let needle = needles[index].as_bytes();
            if !found[index] {
                budget.spend(needle.len())?;
                found[index] = text[at..].starts_with(needle);
            }
        }
    }
    Some(found)
}

/// How many bytes [`found_by_windows`] may compare or scan before the
/// automaton is the cheaper search: a fixed allowance, so that small inputs
/// never switch, and a multiple of what a linear search reads.
struct Budget {
    left: usize,
}

impl Budget {
    fn for_search(text: &[u8], needles: &[String]) -> Budget {
        let needle_bytes: usize = needles.iter().map(String::len).sum();
        Budget {
            left: (1 << 20) + 16 * (text.len() + needle_bytes),
        }
    }

    fn spend(&mut self, bytes: usize) -> Option<()> {
        self.left = self.left.checked_sub(bytes)?;
        Some(())
    }
}

/// Aho-Corasick: linear in the text and the matches whatever the input,
/// for the inputs [`found_by_windows`] gives up on.
fn found_by_automaton(text: &str, needles: &[String]) -> Vec<bool> {
    let mut found: Vec<bool> = needles.iter().map(String::is_empty).collect();
    match AhoCorasick::new(needles) {
        Ok(automaton) => {
            for hit in automaton.find_overlapping_iter(text) {
                found[hit.pattern().as_usize()] = true;
            }
        }
        // Too many or too large quotes for one automaton: look for each.
        Err(_) => {
            for (needle, found) in needles.iter().zip(&mut found) {
                *found = memmem::find(text.as_bytes(), needle.as_bytes()).is_some();
            }
        }
    }
    found
}

/// The window length hashed at every text position, and the rolling hash's
/// constants. The window is as long as the shortest needle allows (up to
/// 64 bytes), so needles that share a long opening (quotes often begin
/// alike) still hash apart; needles shorter than 8 bytes are looked for one
/// by one instead of making every window that short.
struct Windows {
    len: usize,
    /// `BASE` to the power `len`, to take out the byte leaving the window.
    leaving: u64,
}

const BASE: u64 = 0x100_0000_01b3;
const SHORTEST_WINDOW: usize = 8;
const LONGEST_WINDOW: usize = 64;

impl Windows {
    fn for_needles(needles: &[String]) -> Option<Windows> {
        let len = needles
            .iter()
            .map(String::len)
            .filter(|&len| len >= SHORTEST_WINDOW)
            .min()?
            .min(LONGEST_WINDOW);
        let leaving = (0..len).fold(1u64, |power, _| power.wrapping_mul(BASE));
        Some(Windows { len, leaving })
    }

    /// The hash of `bytes`' first window.
    fn hash(&self, bytes: &[u8]) -> u64 {
        bytes[..self.len]
            .iter()
            .fold(0u64, |hash, &byte| roll_in(hash, byte))
    }

    /// Each window's start and hash, in order.
    fn hashes<'t>(&self, text: &'t [u8]) -> impl Iterator<Item = (usize, u64)> + 't {
        let len = self.len;
        let leaving = self.leaving;
        let first = (text.len() >= len).then(|| self.hash(text));
        let rolled =
            (1..(text.len() + 1).saturating_sub(len)).scan(first.unwrap_or(0), move |hash, at| {
                let out = u64::from(text[at - 1]).wrapping_mul(leaving);
                *hash = roll_in(*hash, text[at + len - 1]).wrapping_sub(out);
                Some((at, *hash))
            });
        first.map(|hash| (0, hash)).into_iter().chain(rolled)
    }
}

fn roll_in(hash: u64, byte: u8) -> u64 {
    hash.wrapping_mul(BASE).wrapping_add(u64::from(byte))
}

/// A bitmap of the needles' hashes: most text windows hold no needle's
/// opening, and one probe of a bitmap that fits in cache turns them away
/// before the binary search.
struct HashFilter {
    bits: Vec<u64>,
}

const FILTER_BITS: u32 = 16;

impl HashFilter {
    fn new(hashes: impl Iterator<Item = u64>) -> HashFilter {
        let mut bits = vec![0u64; 1 << (FILTER_BITS - 6)];
        for hash in hashes {
            let bit = Self::bit(hash);
            bits[bit / 64] |= 1 << (bit % 64);
        }
        HashFilter { bits }
    }

    fn may_hold(&self, hash: u64) -> bool {
        let bit = Self::bit(hash);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// The top bits of the hash mixed once more: a polynomial hash's low
    /// bits depend only on the window's last bytes.
    fn bit(hash: u64) -> usize {
        (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - FILTER_BITS)) as usize
    }
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

    #[test]
    fn needles_that_open_alike_are_told_apart_and_a_short_one_is_looked_for_alone() {
        let needles = [
            "Reported: event e1 has size 9.",
            "Reported: event e1 has size 90.",
            "Reported: event e2 has size 9.",
            "Reported: event e1 has size 9.",
            "size",
            "e3",
        ]
        .map(String::from);
        assert_eq!(
            found_in(
                "Reported: event e1 has size 9. Reported: event e2 has size 9.",
                &needles
            ),
            [true, false, true, true, true, false]
        );
    }

    #[test]
    fn needles_that_would_be_compared_at_every_position_go_to_the_automaton() {
        let text = "a".repeat(100_000) + "b7";
        let needles: Vec<String> = (0..200)
            .map(|i| "a".repeat(70) + "b" + &i.to_string())
            .collect();
        assert_eq!(found_by_windows(text.as_bytes(), &needles), None);
        let found = found_in(&text, &needles);
        assert_eq!(found.iter().filter(|&&found| found).count(), 1);
        assert!(found[7]);
    }

    proptest::proptest! {
        /// Both searches find what searching for each needle finds. A
        /// small alphabet makes needles that occur, overlap, repeat and
        /// open alike.
        #[test]
        fn windows_and_the_automaton_find_what_a_plain_search_finds(
            text in "[ab é]{0,200}",
            needles in proptest::collection::vec("[ab é]{0,24}", 0..12),
        ) {
            let expected: Vec<bool> = needles.iter().map(|n| text.contains(n.as_str())).collect();
            proptest::prop_assert_eq!(found_by_windows(text.as_bytes(), &needles), Some(expected.clone()));
            proptest::prop_assert_eq!(found_by_automaton(&text, &needles), expected);
        }
    }
}
