//! Do two names probably name one thing? Used to suggest an `alias` when two
//! texts contradict only by spelling (`Jallil`/`Jalil`, `Musadik Malik`/
//! `Musadik Masood Malik`, `Turkey`/`Türkiye`).

use super::normalize;

/// Compared on normalised text: a small edit apart (relative to length), or
/// every word of the shorter name found in the longer one.
pub fn looks_alike(a: &str, b: &str) -> bool {
    let (a, b) = (normalize(a), normalize(b));
    if a == b || a.is_empty() || b.is_empty() {
        return a == b;
    }
    let shorter = a.chars().count().min(b.chars().count());
    let allowed = if shorter >= 6 {
        2
    } else if shorter >= 4 {
        1
    } else {
        0
    };
    if allowed > 0 && strsim::levenshtein(&a, &b) <= allowed {
        return true;
    }
    let (words_a, words_b): (Vec<&str>, Vec<&str>) =
        (a.split(' ').collect(), b.split(' ').collect());
    let (short, long) = if words_a.len() <= words_b.len() {
        (words_a, words_b)
    } else {
        (words_b, words_a)
    };
    short.len() >= 2 && short.len() < long.len() && short.iter().all(|w| long.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(!looks_alike("Sharif", "Shehbaz Sharif"));
    }
}
