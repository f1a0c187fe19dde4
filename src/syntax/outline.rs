//! A file in two passes, for loading at scale. A fact base is nearly all
//! plain fact lines, and what a fact *means* depends on declarations that
//! may come later or in another file. Parsing every file into a full tree
//! first holds a million facts' trees in memory at once (hundreds of MB at
//! 1M facts) only to consume them one by one a moment later.
//!
//! So [`outline`] parses only the lines that can declare or structure
//! something — keywords, blocks, anything with a brace — and leaves every
//! other line outside a block for later, noting only where each run of them
//! lies. Such a line can only be a fact, a blank or comment line, or a
//! syntax error: the grammar's other top-level statements all begin with a
//! keyword, and only a brace opens or closes a block. Once the declarations
//! are known, [`Outline::statements`] walks the file in order, parsing each
//! left line just when it is needed, so a fact's tree lives only until the
//! loader has read it. Every line is parsed exactly as [`super::parse`]
//! parses it, by the same code; only the moment changes.

use super::ast::{BrokenFact, ParsedFile, Statement, SyntaxError, STATEMENT_KEYWORDS};
use super::lines::{LineCursor, Lines};
use super::parser::FileParser;

/// Consecutive lines left for later: where the first starts, its line
/// number, and how many there are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    offset: usize,
    first_line: u32,
    lines: u32,
}

/// One file after the first pass: the statements of the lines parsed so far
/// (declarations among them) with their errors, and the runs of lines left
/// for [`Outline::statements`].
#[derive(Debug, Default)]
pub struct Outline {
    pub parsed: ParsedFile,
    /// For each statement of `parsed`, how many runs come before it.
    runs_before: Vec<u32>,
    runs: Vec<Run>,
    /// Where each line of the file starts (see `LoadedFile::line_starts`).
    pub line_starts: Vec<u32>,
}

/// What the second pass yields, in file order: a statement, or the error of
/// a line left for it (errors of the first pass are in `parsed.errors`).
/// Items are handed over one at a time, never stored in bulk, so the size
/// of a statement is no reason to box it.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, PartialEq)]
pub enum Item {
    Statement(Statement),
    Error(SyntaxError),
    BrokenFact(BrokenFact),
}

/// The first pass over a file's text (valid UTF-8, no byte-order mark).
pub fn outline(text: &str) -> Outline {
    let mut parser = FileParser::new(true, Some(text));
    let mut runs: Vec<Run> = Vec::new();
    let mut runs_before: Vec<u32> = Vec::new();
    let mut open: Option<Run> = None;
    let mut lines = Lines::new(text);
    let mut line_starts = Vec::with_capacity(super::most_statements(text));
    while let Some((line, offset, number)) = lines.next_raw() {
        line_starts.push(u32::try_from(offset).unwrap_or(u32::MAX));
        if parser.outside_blocks() && can_wait(line) {
            match &mut open {
                Some(run) => run.lines += 1,
                None => {
                    open = Some(Run {
                        offset,
                        first_line: number,
                        lines: 1,
                    })
                }
            }
            continue;
        }
        runs.extend(open.take());
        parser.line(&LineCursor::new(line, offset, number));
        runs_before.resize(parser.statement_count(), runs.len() as u32);
    }
    runs.extend(open.take());
    // A text ending in a line break has an empty last line, that no
    // statement is on but a diagnostic may point at.
    if text.ends_with('\n') {
        line_starts.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
    }
    let parsed = parser.finish();
    runs_before.resize(parsed.statements.len(), runs.len() as u32);
    Outline {
        parsed,
        runs_before,
        runs,
        line_starts,
    }
}

/// Whether a line outside any block can wait for the second pass: it holds
/// no brace (none opens or closes a block), no NUL, and does not begin with
/// a statement keyword, even glued to what follows (`alias"a" = b` is an
/// alias). Pest's whitespace is spaces and tabs, so only those are skipped.
fn can_wait(text: &str) -> bool {
    let rest = text.trim_start_matches([' ', '\t']);
    !STATEMENT_KEYWORDS.iter().any(|kw| rest.starts_with(kw))
        && memchr::memchr3(b'{', b'}', 0, text.as_bytes()).is_none()
}

