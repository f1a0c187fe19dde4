//! AST → fact base: find the files, parse them, then give the statements
//! meaning: sources, `from` sections, aliases, attribute types, groups, and
//! the source texts that quotes are checked against.

mod aliases;
mod base;
mod claims;
mod confine;
mod discover;
mod files;
pub mod limits;
mod names;
mod screen;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub use aliases::Aliases;
pub use base::*;
pub use confine::Confinement;
pub use discover::{discover, discover_with, plain_io_error, FoundFile, PathError, DEFAULT_PATHS};
pub use files::{decode, NotText};
pub use limits::Limits;
pub use names::Names;

use crate::model::normalize;
use crate::syntax::{self, Outline, SourceDecl, Statement};
use aliases::AliasDecl;

/// How a run loads: its limits, and whether it reads only inside the
/// checked directory trees.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    pub limits: Limits,
    /// Read only files inside the checked trees (`--confine`): off by
    /// default, as SPEC §3 lets a source's `file` be any path.
    pub confine_files: bool,
    /// Whether a large base is read twice, to hold only the subjects a run
    /// reports on (see `screen`). Off by default: a base so loaded holds
    /// no claim of the groups that agree, which `--verbose`, `--filter`,
    /// reports and the editor all show.
    pub screening: Screening,
}

/// When a load screens the base (see [`LoadOptions::screening`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Screening {
    /// Every claim is held.
    #[default]
    Never,
    /// A base of at least [`screen::SCREEN_FROM_BYTES`] of fact files is
    /// screened.
    Large,
    /// Every base is screened (for tests that compare the two loads).
    Always,
}

/// Load every file under `paths` (SPEC §1) into a fact base. Problems are
/// collected in the base, never returned early: one run reports them all.
pub fn load(paths: &[PathBuf]) -> FactBase {
    load_with(paths, &[])
}

/// [`load`], with the text of some files given instead of read from disk
/// (an editor's unsaved buffers). A given file that discovery does not find
/// under `paths` is loaded after the others.
pub fn load_with(paths: &[PathBuf], given: &[(PathBuf, String)]) -> FactBase {
    load_configured(paths, given, &LoadOptions::default())
}

/// [`load_with`], with chosen limits and confinement.
pub fn load_configured(
    paths: &[PathBuf],
    given: &[(PathBuf, String)],
    options: &LoadOptions,
) -> FactBase {
    let (files, parsed) = read_each(paths, given, options, outline_of);
    assemble(files, parsed)
}

/// Load fact files given in memory, as (path, contents), exactly as `load`
/// would load files with these paths and contents. A source's `file` is read
/// from disk, relative to its declaring file's path, inside the current
/// directory.
pub fn load_bytes(files: &[(String, Vec<u8>)], options: &LoadOptions) -> FactBase {
    let mut base = FactBase::default();
    let mut paths = Vec::new();
    let mut texts = Vec::new();
    for (path, bytes) in files {
        let path = PathBuf::from(path);
        let text = if bytes.len() as u64 > options.limits.fact_file_bytes() {
            let why = limits::too_large_message(options.limits.fact_file_bytes());
            let message = format!("cannot read this file: {why}");
            base.errors.push(whole_file_problem(
                path.display().to_string(),
                1,
                1,
                message,
            ));
            None
        } else {
            decode_text(&path, bytes.clone())
                .map_err(|problem| base.errors.push(problem))
                .ok()
        };
        paths.push(path);
        texts.push(text);
    }
    let confinement = Confinement::current_directory();
    let files = ReadFiles::new(base, paths, texts, confinement, options);
    let parsed = parse(&files);
    assemble(files, parsed)
}

/// `load_bytes` for texts, with the default options.
pub fn load_texts(files: &[(String, String)]) -> FactBase {
    let files: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(path, text)| (path.clone(), text.clone().into_bytes()))
        .collect();
    load_bytes(&files, &LoadOptions::default())
}

/// The files of a run, read but not parsed: the first stage of [`load`],
/// public so that a benchmark can time each stage.
pub struct ReadFiles {
    paths: Vec<PathBuf>,
    texts: Vec<Option<String>>,
    /// Lines over the limit, by file: such a file is not parsed.
    long_lines: Vec<Vec<limits::LongLine>>,
    base: FactBase,
    confinement: Confinement,
    options: LoadOptions,
}

