//! Confinement: a run reads only files inside the directory trees it checks
//! (the PATHs' trees and the current directory, see [`Confinement::for_paths`]).
//! Reports embed source text, so a fact base from a stranger (a pull request)
//! must not be able to make CI read and publish other files of the machine:
//! a source `file` of `../../etc/passwd`, an absolute path, or a link that
//! points out of the tree is refused when `--confine` is given. It is not the
//! default: SPEC §3 lets a source's `file` be any path, and a valid fact base
//! must load the same everywhere.

use std::path::{Component, Path, PathBuf};

/// The directory trees a run may read, as canonical paths.
#[derive(Debug, Clone)]
pub struct Confinement {
    trees: Vec<PathBuf>,
    /// The trees as the PATHs name them, for messages: never the machine's
    /// absolute paths.
    shown: Vec<String>,
}

impl Confinement {
    /// The trees of the PATHs given (each directory, or the directory
    /// holding each file) and the current directory.
    ///
    /// The current directory counts because it is the project being
    /// checked: CI runs in the checkout, and a fact base may keep its
    /// source texts beside its fact directory (`facts/`, `sources/`) and
    /// still be checked as `factcheck test facts assertions`, as SPEC §3's
    /// "relative to the file that declares the source" allows. What a pull
    /// request must not reach lies outside the checkout.
    pub fn for_paths(paths: &[PathBuf]) -> Self {
        let mut roots: Vec<(PathBuf, String)> = paths
            .iter()
            .map(|path| tree_of(path))
            .map(|tree| {
                let shown = format!("`{}`", tree.display());
                (tree, shown)
            })
            .collect();
        roots.push((PathBuf::from("."), "the current directory".to_string()));
        let mut confinement = Confinement {
            trees: Vec::new(),
            shown: Vec::new(),
        };
        for (root, shown) in roots {
            let Ok(tree) = std::fs::canonicalize(&root) else {
                continue;
            };
            if !confinement.trees.contains(&tree) {
                confinement.trees.push(tree);
                confinement.shown.push(shown);
            }
        }
        confinement
    }

    /// Only the current directory (for fact files given in memory).
    pub fn current_directory() -> Self {
        Confinement::for_paths(&[])
    }

    /// Does `path`, with every link followed, lie inside one of the trees?
    /// A path that does not exist is judged by its text, so whether a file
    /// outside exists is never revealed by a different message.
    pub fn allows(&self, path: &Path) -> bool {
        let resolved = std::fs::canonicalize(path).or_else(|_| resolve_lexically(path));
        match resolved {
            Ok(resolved) => self.trees.iter().any(|tree| resolved.starts_with(tree)),
            Err(_) => false,
        }
    }

    /// The trees, for messages.
    pub fn describe(&self) -> String {
        self.shown.join(", ")
    }
}

fn tree_of(path: &Path) -> PathBuf {
    if path.is_dir() {
        return path.to_path_buf();
    }
    match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// An absolute path for `path` with `.` and `..` applied to its text, the
/// deepest existing ancestor canonicalised first (so links there count).
fn resolve_lexically(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut resolved = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::ParentDir => {
                resolved.pop();
            }
            Component::CurDir => {}
            other => {
                resolved.push(other);
                if let Ok(real) = std::fs::canonicalize(&resolved) {
                    resolved = real;
                }
            }
        }
    }
    Ok(resolved)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_the_tree_are_allowed_and_escapes_are_not() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("facts");
        std::fs::create_dir_all(root.join("sources")).unwrap();
        std::fs::write(root.join("sources/a.txt"), "text").unwrap();
        let confinement = Confinement::for_paths(std::slice::from_ref(&root));
        assert!(confinement.allows(&root.join("sources/a.txt")));
        assert!(confinement.allows(&root.join("sources/../sources/a.txt")));
        assert!(confinement.allows(&root.join("sources/missing.txt")));
        assert!(!confinement.allows(&root.join("../outside.txt")));
        assert!(!confinement.allows(&root.join("sources/../../../../etc/passwd")));
        assert!(!confinement.allows(Path::new("/etc/passwd")));
    }

    #[test]
    fn a_missing_file_behind_a_link_out_is_outside() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("facts");
        std::fs::create_dir_all(&root).unwrap();
        std::os::unix::fs::symlink(dir.path(), root.join("up")).unwrap();
        let confinement = Confinement::for_paths(std::slice::from_ref(&root));
        assert!(!confinement.allows(&root.join("up/missing.txt")));
    }
}
