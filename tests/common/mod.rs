//! What the end-to-end test files share: running the built binary.

#![allow(dead_code)] // each test file uses its own part of this module

use std::path::Path;
use std::process::Command;

/// What a run of the binary produced.
pub struct Run {
    pub status: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Run `factcheck ARGS` in `dir`, without colour.
pub fn factcheck<S: AsRef<std::ffi::OsStr>>(dir: &Path, args: &[S]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_factcheck"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("run factcheck");
    Run {
        status: output.status.code().expect("exit code"),
        stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
        stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
    }
}
