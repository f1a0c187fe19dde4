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
pub mod prefetch;
pub mod report;
pub mod syntax;
pub mod watch;
