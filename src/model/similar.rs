//! Do two names probably name one thing? Used to suggest an `alias` when two
//! texts contradict only by spelling, and by `factcheck lint` over a whole
//! fact base. Three signals, each on normalised text (SPEC §4, so case and
//! accents already fold: `Türkiye` is `turkiye`):
//!
//! * **transliteration**: equal once letters that normalisation keeps
//!   (`ß`, `æ`, `ø`, `ł`, `ı`, `þ` …) are written in ASCII and apostrophes and
//!   hyphens are dropped (`Straße`/`Strasse`, `S-400`/`S400`);
//! * **consonant skeleton**: the same consonants in the same order, each
//!   word keeping its first letter. Names transliterated from another script
//!   differ mostly in their vowels and doubled letters (`Turkey`/`Türkiye`,
//!   `Mohammad`/`Muhammed`, `Jallil`/`Jalil`);
//! * **spelling**: an edit or two apart for names long enough that this is
//!   not chance (Levenshtein distance, via `strsim`), or middle words
//!   added to a name of two or more words (`Musadik Malik`/`Musadik Masood
//!   Malik`).

use super::normalize;

/// Why two names look alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Likeness {
    Transliteration,
    Consonants,
    /// This many single-character edits apart.
    Edits(usize),
    /// Every word of the shorter name is in the longer one.
    Contained,
}

impl Likeness {
    /// In words, for reports.
    pub fn describe(self) -> String {
        match self {
            Likeness::Transliteration => "equal when transliterated".to_string(),
            Likeness::Consonants => "same consonants, different vowels".to_string(),
            Likeness::Edits(1) => "one letter apart".to_string(),
            Likeness::Edits(n) => format!("{n} letters apart"),
            Likeness::Contained => "the same name with middle words added".to_string(),
        }
    }
}

/// How alike two names are: the strongest signal and a score in (0, 1].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Alike {
    pub likeness: Likeness,
    pub score: f64,
}

/// A name prepared for comparison: computed once per name, so a fact base
/// of many names compares quickly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameForm {
    /// The normalised name.
    pub key: String,
    /// `key` transliterated to ASCII where it can be.
    pub folded: String,
    /// The consonant skeleton of `folded`, word by word.
    pub skeleton: String,
    letters: usize,
}

impl NameForm {
    /// From a name as written.
    pub fn new(name: &str) -> NameForm {
        NameForm::from_key(normalize(name))
    }

    /// From an already normalised name.
    pub fn from_key(key: String) -> NameForm {
        let folded = transliterate(&key);
        let skeleton = folded
            .split(' ')
            .map(consonant_skeleton)
            .collect::<Vec<_>>()
            .join(" ");
        let letters = folded.chars().filter(|c| c.is_alphabetic()).count();
        NameForm {
            key,
            folded,
            skeleton,
            letters,
        }
    }

