//! Replays every kept hostile input (issue 6) exactly as the `load` fuzz
//! target runs it (`fuzz/fuzz_targets/load.rs`): the bytes split at each 0xFF
//! into up to four files, loaded in memory, checked, rendered both ways.
//!
//! Inputs live in `tests/regressions/load/`; each file's name starts with the
//! exit status it must give (`exit2-…`). Add every input a fuzzer ever
//! crashed on, hung on or blew the memory limit on, with the status it gives
//! once fixed.

use std::path::Path;
use std::time::{Duration, Instant};

use clap::ValueEnum as _;
use factcheck::cli::test::{render, Format};
use factcheck::load::{load_bytes, LoadOptions};
use factcheck::output::human::{Detail, Style};

const NAMES: [&str; 4] = ["a.facts", "b.assert", "sub/c.facts", "d.assert"];

/// Load, check and render `data`; the exit status.
fn replay(data: &[u8]) -> i32 {
    let files: Vec<(String, Vec<u8>)> = data
        .split(|&byte| byte == 0xFF)
        .zip(NAMES)
        .map(|(bytes, name)| (name.to_string(), bytes.to_vec()))
        .collect();
    // Confined, as in the fuzz target that found these inputs.
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
    findings.exit_code(&base)
}

fn expected_status(path: &Path) -> i32 {
    let name = path.file_name().unwrap().to_string_lossy();
    name.strip_prefix("exit")
        .and_then(|rest| rest.chars().next())
        .and_then(|digit| digit.to_digit(10))
        .unwrap_or_else(|| panic!("{name}: the name must start with exit0-, exit1- or exit2-"))
        as i32
}

#[test]
fn every_kept_input_gives_its_status_quickly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/regressions/load");
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/regressions/load")
        .map(|entry| entry.expect("entry").path())
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty());
    for path in inputs {
        let data = std::fs::read(&path).expect("read input");
        let started = Instant::now();
        let status = replay(&data);
        assert_eq!(status, expected_status(&path), "{}", path.display());
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{} took {:?}",
            path.display(),
            started.elapsed()
        );
    }
}
