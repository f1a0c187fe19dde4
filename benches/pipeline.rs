//! The pipeline benchmark: times each stage of `factcheck test --format json`
//! on a generated corpus, then the peers on the same facts, and checks that
//! the planted contradictions were all found.
//!
//! ```text
//! cargo run --release --example gen_corpus -- /tmp/corpus 1000000
//! FACTCHECK_CORPUS=/tmp/corpus cargo bench --bench pipeline
//! ```
//!
//! Without `FACTCHECK_CORPUS` it generates a small corpus and runs once: the
//! smoke run that keeps this code compiling and correct (it asserts the
//! planted count, never a time). `FACTCHECK_RUNS` sets the repetitions
//! (default 5); the figures are medians.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn main() {
    let (corpus, runs) = match std::env::var_os("FACTCHECK_CORPUS") {
        Some(dir) => (PathBuf::from(dir), runs()),
        None => (smoke_corpus(), 1),
    };
    let planted: usize = std::fs::read_to_string(corpus.join("expected.txt"))
        .expect("expected.txt beside the corpus (write it with the gen_corpus example)")
        .trim()
        .parse()
        .expect("a count");
    let paths = vec![corpus.clone()];
    // Loaded as `factcheck test --format json` loads: a large base screened
    // (the smoke corpus is small, so its run checks the whole load).
    let options = factcheck::load::LoadOptions {
        screening: factcheck::load::Screening::Large,
        ..factcheck::load::LoadOptions::default()
    };
    let mut stages: Vec<(&str, Vec<Duration>)> = [
        "read",
        "parse",
        "assemble",
        "check",
        "json",
        "human",
        "total (json)",
    ]
    .iter()
    .map(|s| (*s, Vec::new()))
    .collect();
    // The process's peak memory after each stage of the first run: where
    // the peak is reached (later runs reuse freed memory).
    let mut peaks: Vec<Option<u64>> = Vec::new();
    for run in 0..runs {
        let mut peak = |stage: usize| {
            if run == 0 {
                peaks.resize(stage + 1, None);
                peaks[stage] = peak_rss_kib();
            }
        };
        let start = Instant::now();
        let files = time(&mut stages[0].1, || {
            factcheck::load::read_configured(&paths, &[], &options)
        });
        peak(0);
        let parsed = time(&mut stages[1].1, || factcheck::load::parse(&files));
        peak(1);
        let base = time(&mut stages[2].1, || {
            factcheck::load::assemble(files, parsed)
        });
        peak(2);
        let findings = time(&mut stages[3].1, || factcheck::check::check(&base));
        peak(3);
        let json = time(&mut stages[4].1, || {
            factcheck::output::json::render(&base, &findings)
        });
        peak(4);
        let total = start.elapsed();
        let human = time(&mut stages[5].1, || {
            factcheck::output::human::render(
                &base,
                &findings,
                factcheck::output::human::Style::plain(),
            )
        });
        peak(5);
        stages[6].1.push(total);
        assert!(
            base.errors.is_empty(),
            "the corpus loads: {:?}",
            base.errors.first()
        );
        assert_eq!(
            findings.summary.contradictions, planted,
            "every planted contradiction is found, no more"
        );
        std::hint::black_box((json.len(), human.len()));
    }
    println!(
        "corpus: {} ({planted} planted contradictions), median of {runs} run(s)",
        corpus.display()
    );
    println!("{:<14} {:>11} {:>18}", "stage", "time", "peak RSS after");
    for (index, (stage, times)) in stages.iter_mut().enumerate() {
        let peak = match peaks.get(index).copied().flatten() {
            Some(kib) => format!("{} MB", kib / 1024),
            None => String::new(),
        };
        println!(
            "{stage:<14} {:>9.3} s {peak:>18}",
            median(times).as_secs_f64()
        );
    }
    if runs > 1 {
        peers(&corpus, runs, planted);
    }
}

/// The process's peak resident memory so far (Linux's `VmHWM`), in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn runs() -> usize {
    std::env::var("FACTCHECK_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5)
}

fn time<T>(times: &mut Vec<Duration>, work: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let result = work();
    times.push(start.elapsed());
    result
}

fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

/// A corpus of 2,000 facts in a temporary directory, written by the same
/// generator as the real benchmark.
fn smoke_corpus() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("factcheck-smoke-{}", std::process::id()));
    let status = Command::new(env!("CARGO"))
        .args([
            "run",
            "--quiet",
            "--release",
            "--example",
            "gen_corpus",
            "--",
        ])
        .arg(&dir)
        .arg("2000")
        .status()
        .expect("run the corpus generator");
    assert!(status.success(), "gen_corpus failed");
    dir
}

/// The peers of issue 7, timed on the same facts in the same run: the shell
/// pipeline over the TSV, and a Python dict script if Python is present.
fn peers(corpus: &Path, runs: usize, planted: usize) {
    let tsv = corpus.join("facts.tsv");
    let shell = format!(
        "cut -f2,3,4 '{}' | sort -u | cut -f1,2 | uniq -d | wc -l",
        tsv.display()
    );
    let python = format!(
        "python3 -c \"import sys\ngroups={{}}\nfor line in open(sys.argv[1]):\n  s,subj,a,v=line.rstrip('\\n').split('\\t')\n  groups.setdefault((subj,a),set()).add(v)\nprint(sum(1 for g in groups.values() if len(g)>1))\" '{}'",
        tsv.display()
    );
    for (name, script) in [("shell sort|uniq", shell), ("python dict", python)] {
        let mut times = Vec::new();
        let mut found = String::new();
        for _ in 0..runs {
            let start = Instant::now();
            let output = Command::new("sh").arg("-c").arg(&script).output();
            times.push(start.elapsed());
            match output {
                Ok(output) if output.status.success() => {
                    found = String::from_utf8_lossy(&output.stdout).trim().to_string()
                }
                _ => {
                    println!("{name:<14} not available here");
                    break;
                }
            }
        }
        if !found.is_empty() {
            println!(
                "{name:<14} {:>9.3} s   (finds {found} of {planted})",
                median(&mut times).as_secs_f64()
            );
        }
    }
}