    /// The words of the transliterated name.
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.folded.split(' ').filter(|w| !w.is_empty())
    }

    /// Whether the two names probably name one thing, and how strongly.
    /// Equal names are not "alike": they are already the same name.
    pub fn alike(&self, other: &NameForm) -> Option<Alike> {
        if self.key == other.key || self.letters == 0 || other.letters == 0 {
            return None;
        }
        if self.folded == other.folded {
            return Some(Alike {
                likeness: Likeness::Transliteration,
                score: 0.98,
            });
        }
        if let Some(alike) = self.edits_apart(other) {
            return Some(alike);
        }
        if self.same_consonants(other) {
            return Some(Alike {
                likeness: Likeness::Consonants,
                score: 0.8,
            });
        }
        self.contained(other)
    }

    fn edits_apart(&self, other: &NameForm) -> Option<Alike> {
        let (a, b) = (self.folded.chars().count(), other.folded.chars().count());
        let allowed = match a.min(b) {
            6.. => 2,
            4..=5 => 1,
            _ => 0,
        };
        if allowed == 0 || a.abs_diff(b) > allowed {
            return None;
        }
        let distance = strsim::levenshtein(&self.folded, &other.folded);
        (distance <= allowed).then(|| Alike {
            likeness: Likeness::Edits(distance),
            score: 1.0 - distance as f64 / a.max(b) as f64,
        })
    }

    /// Enough consonants to carry a name (three or more), in as many words.
    fn same_consonants(&self, other: &NameForm) -> bool {
        let consonants = self.skeleton.chars().filter(|c| *c != ' ').count();
        consonants >= 3 && self.skeleton == other.skeleton
    }

    /// The shorter name's words, in order, inside the longer one, which
    /// begins and ends as the shorter does: middle names added or dropped
    /// (`Musadik Malik`/`Musadik Masood Malik`). Words added at either end
    /// make another thing (`Secretary of State`/`Deputy Secretary of
    /// State`, `Asim Munir`/`Asim Munir US visit`).
    fn contained(&self, other: &NameForm) -> Option<Alike> {
        let (mine, theirs): (Vec<&str>, Vec<&str>) =
            (self.words().collect(), other.words().collect());
        let (short, long) = if mine.len() <= theirs.len() {
            (mine, theirs)
        } else {
            (theirs, mine)
        };
        let inside = short.len() >= 2
            && short.len() < long.len()
            && short.first() == long.first()
            && short.last() == long.last()
            && is_subsequence(&short, &long);
        inside.then(|| Alike {
            likeness: Likeness::Contained,
            score: 0.5 + 0.4 * short.len() as f64 / long.len() as f64,
        })
    }
}

fn is_subsequence(short: &[&str], long: &[&str]) -> bool {
    let mut rest = long.iter();
    short.iter().all(|word| rest.any(|other| other == word))
}

/// The candidate nearest `name` in spelling, at most two edits away and
/// fewer than its length (so that `a` suggests nothing for `b`): what a
/// "did you mean" offers for a mistyped name. Ties go to the first in code
/// point order, not in `candidates`' order: the hint then does not change
/// with the order files are loaded in, nor with which names a screened base
/// holds (see `load::screen`).
pub fn closest<'c>(name: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    const MOST_EDITS: usize = 2;
    let length = name.chars().count();
    candidates
        .filter(|&candidate| candidate != name)
        // Names of lengths too far apart are turned away before the costly
        // comparison: most are.
        .filter(|candidate| candidate.chars().count().abs_diff(length) <= MOST_EDITS)
        .map(|candidate| (strsim::levenshtein(name, candidate), candidate))
        .filter(|&(edits, _)| edits <= MOST_EDITS && edits < length)
        .min()
        .map(|(_, candidate)| candidate)
}

/// Whether two names, as written, probably name one thing (or are one).
pub fn looks_alike(a: &str, b: &str) -> bool {
    let (a, b) = (NameForm::new(a), NameForm::new(b));
    (a.key == b.key && !a.key.is_empty()) || a.alike(&b).is_some()
}

/// Letters that NFKD does not decompose, written as ASCII the way
/// transliteration tables (ISO 9, BGN/PCGN, ICAO 9303) write them; the
/// apostrophe and hyphen, which spellings of one name use or leave out,
/// dropped.
fn transliterate(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    for c in key.chars() {
        match c {
            'ß' => out.push_str("ss"),
            'æ' => out.push_str("ae"),
            'œ' => out.push_str("oe"),
            'ø' => out.push('o'),
            'đ' | 'ð' => out.push('d'),
            'ł' => out.push('l'),
            'ı' => out.push('i'),
            'þ' => out.push_str("th"),
            'ħ' => out.push('h'),
            'ŧ' => out.push('t'),
            'ŋ' => out.push_str("ng"),
            '\'' | '-' => {}
            other => out.push(other),
        }
    }
    out
}

