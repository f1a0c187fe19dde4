//! Quote verification (SPEC §4): a quote must occur in its source's text,
//! both normalised, so line breaks and curly quotes do not matter.

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
///
/// Rabin–Karp over one window length: each text position's window is hashed
/// (rolling, so one multiply a byte) and looked up among the needles'
/// leading windows, and only a hit is compared in full. A source's quotes
/// are a few hundred needles searched for in one short text, so building a
/// multi-pattern automaton (Aho-Corasick) cost several times the scan it
/// served; this needs only the needles' hashes, sorted.
fn found_in(text: &str, needles: &[String]) -> Vec<bool> {
    let text = text.as_bytes();
    let mut found: Vec<bool> = needles.iter().map(String::is_empty).collect();
    let Some(window) = Windows::for_needles(needles) else {
        for (needle, found) in needles.iter().zip(&mut found) {
            *found = memmem::find(text, needle.as_bytes()).is_some();
        }
        return found;
    };
    let mut long = Vec::new();
    for (index, needle) in needles.iter().enumerate() {
        match needle.len() {
            0 => {}
            len if len < window.len => {
                found[index] = memmem::find(text, needle.as_bytes()).is_some();
            }
            _ => long.push((window.hash(needle.as_bytes()), index)),
        }
    }
    long.sort_unstable();
    let filter = HashFilter::new(long.iter().map(|&(hash, _)| hash));
    window.each_hash(text, |at, hash| {
        if !filter.may_hold(hash) {
            return;
        }
        let first = long.partition_point(|&(held, _)| held < hash);
        for &(_, index) in long[first..].iter().take_while(|&&(held, _)| held == hash) {
            if !found[index] && text[at..].starts_with(needles[index].as_bytes()) {
                found[index] = true;
            }
        }
    });
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

    /// Call `seen` with each window's start and hash, in order.
    fn each_hash(&self, text: &[u8], mut seen: impl FnMut(usize, u64)) {
        if text.len() < self.len {
            return;
        }
        let mut hash = self.hash(text);
        seen(0, hash);
        for at in 1..=text.len() - self.len {
            let leaving = u64::from(text[at - 1]).wrapping_mul(self.leaving);
            hash = roll_in(hash, text[at + self.len - 1]).wrapping_sub(leaving);
            seen(at, hash);
        }
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

    proptest::proptest! {
        /// Searching by windows finds what searching for each needle finds.
        /// A small alphabet makes needles that occur, overlap, repeat and
        /// open alike.
        #[test]
        fn windows_find_what_a_plain_search_finds(
            text in "[ab é]{0,200}",
            needles in proptest::collection::vec("[ab é]{0,24}", 0..12),
        ) {
            let expected: Vec<bool> = needles.iter().map(|n| text.contains(n.as_str())).collect();
            proptest::prop_assert_eq!(found_in(&text, &needles), expected);
        }
    }
}
