//! A screened load (`load::Screening`: read twice, holding only the
//! subjects a run reports on) must report exactly what the whole load does,
//! in every output format. Each case is loaded both ways, with screening
//! forced on whatever the base's size, and every rendering compared.
//!
//! The "did you mean" search over every subject would make a small base
//! fall back to the whole load (a screened base does not hold every
//! subject), so these loads turn it off, in both ways alike, to screen
//! bases with assertions; `fallback_searches_every_subject` checks the
//! fallback itself.

use std::path::{Path, PathBuf};

use clap::ValueEnum as _;
use factcheck::cli::test::{render, Format};
use factcheck::load::{load_bytes, load_configured, FactBase, Limits, LoadOptions, Screening};
use factcheck::output::human::Style;
use proptest::prelude::*;

fn options(screening: Screening, searches: bool) -> LoadOptions {
    LoadOptions {
        screening,
        limits: Limits {
            max_name_comparisons: if searches { 2_000_000 } else { 0 },
            ..Limits::default()
        },
        ..LoadOptions::default()
    }
}

/// Every format's rendering of the run over `base`.
fn renderings(base: &FactBase) -> Vec<String> {
    let findings = factcheck::check::check(base);
    Format::value_variants()
        .iter()
        .map(|format| render(*format, base, &findings, Style::plain()))
        .collect()
}

fn json(base: &FactBase) -> String {
    factcheck::output::json::render(base, &factcheck::check::check(base))
}

fn assert_same_both_ways(load: impl Fn(&LoadOptions) -> FactBase, case: &str) {
    let whole = renderings(&load(&options(Screening::Never, false)));
    let screened = renderings(&load(&options(Screening::Always, false)));
    for (whole, screened) in whole.iter().zip(&screened) {
        assert_eq!(whole, screened, "screening changed the report of {case}");
    }
}

fn case_dirs(under: &str) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(under)
        .expect("fixtures folder")
        .map(|entry| entry.expect("fixture").path())
        .filter(|path| path.is_dir())
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn every_fixture_reports_the_same_screened() {
    let dirs = case_dirs("tests/fixtures");
    assert!(dirs.len() > 50, "the fixtures are found");
    for dir in dirs {
        let paths = [dir.clone()];
        let load = |options: &LoadOptions| load_configured(&paths, &[], options);
        assert_same_both_ways(load, &dir.display().to_string());
    }
}

#[test]
fn the_shipped_base_reports_the_same_screened() {
    let paths = [PathBuf::from("facts"), PathBuf::from("assertions")];
    let load = |options: &LoadOptions| load_configured(&paths, &[], options);
    assert_same_both_ways(load, "facts/ and assertions/");
}

#[test]
fn kept_hostile_inputs_report_the_same_screened() {
    let dir = Path::new("tests/regressions/load");
    for entry in std::fs::read_dir(dir).expect("regressions folder") {
        let path = entry.expect("input").path();
        let data = std::fs::read(&path).expect("input");
        let files: Vec<(String, Vec<u8>)> = data
            .split(|&byte| byte == 0xFF)
            .zip(["a.facts", "b.assert", "sub/c.facts", "d.assert"])
            .map(|(bytes, name)| (name.to_string(), bytes.to_vec()))
            .collect();
        let load = |options: &LoadOptions| load_bytes(&files, options);
        assert_same_both_ways(load, &path.display().to_string());
    }
}

/// A screened base holds only some subjects, so where the whole load would
/// search them all for a "did you mean", screening gives way to it.
#[test]
fn fallback_searches_every_subject() {
    let files = texts(&[(
        "a.facts",
        "source s1 {}\nfrom s1\nevent alpha size 9\nevent beta size 7\nevent beta size 8\n\
         assert event alpah size == 9\n",
    )]);
    let whole = load_bytes(&files, &options(Screening::Never, true));
    let screened = load_bytes(&files, &options(Screening::Always, true));
    assert!(json(&whole).contains("did you mean `event alpha size`?"));
    assert_eq!(json(&whole), json(&screened));
    assert_eq!(screened.claims.len(), 3, "the whole base was loaded");
    let no_search = load_bytes(&files, &options(Screening::Always, false));
    assert_eq!(
        no_search.claims.len(),
        2,
        "only the contested subject was held"
    );
}

