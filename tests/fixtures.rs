//! Every folder under `tests/fixtures/` is one case: the runner is pointed at
//! it (from `tests/fixtures/`, so paths read `NAME/file.facts`) and its human
//! and JSON outputs, with the exit status, are snapshot-tested. An optional
//! `args` file in the folder replaces the default arguments (`test NAME`).
//!
//! Add a case: make a folder, run `cargo insta test --accept` (or `cargo test`
//! then `cargo insta review`), read the new snapshots, commit them.

use std::path::Path;
use std::process::Command;

fn run(case: &Path, format: &str) -> String {
    let fixtures = case.parent().expect("fixtures folder");
    let name = case
        .file_name()
        .expect("case name")
        .to_str()
        .expect("UTF-8 name");
    let args_file = case.join("args");
    let mut args: Vec<String> = if args_file.exists() {
        std::fs::read_to_string(&args_file)
            .expect("args file")
            .split_whitespace()
            .map(String::from)
            .collect()
    } else {
        vec!["test".to_string(), name.to_string()]
    };
    args.extend(["--format".to_string(), format.to_string()]);
    let output = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .args(&args)
        .current_dir(fixtures)
        .env("NO_COLOR", "1")
        .output()
        .expect("run factcheck");
    format!(
        "$ factcheck {}\nexit status: {}\n{}{}",
        args.join(" "),
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn human_output() {
    insta::glob!("fixtures/*", |case| {
        if case.is_dir() {
            insta::assert_snapshot!(run(case, "human"));
        }
    });
}

#[test]
fn json_output() {
    insta::glob!("fixtures/*", |case| {
        if case.is_dir() {
            let output = run(case, "json");
            let (header, json) = output.split_at(output.find('{').expect("JSON object"));
            let parsed: serde_json::Value =
                serde_json::from_str(json).expect("stdout is one JSON object");
            insta::assert_snapshot!(format!(
                "{header}{}",
                serde_json::to_string_pretty(&parsed).unwrap()
            ));
        }
    });
}

#[test]
fn junit_output() {
    insta::glob!("fixtures/*", |case| {
        if case.is_dir() {
            let output = run(case, "junit");
            assert_valid_junit(&output[output.find("<?xml").expect("XML declaration")..]);
            insta::assert_snapshot!(output);
        }
    });
}

#[test]
fn github_output() {
    insta::glob!("fixtures/*", |case| {
        if case.is_dir() {
            insta::assert_snapshot!(run(case, "github"));
        }
    });
}

#[test]
fn sarif_output() {
    let text =
        std::fs::read_to_string(schema_path("sarif-schema-2.1.0.json")).expect("SARIF schema");
    // The schema's `language` pattern has a stray `]`, a literal in the
    // ECMA-262 regexes JSON Schema names but an error for the Rust regex
    // engine; escaping it keeps its meaning (see tests/schemas/README.md).
    let stray = r#"[a-zA-Z]{2}]?$"#;
    assert!(text.contains(stray), "the known quirk is still there");
    let text = text.replace(stray, r#"[a-zA-Z]{2}\\]?$"#);
    let schema = serde_json::from_str(&text).expect("SARIF schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("SARIF schema compiles");
    insta::glob!("fixtures/*", |case| {
        if case.is_dir() {
            let output = run(case, "sarif");
            let sarif: serde_json::Value =
                serde_json::from_str(&output[output.find('{').expect("JSON object")..])
                    .expect("stdout is one JSON object");
            let errors: Vec<String> = validator
                .iter_errors(&sarif)
                .map(|e| format!("{e} at {}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "SARIF schema violations: {errors:#?}");
            // The tool's version changes with every release; the rest may not.
            let version = format!("\"version\": \"{}\"", env!("CARGO_PKG_VERSION"));
            insta::assert_snapshot!(output.replace(&version, "\"version\": \"[factcheck]\""));
        }
    });
}

#[test]
fn tap_output() {
    insta::glob!("fixtures/*", |case| {
        if case.is_dir() {
            insta::assert_snapshot!(run(case, "tap"));
        }
    });
}

fn schema_path(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/schemas")
        .join(name)
}

/// Validate with `xmllint --schema` (libxml2-utils). quick-junit's `skipped`
/// count on the root element is the one attribute the XSD does not list there
/// (see tests/schemas/README.md); it is removed first, and nothing else is.
///
/// `cargo test` must pass on a machine with only what the repository
/// installs, and xmllint is a system package: without it the validation is
/// skipped with a loud warning (the snapshot is still compared), except
/// under `CI=true`, where `.ci/run` installs it and its absence fails.
fn assert_valid_junit(xml: &str) {
    use std::io::Write as _;
    let xml = without_root_skipped_count(xml);
    let spawned = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(schema_path("junit-10.xsd"))
        .arg("-")
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn();
    let mut xmllint = match spawned {
        Ok(xmllint) => xmllint,
        Err(error) => {
            let message = format!(
                "xmllint cannot run ({error}): the JUnit schema check DID NOT RUN \
                 (install it with `apt-get install libxml2-utils`; CI does)"
            );
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!("{message}");
            }
            eprintln!("\n*** WARNING: {message} ***\n");
            return;
        }
    };
    xmllint
        .stdin
        .take()
        .expect("stdin")
        .write_all(xml.as_bytes())
        .expect("write to xmllint");
    let outcome = xmllint.wait_with_output().expect("xmllint finishes");
    assert!(
        outcome.status.success(),
        "JUnit XML does not validate:\n{}\n{xml}",
        String::from_utf8_lossy(&outcome.stderr)
    );
}

fn without_root_skipped_count(xml: &str) -> String {
    let start = xml.find(" skipped=\"").expect("a skipped count");
    assert!(
        start < xml.find("<testsuite ").unwrap_or(xml.len()),
        "the first skipped count is the root's"
    );
    let end = start + 10 + xml[start + 10..].find('"').expect("closing quote") + 1;
    format!("{}{}", &xml[..start], &xml[end..])
}
