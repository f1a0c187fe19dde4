//! Finding a quote in a source's ORIGINAL text. Quotes are verified on
//! normalised text (SPEC §4), so curly quotes, accents and line breaks do not
//! matter; a report that highlights the passage must point into the text as
//! written. This folds the original character by character exactly as
//! `model::normalize` does, remembering where each normalised character came
//! from, so a match in the normalised text maps back to original offsets.

use std::ops::Range;

use crate::model::{fold_char, normalize};

/// A source text in normalised form, with the original byte range behind
/// every normalised character.
pub struct NormalizedText {
    normalized: String,
    /// For each byte offset of `normalized` where a character starts, the
    /// original byte range it came from (other offsets hold `None`).
    origins: Vec<Option<Range<usize>>>,
}

impl NormalizedText {
    pub fn new(original: &str) -> NormalizedText {
        let mut text = NormalizedText {
            normalized: String::with_capacity(original.len()),
            origins: Vec::with_capacity(original.len()),
        };
        // The whitespace run seen since the last character kept, if any.
        let mut pending_space: Option<Range<usize>> = None;
        for (start, c) in original.char_indices() {
            let here = start..start + c.len_utf8();
            for folded in fold_char(c) {
                if folded.is_whitespace() {
                    if !text.normalized.is_empty() {
                        let run = pending_space.get_or_insert(here.clone());
                        run.end = here.end;
                    }
                    continue;
                }
                if let Some(run) = pending_space.take() {
                    text.push(' ', run);
                }
                text.push(folded, here.clone());
            }
        }
        text
    }

    fn push(&mut self, c: char, origin: Range<usize>) {
        self.origins.push(Some(origin));
        self.origins
            .extend(std::iter::repeat_n(None, c.len_utf8() - 1));
        self.normalized.push(c);
    }

    pub fn as_str(&self) -> &str {
        &self.normalized
    }

    /// The original byte range of the first occurrence of `quote` (compared
    /// normalised), or `None` when the source does not contain it.
    pub fn find(&self, quote: &str) -> Option<Range<usize>> {
        let needle = normalize(quote);
        if needle.is_empty() {
            return None;
        }
        let start = self.normalized.find(&needle)?;
        let last_char = self.normalized[..start + needle.len()]
            .char_indices()
            .next_back()
            .map(|(offset, _)| offset)?;
        let first = self.origins[start].as_ref()?;
        let last = self.origins[last_char].as_ref()?;
        Some(first.start..last.end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found<'a>(original: &'a str, quote: &str) -> Option<&'a str> {
        NormalizedText::new(original)
            .find(quote)
            .map(|range| &original[range])
    }

    #[test]
    fn curly_quotes_and_line_breaks_map_back_to_the_original() {
        let original = "He said:\n“The delegation,\r\n  consisting of nine members” left.";
        assert_eq!(
            found(original, "\"The delegation, consisting of nine members\""),
            Some("“The delegation,\r\n  consisting of nine members”")
        );
    }

    #[test]
    fn accents_and_case_map_back() {
        let original = "Talks with TÜRKIYE’s minister";
        assert_eq!(found(original, "türkiye's"), Some("TÜRKIYE’s"));
        let decomposed = "Tu\u{308}rkiye first";
        assert_eq!(found(decomposed, "turkiye"), Some("Tu\u{308}rkiye"));
    }

    #[test]
    fn expansions_and_format_characters_map_to_whole_characters() {
        let original = "a \u{FB01}ve\u{200D} star";
        assert_eq!(
            found(original, "five star"),
            Some("\u{FB01}ve\u{200D} star")
        );
    }

    #[test]
    fn a_missing_or_empty_quote_is_not_found() {
        assert_eq!(found("nine members", "ten members"), None);
        assert_eq!(found("nine members", "  "), None);
    }

    proptest::proptest! {
        #[test]
        fn folds_exactly_like_normalize(text in "(\\PC|\\s|[\u{308}\u{200D}’“–¨\u{FB01}]){0,40}") {
            let folded = NormalizedText::new(&text);
            proptest::prop_assert_eq!(folded.as_str(), normalize(&text));
        }

        #[test]
        fn every_substring_is_found_at_an_original_range_that_normalises_to_it(
            text in "(\\PC|\\s|[\u{308}’“–]){1,40}",
            cut in 0usize..40,
            len in 1usize..20,
        ) {
            let chars: Vec<char> = text.chars().collect();
            let start = cut.min(chars.len());
            let end = (start + len).min(chars.len());
            let quote: String = chars[start..end].iter().collect();
            if !normalize(&quote).is_empty() {
                let normalized = NormalizedText::new(&text);
                let range = normalized.find(&quote);
                proptest::prop_assert!(range.is_some());
                let passage = &text[range.unwrap()];
                proptest::prop_assert!(normalize(passage).contains(&normalize(&quote)));
            }
        }
    }
}