impl ReadFiles {
    fn new(
        base: FactBase,
        paths: Vec<PathBuf>,
        texts: Vec<Option<String>>,
        confinement: Confinement,
        options: &LoadOptions,
    ) -> ReadFiles {
        let max_line = options.limits.line_bytes();
        let long_lines = texts
            .iter()
            .map(|text| limits::long_lines(text.as_deref().unwrap_or(""), max_line))
            .collect();
        ReadFiles {
            paths,
            texts,
            long_lines,
            base,
            confinement,
            options: *options,
        }
    }
}

/// Stage 1: find the files and read them as text (default limits and
/// confinement; the benchmark times this stage alone).
pub fn read(paths: &[PathBuf]) -> ReadFiles {
    read_configured(paths, &[], &LoadOptions::default())
}

/// Stage 1, with the text of some files given instead of read from disk,
/// and chosen limits and confinement.
pub fn read_configured(
    paths: &[PathBuf],
    given: &[(PathBuf, String)],
    options: &LoadOptions,
) -> ReadFiles {
    read_each(paths, given, options, |_, _| ()).0
}

/// Stage 1, and `then` done to each file by the thread that read it, as
/// soon as it is read: [`load_configured`] outlines each file there, so
/// that outlining (bound by a large assertion file, which pest parses
/// alone) overlaps reading instead of waiting for the last file.
fn read_each<T: Send>(
    paths: &[PathBuf],
    given: &[(PathBuf, String)],
    options: &LoadOptions,
    then: impl Fn(Option<&str>, &[limits::LongLine]) -> T + Sync,
) -> (ReadFiles, Vec<T>) {
    let (mut found, path_errors) = discover_with(paths, !options.confine_files);
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
    let max_files = options.limits.max_files;
    if found.len() > max_files {
        let first_left_out = found[max_files].path.display().to_string();
        let message = limits::too_many_files_message(max_files);
        base.errors
            .push(whole_file_problem(first_left_out, 1, 1, message));
        found.truncate(max_files);
    }
    // Files are read and decoded in parallel; their errors are recorded in
    // load order.
    let max_line = options.limits.line_bytes();
    let read: Vec<_> = {
        use rayon::prelude::*;
        found
            .par_iter()
            .map(|file| {
                let text = match given.iter().find(|(path, _)| *path == file.path) {
                    Some((_, text)) => {
                        Ok(text.strip_prefix('\u{FEFF}').unwrap_or(text).to_string())
                    }
                    None => read_fact_file(&file.path, options)
                        .and_then(|bytes| decode_text(&file.path, bytes)),
                };
                let long = text
                    .as_deref()
                    .map_or_else(|_| Vec::new(), |text| limits::long_lines(text, max_line));
                let done = then(text.as_deref().ok(), &long);
                (text, long, done)
            })
            .collect()
    };
    let mut texts = Vec::with_capacity(read.len());
    let mut long_lines = Vec::with_capacity(read.len());
    let mut done = Vec::with_capacity(read.len());
    for (text, long, result) in read {
        texts.push(text.map_err(|problem| base.errors.push(problem)).ok());
        long_lines.push(long);
        done.push(result);
    }
    let files = ReadFiles {
        paths: found.into_iter().map(|file| file.path).collect(),
        texts,
        long_lines,
        base,
        confinement: Confinement::for_paths(paths),
        options: *options,
    };
    (files, done)
}

/// Stage 2: the first pass of parsing every file, in parallel (files are
/// independent): the lines that declare or structure something are parsed,
/// plain lines are left for [`assemble`] to parse as it reads them (see
/// `syntax::outline`). A file with an over-long line is not parsed: its
/// other errors would come from a file that cannot be loaded anyway.
pub fn parse(files: &ReadFiles) -> Vec<Outline> {
    use rayon::prelude::*;
    files
        .texts
        .par_iter()
        .zip(&files.long_lines)
        .map(|(text, long)| outline_of(text.as_deref(), long))
        .collect()
}

/// One file's first pass (see [`parse`]).
fn outline_of(text: Option<&str>, long: &[limits::LongLine]) -> Outline {
    match text {
        Some(text) if long.is_empty() => syntax::outline(text),
        _ => Outline::default(),
    }
}