/// A "did you mean" whose candidates tie is decided by spelling, not by
/// which one the base names first: a screened base interns its names in
/// another order (here `sizg` first appears in a subject it does not hold).
#[test]
fn tied_suggestions_do_not_depend_on_what_is_held() {
    let files = texts(&[(
        "a.facts",
        "source s1 {}\nfrom s1\nevent B sizg 1\nevent A sizf 2\nevent A sizg 3\n\
         assert event A size == 2\n",
    )]);
    let load = |options: &LoadOptions| load_bytes(&files, options);
    assert_same_both_ways(load, "a tie between two attributes");
    let base = load(&options(Screening::Never, false));
    let json = json(&base);
    assert!(json.contains("did you mean `event A sizf`?"), "{json}");
}

fn texts(files: &[(&str, &str)]) -> Vec<(String, Vec<u8>)> {
    files
        .iter()
        .map(|(name, text)| (name.to_string(), text.as_bytes().to_vec()))
        .collect()
}

/// Subjects spelled several ways (case, an alias), attributes declared or
/// not (a type, `many`), values written alike or not, as-of dates, facts
/// left out for their type, assertions and accepts on any of them.
fn fact_line() -> impl Strategy<Value = String> {
    let subject = prop::sample::select(vec![
        "event A",
        "Event a",
        "EVENT A",
        "event B",
        "person \"Ann Lee\"",
        "person Ann Lee",
        "the Ann",
        "event C",
        "event D",
    ]);
    let attribute = prop::sample::select(vec![
        "size", "Size", "side", "date", "tags", "city", "share",
    ]);
    let value = prop::sample::select(vec![
        "9",
        "9.0",
        "10",
        "at least 8",
        "8..12",
        "9%",
        "2025-05",
        "2025-05-10",
        "Paris",
        "paris",
        "\"Paris\"",
        "Lyon",
        "[a, b]",
        "[b, a]",
        "including [a]",
        "[a]",
        "nine",
    ]);
    let tail = prop::sample::select(vec!["", "", "", " as of 2025-01-01", " quote \"x\""]);
    (subject, attribute, value, tail).prop_map(|(s, a, v, t)| format!("{s} {a} {v}{t}"))
}

fn other_line() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "from s1",
        "from s2",
        "assert event A size == 9",
        "assert Event a size corroborated by 2",
        "assert event B date < 2025-06-01",
        "assert person \"Ann Lee\" tags contains a",
        "assert count(event C tags) == 2",
        "assert event Z size == 9",
        "assert event A sise == 9",
        "assert person Ann Lee dat < 2025-06-01",
        "assert event D city == Paris",
        "accept event A size because \"reviewed\"",
        "accept event D city because \"reviewed\"",
    ])
    .prop_map(String::from)
}

fn fact_file() -> impl Strategy<Value = String> {
    let line = prop_oneof![4 => fact_line(), 1 => other_line()];
    prop::collection::vec(line, 0..14).prop_map(|lines| format!("from s1\n{}\n", lines.join("\n")))
}

const DECLARATIONS: &str = "source s1 {}\nsource s2 {}\nattribute size number\n\
    attribute tags list many\nattribute city text\nalias the Ann = person Ann Lee\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn random_bases_report_the_same_screened(first in fact_file(), second in fact_file()) {
        let files = texts(&[
            ("schema.facts", DECLARATIONS),
            ("a.facts", &first),
            ("b.facts", &second),
        ]);
        let load = |options: &LoadOptions| load_bytes(&files, options);
        assert_same_both_ways(load, &format!("a.facts:\n{first}\nb.facts:\n{second}"));
    }
}
