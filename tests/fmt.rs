//! `factcheck fmt` end to end: on every fixture it keeps the fact base and
//! the comments, leaves files with syntax errors alone, and a second run
//! finds nothing to do; `--check` lists and exits 1; writes replace files.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use factcheck::format::meaning::comments;
use serde_json::Value;
use walkdir::WalkDir;

fn factcheck(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run factcheck")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in WalkDir::new(from) {
        let entry = entry.expect("walk fixtures");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The paths a fixture's runner is pointed at (its `args` file, or itself).
fn case_paths(case: &Path) -> Vec<String> {
    let name = case.file_name().unwrap().to_str().unwrap().to_string();
    match std::fs::read_to_string(case.join("args")) {
        Ok(args) => args.split_whitespace().skip(1).map(String::from).collect(),
        Err(_) => vec![name],
    }
}

/// The runner's JSON with what formatting may change taken out: positions
/// (`line`, `column`, and `file:LINE` inside messages) and the spacing of
/// texts shown as written.
fn without_positions(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(key, _)| key != "line" && key != "column")
                .map(|(key, value)| (key, without_positions(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_positions).collect()),
        Value::String(text) => Value::String(without_line_numbers(&text)),
        other => other,
    }
}

fn without_line_numbers(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().filter(|c| !c.is_whitespace()).peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == ':' {
            while chars.peek().is_some_and(char::is_ascii_digit) {
                chars.next();
            }
        }
    }
    out
}

fn runner_json(dir: &Path, paths: &[String]) -> Value {
    let mut args = vec!["test", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let output = factcheck(dir, &args);
    without_positions(serde_json::from_slice(&output.stdout).expect("one JSON object"))
}

fn fact_files(dir: &Path) -> Vec<PathBuf> {
    WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|entry| entry.expect("walk").into_path())
        .filter(|path| {
            matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("facts" | "assert" | "txt")
            )
        })
        .filter(|path| !path.components().any(|c| c.as_os_str() == "sources"))
        .collect()
}

#[test]
fn every_fixture_keeps_its_fact_base_and_comments() {
    let copy = tempfile::tempdir().expect("temp dir");
    copy_tree(&fixtures(), copy.path());
    let mut cases: Vec<PathBuf> = std::fs::read_dir(fixtures())
        .expect("fixtures")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    for case in cases {
        let paths = case_paths(&case);
        if paths.is_empty() {
            continue; // the runner's default paths, which fixtures do not have
        }
        let name = case.file_name().unwrap().to_str().unwrap();
        let mut fmt_args = vec!["fmt"];
        fmt_args.extend(paths.iter().map(String::as_str));
        let first = factcheck(copy.path(), &fmt_args);
        assert!(
            matches!(first.status.code(), Some(0 | 2)),
            "{name}: {first:?}"
        );
        let mut check_args = vec!["fmt", "--check"];
        check_args.extend(paths.iter().map(String::as_str));
        let second = factcheck(copy.path(), &check_args);
        assert_eq!(
            String::from_utf8_lossy(&second.stdout),
            "",
            "{name}: a second run would change files"
        );
        assert_eq!(
            runner_json(&fixtures(), &paths),
            runner_json(copy.path(), &paths),
            "{name}: the fact base changed"
        );
        for original in fact_files(&case) {
            let formatted = copy.path().join(original.strip_prefix(fixtures()).unwrap());
            let before = std::fs::read(&original).unwrap();
            let after = std::fs::read(&formatted).unwrap();
            let (Ok(before_text), Ok(after_text)) = (
                String::from_utf8(before.clone()),
                String::from_utf8(after.clone()),
            ) else {
                assert_eq!(before, after, "{name}: a file that is not text was changed");
                continue;
            };
            assert_eq!(
                comments(&before_text),
                comments(&after_text),
                "{}",
                original.display()
            );
            let body = before_text.trim_start_matches('\u{FEFF}');
            if !factcheck::syntax::parse(body).errors.is_empty() {
                assert_eq!(
                    before_text,
                    after_text,
                    "{}: has syntax errors, must be untouched",
                    original.display()
                );
            }
        }
    }
}

fn scratch(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    dir
}

#[test]
fn check_lists_unformatted_files_and_changes_nothing() {
    let dir = scratch(&[
        ("facts/a.facts", "from s\nx  y 1\n"),
        ("facts/b.facts", "from s\nx y 1\n"),
        ("assertions/c.assert", "assert   x y == 1\n"),
    ]);
    let output = factcheck(dir.path(), &["fmt", "--check"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "facts/a.facts\nassertions/c.assert\n"
    );
    let a = std::fs::read_to_string(dir.path().join("facts/a.facts")).unwrap();
    assert_eq!(a, "from s\nx  y 1\n");
}

#[test]
fn fmt_rewrites_files_and_leaves_files_with_syntax_errors() {
    let dir = scratch(&[
        ("facts/a.facts", "from s\nx  y 1   # note\n"),
        ("facts/bad.facts", "from s\nx  y\n"),
    ]);
    let output = factcheck(dir.path(), &["fmt"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "formatted facts/a.facts\n"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("facts/bad.facts:2:"), "{stderr}");
    assert!(
        stderr.contains("left 1 file with syntax errors untouched"),
        "{stderr}"
    );
    let read = |path: &str| std::fs::read_to_string(dir.path().join(path)).unwrap();
    assert_eq!(read("facts/a.facts"), "from s\nx y 1  # note\n");
    assert_eq!(read("facts/bad.facts"), "from s\nx  y\n");
    let entries = std::fs::read_dir(dir.path().join("facts")).unwrap().count();
    assert_eq!(entries, 2, "no temporary file left behind");
}

#[test]
fn a_missing_path_is_an_error() {
    let dir = scratch(&[]);
    let output = factcheck(dir.path(), &["fmt", "nowhere"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("nowhere"));
}
