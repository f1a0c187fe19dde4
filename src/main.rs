//! The `factcheck` command: parse the command line, run, exit.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    keep_large_blocks_mapped();
    ExitCode::from(factcheck::cli::Cli::parse().run())
}

/// glibc serves blocks above a threshold with their own mapping, which is
/// returned to the system the moment the block is freed; but each time such
/// a block is freed it raises the threshold to that block's size (up to
/// 32 MiB). Loading frees many blocks of a few hundred KiB (file buffers,
/// outlines), after which each file's list of claims (1.3 MB at 10,000
/// facts) comes from the heap instead, and once gathered into the base and
/// freed it stays resident as a hole: the claims were held twice at the
/// peak. A fixed threshold ends that: at 1M facts peak memory goes from
/// 562 MB to 443 MB, in the same time (BENCHMARKS.md).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_large_blocks_mapped() {
    const THRESHOLD: std::ffi::c_int = 256 * 1024;
    // SAFETY: `mallopt` only sets a parameter of the allocator; it is
    // called first thing in `main`, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, THRESHOLD);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_large_blocks_mapped() {}
