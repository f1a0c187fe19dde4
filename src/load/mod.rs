//! AST → fact base: find the files, parse them, then give the statements
//! meaning: sources, `from` sections, aliases, attribute types, groups, and
//! the source texts that quotes are checked against.

mod aliases;
mod base;
mod discover;
mod files;
mod names;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use aliases::Aliases;
pub use base::*;
pub use discover::{discover, plain_io_error, FoundFile, PathError, DEFAULT_PATHS};
pub use files::{decode, NotText};
pub use names::Names;

use crate::model::{normalize, Value};
use crate::syntax::{self, Fact, ParsedFile, SourceDecl, Statement};
use aliases::AliasDecl;

/// Load every file under `paths` (SPEC §1) into a fact base. Problems are
/// collected in the base, never returned early: one run reports them all.
pub fn load(paths: &[PathBuf]) -> FactBase {
    load_with(paths, &[])
}

/// [`load`], with the text of some files given instead of read from disk
/// (an editor's unsaved buffers). A given file that discovery does not find
/// under `paths` is loaded after the others.
pub fn load_with(paths: &[PathBuf], given: &[(PathBuf, String)]) -> FactBase {
    let files = read_with(paths, given);
    let parsed = parse(&files);
    assemble(files, parsed)
}

/// The files of a run, read but not parsed: the first stage of [`load`],
/// public so that a benchmark can time each stage.
pub struct ReadFiles {
    found: Vec<FoundFile>,
    texts: Vec<Option<String>>,
    base: FactBase,
}

/// Stage 1: find the files and read them as text.
pub fn read(paths: &[PathBuf]) -> ReadFiles {
    read_with(paths, &[])
}

/// Stage 1, with the text of some files given instead of read from disk.
pub fn read_with(paths: &[PathBuf], given: &[(PathBuf, String)]) -> ReadFiles {
    let (mut found, path_errors) = discover(paths);
    for (path, _) in given {
        if !found.iter().any(|file| &file.path == path) {
            found.push(FoundFile { path: path.clone() });
        }
    }
    let mut base = FactBase::default();
    for error in path_errors {
        base.errors
            .push(whole_file_problem(error.path, 1, 1, error.message));
    }
    let texts = found
        .iter()
        .map(
            |file| match given.iter().find(|(path, _)| *path == file.path) {
                Some((_, text)) => Some(text.strip_prefix('\u{FEFF}').unwrap_or(text).to_string()),
                None => read_text(&file.path, &mut base),
            },
        )
        .collect();
    ReadFiles { found, texts, base }
}

/// Stage 2: parse every file, in parallel (files are independent).
pub fn parse(files: &ReadFiles) -> Vec<ParsedFile> {
    use rayon::prelude::*;
    files
        .texts
        .par_iter()
        .map(|text| syntax::parse(text.as_deref().unwrap_or("")))
        .collect()
}

/// Stage 3: give the statements meaning and build the fact base.
pub fn assemble(files: ReadFiles, parsed: Vec<ParsedFile>) -> FactBase {
    let ReadFiles {
        found,
        texts,
        mut base,
    } = files;
    for (file, text) in found.iter().zip(texts) {
        base.files.push(LoadedFile {
            path: file.path.display().to_string(),
            text: text.unwrap_or_default(),
        });
    }
    build(&mut base, parsed, &found);
    base
}

fn read_text(path: &Path, base: &mut FactBase) -> Option<String> {
    let shown = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => {
            base.errors.push(whole_file_problem(
                shown,
                1,
                1,
                format!("cannot read this file: {}", plain_io_error(&error)),
            ));
            return None;
        }
    };
    match files::decode(bytes) {
        Ok(text) => Some(text),
        Err(not_text) => {
            base.errors.push(whole_file_problem(
                shown,
                not_text.line,
                not_text.column,
                not_text.message,
            ));
            None
        }
    }
}

fn whole_file_problem(path: String, line: u32, column: u32, message: String) -> Problem {
    Problem {
        path,
        line,
        column,
        at: None,
        message,
        label: String::new(),
    }
}

/// Where facts of a file are attributed while walking its statements.
#[derive(Clone, Copy)]
enum Section {
    None,
    Source(usize),
    /// After a `from` naming no known source: its facts are skipped, since
    /// the `from` already has its error.
    Unknown,
}

fn build(base: &mut FactBase, parsed: Vec<ParsedFile>, found: &[FoundFile]) {
    for (file, parsed_file) in parsed.iter().enumerate() {
        for error in &parsed_file.errors {
            let at = Location {
                file,
                span: error.span,
            };
            let problem = base.problem_at(at, error.message.clone(), error.label.clone());
            base.errors.push(problem);
        }
    }
    declare(base, &parsed);
    // Facts move from the syntax tree into the fact base, file by file, so
    // the whole tree and the whole base are never in memory at once.
    for (file, parsed_file) in parsed.into_iter().enumerate() {
        attribute_facts(base, file, parsed_file);
    }
    read_source_texts(base, found);
    base.errors
        .sort_by_key(|p| (p.at.map_or(0, |at| at.file + 1), p.line, p.column));
    base.warnings
        .sort_by_key(|p| (p.at.map_or(0, |at| at.file + 1), p.line, p.column));
}

