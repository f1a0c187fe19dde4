//! Quote verification (SPEC §4): a quote must occur in its source's text,
//! both normalised, so line breaks and curly quotes do not matter.

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
/// are not listed.
pub fn verify(base: &FactBase) -> Vec<QuoteCheck> {
    base.quotes
        .iter()
        .enumerate()
        .filter_map(|(index, quote)| {
            let text = base.sources[quote.source].normalized.as_ref()?;
            Some(QuoteCheck {
                quote: index,
                found: text.contains(&normalize(&quote.text)),
            })
        })
        .collect()
}
