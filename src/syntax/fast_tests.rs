//! The fast path against pest, the authority: whenever `fact_line` returns a
//! fact, pest must parse the same line to exactly that statement and no
//! error. A decline is always allowed (it only costs time), so these tests
//! also check that the fast path accepts the common lines, or it could
//! silently decline everything.

use std::path::Path;

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

use super::super::ast::{Statement, STATEMENT_KEYWORDS};
use super::super::lines::{LineCursor, Lines};
use super::super::parser::{parse, parse_with_pest_only, pest_top_line};
use super::*;

/// Compare the two paths on one line, placed mid-file (a byte offset and a
/// line number other than the first) so that spans are checked as file-wide
/// positions. Returns whether the fast path accepted the line.
fn same_as_pest(text: &str) -> bool {
    let line = LineCursor::new(text, 1234, 56);
    let Some(fast) = fact_line(&line) else {
        return false;
    };
    let pest = pest_top_line(&line);
    assert!(
        pest.errors.is_empty(),
        "the fast path accepted {text:?}, pest rejects it: {:?}\nfast path: {fast:?}",
        pest.errors
    );
    assert_eq!(
        pest.statements,
        vec![Statement::Fact(fast)],
        "the paths disagree on {text:?}"
    );
    true
}

/// Whether pest reads this line, outside any block, as one fact and no error.
fn pest_reads_one_fact(line: &LineCursor) -> bool {
    let parsed = pest_top_line(line);
    parsed.errors.is_empty() && matches!(parsed.statements.as_slice(), [Statement::Fact(_)])
}

/// Lines copied from the benchmark corpus (`gen_corpus`, /tmp/corpus1m),
/// one or more of every shape it writes.
const CORPUS_LINES: &[&str] = &[
    "event e0000032 end 2025-09-05",
    "event e0000211 start 2025-09-13",
    "person \"Name Surname 324\" country Brussels",
    "person \"Name Surname 426\" period 2025-04",
    "event e0000461 votes 333_000",
    "event e0000532 displaced at least 193",
    "person \"Name Surname 573\" announced 2025-02-06",
    "event e0000586 share 41.1%",
    "event e0000607 size 460",
    "person \"Name Surname 624\" country Genève",
    "event e0000635 month 2025-08",
    "person \"Name Surname 639\" injured 791",
    "event e0000656 title \"delegation head 521\"",
    "event e0000683 city ankara",
    "event e0001168 venue \"PRIME MINISTER’S ENVOY 343\"",
    "event e0001277 turnout 90.0%",
    "person \"Name Surname 1407\" role \"SPECIAL ASSISTANT 316\"",
    "person \"Name Surname 1665\" growth 41.3",
    "event e0001918 venue \"MINISTÈRE DES AFFAIRES ÉTRANGÈRES 573\"",
    "event e0002063 city zürich",
    "event e0002173 population 104_000",
    "person \"Name Surname 2385\" growth 55.30",
    "event e0002519 outcome \"special assistant 586\"",
    "person \"Name Surname 4374\" country Kraków",
    "person \"Name Surname 6954\" country são_paulo",
    "event e0004129 estimate 869..879",
    "event e0008780 window 2025-03-15..2025-12-31",
    "event e0007741 start 2025-01-25 quote \"Reported: event e0007741 has start 2025-01-25 (item 15919).\"",
    "event e0009619 estimate 935..945 quote \"Reported: event e0009619 has estimate 935..945 (item 19739).\"",
    "event e0009689 outcome \"Prime Minister’s envoy 49\" quote \"Reported: event e0009689 has outcome prime minister’s envoy 49 (item 19885).\"",
    "event e0010007 turnout 49.9% quote \"Reported: event e0010007 has turnout 49.9% (item 20525).\"",
    "event e0010481 votes 5_000 quote \"Reported: event e0010481 has votes 5000 (item 21468).\"",
    "person \"Name Surname 13620\" date 2025-09-25 quote \"Reported: person \\\"Name Surname 13620\\\" has date 2025-09-25 (item 27867).\"",
    "person \"Name Surname 18216\" period 2025-12 quote \"Reported: person \\\"Name Surname 18216\\\" has period 2025-12 (item 37248).\"",
    "person \"Name Surname 30081\" casualties at least 1 quote \"Reported: person \\\"Name Surname 30081\\\" has casualties at least 1 (item 61370).\"",
    "event e0015170 window 2025-09-17..2025-12-31 quote \"Reported: event e0015170 has window 2025-09-17..2025-12-31 (item 31041).\"",
];

