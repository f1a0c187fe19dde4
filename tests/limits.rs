//! Limits and hostile file-system layouts (issue 6): every limit is a load
//! error located where a person can see why, never a crash, a hang or a
//! silent skip. Most cases load in-process with small limits; those that
//! need the command line or another user run the binary.

use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use factcheck::check::Verdict;
use factcheck::load::{load_bytes, load_configured, FactBase, Limits, LoadOptions, Problem};

const SOURCE: &str = "source s1 { title \"One\" }\nfrom s1\n";

fn with_limits(limits: Limits) -> LoadOptions {
    LoadOptions {
        limits,
        ..LoadOptions::default()
    }
}

fn load_one(text: impl Into<Vec<u8>>, limits: Limits) -> FactBase {
    load_bytes(
        &[("a.facts".to_string(), text.into())],
        &with_limits(limits),
    )
}

/// The only load error, as (line, column, message).
fn only_error(base: &FactBase) -> (u32, u32, &str) {
    let messages: Vec<&Problem> = base.errors.iter().collect();
    assert_eq!(messages.len(), 1, "one error expected: {messages:#?}");
    let error = messages[0];
    (error.line, error.column, &error.message)
}

/// `factcheck test a.facts` with `extra` options in `dir`: the exit status
/// and standard output.
fn test_a_facts(dir: &Path, extra: &[&str]) -> (i32, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .args(["test", "a.facts"])
        .args(extra)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run factcheck");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    (output.status.code().expect("exit code"), stdout)
}

fn write(dir: &Path, path: &str, contents: impl AsRef<[u8]>) -> PathBuf {
    let full = dir.join(path);
    std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
    std::fs::write(&full, contents).expect("write");
    full
}

#[test]
fn a_fact_file_larger_than_the_limit_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "facts/a.facts",
        format!("{SOURCE}x size {}\n", "1".repeat(200)),
    );
    let limits = Limits {
        max_file_bytes: 100,
        ..Limits::default()
    };
    let base = load_configured(&[dir.path().join("facts")], &[], &with_limits(limits));
    let (line, column, message) = only_error(&base);
    assert_eq!((line, column), (1, 1));
    assert!(message.contains("larger than 100 bytes"), "{message}");
    assert!(base.errors[0].path.ends_with("a.facts"));
}

#[test]
fn a_source_text_larger_than_the_limit_is_an_error_at_its_file_value() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "facts/big.txt", "x".repeat(500));
    let facts = "source s1 {\n  file \"big.txt\"\n}\n";
    write(dir.path(), "facts/a.facts", facts);
    let limits = Limits {
        max_file_bytes: 400,
        ..Limits::default()
    };
    let base = load_configured(&[dir.path().join("facts")], &[], &with_limits(limits));
    let (line, column, message) = only_error(&base);
    assert_eq!((line, column), (2, 8));
    assert!(message.contains("larger than 400 bytes"), "{message}");
}

#[test]
fn the_file_size_limit_is_set_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let facts = format!("{SOURCE}x size 1\n{}\n", "# padding ".repeat(200));
    write(dir.path(), "a.facts", &facts);
    let run = |extra: &[&str]| test_a_facts(dir.path(), extra);
    let (status, stdout) = run(&["--max-file-size", "1K"]);
    assert_eq!(status, 2, "{stdout}");
    assert!(stdout.contains("larger than 1 KiB"), "{stdout}");
    assert!(stdout.contains("--max-file-size"), "{stdout}");
    let (status, stdout) = run(&[]);
    assert_eq!(status, 0, "the default limit is generous: {stdout}");
    let (status, _) = run(&["--max-file-size", "lots"]);
    assert_eq!(status, 2, "clap rejects a size it cannot read");
}

#[test]
fn a_line_longer_than_the_limit_is_located_where_the_limit_is_crossed() {
    let text = format!("{SOURCE}x note \"{}\"\ny size 2\n", "a".repeat(100));
    let limits = Limits {
        max_line_bytes: 50,
        ..Limits::default()
    };
    let base = load_one(text, limits);
    let (line, column, message) = only_error(&base);
    assert_eq!((line, column), (3, 51));
    assert!(message.contains("109 bytes long"), "{message}");
    assert!(message.contains("50 bytes"), "{message}");
}

#[test]
fn three_hundred_thousand_open_brackets_are_one_error_and_quick() {
    for opener in ["[", "(", "{", "\""] {
        let run = opener.repeat(300_000);
        // (text, line of the run, where a 1000-byte line limit is crossed)
        let cases = [
            (format!("{SOURCE}x y {run}\n"), 3, 1001),
            (format!("assert count{run}\n"), 1, 1001),
            (run.clone(), 1, 1001),
        ];
        for (text, line, column) in cases {
            let started = Instant::now();
            let parsed = load_one(text.as_str(), Limits::default());
            let (error_line, _, message) = only_error(&parsed);
            assert_eq!(error_line, line, "{opener}: {message}");
            assert!(!message.contains("line is"), "{opener}: {message}");
            let short_lines = Limits {
                max_line_bytes: 1000,
                ..Limits::default()
            };
            let refused = load_one(text.as_str(), short_lines);
            let (error_line, error_column, message) = only_error(&refused);
            assert_eq!((error_line, error_column), (line, column), "{message}");
            assert!(message.contains("line is"), "{message}");
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{opener}: took {:?}",
                started.elapsed()
            );
        }
    }
}

