//! The fact base as the editor sees it: the workspace's files loaded and
//! checked exactly as `factcheck test` would, with the text of open
//! documents in place of what is on disk; and the runner's findings turned
//! into LSP diagnostics, file by file.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location as LspLocation,
};

use super::position::{path_to_uri, LineIndex};
use crate::check::{check, Findings, Verdict};
use crate::load::{load_with, FactBase, Location, Problem, DEFAULT_PATHS};
use crate::output::human::{contradiction_help, verdict_help, verdict_word};
use crate::syntax::{self, ParsedFile, Span};

pub struct Workspace {
    root: PathBuf,
    /// What is loaded: `facts/` and `assertions/` of the root when it has
    /// them (as `factcheck test` with no PATH), else the whole root.
    paths: Vec<PathBuf>,
    /// Open documents by path, with their current text.
    open: BTreeMap<PathBuf, String>,
    pub base: FactBase,
    pub findings: Findings,
    /// Each loaded file parsed, by index in `base.files`, for lookups of
    /// what stands at a position.
    pub parsed: Vec<ParsedFile>,
    /// Files that were sent diagnostics, so they can be cleared.
    published: BTreeSet<PathBuf>,
}

impl Workspace {
    pub fn new(root: &Path) -> Workspace {
        let defaults: Vec<PathBuf> = DEFAULT_PATHS
            .iter()
            .map(|dir| root.join(dir))
            .filter(|dir| dir.is_dir())
            .collect();
        let paths = if defaults.is_empty() {
            vec![root.to_path_buf()]
        } else {
            defaults
        };
        let mut workspace = Workspace {
            root: root.to_path_buf(),
            paths,
            open: BTreeMap::new(),
            base: FactBase::default(),
            findings: Findings::default(),
            parsed: Vec::new(),
            published: BTreeSet::new(),
        };
        workspace.analyse();
        workspace
    }

    pub fn set_text(&mut self, path: PathBuf, text: String) {
        self.open.insert(path, text);
    }

    pub fn close(&mut self, path: &Path) {
        self.open.remove(path);
    }

    /// Load and check everything again.
    pub fn analyse(&mut self) {
        let given: Vec<(PathBuf, String)> = self
            .open
            .iter()
            .map(|(path, text)| (path.clone(), text.clone()))
            .collect();
        self.base = load_with(&self.paths, &given);
        self.findings = check(&self.base);
        self.parsed = self
            .base
            .files
            .iter()
            .map(|file| syntax::parse(&file.text))
            .collect();
    }

    /// The index in `base.files` of the file at `path`.
    pub fn file_index(&self, path: &Path) -> Option<usize> {
        self.base
            .files
            .iter()
            .position(|file| Path::new(&file.path) == path)
    }

    pub fn file_path(&self, file: usize) -> PathBuf {
        PathBuf::from(&self.base.files[file].path)
    }

    /// `file:line` with the path relative to the workspace root, for text.
    pub fn shown_place(&self, at: Location) -> String {
        let path = self.file_path(at.file);
        let shown = path.strip_prefix(&self.root).unwrap_or(&path);
        format!("{}:{}", shown.display(), at.span.line)
    }

    /// An LSP location for a place in a loaded file.
    pub fn lsp_location(&self, at: Location) -> LspLocation {
        let index = LineIndex::new(&self.base.files[at.file].text);
        LspLocation::new(
            path_to_uri(&self.file_path(at.file)),
            index.range(at.span.start, at.span.end),
        )
    }

    /// Every file's diagnostics, including empty lists for files that had
    /// some before and are now clean (or no longer loaded).
    pub fn diagnostics(&mut self) -> Vec<(PathBuf, Vec<Diagnostic>)> {
        let mut by_file: BTreeMap<usize, Vec<Diagnostic>> = (0..self.base.files.len())
            .map(|f| (f, Vec::new()))
            .collect();
        for (file, diagnostic) in self.all_diagnostics() {
            by_file.entry(file).or_default().push(diagnostic);
        }
        let mut out: Vec<(PathBuf, Vec<Diagnostic>)> = by_file
            .into_iter()
            .map(|(file, list)| (self.file_path(file), list))
            .collect();
        let now: BTreeSet<PathBuf> = out
            .iter()
            .filter(|(_, list)| !list.is_empty())
            .map(|(path, _)| path.clone())
            .collect();
        for gone in self.published.difference(&now) {
            if !out.iter().any(|(path, _)| path == gone) {
                out.push((gone.clone(), Vec::new()));
            }
        }
        out.retain(|(path, list)| !list.is_empty() || self.published.contains(path));
        self.published = now;
        out
    }

