//! Arbitrary bytes → fact files → load, check and both outputs. Whatever the
//! bytes, the runner must answer with diagnostics: never a panic, a hang or
//! unbounded memory (run with -timeout and -rss_limit_mb).
//!
//! The input is split at each 0xFF byte (never part of UTF-8 text) into up
//! to four files, so that statements in one file can refer to another.
#![no_main]

use clap::ValueEnum as _;
use factcheck::cli::test::{render, Format};
use factcheck::load::{load_bytes, LoadOptions};
use factcheck::output::human::{Detail, Style};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 4] = ["a.facts", "b.assert", "sub/c.facts", "d.assert"];

fuzz_target!(|data: &[u8]| {
    let files: Vec<(String, Vec<u8>)> = data
        .split(|&byte| byte == 0xFF)
        .zip(NAMES)
        .map(|(bytes, name)| (name.to_string(), bytes.to_vec()))
        .collect();
    // Confined: inputs name source files, and the fuzzer must not read the
    // machine's.
    let options = LoadOptions {
        confine_files: true,
        ..LoadOptions::default()
    };
    let base = load_bytes(&files, &options);
    let findings = factcheck::check::check(&base);
    let style = Style::plain().with_detail(Detail::Verbose);
    let human = factcheck::output::human::render(&base, &findings, style);
    assert!(human.ends_with('\n'), "human output ends its last line");
    let json = factcheck::output::json::render(&base, &findings);
    serde_json::from_str::<serde_json::Value>(&json).expect("the JSON output parses");
    for format in Format::value_variants() {
        render(*format, &base, &findings, style);
    }
    assert!((0..=2).contains(&findings.exit_code(&base)));
});