/// A word's first letter, then its consonants (not `aeiouy`), with runs of
/// one letter written once: `turkiye` → `trk`, `jallil` → `jl`. `q` is
/// written `k`, the usual alternative romanisation of Arabic and Urdu ق.
fn consonant_skeleton(word: &str) -> String {
    let mut out = String::new();
    for (index, c) in word.chars().enumerate() {
        let c = if c == 'q' { 'k' } else { c };
        let vowel = matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y');
        if (index == 0 || !vowel) && !out.ends_with(c) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A "did you mean" offers the nearest name within two edits, the
    /// first of equals in code point order whatever their order, never the
    /// name itself nor one as far as it is long.
    #[test]
    fn the_closest_name_is_within_two_edits() {
        let names = ["size", "sizes", "side", "title"];
        assert_eq!(closest("sise", names.into_iter()), Some("side"));
        assert_eq!(closest("sise", names.into_iter().rev()), Some("side"));
        assert_eq!(closest("siz", names.into_iter()), Some("size"));
        assert_eq!(closest("titl", names.into_iter()), Some("title"));
        assert_eq!(closest("members", names.into_iter()), None);
        assert_eq!(closest("size", ["size"].into_iter()), None);
        assert_eq!(closest("a", ["b"].into_iter()), None);
    }

    fn likeness(a: &str, b: &str) -> Option<Likeness> {
        NameForm::new(a)
            .alike(&NameForm::new(b))
            .map(|alike| alike.likeness)
    }

    #[test]
    fn spelling_variants_look_alike() {
        assert!(looks_alike("Jallil Abbas Jilani", "Jalil Abbas Jilani"));
        assert!(looks_alike("Musadik Malik", "Musadik Masood Malik"));
        assert!(looks_alike("Turkey", "Türkiye"));
    }

    #[test]
    fn different_names_do_not() {
        assert!(!looks_alike("Moscow", "London"));
        assert!(!looks_alike("9", "8"));
        assert!(!looks_alike("2025", "2026"));
        assert!(!looks_alike("Sharif", "Shehbaz Sharif"));
        assert!(!looks_alike("Iran", "Oman"));
        assert!(!looks_alike("Ali", "Eli"));
        assert!(!looks_alike("Bilawal", "Bilal"));
        assert!(!looks_alike(
            "Secretary of State",
            "Deputy Secretary of State"
        ));
        assert!(!looks_alike("Asim Munir", "Asim Munir US visit"));
        assert!(!looks_alike("Malik Musadik", "Musadik Masood Malik"));
    }

    #[test]
    fn each_signal_is_named() {
        assert_eq!(
            likeness("Straße", "Strasse"),
            Some(Likeness::Transliteration)
        );
        assert_eq!(likeness("S-400", "S400"), Some(Likeness::Transliteration));
        assert_eq!(likeness("Łódź", "Lodz"), Some(Likeness::Transliteration));
        assert_eq!(likeness("Jallil", "Jalil"), Some(Likeness::Edits(1)));
        assert_eq!(likeness("Turkey", "Türkiye"), Some(Likeness::Edits(2)));
        assert_eq!(
            likeness("Mohammad Rasool", "Muhammed Rasul"),
            Some(Likeness::Consonants)
        );
        assert_eq!(
            likeness("Musadik Malik", "Musadik Masood Malik"),
            Some(Likeness::Contained)
        );
    }

    #[test]
    fn consonants_join_names_too_far_apart_for_edits() {
        // Three edits apart: only the consonant skeleton joins them.
        assert_eq!(
            likeness("Mohammad Ishaq Dar", "Muhammed Ishak Dar"),
            Some(Likeness::Consonants)
        );
        assert_eq!(
            likeness("Kyiv", "Kiev"),
            None,
            "two consonants carry no name"
        );
        assert_eq!(consonant_skeleton("turkiye"), "trk");
        assert_eq!(consonant_skeleton("jallil"), "jl");
        assert_eq!(consonant_skeleton("ishaq"), "ishk");
        assert_eq!(consonant_skeleton("ali"), "al");
    }

    #[test]
    fn scores_rank_closer_names_higher() {
        let score = |a: &str, b: &str| NameForm::new(a).alike(&NameForm::new(b)).unwrap().score;
        assert!(score("Straße", "Strasse") > score("Jallil Abbas Jilani", "Jalil Abbas Jilani"));
        assert!(
            score("Jallil Abbas Jilani", "Jalil Abbas Jilani")
                > score("Musadik Malik", "Musadik Masood Malik")
        );
    }
}