#[test]
fn a_list_inside_a_list_is_a_syntax_error() {
    let base = load_one(format!("{SOURCE}x y [a, [b]]\n"), Limits::default());
    let (line, _, _) = only_error(&base);
    assert_eq!(line, 3);
}

#[test]
fn a_list_longer_than_the_limit_is_an_error_at_the_list() {
    let limits = Limits {
        max_list_items: 3,
        ..Limits::default()
    };
    let fact = load_one(format!("{SOURCE}x y [1, 2, 3]\nx z [1, 2, 3, 4]\n"), limits);
    let (line, column, message) = only_error(&fact);
    assert_eq!((line, column), (4, 5));
    assert!(message.contains("4 items, more than the 3"), "{message}");
    let literal = load_one("assert x y == including [a, b, c, d]\n", limits);
    let (line, column, _) = only_error(&literal);
    assert_eq!((line, column), (1, 15));
}

#[test]
fn more_files_than_the_limit_is_an_error_naming_the_first_left_out() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["a", "b", "c", "d"] {
        write(dir.path(), &format!("facts/{name}.facts"), "# empty\n");
    }
    let limits = Limits {
        max_files: 2,
        ..Limits::default()
    };
    let base = load_configured(&[dir.path().join("facts")], &[], &with_limits(limits));
    let (_, _, message) = only_error(&base);
    assert!(message.contains("more than 2 fact files"), "{message}");
    assert!(base.errors[0].path.ends_with("c.facts"));
    assert_eq!(base.files.len(), 2, "the files past the limit are not read");
}

#[test]
fn more_distinct_names_than_the_limit_is_an_error_at_the_first_past_it() {
    let limits = Limits {
        max_names: 4,
        ..Limits::default()
    };
    // s1, x, size, then `y` is the fourth and `colour` the fifth.
    let text = format!("{SOURCE}x size 1\nX size 2\ny size 3\ny colour red\n");
    let base = load_one(text, limits);
    let (line, column, message) = only_error(&base);
    assert_eq!((line, column), (6, 1));
    assert!(message.contains("4 distinct names"), "{message}");
}

#[test]
fn the_name_limit_is_set_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.facts",
        format!("{SOURCE}x size 1\ny size 2\n"),
    );
    let run = |extra: &[&str]| test_a_facts(dir.path(), extra);
    // s1, x, size: three names; `y` is the fourth.
    let (status, stdout) = run(&["--max-names", "3"]);
    assert_eq!(status, 2, "{stdout}");
    assert!(stdout.contains("3 distinct names"), "{stdout}");
    assert!(stdout.contains("--max-names"), "{stdout}");
    let (status, stdout) = run(&["--max-names", "4"]);
    assert_eq!(status, 0, "{stdout}");
}

#[test]
fn more_claims_in_a_contradiction_than_the_limit_is_an_error_at_the_first_past_it() {
    let limits = Limits {
        max_claims_per_group: 2,
        ..Limits::default()
    };
    let text = format!("{SOURCE}x size 1\nx size 2\nx size 1 as of 2025-06\nX  size 1\n");
    let base = load_one(text, limits);
    let (line, column, message) = only_error(&base);
    assert_eq!((line, column), (6, 1));
    assert!(
        message.contains("`x size` is a contradiction with more than 2 claims"),
        "{message}"
    );
    // SPEC §4: claims that agree make no contradiction, however many.
    let agreeing = format!("{SOURCE}x size 1\nx size 1\nx size 1..2\nX  size 1\n");
    assert!(
        load_one(agreeing, limits).errors.is_empty(),
        "agreeing claims are not limited"
    );
    let many = format!("attribute tag text many\n{SOURCE}x tag a\nx tag b\nx tag c\n");
    assert!(
        load_one(many, limits).errors.is_empty(),
        "many-valued groups are not limited"
    );
}

