//! Confinement (issue 6): reports quote source texts, so with `--confine` a
//! fact base from a stranger cannot make the runner read files outside the
//! directory trees being checked. Each escape is then a load error at the
//! `file` value (or at the linked fact file). Without `--confine` every
//! readable path is read, as SPEC §3 lets a source's `file` be any path.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// A directory laid out as a checked tree (`repo/`) next to a secret that
/// lies outside it (`secret.txt`).
struct Layout {
    dir: tempfile::TempDir,
}

const SECRET: &str = "the machine's secret token 0xDEADBEEF";

impl Layout {
    fn new() -> Layout {
        let layout = Layout {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        layout.write("secret.txt", SECRET);
        layout
    }

    fn repo(&self) -> std::path::PathBuf {
        self.dir.path().join("repo")
    }

    fn write(&self, path: &str, contents: &str) -> &Layout {
        let full = self.dir.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, contents).expect("write");
        self
    }

    fn link(&self, target: &Path, link: &str) -> &Layout {
        let full = self.dir.path().join(link);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::os::unix::fs::symlink(target, full).expect("symlink");
        self
    }

    /// Run `factcheck test ARGS --format json` inside `repo/`.
    fn run(&self, args: &[&str]) -> (i32, Value, String) {
        self.run_in(&self.repo(), args)
    }

    /// [`Layout::run`] with `--confine`.
    fn run_confined(&self, args: &[&str]) -> (i32, Value, String) {
        let args: Vec<&str> = args.iter().copied().chain(["--confine"]).collect();
        self.run(&args)
    }

    /// Run `factcheck test ARGS --format json` inside `dir`.
    fn run_in(&self, dir: &Path, args: &[&str]) -> (i32, Value, String) {
        let output = Command::new(env!("CARGO_BIN_EXE_factcheck"))
            .arg("test")
            .args(args)
            .args(["--format", "json"])
            .current_dir(dir)
            .output()
            .expect("run factcheck");
        let stdout = String::from_utf8(output.stdout).expect("UTF-8");
        let json = serde_json::from_str(&stdout).expect("one JSON object");
        (output.status.code().expect("exit code"), json, stdout)
    }
}

/// A source whose `file` is `path` (on line 2, the value at column 8), with
/// a quote that is in the secret.
fn source_with_file(path: &str) -> String {
    format!(
        "source s1 {{\n  file \"{path}\"\n}}\nfrom s1\nmachine token secret quote \"secret token 0xDEADBEEF\"\n"
    )
}

