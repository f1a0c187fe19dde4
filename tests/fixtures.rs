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
