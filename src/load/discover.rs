//! Which files a run reads (SPEC §1): every `*.facts` and `*.assert` under
//! each PATH, directories recursively in sorted order; a file named directly
//! whatever its extension; `facts/` and `assertions/` when no PATH is given.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::confine::Confinement;

/// A file to load, by the path people see (as reached from the PATH given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFile {
    pub path: PathBuf,
}

/// A PATH that cannot be used, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError {
    pub path: String,
    pub message: String,
}

pub const DEFAULT_PATHS: [&str; 2] = ["facts", "assertions"];

/// The files to load, in load order, and the PATHs that gave none. Links
/// that lead out of the trees being checked are errors, not followed.
pub fn discover(paths: &[PathBuf]) -> (Vec<FoundFile>, Vec<PathError>) {
    discover_with(paths, false)
}

/// `discover`, following links out of the trees too unless confined.
pub fn discover_with(paths: &[PathBuf], allow_outside: bool) -> (Vec<FoundFile>, Vec<PathError>) {
    let confinement = (!allow_outside).then(|| Confinement::for_paths(paths));
    let mut errors = Vec::new();
    let roots: Vec<PathBuf> = if paths.is_empty() {
        let present: Vec<PathBuf> = DEFAULT_PATHS
            .iter()
            .map(PathBuf::from)
            .filter(|p| p.is_dir())
            .collect();
        if present.is_empty() {
            errors.push(PathError {
                path: ".".to_string(),
                message: "there is no `facts/` or `assertions/` directory here: name the files or directories to check, as in `factcheck test facts/`".to_string(),
            });
        }
        present
    } else {
        paths.to_vec()
    };
    // A PATH given that holds nothing is an error (SPEC §1: nothing would be
    // checked); of the default directories, only when all of them together
    // hold nothing, so an empty `assertions/` beside `facts/` loads.
    let defaults = paths.is_empty();
    let errors_before = errors.len();
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    for root in &roots {
        let found = files_under(root, confinement.as_ref(), &mut errors, !defaults);
        for file in found {
            let identity = std::fs::canonicalize(&file.path).unwrap_or_else(|_| file.path.clone());
            if seen.insert(identity) {
                files.push(file);
            }
        }
    }
    if defaults && !roots.is_empty() && files.is_empty() && errors.len() == errors_before {
        let shown: Vec<String> = roots.iter().map(|r| format!("`{}`", r.display())).collect();
        errors.push(nothing_to_check(".", &shown.join(" and ")));
    }
    (files, errors)
}

/// `shown` names one directory, or two joined by "and".
fn nothing_to_check(path: &str, shown: &str) -> PathError {
    let holds = if shown.contains(" and ") {
        "hold"
    } else {
        "holds"
    };
    PathError {
        path: path.to_string(),
        message: format!(
            "{shown} {holds} no `.facts` or `.assert` file, so nothing would be checked"
        ),
    }
}

fn files_under(
    root: &Path,
    confinement: Option<&Confinement>,
    errors: &mut Vec<PathError>,
    empty_is_error: bool,
) -> Vec<FoundFile> {
    let shown = root.display().to_string();
    let metadata = match std::fs::metadata(root) {
        Ok(metadata) => metadata,
        Err(error) => {
            errors.push(PathError {
                path: shown,
                message: format!(
                    "cannot read `{}`: {}",
                    root.display(),
                    plain_io_error(&error)
                ),
            });
            return Vec::new();
        }
    };
    if metadata.is_file() {
        return vec![FoundFile {
            path: root.to_path_buf(),
        }];
    }
    let mut found = Vec::new();
    let mut near_misses = Vec::new();
    let errors_before = errors.len();
    let mut escapes = Vec::new();
    let walk = WalkDir::new(root).follow_links(true).into_iter();
    for entry in walk.filter_entry(|entry| {
        let escaped = entry.path_is_symlink()
            && confinement.is_some_and(|confinement| !confinement.allows(entry.path()));
        if escaped {
            escapes.push(link_out_error(entry.path(), confinement));
        }
        !escaped
    }) {
        match entry {
            Ok(entry) if entry.file_type().is_file() && is_fact_file(entry.path()) => {
                found.push(FoundFile {
                    path: entry.path().to_path_buf(),
                })
            }
            Ok(entry) if entry.file_type().is_file() && is_near_miss(entry.path()) => {
                near_misses.push(entry.path().display().to_string());
            }
            Ok(_) => {}
            Err(error) => errors.push(walk_error(root, &error)),
        }
    }
    errors.append(&mut escapes);
    // Sorted path order: the paths as strings, the same order in which the
    // outputs list files (so `a.facts` comes before `a/x.facts`).
    found.sort_by(|a, b| a.path.as_os_str().cmp(b.path.as_os_str()));
    if empty_is_error && found.is_empty() && errors.len() == errors_before {
        let mut error = nothing_to_check(&shown, &format!("`{}`", root.display()));
        near_misses.sort();
        if let Some(first) = near_misses.first() {
            error.message.push_str(&format!(
                ": `{first}` is not read, as only names ending in `.facts` or `.assert` (lower case) are"
            ));
        }
        errors.push(error);
    }
    found
}

/// A name that looks meant for a fact file but is not one: `A.FACTS`, or
/// `a.facts.txt` as some editors save it.
fn is_near_miss(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or_default()
        .to_lowercase();
    let Some((_, extension)) = name.rsplit_once('.') else {
        return false;
    };
    ["facts", "assert", "fact", "asserts"].contains(&extension)
        || name.contains(".facts.")
        || name.contains(".assert.")
}

fn link_out_error(path: &Path, confinement: Option<&Confinement>) -> PathError {
    let trees = confinement.map(Confinement::describe).unwrap_or_default();
    PathError {
        path: path.display().to_string(),
        message: format!(
            "`{}` is a link to a place outside the directories being checked ({trees}), \
             and `--confine` reads only inside them: name it directly to read it",
            path.display()
        ),
    }
}

fn is_fact_file(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("facts" | "assert")
    )
}

fn walk_error(root: &Path, error: &walkdir::Error) -> PathError {
    let path = error.path().unwrap_or(root).display().to_string();
    let message = if let Some(ancestor) = error.loop_ancestor() {
        format!(
            "`{path}` is a symbolic link back to `{}`: following it would loop forever",
            ancestor.display()
        )
    } else if let Some(io) = error.io_error() {
        format!("cannot read `{path}`: {}", plain_io_error(io))
    } else {
        format!("cannot read `{path}`: {error}")
    };
    PathError { path, message }
}

/// An I/O error without the "(os error 2)" tail people do not need.
pub fn plain_io_error(error: &std::io::Error) -> String {
    let text = error.to_string();
    match text.find(" (os error") {
        Some(end) => text[..end].to_string(),
        None => text,
    }
}