/// Lines the shipped fact base and the README write, and the other shapes
/// the fast path is meant to take.
const OTHER_ACCEPTED: &[&str] = &[
    "delegation Bilawal size 9",
    "delegation Bilawal members including [\"Sherry Rehman\"]",
    "delegation Bilawal size 9   quote \"The delegation, consisting of nine members\"",
    "ceasefire date 2025-05-10                     # days, months, ranges, bounds",
    "delegation Fatemi destination Moscow",
    "delegation Bilawal members including [\"Hina Rabbani Khar\", \"Sherry Rehman\"]",
    "  \tx y z\t ",
    "x y z#comment",
    "x y z # comment",
    "x y [a, \"b c\", 3, 2025-01, -4.5%]",
    "x y []",
    "x y [ ]",
    "x y [\ta ,b\t]",
    "x y including[a]",
    "x y including  \t[ ]",
    "x y at  least\t5",
    "x y at most 2025-06",
    "x y at most -3.5%",
    "x y z as of 2025-06 quote \"q\"",
    "x y z quote \"q\" as of 2025-06-30",
    "x y z as\tof\t2025-06",
    "x y z quote\t\"a \\\"b\\\" \\\\ \\n \\t\"",
    "\"\" x y z",
    "\"a\" \"\" x y",
    "famous quote text as",
    "x y quote",
    "x y z quote",
    "x y at",
    "x as offer",
    "x y z as of2025",
    "x y at least5",
    "\"source\" from list [quote, \"as\", of]",
    "sources from alias x",
    "Türkiye ünion x\u{301}y",
    "l’été d'x _a-b’c",
    "x y \"中文 ✓ \u{301}\"",
    "x y 068",
    "x y 1_000.000_1%",
    "x y 2025-06..2025-07",
    "x y 5%..6%",
    "x y 2025-06..5",
    "x y 2024-02-29",
];

const DECLINED: &[&str] = &[
    "",
    "   ",
    "# a comment",
    "x y",
    "x y # two terms",
    "x y as of 2025-06",
    "source s1 {",
    "source reliability high",
    "from s1",
    "check status done",
    "accept x y because \"r\"",
    "assert x y == 1",
    "alias a = b",
    "attribute size number",
    "x y 9members",
    "x y 2025-5-1",
    "x y \"a\"b",
    "x y 1__000",
    "x y 9.x",
    "x y 9.",
    "x y 2025-02-30",
    "x y 2025-13",
    "x y 2025-06-02..2025-02-30",
    "x y 1..",
    "x y 1..2..3",
    "x y at least foo",
    "x y at least 5..6",
    "x y including [a b]",
    "x y including [a,]",
    "x y including",
    "x y at least",
    "x y at \t most",
    "x y [a # c]",
    "x y z as of 2025-06 as of 2025-07",
    "x y z quote \"a\" quote \"b\"",
    "x y z as of 2025-13",
    "x y z quote \"open",
    "x y z quote \"bad \\x escape\"",
    "x y z w as of 2025-06 v",
    "x 5 6",
    "[a] y 6",
    "x \"y\" z",
    "at least 5 y z",
    "x y z }",
    "x y z {",
    "x = y z",
    "x y z\u{a0}",
    "x y \"a\" b\"",
];

#[test]
fn the_corpus_shapes_take_the_fast_path() {
    for line in CORPUS_LINES.iter().chain(OTHER_ACCEPTED) {
        assert!(same_as_pest(line), "declined: {line:?}");
    }
}

#[test]
fn errors_keywords_and_unusual_lines_are_left_to_pest() {
    for line in DECLINED {
        assert!(
            fact_line(&LineCursor::new(line, 0, 1)).is_none(),
            "accepted: {line:?}"
        );
    }
}

