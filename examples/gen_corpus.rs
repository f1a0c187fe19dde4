//! Writes a synthetic fact base of newsroom scale, for benchmarks.
//!
//! ```text
//! cargo run --release --example gen_corpus -- OUT N [SEED]
//! ```
//!
//! OUT gets 100 `.facts` files (one source and one `from` section each, with a
//! source text holding that source's quotes), `schema.facts` with the
//! attribute declarations, `checks.assert` with about N/100 assertions,
//! `facts.tsv` (the same facts as `source subject attribute value`, values in
//! canonical form, for peers that parse nothing) and `expected.txt` (the planted
//! number of contradictory groups, which the benchmark checks).
//!
//! The shape: subjects like `event e0012345` and `person "Name Surname 123"`;
//! 30 attributes mixing days, months, integers, decimals, `1_000`-style
//! numbers, percentages, ranges, `at least` bounds, bare-word and quoted texts
//! with accents; each group stated by 1–4 sources in compatible spellings (so
//! normalisation and interval logic are exercised); 2% of groups contradictory;
//! about 3% of facts with a quote. The same OUT, N and SEED give the same bytes.

use std::fmt::Write as _;
use std::path::Path;

const SOURCES: usize = 100;

/// A value kind and how to write it: `(canonical, spellings)`; every spelling
/// of one canonical value is compatible with the others.
#[derive(Clone, Copy)]
enum Kind {
    Day,
    Month,
    Integer,
    Decimal,
    Thousands,
    Percent,
    NumberRange,
    DayRange,
    AtLeast,
    Word,
    Text,
}

const ATTRIBUTES: [(&str, Kind); 30] = [
    ("date", Kind::Day),
    ("start", Kind::Day),
    ("end", Kind::Day),
    ("announced", Kind::Day),
    ("signed", Kind::Day),
    ("month", Kind::Month),
    ("period", Kind::Month),
    ("size", Kind::Integer),
    ("deaths", Kind::Integer),
    ("injured", Kind::Integer),
    ("seats", Kind::Integer),
    ("votes", Kind::Thousands),
    ("budget", Kind::Thousands),
    ("population", Kind::Thousands),
    ("rate", Kind::Decimal),
    ("growth", Kind::Decimal),
    ("share", Kind::Percent),
    ("turnout", Kind::Percent),
    ("inflation", Kind::Percent),
    ("estimate", Kind::NumberRange),
    ("window", Kind::DayRange),
    ("casualties", Kind::AtLeast),
    ("displaced", Kind::AtLeast),
    ("city", Kind::Word),
    ("country", Kind::Word),
    ("party", Kind::Word),
    ("title", Kind::Text),
    ("role", Kind::Text),
    ("venue", Kind::Text),
    ("outcome", Kind::Text),
];

const CITIES: [&str; 8] = [
    "Zürich",
    "Moscow",
    "Brussels",
    "Ankara",
    "Baku",
    "Genève",
    "São_Paulo",
    "Kraków",
];
const PHRASES: [&str; 6] = [
    "Chief of Army Staff",
    "Prime Minister’s envoy",
    "Foreign Office spokesperson",
    "Ministère des Affaires étrangères",
    "special assistant",
    "delegation head",
];

/// SplitMix64: a tiny generator written out here so that the corpus for a
/// seed never changes with a crate's version.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn chance(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }
}

/// One value: its canonical text (for the TSV) and a spelling of it. The
/// `other` value of a seed is incompatible with the usual one, by
/// construction: that is how contradictions are planted, and why their count
/// is exact.
fn value(kind: Kind, seed: u64, other: bool, rng: &mut Rng) -> (String, String) {
    let n = seed % 997 + 1;
    let shift = if other { 6 } else { 0 };
    let day = |n: u64| format!("2025-{:02}-{:02}", (n + shift) % 12 + 1, n % 28 + 1);
    let same = |text: String| (text.clone(), text);
    match kind {
        Kind::Day => same(day(n)),
        Kind::Month => same(format!("2025-{:02}", (n + shift) % 12 + 1)),
        Kind::Integer => {
            let n = n + shift * 1000;
            (
                n.to_string(),
                if rng.chance(200) {
                    format!("{n}.0")
                } else {
                    n.to_string()
                },
            )
        }
        Kind::Decimal => {
            let text = format!("{}.{}", n / 10 + shift * 1000, n % 10 + 1);
            (
                text.clone(),
                if rng.chance(200) {
                    format!("{text}0")
                } else {
                    text
                },
            )
        }
        Kind::Thousands => {
            let n = n + shift * 1000;
            ((n * 1000).to_string(), format!("{n}_000"))
        }
        Kind::Percent => same(format!("{}.{}%", (n + shift * 8) % 100, n % 10)),
        Kind::NumberRange => {
            let low = n + shift * 1000;
            same(format!("{low}..{}", low + 10))
        }
        Kind::DayRange if other => same("2024-12-31".to_string()),
        Kind::DayRange => same(format!("{}..2025-12-31", day(n))),
        Kind::AtLeast if other => same("0".to_string()),
        Kind::AtLeast => same(format!("at least {n}")),
        Kind::Word => {
            let city = CITIES[((n + shift) % CITIES.len() as u64) as usize];
            let spelled = if rng.chance(300) {
                city.to_lowercase()
            } else {
                city.to_string()
            };
            (city.to_lowercase(), spelled)
        }
        Kind::Text => {
            let phrase = format!(
                "{} {}",
                PHRASES[(n % PHRASES.len() as u64) as usize],
                n + shift * 1000
            );
            let spelled = if rng.chance(300) {
                phrase.to_uppercase()
            } else {
                phrase.clone()
            };
            (phrase.to_lowercase(), format!("\"{spelled}\""))
        }
    }
}

