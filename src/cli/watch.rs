//! `factcheck watch`: run the checks, then again on every change to the
//! watched files (notify, debounced), each time on a cleared screen and
//! saying which verdicts changed since the previous run.

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{new_debouncer, DebounceEventResult, DebouncedEvent};

use super::test::{warn_unmatched, DetailArgs, Selection};
use crate::output::human::Style;
use crate::watch::{changes, describe, snapshot, Snapshot};

pub const AFTER_HELP: &str = "\
Examples:
  factcheck watch                        re-check facts/ and assertions/ on every save
  factcheck watch facts/ --filter Dar    re-check only what concerns Dar
  factcheck watch --quiet                only failures and what changed

Runs until interrupted (Ctrl-C). Source texts named by `file` in a source are
watched too. Exit status: 2 if the paths cannot be watched.";

#[derive(clap::Args)]
pub struct Args {
    /// Files and directories to load and watch (default: facts/ and assertions/).
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub selection: Selection,
    #[command(flatten)]
    pub detail: DetailArgs,
    /// Wait this long after a change for more changes before re-running.
    #[arg(long, value_name = "MS", default_value_t = 200)]
    pub debounce: u64,
}

pub fn run(args: Args) -> u8 {
    let (sender, events) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = match new_debouncer(Duration::from_millis(args.debounce), None, sender) {
        Ok(debouncer) => debouncer,
        Err(error) => {
            eprintln!("error: cannot watch files: {error}");
            return 2;
        }
    };
    let mut watched: Vec<PathBuf> = Vec::new();
    for path in roots(&args.paths) {
        if let Err(error) = debouncer.watch(&path, RecursiveMode::Recursive) {
            eprintln!("error: cannot watch {}: {error}", path.display());
            return 2;
        }
        watched.push(path);
    }
    let mut previous: Option<Snapshot> = None;
    for number in 1.. {
        let current = run_once(&args, number, previous.as_ref(), &mut |source| {
            if !watched.iter().any(|w| source.starts_with(w)) {
                // A source text outside the watched paths: watch it too. A
                // file that cannot be watched is already a load error.
                if debouncer.watch(source, RecursiveMode::NonRecursive).is_ok() {
                    watched.push(source.to_path_buf());
                }
            }
        });
        previous = Some(current);
        if !wait_for_change(&events) {
            break;
        }
    }
    0
}

/// The paths to watch: those given, or the default ones that exist, or the
/// current directory when none does (so creating them starts a run).
fn roots(paths: &[PathBuf]) -> Vec<PathBuf> {
    let chosen: Vec<PathBuf> = if paths.is_empty() {
        crate::load::DEFAULT_PATHS
            .iter()
            .map(PathBuf::from)
            .filter(|p| p.exists())
            .collect()
    } else {
        paths.iter().filter(|p| p.exists()).cloned().collect()
    };
    if chosen.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        chosen
    }
}

/// One run: clear the screen, print the report and what changed.
fn run_once(
    args: &Args,
    number: usize,
    previous: Option<&Snapshot>,
    watch_source: &mut dyn FnMut(&Path),
) -> Snapshot {
    let detail = args.detail.detail();
    let base = crate::load::load(&args.paths);
    let findings = crate::check::check_with(&base, &args.selection.options(detail));
    for source in &base.sources {
        if let Some(file) = &source.file {
            watch_source(Path::new(file));
        }
    }
    let current = snapshot(&base, &findings);
    let mut out = std::io::stdout().lock();
    if out.is_terminal() {
        // Clear the screen and move the cursor home.
        let _ = write!(out, "\x1b[2J\x1b[H");
    }
    let _ = writeln!(out, "factcheck watch: run {number}\n");
    let style = Style::for_stdout().with_detail(detail);
    let _ = write!(
        out,
        "{}",
        crate::output::human::render(&base, &findings, style)
    );
    if let Some(previous) = previous {
        let _ = write!(out, "\n{}", describe(&changes(previous, &current)));
    }
    let _ = writeln!(out, "watching for changes (Ctrl-C to stop)");
    let _ = out.flush();
    drop(out);
    warn_unmatched(&findings);
    current
}

/// Block until a batch of events changes a file worth a re-run. False when
/// the watcher has gone away.
fn wait_for_change(events: &mpsc::Receiver<DebounceEventResult>) -> bool {
    loop {
        match events.recv() {
            Ok(Ok(batch)) if batch.iter().any(is_a_change) => return true,
            Ok(Ok(_)) => {}
            Ok(Err(errors)) => {
                for error in errors {
                    eprintln!("warning: watching files: {error}");
                }
            }
            Err(_) => return false,
        }
    }
}

/// Reading a file is an event too (the run's own reads among them), but
/// only a write, creation, removal or rename can change a verdict.
fn is_a_change(event: &DebouncedEvent) -> bool {
    !matches!(event.kind, EventKind::Access(_)) && event.paths.iter().any(|p| worth_a_run(p))
}

/// Editors' swap and backup files change all the time while typing and
/// never hold facts.
fn worth_a_run(path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !(name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx"))
}