impl Outline {
    /// Every statement of the file, and the errors of the lines left for
    /// this pass, in file order. `text` is the text the outline was made of.
    /// The outline is kept (its statements are cloned as they are handed
    /// over), so that a second reading of the file needs no first pass.
    pub fn statements<'a>(&'a self, text: &'a str) -> Statements<'a> {
        Statements {
            text,
            statements: self
                .parsed
                .statements
                .iter()
                .zip(&self.runs_before)
                .peekable(),
            runs: self.runs.iter(),
            runs_done: 0,
            current: None,
            pending: Vec::new(),
            only: None,
        }
    }

    /// [`Outline::statements`], but of the facts only those on the lines
    /// `only` (line numbers, ascending): other fact lines left for this pass
    /// are skipped unparsed. Statements that are not facts all come.
    pub fn statements_on<'a>(&'a self, text: &'a str, only: &'a [u32]) -> Statements<'a> {
        Statements {
            only: Some(only),
            ..self.statements(text)
        }
    }
}

/// The iterator of [`Outline::statements`].
pub struct Statements<'a> {
    text: &'a str,
    statements: std::iter::Peekable<
        std::iter::Zip<std::slice::Iter<'a, Statement>, std::slice::Iter<'a, u32>>,
    >,
    runs: std::slice::Iter<'a, Run>,
    runs_done: u32,
    /// The run being walked, and how many of its lines are left.
    current: Option<(Lines<'a>, u32)>,
    /// What a left line parsed by pest gave, last first.
    pending: Vec<Item>,
    /// The lines whose facts are wanted, ascending (those passed dropped),
    /// or `None` for every line.
    only: Option<&'a [u32]>,
}

impl Iterator for Statements<'_> {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        loop {
            if let Some(item) = self.pending.pop() {
                return Some(item);
            }
            if let Some((lines, left)) = &mut self.current {
                if *left == 0 {
                    self.current = None;
                    self.runs_done += 1;
                    continue;
                }
                *left -= 1;
                let line = lines.next().expect("a run's lines are in the text");
                if !self.wanted(line.number) {
                    continue;
                }
                if let Some(item) = self.left_line(&line) {
                    return Some(item);
                }
                continue;
            }
            match self.statements.peek() {
                Some((_, &before)) if before <= self.runs_done => {
                    let (statement, _) = self.statements.next()?;
                    if let Statement::Fact(fact) = statement {
                        if !self.wanted(fact.span.line) {
                            continue;
                        }
                    }
                    return Some(Item::Statement(statement.clone()));
                }
                _ => {}
            }
            let run = self.runs.next()?;
            let lines = Lines::from_line(self.text, run.offset, run.first_line);
            self.current = Some((lines, run.lines));
        }
    }
}