/// Every file the project ships or tests with: each line through both paths,
/// and each whole file (so blocks, which the fast path must never enter,
/// are covered too).
#[test]
fn every_shipped_line_parses_alike() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = 0;
    let (mut accepted, mut facts) = (0, 0);
    for dir in ["tests/fixtures", "tests/regressions", "facts", "assertions"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).sort_by_file_name() {
            let entry = entry.expect("walk the test files");
            let name = entry.file_name().to_string_lossy();
            if !(name.ends_with(".facts") || name.ends_with(".assert")) {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(entry.path()) else {
                continue; // the fixture that is not UTF-8
            };
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            files += 1;
            for line in Lines::new(text) {
                accepted += usize::from(same_as_pest(line.text));
                facts += usize::from(pest_reads_one_fact(&line));
            }
            assert_eq!(
                parse(text),
                parse_with_pest_only(text),
                "{}",
                entry.path().display()
            );
        }
    }
    assert!(files > 50, "found only {files} files");
    assert!(
        accepted * 20 >= facts * 19,
        "the fast path took only {accepted} of the {facts} lines that are plain facts"
    );
}

/// A small corpus in the benchmark's shapes (as `examples/gen_corpus.rs`
/// writes them): every line a plain fact, so every line must take the fast
/// path, and the file must parse alike either way.
#[test]
fn a_generated_corpus_takes_the_fast_path_throughout() {
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
    const PHRASES: [&str; 4] = [
        "Chief of Army Staff",
        "Prime Minister’s envoy",
        "Ministère des Affaires étrangères",
        "special assistant",
    ];
    let mut file = String::from("source s000 {\n  title \"Synthetic\"\n}\nfrom s000\n");
    for n in 0u32..3000 {
        let subject = if n % 3 == 0 {
            format!("person \"Name Surname {n}\"")
        } else {
            format!("event e{n:07}")
        };
        let day = format!("2025-{:02}-{:02}", n % 12 + 1, n % 28 + 1);
        let (attribute, value) = match n % 11 {
            0 => ("date", day.clone()),
            1 => ("month", format!("2025-{:02}", n % 12 + 1)),
            2 => ("size", format!("{n}")),
            3 => ("growth", format!("{}.{}0", n / 10, n % 10)),
            4 => ("votes", format!("{n}_000")),
            5 => ("share", format!("{}.{}%", n % 100, n % 10)),
            6 => ("estimate", format!("{n}..{}", n + 10)),
            7 => ("window", format!("{day}..2025-12-31")),
            8 => ("displaced", format!("at least {n}")),
            9 => ("city", CITIES[n as usize % 8].to_lowercase()),
            _ => ("role", format!("\"{} {n}\"", PHRASES[n as usize % 4])),
        };
        let line = format!("{subject} {attribute} {value}");
        assert!(same_as_pest(&line), "declined: {line:?}");
        file.push_str(&line);
        if n % 7 == 0 {
            let quote = format!("Reported: {subject} has {attribute} {value}.");
            let quoted = super::super::tokens::quoted(&quote);
            let line = format!("{subject} {attribute} {value} quote {quoted}");
            assert!(same_as_pest(&line), "declined: {line:?}");
            file.push('\n');
            file.push_str(&line);
        }
        file.push('\n');
    }
    let fast = parse(&file);
    assert!(fast.errors.is_empty(), "{:?}", fast.errors);
    assert_eq!(fast, parse_with_pest_only(&file));
}

/// The fast path's character classes are the grammar's: `word_start` is
/// `LETTER | "_"` and `word_char` is `ASCII_ALPHANUMERIC | LETTER | MARK |
/// NUMBER | "_" | "-" | "'" | "’"`, for every character (the ASCII shortcuts
/// are the part this checks).
#[test]
fn character_classes_match_the_grammar() {
    use pest::unicode::{LETTER, MARK, NUMBER};
    for c in (0..=0x10FFFF).filter_map(char::from_u32) {
        let grammar_char = c.is_ascii_alphanumeric()
            || LETTER(c)
            || MARK(c)
            || NUMBER(c)
            || matches!(c, '_' | '-' | '\'' | '’');
        assert_eq!(word_char(c), grammar_char, "word_char {c:?}");
        assert_eq!(word_start(c), LETTER(c) || c == '_', "word_start {c:?}");
    }
}

// ------------------------------------------------------------ generated lines

