//! End-to-end tests of the CI-facing runner: `--output`, the selection and
//! control flags, the GitHub annotation limit, SARIF fingerprints across
//! moved lines, completions, help, and `factcheck watch`.

use std::io::{BufRead as _, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

mod common;

use common::factcheck;

fn json(dir: &Path, args: &[&str]) -> (i32, Value) {
    let mut all = vec!["test", "--format", "json"];
    all.extend_from_slice(args);
    let run = factcheck(dir, &all);
    (
        run.status,
        serde_json::from_str(&run.stdout).expect("one JSON object"),
    )
}

fn files(entries: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in entries {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    dir
}

/// Two subjects, one check block, one failing and one passing assertion
/// each, in two assertion files.
fn two_subjects() -> tempfile::TempDir {
    files(&[
        (
            "facts/a.facts",
            "source s1 { title \"One\" }\nfrom s1\ndelegation Bilawal size 9\ndelegation Fatemi size 3\n",
        ),
        (
            "assertions/bilawal.assert",
            "check \"Bilawal team\" {\n  assert delegation Bilawal size == 9\n  assert delegation Bilawal size == 8\n}\n",
        ),
        (
            "assertions/fatemi.assert",
            "assert delegation Fatemi size == 3\nassert delegation Fatemi size == 4\n",
        ),
    ])
}

fn texts(json: &Value) -> Vec<&str> {
    json["assertions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["text"].as_str().unwrap())
        .collect()
}

#[test]
fn output_writes_the_format_to_a_file_and_the_report_to_the_terminal() {
    let dir = two_subjects();
    let run = factcheck(
        dir.path(),
        &["test", "--format", "junit", "--output", "report.xml"],
    );
    assert_eq!(run.status, 1);
    assert!(
        run.stdout.ends_with("2 passed, 2 failed\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("assertion fails"), "{}", run.stdout);
    let xml = std::fs::read_to_string(dir.path().join("report.xml")).unwrap();
    assert!(xml.starts_with("<?xml"), "{xml}");
    assert!(xml.contains("type=\"assertion-failed\""), "{xml}");
}

#[test]
fn an_unwritable_output_file_is_a_clear_error() {
    let dir = two_subjects();
    let run = factcheck(
        dir.path(),
        &[
            "test",
            "--format",
            "sarif",
            "--output",
            "no/such/dir/x.sarif",
        ],
    );
    assert_eq!(run.status, 2);
    assert!(
        run.stderr.contains("cannot write no/such/dir/x.sarif"),
        "{}",
        run.stderr
    );
}

#[test]
fn filter_selects_by_subject_attribute_check_name_or_file() {
    let dir = two_subjects();
    let (status, by_subject) = json(dir.path(), &["--filter", "fatemi"]);
    assert_eq!(status, 1);
    assert_eq!(
        texts(&by_subject),
        ["delegation Fatemi size == 3", "delegation Fatemi size == 4"]
    );
    assert_eq!(by_subject["summary"]["passed"], 1);
    assert_eq!(by_subject["summary"]["failed"], 1);
    let (_, by_check) = json(dir.path(), &["--filter", "Bilawal team"]);
    assert_eq!(texts(&by_check).len(), 2);
    assert!(texts(&by_check).iter().all(|t| t.contains("Bilawal")));
    let (_, by_file) = json(dir.path(), &["--filter", "fatemi.assert"]);
    assert_eq!(texts(&by_file).len(), 2);
    let (_, by_attribute) = json(dir.path(), &["--filter", "size"]);
    assert_eq!(texts(&by_attribute).len(), 4);
    let (_, either) = json(
        dir.path(),
        &["--filter", "Fatemi", "--filter", "Bilawal team"],
    );
    assert_eq!(texts(&either).len(), 4);
}

#[test]
fn a_filter_that_matches_nothing_is_warned_about_on_stderr() {
    let dir = two_subjects();
    let run = factcheck(
        dir.path(),
        &["test", "--format", "json", "--filter", "Zardari"],
    );
    assert_eq!(run.status, 0, "nothing selected, nothing failed");
    assert!(
        run.stderr.contains("--filter \"Zardari\" matches no"),
        "{}",
        run.stderr
    );
    let parsed: Value = serde_json::from_str(&run.stdout).expect("stdout stays pure JSON");
    assert_eq!(parsed["assertions"].as_array().unwrap().len(), 0);
}

#[test]
fn fail_fast_stops_at_the_first_failing_assertion() {
    let dir = two_subjects();
    let (status, json) = json(dir.path(), &["--fail-fast"]);
    assert_eq!(status, 1);
    assert_eq!(
        texts(&json),
        [
            "delegation Bilawal size == 9",
            "delegation Bilawal size == 8"
        ]
    );
    assert_eq!(json["summary"]["failed"], 1);
    assert_eq!(json["stopped_early"], true);
    let human = factcheck(dir.path(), &["test", "--fail-fast"]);
    assert!(
        human.stdout.contains("stopped at the first failure"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.ends_with("1 passed, 1 failed\n"));
}

#[test]
fn fail_fast_judges_no_assertion_after_a_contradiction() {
    let dir = files(&[(
        "facts/a.facts",
        "source s1 { title \"One\" }\nsource s2 { title \"Two\" }\nfrom s1\nx size 9\nfrom s2\nx size 8\nassert x size == 9\n",
    )]);
    let (status, json) = json(dir.path(), &["--fail-fast", "facts"]);
    assert_eq!(status, 1);
    assert_eq!(json["summary"]["contradictions"], 1);
    assert_eq!(json["assertions"].as_array().unwrap().len(), 0);
    assert_eq!(json["stopped_early"], true);
}

#[test]
fn quiet_prints_only_failures_and_the_closing_line() {
    let dir = files(&[
        (
            "facts/a.facts",
            "source s1 { title \"One\" }\nfrom s1\nx size 9\naccept y size because \"old\"\n",
        ),
        (
            "assertions/a.assert",
            "assert x size == 9\nassert x size == 8\n",
        ),
    ]);
    let quiet = factcheck(dir.path(), &["test", "--quiet"]);
    let normal = factcheck(dir.path(), &["test"]);
    assert!(normal.stdout.contains("pass      assertions/a.assert:1"));
    assert!(normal.stdout.contains("stale accept"));
    assert!(!quiet.stdout.contains("pass      "), "{}", quiet.stdout);
    assert!(!quiet.stdout.contains("stale accept"), "{}", quiet.stdout);
    assert!(
        quiet.stdout.contains("fail      assertions/a.assert:2"),
        "{}",
        quiet.stdout
    );
    assert!(quiet.stdout.ends_with("1 passed, 1 failed\n"));
}

#[test]
fn verbose_shows_agreed_claims_with_their_merged_value() {
    let dir = files(&[
        (
            "facts/a.facts",
            "source s1 { title \"One\" file \"one.txt\" }\nsource s2 { title \"Two\" }\nfrom s1\nceasefire date 2025-05 quote \"in May\"\nfrom s2\nceasefire date 2025-05-10\n",
        ),
        ("facts/one.txt", "It happened in May."),
        ("assertions/a.assert", "assert ceasefire date == 2025-05-10\n"),
    ]);
    let run = factcheck(dir.path(), &["test", "--verbose"]);
    assert_eq!(run.status, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("agreed    ceasefire date = 2025-05-10\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("s1 says 2025-05  (facts/a.facts:4)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("quote ok  facts/a.facts:4"),
        "{}",
        run.stdout
    );
    assert!(!factcheck(dir.path(), &["test"]).stdout.contains("agreed"));
}

#[test]
fn strict_fails_stale_accepts_and_unverifiable_quotes() {
    let dir = files(&[(
        "facts/a.facts",
        "source s1 { title \"One\" }\nfrom s1\nx size 9 quote \"nine\"\naccept y size because \"old\"\n",
    )]);
    let (status, lenient) = json(dir.path(), &["facts"]);
    assert_eq!(status, 0);
    assert_eq!(lenient["warnings"].as_array().unwrap().len(), 1);
    assert!(lenient.get("strict_failures").is_none());
    let (status, strict) = json(dir.path(), &["--strict", "facts"]);
    assert_eq!(status, 1);
    assert_eq!(strict["summary"]["failed"], 2);
    let messages: Vec<&str> = strict["strict_failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.starts_with("quote cannot be verified")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.starts_with("stale accept")),
        "{messages:?}"
    );
    let lines: Vec<u64> = strict["strict_failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [3, 4], "by file then line, as every list is");
    let human = factcheck(dir.path(), &["test", "--strict", "facts"]);
    assert!(
        human.stdout.ends_with("0 passed, 2 failed\n"),
        "{}",
        human.stdout
    );
}

#[test]
fn no_quotes_skips_quote_verification() {
    let dir = files(&[
        (
            "facts/a.facts",
            "source s1 { title \"One\" file \"one.txt\" }\nfrom s1\nx size 9 quote \"not in the text\"\n",
        ),
        ("facts/one.txt", "Nine."),
    ]);
    let (status, checked) = json(dir.path(), &["facts"]);
    assert_eq!(
        (status, checked["summary"]["quotes_missing"].as_u64()),
        (1, Some(1))
    );
    let (status, skipped) = json(dir.path(), &["--no-quotes", "facts"]);
    assert_eq!(status, 0);
    assert_eq!(skipped["quotes"].as_array().unwrap().len(), 0);
}

#[test]
fn github_annotates_the_ten_most_important_failures_and_counts_the_rest() {
    let mut facts = String::from(
        "source s1 { title \"One\" }\nsource s2 { title \"Two\" }\nfrom s1\nx size 9\n",
    );
    let mut assertions = String::new();
    for n in 0..11 {
        assertions.push_str(&format!("assert thing{n} size == 1\n"));
    }
    facts.push_str("from s2\nx size 8\n");
    let dir = files(&[
        ("facts/a.facts", &facts),
        ("assertions/a.assert", &assertions),
    ]);
    let run = factcheck(dir.path(), &["test", "--format", "github"]);
    assert_eq!(run.status, 1);
    let errors: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| l.starts_with("::error "))
        .collect();
    assert_eq!(errors.len(), 10, "{}", run.stdout);
    assert!(
        errors[0].contains("title=contradiction%3A x size"),
        "most important first: {}",
        errors[0]
    );
    assert!(errors[0].contains("%0A") || !errors[0].contains('\n'));
    assert!(
        run.stdout
            .contains("::notice title=factcheck::2 more failures not annotated"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(": 2 assertion-unknown;"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.ends_with("0 passed, 12 failed\n"));
}

fn fingerprints(sarif: &str) -> Vec<(String, String, i64)> {
    let sarif: Value = serde_json::from_str(sarif).expect("SARIF is JSON");
    sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["partialFingerprints"]["factcheckFinding/v1"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_i64()
                    .unwrap(),
            )
        })
        .collect()
}

#[test]
fn sarif_fingerprints_survive_unrelated_lines_moving() {
    let facts = "source s1 { title \"One\" }\nsource s2 { title \"Two\" }\nfrom s1\nx size 9\nfrom s2\nx size 8\n";
    let assertions = "assert y size == 1\nassert x size == 9\nassert y size == 1\n";
    let dir = files(&[
        ("facts/a.facts", facts),
        ("assertions/a.assert", assertions),
    ]);
    let before = fingerprints(&factcheck(dir.path(), &["test", "--format", "sarif"]).stdout);
    let moved = files(&[
        ("facts/a.facts", &format!("# a new comment\n\n{facts}")),
        ("assertions/a.assert", &format!("# reviewed\n{assertions}")),
    ]);
    let after = fingerprints(&factcheck(moved.path(), &["test", "--format", "sarif"]).stdout);
    let rules = |r: &[(String, String, i64)]| {
        r.iter()
            .map(|(rule, fp, _)| (rule.clone(), fp.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(rules(&before), rules(&after));
    assert_ne!(
        before.iter().map(|r| r.2).collect::<Vec<_>>(),
        after.iter().map(|r| r.2).collect::<Vec<_>>()
    );
    let unique: std::collections::HashSet<&String> = before.iter().map(|r| &r.1).collect();
    assert_eq!(
        unique.len(),
        before.len(),
        "identical assertions get distinct fingerprints"
    );
}

#[test]
fn completions_are_generated_for_each_shell() {
    let dir = tempfile::tempdir().unwrap();
    let bash = factcheck(dir.path(), &["completions", "bash"]);
    assert_eq!(bash.status, 0);
    for word in ["watch", "completions", "--format", "sarif", "--filter"] {
        assert!(bash.stdout.contains(word), "bash completion lacks {word}");
    }
    let script = dir.path().join("factcheck.bash");
    std::fs::write(&script, &bash.stdout).unwrap();
    let syntax = Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .expect("bash");
    assert!(syntax.success(), "the bash completion script parses");
    let zsh = factcheck(dir.path(), &["completions", "zsh"]);
    assert!(
        zsh.stdout.starts_with("#compdef factcheck"),
        "{}",
        &zsh.stdout[..40]
    );
    let fish = factcheck(dir.path(), &["completions", "fish"]);
    assert!(
        fish.stdout.contains("complete -c factcheck"),
        "fish completion"
    );
    assert_eq!(factcheck(dir.path(), &["completions", "tcsh"]).status, 2);
}

#[test]
fn every_command_shows_an_example_in_its_help() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--help"],
        vec!["test", "--help"],
        vec!["watch", "--help"],
        vec!["completions", "--help"],
    ] {
        let run = factcheck(dir.path(), &args);
        assert_eq!(run.status, 0);
        assert!(
            run.stdout.contains("Examples:\n  factcheck "),
            "{args:?}: {}",
            run.stdout
        );
    }
    let top = factcheck(dir.path(), &["--help"]);
    assert!(top.stdout.contains("Exit status:"));
}

/// Start `factcheck watch` on a directory, read its first run, change a
/// file, read the re-run and what it says changed, then stop it.
#[test]
fn watch_reruns_on_change_and_names_changed_verdicts() {
    let dir = two_subjects();
    let mut child = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .args(["watch", "--debounce", "100"])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start factcheck watch");
    let (lines, receive) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            if lines.send(line.expect("UTF-8 line")).is_err() {
                break;
            }
        }
    });
    let read_run = |what: &str| -> Vec<String> {
        let mut run = Vec::new();
        loop {
            let line = receive
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| panic!("no {what} within 30 s; got {run:#?}"));
            let done = line.starts_with("watching for changes");
            run.push(line);
            if done {
                return run;
            }
        }
    };
    let first = read_run("first run");
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        assert!(
            first.contains(&"factcheck watch: run 1".to_string()),
            "{first:#?}"
        );
        assert!(
            first.contains(&"2 passed, 2 failed".to_string()),
            "{first:#?}"
        );
        // Give the watcher a moment to be watching before the change.
        std::thread::sleep(Duration::from_millis(300));
        std::fs::write(
            dir.path().join("assertions/fatemi.assert"),
            "assert delegation Fatemi size == 3\nassert delegation Fatemi size == 3.0\n",
        )
        .unwrap();
        let second = read_run("re-run after the change");
        assert!(
            second.contains(&"factcheck watch: run 2".to_string()),
            "{second:#?}"
        );
        assert!(
            second.contains(&"3 passed, 1 failed".to_string()),
            "{second:#?}"
        );
        let text = second.join("\n");
        assert!(
            text.contains("2 verdicts changed since the previous run:"),
            "{text}"
        );
        assert!(
            text.contains("new: pass  assertions/fatemi.assert:2  delegation Fatemi size == 3.0"),
            "{text}"
        );
        assert!(
            text.contains("gone (was assertion-failed)  assertions/fatemi.assert:2  delegation Fatemi size == 4"),
            "{text}"
        );
    }));
    child.kill().expect("stop factcheck watch");
    child.wait().expect("reap factcheck watch");
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}