/// Declarations that apply to every file whatever the order: sources,
/// aliases and attribute types.
fn declare(base: &mut FactBase, parsed: &[ParsedFile]) {
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut alias_decls = Vec::new();
    for (file, parsed_file) in parsed.iter().enumerate() {
        for statement in &parsed_file.statements {
            match statement {
                Statement::Source(decl) => declare_source(base, &mut ids, file, decl),
                Statement::Alias(alias) => alias_decls.push(AliasDecl { file, alias }),
                Statement::Attribute(decl) => {
                    let key = normalize(&decl.name);
                    match base.attributes.get(&key) {
                        Some(&(ty, many)) if ty != decl.ty || many != decl.many => {
                            let at = Location {
                                file,
                                span: decl.span,
                            };
                            let message = format!(
                                "attribute `{}` is already declared as {}{}; this different declaration is ignored",
                                decl.name,
                                ty.name(),
                                if many { " many" } else { "" }
                            );
                            let warning = base.problem_at(at, message, "second declaration");
                            base.warnings.push(warning);
                        }
                        Some(_) => {}
                        None => {
                            base.attributes.insert(key, (decl.ty, decl.many));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let (aliases, problems) = Aliases::build(&alias_decls);
    for problem in problems {
        let at = Location {
            file: problem.file,
            span: alias_decls[problem.alias_index].alias.span,
        };
        let located = base.problem_at(
            at,
            problem.message,
            if problem.is_error {
                "alias cycle"
            } else {
                "ignored"
            },
        );
        if problem.is_error {
            base.errors.push(located);
        } else {
            base.warnings.push(located);
        }
    }
    base.aliases = aliases;
}

fn declare_source(
    base: &mut FactBase,
    ids: &mut HashMap<String, usize>,
    file: usize,
    decl: &SourceDecl,
) {
    let at = Location {
        file,
        span: decl.id_span,
    };
    if let Some(&first) = ids.get(&decl.id) {
        let earlier = base.sources[first].declared;
        let message = format!(
            "source `{}` is declared twice; the first declaration is at {}:{}",
            decl.id, base.files[earlier.file].path, earlier.span.line
        );
        let problem = base.problem_at(at, message, "second declaration");
        base.errors.push(problem);
        return;
    }
    ids.insert(decl.id.clone(), base.sources.len());
    base.sources.push(Source {
        id: decl.id.clone(),
        title: decl.title.clone(),
        publisher: decl.publisher.clone(),
        url: decl.url.clone(),
        published: decl.published,
        file: decl.file.as_ref().map(|(path, _)| path.clone()),
        file_span: decl.file.as_ref().map(|(_, span)| *span),
        text: None,
        normalized: None,
        declared: at,
        facts: 0,
    });
}

fn attribute_facts(base: &mut FactBase, file: usize, parsed: ParsedFile) {
    let ids: HashMap<String, usize> = base
        .sources
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i))
        .collect();
    let mut section = Section::None;
    for statement in parsed.statements {
        match statement {
            Statement::From { id, span } => {
                section = match ids.get(&id) {
                    Some(&index) => Section::Source(index),
                    None => {
                        let at = Location { file, span };
                        let problem = base.problem_at(
                            at,
                            unknown_source_message(&id, &ids),
                            "unknown source",
                        );
                        base.errors.push(problem);
                        Section::Unknown
                    }
                };
            }
            Statement::Fact(fact) => match section {
                Section::Source(source) => add_fact(base, file, source, fact),
                Section::Unknown => {}
                Section::None => {
                    let at = Location {
                        file,
                        span: fact.subject.span,
                    };
                    let problem = base.problem_at(
                        at,
                        "this fact comes before any `from`: every claim needs a source, so write `from SOURCE-ID` above it",
                        "no source",
                    );
                    base.errors.push(problem);
                }
            },
            Statement::Assert(assertion) => {
                check_literals(base, file, &assertion);
                base.assertions.push(LocatedAssertion { file, assertion });
            }
            Statement::Accept(accept) => {
                let subject_key = base.aliases.resolve(&accept.path.subject.text).key;
                let attribute_key = normalize(&accept.path.attribute.text);
                base.accepts.push(LocatedAccept {
                    file,
                    accept,
                    subject_key,
                    attribute_key,
                });
            }
            _ => {}
        }
    }
}

/// A literal that cannot be a value (a backwards range) is a load error,
/// like the same literal in a fact.
fn check_literals(base: &mut FactBase, file: usize, assertion: &syntax::Assertion) {
    let operands: Vec<&syntax::Operand> = match &assertion.test {
        syntax::Test::Compare { left, right, .. } => vec![left, right],
        syntax::Test::Corroborated { operand, .. } => vec![operand],
    };
    for operand in operands {
        if let syntax::Operand::Literal(term) = operand {
            let aliases = &base.aliases;
            if let Err(error) = Value::from_term(term, &|name| aliases.resolve(name)) {
                let problem = base.problem_at(
                    Location {
                        file,
                        span: error.span,
                    },
                    error.message,
                    "invalid range",
                );
                base.errors.push(problem);
            }
        }
    }
}

fn unknown_source_message(id: &str, ids: &HashMap<String, usize>) -> String {
    let mut known: Vec<&String> = ids.keys().collect();
    known.sort();
    let closest = known
        .iter()
        .map(|k| (strsim::levenshtein(k, id), *k))
        .filter(|(distance, _)| *distance <= 2)
        .min();
    match closest {
        Some((_, near)) => format!("no source `{id}` is declared in the files loaded; did you mean `{near}`?"),
        None => format!("no source `{id}` is declared in the files loaded: declare it with `source {id} {{ … }}`"),
    }
}

fn add_fact(base: &mut FactBase, file: usize, source: usize, fact: Fact) {
    let at = Location {
        file,
        span: fact.span,
    };
    base.sources[source].facts += 1;
    if let Some((text, span)) = &fact.quote {
        base.quotes.push(QuoteRef {
            at,
            source,
            text: text.clone(),
            span: *span,
        });
    }
    let aliases = &base.aliases;
    let value = match Value::from_term(&fact.value, &|name| aliases.resolve(name)) {
        Ok(value) => value,
        Err(error) => {
            let problem = base.problem_at(
                Location {
                    file,
                    span: error.span,
                },
                error.message,
                "invalid range",
            );
            base.errors.push(problem);
            return;
        }
    };
    let subject = base.names.subject(&base.aliases, &fact.subject.text);
    let attribute = base.names.attribute(&fact.attribute.text);
    let declared = base
        .attributes
        .get(base.names.attribute_key(attribute))
        .copied();
    if let Some((ty, _)) = declared {
        if !value.kind().fits(ty) {
            base.type_mismatches.push(TypeMismatch {
                at,
                value_span: fact.value.span,
                attribute: fact.attribute.text.clone(),
                expected: ty.name(),
                found: value.kind().name(),
                value: fact.value_text.clone(),
                declared: at,
            });
            return;
        }
    }
    let key = (subject, attribute, fact.as_of.map(|(date, _)| date));
    let index = base.names.find_group(key).unwrap_or_else(|| {
        let names = &base.names;
        base.groups.push(Group {
            subject: names.subject_shown(subject).to_string(),
            subject_key: names.subject_key(subject).to_string(),
            attribute: fact.attribute.text.clone(),
            attribute_key: names.attribute_key(attribute).to_string(),
            as_of: key.2,
            many: declared.is_some_and(|(_, many)| many),
            claims: Vec::new(),
        });
        base.names.insert_group(key, base.groups.len() - 1);
        base.groups.len() - 1
    });
    base.groups[index].claims.push(base.claims.len());
    base.claims.push(Claim {
        group: index,
        value,
        written: fact.value_text,
        source,
        at,
        value_span: fact.value.span,
        quote: fact.quote,
    });
}

/// Read each source's `file`, relative to the file that declares it.
fn read_source_texts(base: &mut FactBase, found: &[FoundFile]) {
    for index in 0..base.sources.len() {
        let Some(relative) = base.sources[index].file.clone() else {
            continue;
        };
        let declared = base.sources[index].declared;
        let dir = found[declared.file].path.parent().unwrap_or(Path::new(""));
        // `./` parts say nothing; leave them out of the path people see.
        let path: PathBuf = dir
            .join(&relative)
            .components()
            .filter(|part| !matches!(part, std::path::Component::CurDir))
            .collect();
        base.sources[index].file = Some(path.display().to_string());
        let read = std::fs::read(&path)
            .map_err(|error| plain_io_error(&error))
            .and_then(|bytes| files::decode(bytes).map_err(|not_text| not_text.message));
        match read {
            Ok(text) => {
                base.sources[index].normalized = Some(normalize(&text));
                base.sources[index].text = Some(text);
            }
            Err(why) => {
                let span = base.sources[index].file_span.unwrap_or(declared.span);
                let at = Location {
                    file: declared.file,
                    span,
                };
                let message = format!("cannot read the source text `{}`: {why}", path.display());
                let problem = base.problem_at(at, message, "source text");
                base.errors.push(problem);
            }
        }
    }
}
