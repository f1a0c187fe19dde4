//! How long `factcheck lint` takes on a large fact base: writes 100 000
//! facts about distinct, made-up two- and three-word subjects (plus 100
//! planted one-letter variants of some of them) into a temporary directory,
//! then times loading and linting and checks the planted variants are found.
//!
//! Run: `cargo run --release --example lint_bench [NAMES]`

use std::collections::HashSet;
use std::fmt::Write as _;
use std::time::Instant;

const SYLLABLES: [&str; 40] = [
    "ka", "ve", "ro", "tu", "la", "ni", "sa", "mo", "ri", "da", "fe", "zu", "pa", "lo", "mi", "ne",
    "ga", "ho", "bi", "ru", "sha", "kha", "tan", "mer", "dil", "bar", "zan", "qu", "wel", "jor",
    "ast", "ein", "ul", "or", "im", "ek", "yan", "pol", "gri", "vos",
];

/// A small deterministic generator (xorshift64), so runs compare.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }

    fn word(&mut self) -> String {
        let syllables = 2 + self.next(3);
        let mut word: String = (0..syllables)
            .map(|_| SYLLABLES[self.next(SYLLABLES.len())])
            .collect();
        word[..1].make_ascii_uppercase();
        word
    }
}

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut seen = HashSet::new();
    let mut names = Vec::with_capacity(count);
    while names.len() < count {
        let words = 2 + rng.next(2);
        let name = (0..words).map(|_| rng.word()).collect::<Vec<_>>().join(" ");
        if seen.insert(name.to_lowercase()) {
            names.push(name);
        }
    }
    // Planted variants: one letter dropped from the middle of the last word.
    let mut planted = Vec::new();
    for k in 0..100 {
        let original = &names[k * (count / 100)];
        let cut = original.len() - 3;
        let variant = format!("{}{}", &original[..cut], &original[cut + 1..]);
        if seen.insert(variant.to_lowercase()) {
            planted.push((variant, original.clone()));
        }
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let mut file = String::from("source gen { title \"generated\" }\nfrom gen\n");
    for (index, name) in names
        .iter()
        .chain(planted.iter().map(|(v, _)| v))
        .enumerate()
    {
        let _ = writeln!(file, "\"{name}\" size {index}");
        if (index + 1) % 5_000 == 0 {
            std::fs::write(dir.path().join(format!("{index:07}.facts")), &file).unwrap();
            file = String::from("from gen\n");
        }
    }
    std::fs::write(dir.path().join("last.facts"), &file).unwrap();

    let start = Instant::now();
    let base = factcheck::load::load(&[dir.path().to_path_buf()]);
    let loaded = start.elapsed();
    assert!(base.errors.is_empty(), "{:?}", base.errors.first());
    let start = Instant::now();
    let found = factcheck::lint::lint(&base);
    let linted = start.elapsed();
    let suggested: HashSet<(String, String)> = found
        .aliases
        .iter()
        .flat_map(|s| {
            let (a, b) = (
                &found.names[s.variant].shown,
                &found.names[s.canonical].shown,
            );
            [(a.clone(), b.clone()), (b.clone(), a.clone())]
        })
        .collect();
    let recalled = planted
        .iter()
        .filter(|pair| suggested.contains(*pair))
        .count();
    println!(
        "{} distinct names: load {:.2?}, lint {:.2?}; {} likely aliases listed, {}/{} planted variants found",
        found.names.len(),
        loaded,
        linted,
        found.aliases.len(),
        recalled,
        planted.len()
    );
}