fn subject(group: u64) -> String {
    if group.is_multiple_of(3) {
        format!("person \"Name Surname {group}\"")
    } else {
        format!("event e{group:07}")
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: gen_corpus OUT N [SEED]");
        std::process::exit(2);
    }
    let out = Path::new(&args[0]);
    let facts: u64 = args[1].parse().expect("N is a whole number of facts");
    let seed: u64 = args
        .get(2)
        .map_or(42, |s| s.parse().expect("SEED is a whole number"));
    let planted = write_corpus(out, facts, seed).expect("write the corpus");
    eprintln!(
        "wrote {facts} facts to {}: {planted} contradictory groups planted",
        out.display()
    );
}

/// Write the corpus; returns the number of contradictory groups planted.
fn write_corpus(out: &Path, target_facts: u64, seed: u64) -> std::io::Result<u64> {
    std::fs::create_dir_all(out.join("sources"))?;
    let mut rng = Rng(seed);
    let mut files: Vec<String> = (0..SOURCES)
        .map(|s| format!("source s{s:03} {{\n  title \"Synthetic source {s}\"\n  file \"sources/s{s:03}.txt\"\n}}\nfrom s{s:03}\n"))
        .collect();
    let mut texts: Vec<String> = vec![String::new(); SOURCES];
    let mut tsv = String::new();
    let mut asserts = String::new();
    let (mut written, mut group, mut planted) = (0u64, 0u64, 0u64);
    while written < target_facts {
        let (attribute, kind) = ATTRIBUTES[(group % ATTRIBUTES.len() as u64) as usize];
        let subject = subject(group);
        let stated_by = match rng.below(100) {
            0..=34 => 1,
            35..=69 => 2,
            70..=89 => 3,
            _ => 4,
        };
        let contradictory = stated_by > 1 && rng.chance(31);
        planted += u64::from(contradictory);
        let mut sources: Vec<usize> = Vec::new();
        while sources.len() < stated_by {
            let s = rng.below(SOURCES as u64) as usize;
            if !sources.contains(&s) {
                sources.push(s);
            }
        }
        let base_seed = rng.next();
        for (i, &s) in sources.iter().enumerate() {
            let differs = contradictory && i == stated_by - 1;
            let (canonical, spelled) = value(kind, base_seed, differs, &mut rng);
            let line = format!("{subject} {attribute} {spelled}");
            if rng.chance(30) {
                let quote = format!(
                    "Reported: {subject} has {attribute} {} (item {written}).",
                    canonical
                );
                let _ = writeln!(texts[s], "{quote}");
                let _ = writeln!(files[s], "{line} quote \"{}\"", quote.replace('"', "\\\""));
            } else {
                let _ = writeln!(files[s], "{line}");
            }
            let _ = writeln!(tsv, "s{s:03}\t{subject}\t{attribute}\t{canonical}");
            written += 1;
        }
        if group % 100 == 0 {
            write_assertion(&mut asserts, &subject, attribute, kind, stated_by);
        }
        group += 1;
    }
    for (s, text) in files.iter().enumerate() {
        std::fs::write(out.join(format!("f{s:03}.facts")), text)?;
        std::fs::write(out.join(format!("sources/s{s:03}.txt")), &texts[s])?;
    }
    let schema: String = ATTRIBUTES
        .iter()
        .map(|(name, kind)| {
            let ty = match kind {
                Kind::Day | Kind::Month | Kind::DayRange => "date",
                Kind::Word | Kind::Text => "text",
                _ => "number",
            };
            format!("attribute {name} {ty}\n")
        })
        .collect();
    std::fs::write(out.join("schema.facts"), schema)?;
    std::fs::write(out.join("checks.assert"), asserts)?;
    std::fs::write(out.join("facts.tsv"), tsv)?;
    std::fs::write(out.join("expected.txt"), format!("{planted}\n"))?;
    Ok(planted)
}

fn write_assertion(out: &mut String, subject: &str, attribute: &str, kind: Kind, stated_by: usize) {
    let line = match kind {
        Kind::Day | Kind::Month => format!("assert {subject} {attribute} < 2026-01-01"),
        Kind::Integer | Kind::Thousands | Kind::Decimal => {
            format!("assert {subject} {attribute} >= 0")
        }
        _ if stated_by > 1 => format!("assert {subject} {attribute} corroborated by 2"),
        _ => format!("assert {subject} {attribute} != \"nothing\""),
    };
    let _ = writeln!(out, "{line}");
}