/// Tokens that are words, keywords, strings, numbers, dates and the rest, valid
/// and not: anything the grammar might read one way and the fast path
/// another.
const WILD: &[&str] = &[
    // words
    "x",
    "event",
    "e0012345",
    "Bilawal",
    "S-400",
    "_u",
    "a_b",
    "o'neil",
    "l’été",
    "x-",
    "x'",
    "Türkiye",
    "Genève",
    "zürich",
    "São_Paulo",
    "e\u{301}te",
    "\u{301}x",
    "x\u{200D}y",
    "x\u{200B}",
    "x١٢",
    "١٢",
    "Ⅻ",
    "xⅫ",
    "ǅx",
    "ʰa",
    "中文",
    "x²",
    "ß",
    "Ω",
    "\u{a0}",
    "x\u{a0}y",
    "’x",
    "'x",
    "-x",
    // near-keywords (the statement keywords are added in `wild`)
    "as",
    "of",
    "quote",
    "at",
    "least",
    "most",
    "including",
    "because",
    "many",
    "contains",
    "corroborated",
    "by",
    "count",
    "weekday",
    "at least",
    "at  most",
    "at\tleast",
    "as of",
    "as\tof",
    "as  of",
    "Source",
    "sourced",
    "quoted",
    "atleast",
    "including-x",
    "as_",
    "of_",
    "leash",
    "mosh",
    "leasts",
    "mostly",
    "ofs",
    "o",
    "quotes",
    "includings",
    "includin",
    "sourc",
    "a",
    "at leash",
    "at mosh",
    "as ofs",
    // strings
    "\"\"",
    "\"a b\"",
    "\"x\\\"y\"",
    "\"a\\\\b\"",
    "\"n\\nt\\t\"",
    "\"bad \\x\"",
    "\"é ü 中\"",
    "\"unclosed",
    "\"a\"b",
    "\"# not a comment\"",
    "\"tab\tin\"",
    "\"end\\\"",
    "\"’\"",
    "\"\u{301}\"",
    "\"source\"",
    "\"as\"",
    "\"a\"\"b\"",
    "\"\\\\\"",
    // numbers
    "9",
    "-3.25",
    "21.5%",
    "1_000",
    "068",
    "1__000",
    "1_",
    "9.",
    "9.x",
    ".5",
    "-",
    "-5%",
    "12abc",
    "5%%",
    "0.0",
    "1.2.3",
    "1_000.5_5",
    "-0",
    "5%x",
    "9’",
    "007%",
    // dates
    "2025-05-10",
    "2025-06",
    "2025-02-30",
    "2025-13",
    "2024-02-29",
    "0000-01-01",
    "0001-01",
    "2025-5-1",
    "2025-06-0",
    "20250-06",
    "2025-06-021",
    "9999-12-31",
    "2025-00",
    "2025-06-",
    "2025-06x",
    // ranges and dots
    "1..2",
    "2025-06-02..2025-06-04",
    "1..",
    "..2",
    "1...2",
    "1..2..3",
    "2025-06..5",
    "5%..6%",
    "2025-06..2025-13",
    "1.5..2",
    "..",
    ".",
    "x..",
    "x.y",
    // punctuation
    "[",
    "]",
    ",",
    "#",
    "# c",
    "#c",
    "{",
    "}",
    "=",
    "==",
    "(",
    ")",
    "%",
    "'",
    "’",
    "\\",
    "\t",
    ";",
    "\r",
    "x\ry",
    "\u{feff}",
    "\u{2028}",
    "as of\"x\"",
    "quote\"x\"",
    // lists
    "[]",
    "[ ]",
    "[a, \"b c\", 3, 2025-01]",
    "[a,b]",
    "[a,]",
    "[,]",
    "[1..2]",
    "[quote, as, of]",
    "[a b]",
    "[2025-02-30]",
    "[ a , b ]",
    "[\ta]",
    "[a # c]",
    "[[a]]",
    "[at least 5]",
    "[-5%,x’]",
    "[\"a\"b]",
    "[a]b",
    "[a]\"b\"",
    "[a],",
    // glued
    "9members",
    "a\"b\"",
    "x%",
    "x.",
    "x#c",
];