/// Stage 3: parse the lines left, give the statements meaning and build the
/// fact base.
pub fn assemble(files: ReadFiles, mut parsed: Vec<Outline>) -> FactBase {
    let ReadFiles {
        paths,
        texts,
        long_lines,
        mut base,
        confinement,
        options,
    } = files;
    for ((path, text), outline) in paths.iter().zip(texts).zip(&mut parsed) {
        base.files.push(LoadedFile {
            path: path.display().to_string(),
            text: text.unwrap_or_default(),
            line_starts: std::mem::take(&mut outline.line_starts),
        });
    }
    let max_line = options.limits.line_bytes();
    for (file, long) in long_lines.iter().enumerate() {
        for line in long {
            let message = limits::long_line_message(line, max_line);
            let at = Location {
                file,
                span: line.span,
            };
            let problem = base.problem_at(at, message, "line too long");
            base.errors.push(problem);
        }
    }
    let context = Context {
        paths: &paths,
        confinement: options.confine_files.then_some(&confinement),
        limits: &options.limits,
    };
    if screens(&base, options.screening) {
        if screen::build(&mut base, &parsed, &context) {
            return base;
        }
        // Something screening does not cover (a load error, a limit):
        // loaded again in one reading, which reports it as it should.
        base = FactBase {
            files: std::mem::take(&mut base.files),
            ..FactBase::default()
        };
    }
    build(&mut base, &parsed, &context);
    base
}

/// Whether to try screening a base whose files are read (and nothing
/// found wrong with them yet).
fn screens(base: &FactBase, screening: Screening) -> bool {
    let bytes = || base.files.iter().map(|file| file.text.len()).sum::<usize>();
    base.errors.is_empty()
        && match screening {
            Screening::Never => false,
            Screening::Large => bytes() >= screen::SCREEN_FROM_BYTES,
            Screening::Always => true,
        }
}

/// What building the fact base needs besides the parsed files.
struct Context<'a> {
    /// Each loaded file's path, by file index.
    paths: &'a [PathBuf],
    /// The trees source texts must lie in, unless outside files are allowed.
    confinement: Option<&'a Confinement>,
    limits: &'a Limits,
}

/// A fact file's bytes, or the error that says why it cannot be read.
fn read_fact_file(path: &Path, options: &LoadOptions) -> Result<Vec<u8>, Problem> {
    limits::read_limited(path, options.limits.fact_file_bytes()).map_err(|why| {
        let message = format!("cannot read this file: {why}");
        whole_file_problem(path.display().to_string(), 1, 1, message)
    })
}

