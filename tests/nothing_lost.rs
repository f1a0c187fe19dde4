//! Nothing lost (issue 6): `factcheck test` never writes to the files it
//! checks, and output files are replaced atomically: a failed write leaves
//! the earlier file (or whatever stood at the path) intact, leaves no
//! temporary behind, and never writes through a planted symbolic link.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use factcheck::output::write::write_atomically;

/// Every entry under `dir` with its contents (files) or target (links).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|entry| entry.expect("walk"))
        .map(|entry| {
            let path = entry.path().to_path_buf();
            let contents = if entry.path_is_symlink() {
                std::fs::read_link(&path)
                    .expect("link")
                    .into_os_string()
                    .into_encoded_bytes()
            } else if entry.file_type().is_file() {
                std::fs::read(&path).expect("read")
            } else {
                b"<dir>".to_vec()
            };
            (path, contents)
        })
        .collect()
}

fn write(dir: &Path, path: &str, contents: &str) {
    let full = dir.join(path);
    std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
    std::fs::write(full, contents).expect("write");
}

#[test]
fn test_runs_leave_the_checked_tree_untouched() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "facts/sources/a.txt",
        "The delegation had nine members.",
    );
    let facts = "source s1 {\n  file \"sources/a.txt\"\n}\nfrom s1\nd size 9 quote \"nine members\"\nd size 8\n";
    write(dir.path(), "facts/a.facts", facts);
    write(
        dir.path(),
        "assertions/a.assert",
        "assert d size == 9\naccept x y because \"r\"\n",
    );
    write(dir.path(), "broken/b.facts", "source {\n");
    let before = snapshot(dir.path());
    for args in [
        vec!["test"],
        vec!["test", "--format", "json"],
        vec!["test", "broken"],
        vec!["test", "facts", "broken", "--format", "json"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_factcheck"))
            .args(&args)
            .current_dir(dir.path())
            .output()
            .expect("run factcheck");
        assert!(matches!(output.status.code(), Some(1 | 2)), "{args:?}");
        assert_eq!(snapshot(dir.path()), before, "{args:?} changed the tree");
    }
}

#[test]
fn a_failed_replacement_keeps_what_stood_there_and_leaves_no_temporary() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("report.json");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("inside.txt"), "kept").unwrap();
    let before = snapshot(dir.path());
    assert!(write_atomically(&target, b"{}").is_err());
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_write_into_a_missing_directory_fails_without_creating_it() {
    let dir = tempfile::tempdir().unwrap();
    let before = snapshot(dir.path());
    assert!(write_atomically(&dir.path().join("no/such/report.json"), b"{}").is_err());
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_planted_link_is_replaced_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let precious = dir.path().join("precious.txt");
    std::fs::write(&precious, "do not overwrite").unwrap();
    let report = dir.path().join("report.json");
    std::os::unix::fs::symlink(&precious, &report).unwrap();
    write_atomically(&report, b"{\"version\": 1}").unwrap();
    assert_eq!(
        std::fs::read_to_string(&precious).unwrap(),
        "do not overwrite"
    );
    assert!(!std::fs::symlink_metadata(&report).unwrap().is_symlink());
    assert_eq!(
        std::fs::read_to_string(&report).unwrap(),
        "{\"version\": 1}"
    );
}

#[test]
fn readers_see_the_old_or_the_new_file_never_a_part() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let old = vec![b'o'; 1 << 20];
    let new = vec![b'n'; 1 << 20];
    write_atomically(&report, &old).unwrap();
    let reader = {
        let report = report.clone();
        std::thread::spawn(move || {
            for _ in 0..200 {
                let seen = std::fs::read(&report).unwrap();
                let whole = seen.len() == 1 << 20
                    && (seen.iter().all(|b| *b == b'o') || seen.iter().all(|b| *b == b'n'));
                assert!(whole, "a reader saw {} bytes of a mixed file", seen.len());
            }
        })
    };
    for round in 0..20 {
        write_atomically(&report, if round % 2 == 0 { &new } else { &old }).unwrap();
    }
    reader.join().unwrap();
}