fn wild() -> impl Strategy<Value = String> {
    let tokens: Vec<&str> = STATEMENT_KEYWORDS.iter().chain(WILD).copied().collect();
    prop::sample::select(tokens).prop_map(str::to_string)
}

fn word() -> impl Strategy<Value = String> {
    prop::sample::select(
        &[
            "x",
            "event",
            "e0012345",
            "Bilawal",
            "delegation",
            "Türkiye",
            "São_Paulo",
            "l’été",
            "as",
            "of",
            "quote",
            "at",
            "least",
            "including",
            "S-400",
            "e\u{301}",
            "_x",
            "most",
            "Source",
        ][..],
    )
    .prop_map(str::to_string)
}

fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        // valid: plain and non-ASCII characters, `#`, tabs and the four escapes
        4 => "([a-z é’\u{301}#\t]|\\\\[\"\\\\nt]){0,8}",
        // anything: unknown escapes, stray quotes, a `\` before the closing quote
        1 => "[a-z é\"\\\\nx#]{0,8}",
    ]
    .prop_map(|inner| format!("\"{inner}\""))
}

fn number() -> impl Strategy<Value = String> {
    (
        prop::bool::weighted(0.2),
        "[0-9]{1,3}(_[0-9]{1,3})?",
        prop::option::weighted(0.3, "[0-9]{1,2}"),
        prop::bool::weighted(0.2),
    )
        .prop_map(|(minus, digits, fraction, percent)| {
            let mut out = String::new();
            if minus {
                out.push('-');
            }
            out.push_str(&digits);
            if let Some(fraction) = fraction {
                out.push('.');
                out.push_str(&fraction);
            }
            if percent {
                out.push('%');
            }
            out
        })
}

/// Mostly real dates, sometimes not (month 0 or 13, day 0 or past the
/// month's end, year 0).
fn date() -> impl Strategy<Value = String> {
    (
        prop_oneof![9 => prop::sample::select(&[2025, 2024, 2023][..]), 1 => Just(0)],
        prop_oneof![9 => 1u32..13, 1 => 0u32..14],
        prop::option::weighted(0.6, prop_oneof![9 => 1u32..29, 1 => 0u32..32]),
    )
        .prop_map(|(year, month, day)| match day {
            Some(day) => format!("{year:04}-{month:02}-{day:02}"),
            None => format!("{year:04}-{month:02}"),
        })
}

fn scalar() -> impl Strategy<Value = String> {
    prop_oneof![number(), date()]
}

fn list_item() -> impl Strategy<Value = String> {
    prop_oneof![word(), string(), scalar(), wild()]
}

fn list() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(
            (
                list_item(),
                prop::sample::select(&[",", ", ", " ,", " , ", "\t,", " "][..]),
            ),
            0..4,
        ),
        prop::sample::select(&["", " ", "\t"][..]),
    )
        .prop_map(|(items, pad)| {
            let mut out = format!("[{pad}");
            for (i, (item, sep)) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(sep);
                }
                out.push_str(item);
            }
            out.push_str(pad);
            out.push(']');
            out
        })
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        word(),
        string(),
        scalar(),
        (scalar(), scalar()).prop_map(|(a, b)| format!("{a}..{b}")),
        (
            prop::sample::select(
                &[
                    "at least ",
                    "at most ",
                    "at  least\t",
                    "at\tmost ",
                    "at leash ",
                    "at mosh ",
                    "at leasts ",
                    "at least"
                ][..]
            ),
            scalar()
        )
            .prop_map(|(kw, v)| format!("{kw}{v}")),
        list(),
        (
            prop::sample::select(
                &[
                    "including ",
                    "including",
                    "including\t ",
                    "includin ",
                    "includings "
                ][..]
            ),
            list()
        )
            .prop_map(|(kw, l)| format!("{kw}{l}")),
        wild(),
    ]
}

fn tail() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            prop::sample::select(&["as of ", "as of ", "as\tof  ", "as of"][..]),
            date()
        )
            .prop_map(|(kw, d)| format!("{kw}{d}")),
        (
            prop::sample::select(&["quote ", "quote ", "quote\t", "quote"][..]),
            string()
        )
            .prop_map(|(kw, s)| format!("{kw}{s}")),
    ]
}

