//! factcheck: a fact-check assertion language and test runner.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! source text ─ syntax ─▶ AST with spans ─ load ─▶ fact base ─ check ─▶ findings ─ output ─▶ people, CI
//! ```
//!
//! * [`syntax`]: the pest grammar (`grammar/factcheck.pest`), statements with spans.
//! * [`model`]: values and their algebra: normalisation, numbers, dates, intervals, lists.
//! * [`load`]: files found and read, sources, `from` sections, aliases, types, groups.
//! * [`check`]: contradictions, quotes, assertion verdicts, stale accepts.
//! * [`output`]: miette diagnostics for people, JSON for machines.
//! * [`report`]: reports people read: Markdown, HTML, ClaimReview JSON-LD.
//!
//! ```no_run
//! let base = factcheck::load::load(&["facts".into(), "assertions".into()]);
//! let findings = factcheck::check::check(&base);
//! print!("{}", factcheck::output::json::render(&base, &findings));
//! std::process::exit(findings.exit_code(&base));
//! ```

pub mod check;
pub mod cli;
pub mod format;
pub mod lint;
pub mod load;
pub mod lsp;
pub mod model;
pub mod output;
pub mod report;
pub mod syntax;
pub mod watch;

pub static LAP_START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
pub fn lap(name: &str) {
    if std::env::var_os("LAPS").is_some() {
        let start = LAP_START.get_or_init(std::time::Instant::now);
        let cpu = std::fs::read_to_string("/proc/self/stat").unwrap();
        let f: Vec<&str> = cpu.rsplit(')').next().unwrap().split_whitespace().collect();
        let ticks: u64 = f[11].parse::<u64>().unwrap() + f[12].parse::<u64>().unwrap();
        eprintln!(
            "LAP {:>8.1} ms cpu {:>5} ms  {name}",
            start.elapsed().as_secs_f64() * 1000.0,
            ticks * 10
        );
    }
}