fn assert_refused_at_file_value(layout: &Layout, args: &[&str]) {
    let (status, json, stdout) = layout.run_confined(args);
    assert_eq!(status, 2, "{stdout}");
    let errors: Vec<&Value> = json["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter(|error| error["file"] == "facts/a.facts")
        .collect();
    assert_eq!(errors.len(), 1, "{stdout}");
    assert_eq!(
        (&errors[0]["line"], &errors[0]["column"]),
        (&2.into(), &8.into())
    );
    let message = errors[0]["message"].as_str().expect("message");
    assert!(
        message.contains("outside the directories being checked"),
        "{message}"
    );
    assert!(message.contains("--confine"), "{message}");
    let tree = match args.first() {
        Some(path) => format!("being checked (`{path}`, the current directory)"),
        None => "being checked (the current directory)".to_string(),
    };
    assert!(
        message.contains(&tree),
        "trees as the PATHs name them: {message}"
    );
    assert!(
        !stdout.contains("DEADBEEF\\n") && !stdout.contains("machine's"),
        "{stdout}"
    );
}

#[test]
fn a_parent_directory_escape_is_refused() {
    let layout = Layout::new();
    layout.write("repo/facts/a.facts", &source_with_file("../../secret.txt"));
    assert_refused_at_file_value(&layout, &["facts"]);
    assert_refused_at_file_value(&layout, &[]);
}

#[test]
fn a_deep_escape_to_etc_passwd_is_refused_whether_or_not_it_exists() {
    let layout = Layout::new();
    layout.write(
        "repo/facts/a.facts",
        &source_with_file("../../../../../../../../etc/passwd"),
    );
    assert_refused_at_file_value(&layout, &["facts"]);
    layout.write(
        "repo/facts/a.facts",
        &source_with_file("../../../../../../../../etc/no-such-file"),
    );
    assert_refused_at_file_value(&layout, &["facts"]);
}

#[test]
fn an_absolute_path_is_refused() {
    let layout = Layout::new();
    let secret = layout.dir.path().join("secret.txt");
    layout.write(
        "repo/facts/a.facts",
        &source_with_file(&secret.display().to_string()),
    );
    assert_refused_at_file_value(&layout, &["facts"]);
}

#[test]
fn a_link_pointing_out_is_refused() {
    let layout = Layout::new();
    layout.link(
        &layout.dir.path().join("secret.txt"),
        "repo/facts/sources/article.txt",
    );
    layout.write(
        "repo/facts/a.facts",
        &source_with_file("sources/article.txt"),
    );
    assert_refused_at_file_value(&layout, &["facts"]);
}

#[test]
fn a_linked_directory_pointing_out_is_refused() {
    let layout = Layout::new();
    layout.link(layout.dir.path(), "repo/facts/up");
    layout.write("repo/facts/a.facts", &source_with_file("up/secret.txt"));
    assert_refused_at_file_value(&layout, &["facts"]);
    let (_, json, stdout) = layout.run_confined(&["facts"]);
    assert_eq!(json["errors"][0]["file"], "facts/up", "{stdout}");
    let message = json["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("a link to a place outside"), "{message}");
    assert_eq!(
        json["errors"].as_array().unwrap().len(),
        2,
        "the walk stops at the link"
    );
}

#[test]
fn a_fact_file_linked_from_outside_is_refused_unless_named_directly() {
    let layout = Layout::new();
    layout.write("outside.facts", "the secret fact file is not a fact file\n");
    layout.link(
        &layout.dir.path().join("outside.facts"),
        "repo/facts/linked.facts",
    );
    let (status, json, stdout) = layout.run_confined(&["facts"]);
    assert_eq!(status, 2, "{stdout}");
    assert_eq!(json["errors"][0]["file"], "facts/linked.facts");
    let message = json["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("a link to a place outside"), "{message}");
    assert!(!stdout.contains("secret fact file"), "{stdout}");
    let (status, _, stdout) = layout.run_confined(&["facts/linked.facts"]);
    assert_eq!(status, 2, "its one line was read as a fact: {stdout}");
    assert!(stdout.contains("before any `from`"), "{stdout}");
}

#[test]
fn files_inside_the_tree_are_read_including_through_links_inside_it() {
    let layout = Layout::new();
    layout.write("repo/facts/texts/article.txt", SECRET);
    layout.write("repo/sources/article.txt", SECRET);
    layout.link(
        &layout.repo().join("facts/texts/article.txt"),
        "repo/facts/sources/linked.txt",
    );
    layout.write(
        "repo/facts/a.facts",
        &source_with_file("sources/linked.txt"),
    );
    let (status, json, stdout) = layout.run_confined(&["facts"]);
    assert_eq!(status, 0, "{stdout}");
    assert_eq!(json["quotes"][0]["found"], true);
}

#[test]
fn sources_beside_the_fact_directory_are_read_from_the_checkout() {
    // SPEC §3: `file` is relative to the declaring file, so `../sources`
    // from `facts/` is valid. The current directory (the checkout, in CI)
    // is one of the trees, so it is read whichever PATHs name the facts.
    let layout = Layout::new();
    layout.write("repo/sources/article.txt", SECRET);
    layout.write(
        "repo/facts/a.facts",
        &source_with_file("../sources/article.txt"),
    );
    for args in [&[][..], &["facts"], &["facts/", "facts/a.facts"]] {
        let (status, json, stdout) = layout.run_confined(args);
        assert_eq!(status, 0, "{args:?}: {stdout}");
        assert_eq!(json["quotes"][0]["found"], true, "{args:?}");
    }
    let (status, json, stdout) = layout.run_in(layout.dir.path(), &["repo/facts", "--confine"]);
    assert_eq!(status, 0, "from above the checkout: {stdout}");
    assert_eq!(json["quotes"][0]["found"], true);
    // Run from a directory holding neither, only the PATH's tree counts.
    std::fs::create_dir_all(layout.dir.path().join("elsewhere")).expect("mkdir");
    let facts = layout.repo().join("facts").display().to_string();
    let (status, json, stdout) =
        layout.run_in(&layout.dir.path().join("elsewhere"), &[&facts, "--confine"]);
    assert_eq!(status, 2, "{stdout}");
    let message = json["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("the current directory"), "{message}");
}

#[test]
fn without_confine_every_readable_path_is_read() {
    // SPEC §3: `file` is any path relative to the declaring file; a valid
    // fact base loads the same wherever it is run from.
    let layout = Layout::new();
    let secret = layout.dir.path().join("secret.txt");
    layout.link(&secret, "repo/facts/linked.txt");
    let secret = secret.display().to_string();
    for path in ["../../secret.txt", secret.as_str(), "linked.txt"] {
        layout.write("repo/facts/a.facts", &source_with_file(path));
        for args in [&["facts"][..], &["facts", "--allow-outside-files"]] {
            let (status, json, stdout) = layout.run(args);
            assert_eq!(status, 0, "{path} {args:?}: {stdout}");
            assert_eq!(json["quotes"][0]["found"], true, "{path}");
        }
    }
}

#[test]
fn a_source_file_that_is_not_a_regular_file_is_refused_not_waited_on() {
    let layout = Layout::new();
    for path in ["/dev/stdin", "/dev/zero", "."] {
        layout.write("repo/facts/a.facts", &source_with_file(path));
        let (status, json, stdout) = layout.run(&["facts"]);
        assert_eq!(status, 2, "{path}: {stdout}");
        let message = json["errors"][0]["message"].as_str().unwrap();
        assert!(message.contains("not a regular file"), "{path}: {message}");
    }
    // Declared in a file of the current directory, `.` is that directory,
    // shown as `.`: not an empty path said not to exist.
    layout.write("repo/a.facts", &source_with_file("."));
    let (status, json, stdout) = layout.run(&["a.facts"]);
    assert_eq!(status, 2, "{stdout}");
    let message = json["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("`.`: it is not a regular file"),
        "{message}"
    );
}

#[test]
fn report_confine_refuses_an_escape_too() {
    let layout = Layout::new();
    layout.write("repo/facts/a.facts", &source_with_file("../../secret.txt"));
    let report = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_factcheck"))
            .args(["report", "facts"])
            .args(extra)
            .current_dir(layout.repo())
            .output()
            .expect("run factcheck")
    };
    let confined = report(&["--confine"]);
    assert_eq!(confined.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&confined.stdout);
    assert!(!stdout.contains("DEADBEEF"), "{stdout}");
    let open = report(&[]);
    assert_eq!(open.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&open.stdout).contains("verified"));
}
