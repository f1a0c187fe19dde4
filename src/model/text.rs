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
    if text.is_ascii() {
        return collapse_whitespace(text.chars().map(|c| c.to_ascii_lowercase()), out);
    }
    collapse_whitespace(folded(text.chars()), out)
}

/// ASCII whose only whitespace is single spaces between words: normalising
/// it only lower-cases it.
fn is_tidy_ascii(text: &str) -> bool {
    let bytes = text.as_bytes();
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return true;
    };
    first != b' '
        && last != b' '
        && bytes.windows(2).all(|pair| pair != b"  ")
        && bytes.iter().all(|&b| {
            b == b' ' || (b.is_ascii() && !b.is_ascii_whitespace() && !b.is_ascii_control())
        })
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

/// Append `chars` to `out` with whitespace runs made one space and none at
/// either end.
fn collapse_whitespace(chars: impl Iterator<Item = char>, out: &mut String) {
    let start = out.len();
    let mut pending_space = false;
    for c in chars {
        if c.is_whitespace() {
            pending_space = out.len() > start;
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
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

    proptest::proptest! {
        /// Tidy ASCII takes a shortcut; it must give what the general
        /// ASCII path gives.
        #[test]
        fn the_tidy_ascii_shortcut_changes_nothing(text in "[ a-zA-Z0-9\t\n\x0b\x0c\r\x1c-\x1f.\"'-]{0,12}") {
            let mut general = String::new();
            collapse_whitespace(text.chars().map(|c| c.to_ascii_lowercase()), &mut general);
            proptest::prop_assert_eq!(normalize(&text), general);
        }
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
