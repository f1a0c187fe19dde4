//! Text normalisation (SPEC §4): two texts are the same text iff their
//! normalised forms are equal. Subjects, attribute names, aliases, text values
//! and quotes all compare through this one function.

use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

/// NFKD; marks (Mn, Mc, Me) and format characters (Cf) dropped; lower-cased;
/// typographic quotes and dashes mapped to ASCII; whitespace runs collapsed
/// to one space; trimmed. In that order, as the SPEC lists it.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalize_into(text, &mut out);
    out
}

/// [`normalize`], appending to `out`: a caller normalising many names can
/// keep them in one buffer instead of one allocation each.
pub fn normalize_into(text: &str, out: &mut String) {
    if is_tidy_ascii(text) {
        // Most names are already tidy: one copy, lower-cased in place.
        let start = out.len();
        out.push_str(text);
        out[start..].make_ascii_lowercase();
        return;
    }
    // Folding character by character is NFKD of the whole text: NFKD
    // decomposes each character on its own and then only reorders marks,
    // which are dropped (`every_character_nfkd_reorders_is_dropped`). So
    // ASCII, which folds to itself lower-cased, skips the decomposer: a
    // source text of mostly ASCII folds several times faster.
    let mut collapse = Collapse::new(out);
    for c in text.chars() {
        if c.is_ascii() {
            collapse.push(c.to_ascii_lowercase());
        } else {
            fold_char(c).for_each(|folded| collapse.push(folded));
        }
    }
}

/// ASCII whose only whitespace is single spaces between words: normalising
/// it only lower-cases it.
fn is_tidy_ascii(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // One pass: every name of a large base comes through here.
    let mut after_space = false;
    for &byte in bytes {
        if byte == b' ' {
            if after_space {
                return false;
            }
            after_space = true;
        } else if byte.is_ascii_graphic() {
            after_space = false;
        } else {
            return false;
        }
    }
    true
}

/// What one character becomes in the normalised text before whitespace runs
/// collapse (NFKD, marks and format characters dropped, lower-cased,
/// punctuation mapped): lets a caller that must map normalised text back to
/// the original (a report highlighting a quote) fold character by character
/// exactly as [`normalize`] does.
pub fn fold_char(c: char) -> impl Iterator<Item = char> {
    folded(std::iter::once(c))
}

/// Every step of [`normalize`] but the whitespace, character by character.
fn folded(chars: impl Iterator<Item = char>) -> impl Iterator<Item = char> {
    chars
        .nfkd()
        .filter(|&c| !is_dropped(c))
        .flat_map(char::to_lowercase)
        .map(one_sigma)
        .map(map_punctuation)
}

/// Lower-casing a whole word makes a final capital sigma `ς` (`ΑΘΗΝΑΣ` is
/// `αθηνας`, as Python, JavaScript and `str::to_lowercase` give it), which a
/// character alone cannot know; so both sigmas are one letter here, and
/// `Αθήνας` and `ΑΘΗΝΑΣ` are the same text, character by character.
fn one_sigma(c: char) -> char {
    if c == 'ς' {
        'σ'
    } else {
        c
    }
}

fn is_dropped(c: char) -> bool {
    matches!(
        c.general_category(),
        GeneralCategory::NonspacingMark
            | GeneralCategory::SpacingMark
            | GeneralCategory::EnclosingMark
            | GeneralCategory::Format
    )
}

fn map_punctuation(c: char) -> char {
    match c {
        '‘' | '’' | '‚' | '‛' | '′' | 'ʼ' => '\'',
        '“' | '”' | '„' | '‟' | '″' | '«' | '»' => '"',
        '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
        other => other,
    }
}

/// Appends characters to a text with whitespace runs made one space and
/// none at either end.
struct Collapse<'a> {
    out: &'a mut String,
    start: usize,
    pending_space: bool,
}

impl<'a> Collapse<'a> {
    fn new(out: &'a mut String) -> Self {
        let start = out.len();
        Collapse {
            out,
            start,
            pending_space: false,
        }
    }

    fn push(&mut self, c: char) {
        if c.is_whitespace() {
            self.pending_space = self.out.len() > self.start;
        } else {
            if self.pending_space {
                self.out.push(' ');
                self.pending_space = false;
            }
            self.out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_and_whitespace_fold() {
        assert_eq!(
            normalize("  Bilawal \t Bhutto\nZardari "),
            "bilawal bhutto zardari"
        );
    }

    #[test]
    fn accents_and_format_characters_drop() {
        assert_eq!(normalize("Türkiye"), "turkiye");
        assert_eq!(normalize("Tu\u{308}rkiye"), "turkiye");
        assert_eq!(
            normalize("Shehbaz\u{200E} Sharif\u{200D}"),
            "shehbaz sharif"
        );
        assert_eq!(normalize("\u{FEFF}x"), "x");
    }

    #[test]
    fn quotes_and_dashes_map_to_ascii() {
        assert_eq!(
            normalize("People’s “Party” – 2025"),
            "people's \"party\" - 2025"
        );
        assert_eq!(normalize("«a» ‛b‚ ʼc −d ―e"), "\"a\" 'b' 'c -d -e");
    }

    /// Every step of [`normalize`] on the whole text at once, as the SPEC
    /// words it: what the shortcuts must agree with.
    fn whole_text(text: &str) -> String {
        let mut out = String::new();
        let mut collapse = Collapse::new(&mut out);
        folded(text.chars()).for_each(|c| collapse.push(c));
        out
    }

    proptest::proptest! {
        /// Tidy ASCII takes a shortcut; it must give what the general
        /// path gives.
        #[test]
        fn the_tidy_ascii_shortcut_changes_nothing(text in "[ a-zA-Z0-9\t\n\x0b\x0c\r\x1c-\x1f\x00\x7f~!.\"'-]{0,12}") {
            proptest::prop_assert_eq!(normalize(&text), whole_text(&text));
        }

        /// Folding character by character, ASCII aside, gives what NFKD of
        /// the whole text gives, marks and all.
        #[test]
        fn folding_by_character_is_folding_the_whole_text(
            text in "([ a-zA-Z\t]|[\u{300}-\u{36f}\u{591}-\u{5c7}\u{1ab0}-\u{1aff}\u{200b}-\u{200f}]|[À-ɏΑ-ωİıﬁ’–\u{a0}가-힣]|\\PC){0,16}"
        ) {
            proptest::prop_assert_eq!(normalize(&text), whole_text(&text));
        }
    }

    /// NFKD reorders only characters of a non-zero combining class; folding
    /// by character is right because every one of them is dropped.
    #[test]
    fn every_character_nfkd_reorders_is_dropped() {
        use unicode_normalization::char::canonical_combining_class;
        let kept: Vec<char> = (0..=char::MAX as u32)
            .filter_map(char::from_u32)
            .filter(|&c| canonical_combining_class(c) != 0 && !is_dropped(c))
            .collect();
        assert!(kept.is_empty(), "kept though NFKD reorders them: {kept:?}");
    }

    #[test]
    fn greek_capitals_lower_case_as_whole_words_do() {
        assert_eq!(normalize("ΑΘΗΝΑΣ"), normalize("Αθήνας"));
        assert_eq!(normalize("ΟΔΥΣΣΕΥΣ"), normalize("Οδυσσεύς"));
        let by_character: String = "Αθήνας".chars().flat_map(fold_char).collect();
        assert_eq!(by_character, normalize("Αθήνας"));
    }

    #[test]
    fn compatibility_forms_decompose() {
        assert_eq!(normalize("ﬁve\u{00A0}Ｋ"), "five k");
    }
}