/// SPEC §4 reports a contradiction with every claim of its group: a figure
/// that hundreds of sources give differently is a valid base, and an
/// assertion on it is judged against each claim (§5), every pair counted
/// in its message even where the verdict was settled early.
#[test]
fn a_contradiction_of_hundreds_of_sources_loads_and_is_judged_against_each_claim() {
    let sources = 300;
    let mut text = String::new();
    for i in 0..sources {
        text.push_str(&format!("source s{i} {{ title \"T{i}\" }}\n"));
    }
    for i in 0..sources {
        let casualties = if i == 0 { 31 } else { 26 };
        text.push_str(&format!("from s{i}\nstrike casualties {casualties}\n"));
    }
    text.push_str("accept strike casualties because \"reviewed\"\n");
    text.push_str("assert strike casualties >= 26\n");
    text.push_str("assert strike casualties == 26\n");
    text.push_str("assert strike casualties corroborated by 2\n");
    let base = load_one(text, Limits::default());
    assert!(base.errors.is_empty(), "{:?}", base.errors.first());
    let findings = factcheck::check::check(&base);
    assert_eq!(findings.contradictions.len(), 1);
    assert_eq!(findings.contradictions[0].claims.len(), sources);
    let verdicts: Vec<(Verdict, &str)> = findings
        .assertions
        .iter()
        .map(|result| (result.verdict, result.message.as_str()))
        .collect();
    // 26 and 31 are both at least 26; only 299 of the claims say 26; 299
    // sources corroborate 26 but no other source corroborates 31.
    assert_eq!(verdicts[0].0, Verdict::Pass, "{}", verdicts[0].1);
    assert_eq!(verdicts[1].0, Verdict::Unknown, "{}", verdicts[1].1);
    assert_eq!(verdicts[2].0, Verdict::Unknown, "{}", verdicts[2].1);
    for (_, message) in &verdicts {
        assert!(message.ends_with("; and 288 more"), "{message}");
    }
}

/// Hostile fact bases with many claims in one group load and judge in
/// time linear in the claims (contradiction detection) or bounded by the
/// group limit (verdicts on accepted contradictions), and the messages stay
/// short.
#[test]
fn crowded_groups_are_judged_quickly_with_short_messages() {
    let claims = Limits::default().max_claims_per_group;
    // Agreeing claims are not limited: ten times the limit load and judge.
    let mut agreeing = SOURCE.to_string();
    for i in 0..claims * 10 {
        agreeing.push_str(&format!("x y {i}..100000\n"));
    }
    agreeing.push_str("assert x y corroborated by 1\n");
    let mut accepted = SOURCE.to_string();
    for i in 0..claims {
        accepted.push_str(&format!("x y {i}\n"));
    }
    accepted.push_str("accept x y because \"r\"\nassert x y == x y\nassert x y corroborated\n");
    for text in [agreeing, accepted] {
        let started = Instant::now();
        let base = load_one(text, Limits::default());
        assert!(base.errors.is_empty(), "{:?}", base.errors.first());
        let findings = factcheck::check::check(&base);
        for result in &findings.assertions {
            assert!(result.message.len() < 2_000, "{}", result.message.len());
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "took {:?}",
            started.elapsed()
        );
    }
}

#[test]
fn byte_order_mark_and_crlf_line_endings_are_accepted() {
    let text =
        "\u{FEFF}source s1 { title \"One\" }\r\nfrom s1\r\nx size 9\r\nassert x size == 9\r\n";
    let base = load_one(text, Limits::default());
    assert!(base.errors.is_empty(), "{:#?}", base.errors);
    let findings = factcheck::check::check(&base);
    assert_eq!(findings.summary.passed, 1);
}

#[test]
fn a_symbolic_link_loop_is_a_load_error() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "facts/a.facts", SOURCE);
    std::os::unix::fs::symlink(dir.path().join("facts"), dir.path().join("facts/loop")).unwrap();
    let base = load_configured(&[dir.path().join("facts")], &[], &LoadOptions::default());
    let (_, _, message) = only_error(&base);
    assert!(message.contains("symbolic link back to"), "{message}");
    assert!(base.errors[0].path.ends_with("loop"));
}

/// Root reads any directory whatever its mode, so as root the run happens
/// as `nobody` through `setpriv`; without either, the test says it skipped.
#[test]
fn a_directory_that_cannot_be_read_is_reported() {
    let dir = tempfile::Builder::new()
        .prefix("factcheck-unreadable")
        .tempdir()
        .unwrap();
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    write(dir.path(), "facts/a.facts", SOURCE);
    let locked = dir.path().join("facts/locked");
    write(
        dir.path(),
        "facts/locked/b.facts",
        "this would be a syntax error\n",
    );
    let as_root = std::fs::metadata(dir.path().join("facts/a.facts"))
        .unwrap()
        .uid()
        == 0;
    let mut command = if as_root {
        if Command::new("setpriv").arg("--version").output().is_err() {
            eprintln!(
                "skipped: running as root and `setpriv` is missing, so no directory is unreadable"
            );
            return;
        }
        let mut command = Command::new("setpriv");
        command.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
        command.arg(env!("CARGO_BIN_EXE_factcheck"));
        command
    } else {
        Command::new(env!("CARGO_BIN_EXE_factcheck"))
    };
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let output = command
        .args(["test", "facts", "--format", "json"])
        .current_dir(dir.path())
        .output()
        .expect("run factcheck");
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert_eq!(output.status.code(), Some(2), "{stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let errors = json["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{stdout}");
    assert_eq!(errors[0]["file"], "facts/locked");
    let message = errors[0]["message"].as_str().unwrap();
    assert!(message.contains("Permission denied"), "{message}");
}