    /// The runner's findings, each where the runner points: load errors
    /// (which stop evaluation, SPEC §7), contradictions at every claim,
    /// missing quotes, type mismatches, assertions not passing, warnings.
    fn all_diagnostics(&self) -> Vec<(usize, Diagnostic)> {
        let base = &self.base;
        let mut out = Vec::new();
        for problem in &base.errors {
            out.extend(self.problem(problem, DiagnosticSeverity::ERROR));
        }
        for problem in &self.findings.warnings {
            out.extend(self.problem(problem, DiagnosticSeverity::WARNING));
        }
        if !base.errors.is_empty() {
            return out;
        }
        for contradiction in &self.findings.contradictions {
            out.extend(self.contradiction(
                &contradiction.claims,
                contradiction.accepted_by,
                contradiction.group,
            ));
        }
        for check in self.findings.quotes.iter().filter(|q| !q.found) {
            let quote = &base.quotes[check.quote];
            let source = &base.sources[quote.source];
            let file = source.file.as_deref().unwrap_or("?");
            let message = format!(
                "quote not found in the text of source `{}` ({file})\nhelp: copy the passage word for word from {file}; case, line breaks, accents and curly quotes do not matter",
                source.id
            );
            out.push(self.diagnostic(
                quote.at.file,
                quote.span,
                DiagnosticSeverity::ERROR,
                message,
            ));
        }
        for mismatch in &base.type_mismatches {
            let message = format!(
                "`{}` is declared as {}, but this value is a {}\nhelp: write the value as a {}, or change the attribute's declaration; this fact is left out until then",
                mismatch.attribute, mismatch.expected, mismatch.found, mismatch.expected
            );
            out.push(self.diagnostic(
                mismatch.at.file,
                mismatch.value_span,
                DiagnosticSeverity::ERROR,
                message,
            ));
        }
        for result in self
            .findings
            .assertions
            .iter()
            .filter(|r| r.verdict != Verdict::Pass)
        {
            let located = &base.assertions[result.assertion];
            let message = format!(
                "assertion {}: {}\n{}\nhelp: {}",
                verdict_word(result.verdict),
                located.assertion.text,
                result.message,
                verdict_help(result.verdict, &result.message)
            );
            out.push(self.diagnostic(
                located.file,
                located.assertion.span,
                DiagnosticSeverity::ERROR,
                message,
            ));
        }
        out
    }

    fn problem(
        &self,
        problem: &Problem,
        severity: DiagnosticSeverity,
    ) -> Option<(usize, Diagnostic)> {
        let at = problem.at?;
        Some(self.diagnostic(at.file, at.span, severity, problem.message.clone()))
    }

    fn diagnostic(
        &self,
        file: usize,
        span: Span,
        severity: DiagnosticSeverity,
        message: String,
    ) -> (usize, Diagnostic) {
        let index = LineIndex::new(&self.base.files[file].text);
        let diagnostic = Diagnostic {
            range: index.range(span.start, span.end),
            severity: Some(severity),
            source: Some("factcheck".to_string()),
            message,
            ..Diagnostic::default()
        };
        (file, diagnostic)
    }

    /// One diagnostic at each claim, each pointing at the others.
    fn contradiction(
        &self,
        claims: &[usize],
        accepted_by: Option<usize>,
        group: usize,
    ) -> Vec<(usize, Diagnostic)> {
        let base = &self.base;
        let group = &base.groups[group];
        let as_of = group.as_of_shown();
        let path = base.path_of(group);
        let says = |claim: usize| base.says(&base.claims[claim]);
        let all: Vec<String> = claims.iter().map(|&c| says(c)).collect();
        let (severity, message) = match accepted_by {
            None => {
                let values = claims
                    .iter()
                    .map(|&c| (&base.claims[c].value, base.written(&base.claims[c])))
                    .collect();
                (
                    DiagnosticSeverity::ERROR,
                    format!(
                        "{}: {}\nhelp: {}",
                        base.disagreement(group, claims),
                        all.join(", "),
                        contradiction_help(&path, values)
                    ),
                )
            }
            Some(accept) => (
                DiagnosticSeverity::INFORMATION,
                format!(
                    "accepted contradiction: `{path}`{as_of}: {}",
                    base.accepts[accept].accept.reason
                ),
            ),
        };
        claims
            .iter()
            .map(|&claim| {
                let at = base.claim_at(&base.claims[claim]);
                let (file, mut diagnostic) = self.diagnostic(
                    at.file,
                    base.value_span(&base.claims[claim]),
                    severity,
                    message.clone(),
                );
                diagnostic.related_information = Some(
                    claims
                        .iter()
                        .filter(|&&other| other != claim)
                        .map(|&other| {
                            let at = Location {
                                file: base.claims[other].file(),
                                span: base.value_span(&base.claims[other]),
                            };
                            DiagnosticRelatedInformation {
                                location: self.lsp_location(at),
                                message: says(other),
                            }
                        })
                        .collect(),
                );
                (file, diagnostic)
            })
            .collect()
    }
}