impl Statements<'_> {
    /// Whether the facts of line `number` are wanted. Lines are asked
    /// about in ascending order, so those passed are dropped from `only`.
    fn wanted(&mut self, number: u32) -> bool {
        let Some(only) = &mut self.only else {
            return true;
        };
        while only.first().is_some_and(|&line| line < number) {
            *only = &only[1..];
        }
        only.first() == Some(&number)
    }

    /// A left line's statement or first error; the rest goes to `pending`.
    fn left_line(&mut self, line: &LineCursor) -> Option<Item> {
        let rest = line.text.trim_start_matches([' ', '\t']);
        if rest.is_empty() || rest.starts_with('#') {
            return None; // a blank or comment line (no NUL: see `can_wait`)
        }
        if let Some(fact) = super::fast::fact_line(line) {
            return Some(Item::Statement(Statement::Fact(fact)));
        }
        let mut parser = FileParser::new(true, None);
        parser.line(line);
        let ParsedFile {
            statements,
            errors,
            broken_facts,
        } = parser.finish();
        self.pending
            .extend(statements.into_iter().rev().map(Item::Statement));
        self.pending
            .extend(broken_facts.into_iter().rev().map(Item::BrokenFact));
        self.pending
            .extend(errors.into_iter().rev().map(Item::Error));
        self.pending.pop()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the two passes give, as one list in file order. Declarations
    /// must all come from the first pass: the loader reads them before any
    /// fact.
    fn two_passes(text: &str) -> (Vec<Statement>, Vec<SyntaxError>) {
        let outline = outline(text);
        let declarations = |statements: &[Statement]| {
            statements
                .iter()
                .filter(|s| {
                    matches!(
                        s,
                        Statement::Source(_) | Statement::Alias(_) | Statement::Attribute(_)
                    )
                })
                .count()
        };
        let first_pass = declarations(&outline.parsed.statements);
        let mut errors = outline.parsed.errors.clone();
        let mut statements = Vec::new();
        for item in outline.statements(text) {
            match item {
                Item::Statement(statement) => statements.push(statement),
                Item::Error(error) => errors.push(error),
                Item::BrokenFact(_) => {}
            }
        }
        errors.sort_by_key(|e| (e.span.start, e.span.end));
        assert_eq!(
            first_pass,
            declarations(&statements),
            "declarations in pass 2"
        );
        (statements, errors)
    }

    fn one_pass(text: &str) -> (Vec<Statement>, Vec<SyntaxError>) {
        let mut parsed = super::super::parse(text);
        parsed.errors.sort_by_key(|e| (e.span.start, e.span.end));
        (parsed.statements, parsed.errors)
    }

    #[test]
    fn left_lines_come_back_in_file_order() {
        let text = "attribute size number\nx size 1\n\nfrom s1\n# note\ny size 2\n\
                    source s1 {\n  title \"T\"\n}\nz size [1 .. 0]\nalias\"w\" = q\nw size 3 }\n";
        assert_eq!(two_passes(text), one_pass(text));
    }

    #[test]
    fn only_lines_that_cannot_declare_are_left() {
        let text = "a b 1\nalias x = y\nsource s {\nc d 2\n}\nfrom s\ne f 3\n\tg h 4\n";
        let outline = outline(text);
        assert_eq!(
            outline.runs,
            vec![
                Run {
                    offset: 0,
                    first_line: 1,
                    lines: 1
                },
                Run {
                    offset: 44,
                    first_line: 7,
                    lines: 2
                },
            ]
        );
        // `c d 2` stands in the source block (closed after it), so it was
        // parsed at once, and is out of place there.
        assert!(matches!(
            outline.parsed.statements[..],
            [
                Statement::Alias(_),
                Statement::Source(_),
                Statement::From { .. }
            ]
        ));
        let errors: Vec<(u32, u32)> = outline
            .parsed
            .errors
            .iter()
            .map(|error| (error.span.line, error.span.column))
            .collect();
        assert_eq!(errors, [(4, 1)]);
    }

    #[test]
    fn a_nul_byte_or_a_glued_keyword_is_parsed_at_once() {
        assert!(!can_wait("a b \0"));
        assert!(!can_wait("  alias\"a\" = b"));
        assert!(!can_wait("from s1"));
        assert!(!can_wait("a b {"));
        // A keyword's prefix is enough to be parsed at once: cautious, and
        // rare in facts.
        assert!(!can_wait("fromage weight 2"));
        assert!(can_wait("cheese weight 2"));
        assert!(can_wait("  # comment"));
        assert!(can_wait(""));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Any text made of lines from the language's building blocks gives
        /// the same statements and errors in two passes as in one.
        #[test]
        fn two_passes_parse_as_one(lines in proptest::collection::vec(
            proptest::sample::select(vec![
                "", "  ", "# c", "a b 1", "a b 1 # c", "\tp \"Q r\" x 2025-01", "x y [1, 2]",
                "x y 1 .. 0", "a b", "a b c d e", "from s1", "from nowhere", "alias a = b",
                "alias\"a\" = b", "attribute b number", "attribute b list many",
                "source s1 {", "source s2 { title \"T\" }", "title \"T\"", "file \"f.txt\"",
                "}", "check \"c\" {", "assert a b == 1", "accept a b because \"r\"",
                "a b \0", "a b {", "x y \"unterminated", "sourcey x 1", "é ü 1,5%",
                "a b 1 as of 2025-01-01 quote \"q\"", "a b 1 quote \"q\" quote \"r\"",
            ]),
            0..24,
        ), crlf in proptest::bool::ANY) {
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            proptest::prop_assert_eq!(two_passes(&text), one_pass(&text));
        }
    }
}