fn subject_part() -> impl Strategy<Value = String> {
    prop_oneof![6 => word(), 3 => string(), 1 => wild()]
}

/// A fact-shaped line (subject, attribute, value, tails), then perhaps with a
/// wild token put in, swapped in, or glued on.
fn line() -> impl Strategy<Value = String> {
    let tokens = (
        prop_oneof![
            9 => prop::collection::vec(subject_part(), 1..4),
            1 => prop::collection::vec(subject_part(), 0..2),
        ],
        prop_oneof![9 => word(), 1 => wild()],
        value(),
        prop_oneof![3 => prop::collection::vec(tail(), 0..2), 1 => prop::collection::vec(tail(), 2..3)],
    )
        .prop_map(|(mut tokens, attribute, value, tails)| {
            tokens.push(attribute);
            tokens.push(value);
            tokens.extend(tails);
            tokens
        });
    let mutation = prop::option::weighted(0.3, (any::<prop::sample::Index>(), wild(), 0u8..3));
    let separators = prop::collection::vec(
        prop_oneof![20 => Just(" "), 2 => Just("  "), 2 => Just("\t"), 1 => Just(" \t "), 1 => Just("")],
        12,
    );
    let ends = (
        prop::sample::select(&["", "", " ", "\t "][..]),
        prop::sample::select(&["", "", " ", "\t"][..]),
        prop::option::weighted(0.2, prop::sample::select(&["# c", "#", "#x # y \""][..])),
    );
    (tokens, mutation, separators, ends).prop_map(
        |(mut tokens, mutation, separators, (lead, trail, comment))| {
            if let Some((index, token, how)) = mutation {
                let at = index.index(tokens.len() + 1);
                match how {
                    0 => tokens.insert(at, token),
                    1 if at < tokens.len() => tokens[at] = token,
                    _ if at < tokens.len() => tokens[at].push_str(&token),
                    _ => tokens.push(token),
                }
            }
            let mut out = lead.to_string();
            for (i, token) in tokens.iter().enumerate() {
                if i > 0 {
                    out.push_str(separators[i % separators.len()]);
                }
                out.push_str(token);
            }
            out.push_str(trail);
            if let Some(comment) = comment {
                out.push_str(comment);
            }
            out
        },
    )
}

/// Any tokens at all, in any order.
fn wild_line() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            wild(),
            prop::sample::select(&[" ", " ", "\t", "  ", ""][..]),
        ),
        0..10,
    )
    .prop_map(|parts| parts.into_iter().map(|(t, s)| t + s).collect())
}

/// 4,000 cases each by default; `PROPTEST_CASES=200000 cargo test --lib
/// fast` searches longer.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(4000)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn generated_fact_lines_parse_alike(text in line()) {
        same_as_pest(&text);
    }

    #[test]
    fn generated_token_soup_parses_alike(text in wild_line()) {
        same_as_pest(&text);
    }

    /// Whole files of generated lines and block lines: the fast path must
    /// leave block contents alone, and the files must parse alike.
    #[test]
    fn generated_files_parse_alike(lines in prop::collection::vec(prop_oneof![
        4 => line(),
        1 => prop::sample::select(&[
            "source s1 {", "source s1 { title \"t\" }", "}", "check \"c\" {",
            "check \"c\" { assert a b == 1 }", "from s1", "title \"t\"", "assert a b == 1",
        ][..]).prop_map(str::to_string),
    ], 0..12)) {
        let text = lines.join("\n");
        prop_assert_eq!(parse(&text), parse_with_pest_only(&text));
    }
}

/// The generators above, sampled deterministically: the comparison holds on
/// every line, and the fast path both accepts and declines a good share of
/// them (so the property tests exercise both sides).
#[test]
fn generated_lines_exercise_both_paths() {
    let mut runner = TestRunner::deterministic();
    let strategy = line();
    let (mut accepted, total) = (0, 20_000);
    for _ in 0..total {
        let text = strategy
            .new_tree(&mut runner)
            .expect("a generated line")
            .current();
        accepted += usize::from(same_as_pest(&text));
    }
    assert!(
        accepted * 5 > total && accepted * 5 < total * 4, // 20–80%
        "the fast path took {accepted} of {total} generated lines"
    );
}