fn decode_text(path: &Path, bytes: Vec<u8>) -> Result<String, Problem> {
    files::decode(bytes).map_err(|not_text| {
        whole_file_problem(
            path.display().to_string(),
            not_text.line,
            not_text.column,
            not_text.message,
        )
    })
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

fn build(base: &mut FactBase, outlines: &[Outline], context: &Context) {
    for (file, outline) in outlines.iter().enumerate() {
        for error in &outline.parsed.errors {
            let at = Location {
                file,
                span: error.span,
            };
            let problem = base.problem_at(at, error.message.clone(), error.label.clone());
            base.errors.push(problem);
        }
    }
    declare(base, outlines);
    // Each file's lines left by the outline are parsed and its statements
    // given meaning in parallel (the declarations are all known now), so a
    // fact's syntax tree lives only until its claim is made.
    let shards = claims::shard_count(base);
    let meanings: Vec<claims::FileMeaning> = {
        use rayon::prelude::*;
        let declarations = claims::Declarations::new(base, context.limits.max_list_items);
        outlines
            .par_iter()
            .enumerate()
            .map(|(file, outline)| declarations.read(file, outline, shards, None))
            .collect()
    };
    finish(base, meanings, shards, context);
}

/// Group the files' claims and finish the base: limits, source texts, and
/// findings in file order.
fn finish(
    base: &mut FactBase,
    mut meanings: Vec<claims::FileMeaning>,
    shards: usize,
    context: &Context,
) {
    claims::place(base, &mut meanings, shards);
    // What is left is a few strings per claim: freed in parallel, off the
    // serial path.
    {
        use rayon::prelude::*;
        meanings.into_par_iter().for_each(drop);
    }
    let facts = base.sources.iter().map(|source| source.facts).sum();
    base.searches_every_subject =
        limits::searches_every_subject(facts, base.assertions.len(), context.limits);
    if let Some(at) = limits::first_name_past_limit(base, context.limits.max_names) {
        let message = limits::too_many_names_message(context.limits.max_names);
        let problem = base.problem_at(at, message, "too many names");
        base.errors.push(problem);
    }
    for (at, name) in limits::crowded_groups(base, context.limits.max_claims_per_group) {
        let message = limits::crowded_group_message(&name, context.limits.max_claims_per_group);
        let problem = base.problem_at(at, message, "too many claims");
        base.errors.push(problem);
    }
    read_source_texts(base, context);
    base.errors
        .sort_by_key(|p| (p.at.map_or(0, |at| at.file + 1), p.line, p.column));
    base.warnings
        .sort_by_key(|p| (p.at.map_or(0, |at| at.file + 1), p.line, p.column));
}

/// Declarations that apply to every file whatever the order: sources,
/// aliases and attribute types.
fn declare(base: &mut FactBase, outlines: &[Outline]) {
    let mut ids: HashMap<String, usize> = HashMap::new();
    let mut alias_decls = Vec::new();
    for (file, outline) in outlines.iter().enumerate() {
        for statement in &outline.parsed.statements {
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
                            let at = Location {
                                file,
                                span: decl.span,
                            };
                            base.attribute_declarations.insert(key.clone(), at);
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

/// Read each source's `file`, relative to the file that declares it.
fn read_source_texts(base: &mut FactBase, context: &Context) {
    use rayon::prelude::*;
    // Texts are read and normalised in parallel (each is independent);
    // results and errors are recorded in declaration order.
    type Read = Result<(String, String), String>;
    let read: Vec<Option<(PathBuf, Read)>> = base
        .sources
        .par_iter()
        .map(|source| {
            let relative = source.file.as_ref()?;
            let path = source_text_path(context, source.declared.file, relative);
            let read = read_source_text(context, &path).map(|text| {
                let normalized = normalize(&text);
                (text, normalized)
            });
            Some((path, read))
        })
        .collect();
    for (index, read) in read.into_iter().enumerate() {
        let Some((path, read)) = read else {
            continue;
        };
        base.sources[index].file = Some(path.display().to_string());
        match read {
            Ok((text, normalized)) => {
                base.sources[index].normalized = Some(normalized);
                base.sources[index].text = Some(text);
            }
            Err(why) => {
                let declared = base.sources[index].declared;
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

/// A source's `file`, relative to the file that declares it.
fn source_text_path(context: &Context, declared_in: usize, relative: &str) -> PathBuf {
    let dir = context.paths[declared_in].parent().unwrap_or(Path::new(""));
    // The path as reached from the PATH given (SPEC §6), like the declaring
    // file's: its directory as shown, then the `file` without the `./`
    // parts that say nothing.
    let relative: PathBuf = Path::new(relative)
        .components()
        .filter(|part| !matches!(part, std::path::Component::CurDir))
        .collect();
    // `file "."` names the declaring file's directory: shown as such (and
    // refused as a directory), not as an empty path that does not exist.
    match (relative.as_os_str().is_empty(), dir.as_os_str().is_empty()) {
        (true, true) => PathBuf::from("."),
        (true, false) => dir.to_path_buf(),
        (false, _) => dir.join(relative),
    }
}

/// A path that is missing is left for the read to report as such; one that
/// exists must be a regular file (links followed). A `file "/dev/stdin"`
/// or a named pipe would otherwise make the run wait for input forever.
fn is_regular_file(path: &Path) -> bool {
    std::fs::metadata(path).map_or(true, |meta| meta.is_file())
}

fn read_source_text(context: &Context, path: &Path) -> Result<String, String> {
    let read = match context.confinement {
        Some(confinement) if !confinement.allows(path) => Err(format!(
            "it lies outside the directories being checked ({}), and `--confine` reads \
             only inside them",
            confinement.describe()
        )),
        _ if !is_regular_file(path) => Err(
            "it is not a regular file (a source text is a file of text, not a device, a \
             pipe or a directory)"
                .to_string(),
        ),
        _ => limits::read_limited(path, context.limits.max_file_bytes),
    };
    read.and_then(|bytes| files::decode(bytes).map_err(|not_text| not_text.message))
}
