//! Which pairs of names to compare, without comparing every pair: a fact
//! base of 100 000 names has 5·10⁹ pairs, but a likely alias shares
//! something cheap to index with its partner. Three blockings, each linear
//! or n·log n:
//!
//! * names sharing a rare word (`Musadik Malik`/`Musadik Masood Malik`,
//!   `Jallil Abbas Jilani`/`Jalil Abbas Jilani`); words in more than
//!   `MAX_BLOCK` names (`delegation`) say nothing and are skipped;
//! * names with the same consonant skeleton (`Turkey`/`Türkiye`);
//! * neighbours in sorted order, forwards and by reversed text, which
//!   catches one-word names an edit apart (the edit falls after a shared
//!   beginning or before a shared end).

use std::borrow::Borrow;
use std::collections::HashMap;

use crate::model::NameForm;

/// A word or skeleton shared by more names than this is too common to
/// suggest anything; comparing its names would be quadratic.
const MAX_BLOCK: usize = 40;
/// How many following names, in each sort order, a name is compared with.
const WINDOW: usize = 6;

/// Pairs `(i, j)`, `i < j`, worth comparing, each once.
pub fn candidate_pairs<F: Borrow<NameForm>>(forms: &[F]) -> Vec<(u32, u32)> {
    let forms: Vec<&NameForm> = forms.iter().map(Borrow::borrow).collect();
    let mut pairs = Vec::new();
    let mut by_word: HashMap<&str, Vec<u32>> = HashMap::new();
    let mut by_skeleton: HashMap<&str, Vec<u32>> = HashMap::new();
    for (index, form) in forms.iter().enumerate() {
        let mut words: Vec<&str> = form.words().filter(|w| w.chars().count() >= 3).collect();
        words.sort_unstable();
        words.dedup();
        for word in words {
            by_word.entry(word).or_default().push(index as u32);
        }
        by_skeleton
            .entry(form.skeleton.as_str())
            .or_default()
            .push(index as u32);
    }
    for block in by_word.values().chain(by_skeleton.values()) {
        if block.len() <= MAX_BLOCK {
            all_pairs(block, &mut pairs);
        }
    }
    let mut order: Vec<u32> = (0..forms.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| forms[a as usize].folded.cmp(&forms[b as usize].folded));
    neighbours(&order, &mut pairs);
    let reversed: Vec<String> = forms
        .iter()
        .map(|f| f.folded.chars().rev().collect())
        .collect();
    order.sort_unstable_by(|&a, &b| reversed[a as usize].cmp(&reversed[b as usize]));
    neighbours(&order, &mut pairs);
    pairs.sort_unstable();
    pairs.dedup();
    pairs
}

fn all_pairs(block: &[u32], pairs: &mut Vec<(u32, u32)>) {
    for (k, &a) in block.iter().enumerate() {
        for &b in &block[k + 1..] {
            pairs.push((a.min(b), a.max(b)));
        }
    }
}

fn neighbours(order: &[u32], pairs: &mut Vec<(u32, u32)>) {
    for (k, &a) in order.iter().enumerate() {
        for &b in order.iter().skip(k + 1).take(WINDOW) {
            pairs.push((a.min(b), a.max(b)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(names: &[&str], a: &str, b: &str) -> bool {
        let forms: Vec<NameForm> = names.iter().map(|n| NameForm::new(n)).collect();
        let index = |name: &str| names.iter().position(|n| *n == name).unwrap() as u32;
        let (i, j) = (index(a).min(index(b)), index(a).max(index(b)));
        candidate_pairs(&forms).contains(&(i, j))
    }

    /// Many unrelated names between the two, so only a blocking finds them.
    fn crowd(extra: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = (0..300)
            .map(|n| format!("person{n} delegation zz{n}x"))
            .collect();
        names.extend(extra.iter().map(|s| s.to_string()));
        names
    }

    #[test]
    fn each_blocking_finds_its_kind_of_variant() {
        for (a, b) in [
            ("Musadik Malik", "Musadik Masood Malik"),
            ("Jallil Abbas Jilani", "Jalil Abbas Jilani"),
            ("Turkey", "Türkiye"),
            ("Moscow", "Moskow"),
            ("Bxlawal", "Bilawal"),
        ] {
            let names = crowd(&[a, b]);
            let refs: Vec<&str> = names.iter().map(String::as_str).collect();
            assert!(found(&refs, a, b), "{a} / {b}");
        }
    }

    #[test]
    fn common_words_do_not_make_quadratic_blocks() {
        let names = crowd(&[]);
        let forms: Vec<NameForm> = names.iter().map(|n| NameForm::new(n)).collect();
        let pairs = candidate_pairs(&forms);
        assert!(
            pairs.len() <= names.len() * (2 * WINDOW + 4),
            "{}",
            pairs.len()
        );
    }
}
