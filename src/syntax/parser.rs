//! Text → AST. The pest grammar (`grammar/factcheck.pest`) reads one line at a
//! time; this module walks the lines, tracks the block a line belongs to, and
//! turns each line's parse tree into statements. A line that does not parse
//! becomes one located error and the walk goes on with the next line, so a
//! single run reports every error of every file.
//!
//! A line outside any block is first offered to `fast::fact_line`, which
//! recognises the plain fact lines that make up nearly every file without
//! pest's per-rule cost and builds the same `Fact` pest's tree would give;
//! every line it is not sure of comes here unchanged.

use pest::iterators::Pair;
use pest::Parser as _;
use pest_derive::Parser;

use super::ast::*;
use super::errors::{describe_pest_error, error_at};
use super::fast;
use super::lines::{LineCursor, Lines};
use super::prose;
use super::tokens::{parse_date, unescape};

#[derive(Parser)]
#[grammar = "grammar/factcheck.pest"]
pub(crate) struct FactcheckParser;

type Pairs<'i> = pest::iterators::Pairs<'i, Rule>;

const SOURCE_KEYS: [&str; 5] = ["title", "publisher", "url", "published", "file"];

/// Which block, if any, the next line belongs to.
enum Block {
    None,
    Source { decl: SourceDecl, open: Span },
    Check { name: String, open: Span },
}

/// Parse one file's text (already valid UTF-8, without a byte-order mark).
pub fn parse(text: &str) -> ParsedFile {
    parse_lines(text, true)
}

/// Parse with pest alone, never the fast path: the reference the fast path
/// is tested against.
#[cfg(test)]
pub(super) fn parse_with_pest_only(text: &str) -> ParsedFile {
    parse_lines(text, false)
}

/// What pest alone makes of one line outside any block.
#[cfg(test)]
pub(super) fn pest_top_line(line: &LineCursor) -> ParsedFile {
    let mut parser = FileParser::new(false, None);
    parser.line(line);
    parser.finish()
}

fn parse_lines(text: &str, fast_path: bool) -> ParsedFile {
    let mut parser = FileParser::new(fast_path, Some(text));
    // Nearly every line of a large fact file is a statement: sizing the list
    // once saves copying it (statements are large) as it grows.
    parser
        .out
        .statements
        .reserve_exact(super::lines::most_statements(text));
    for line in Lines::new(text) {
        parser.line(&line);
    }
    parser.finish()
}

pub(super) struct FileParser<'t> {
    out: ParsedFile,
    block: Block,
    /// Whether lines outside blocks first go to `fast::fact_line` (always,
    /// except in the tests that compare the two paths).
    fast_path: bool,
    /// The whole file, whose lines a block's lines look ahead in (see
    /// [`FileParser::closed_later`]); none when only lines outside blocks
    /// are given.
    file: Option<&'t str>,
}

impl<'t> FileParser<'t> {
    pub(super) fn new(fast_path: bool, file: Option<&'t str>) -> Self {
        FileParser {
            out: ParsedFile::default(),
            block: Block::None,
            fast_path,
            file,
        }
    }

    pub(super) fn line(&mut self, line: &LineCursor) {
        if let Some(col) = line.text.find('\0') {
            let span = line.span_of(col, col + 1);
            self.error(error_at(
                span,
                "this line holds a NUL byte, which text files never contain",
                "NUL byte",
            ));
            return;
        }
        // Nearly every line is a plain fact outside any block: recognised
        // without pest when the fast path is sure of it, exactly as pest
        // would build it (see `fast`).
        if self.fast_path && matches!(self.block, Block::None) {
            if let Some(fact) = fast::fact_line(line) {
                self.push(Statement::Fact(fact));
                return;
            }
        }
        if self.block_ends_unclosed(line) {
            if self.closed_later(line) {
                return self.error(self.misplaced_in_block(line));
            }
            self.close_unterminated_block(Some(line));
        }
        if let Some(error) = self.misplaced_in_check_block(line) {
            self.error(error);
            return;
        }
        let rule = match self.block {
            Block::None => Rule::top_line,
            Block::Source { .. } => Rule::source_line,
            Block::Check { .. } => Rule::check_line,
        };
        match FactcheckParser::parse(rule, line.text) {
            Ok(mut pairs) => {
                let line_pair = pairs.next().expect("entry rule yields one pair");
                self.statements(line, line_pair.into_inner());
            }
            Err(error) => {
                let lone_key = match self.block {
                    Block::Source { .. } => lone_source_key(line),
                    _ => None,
                };
                let top_level = matches!(self.block, Block::None);
                let error =
                    lone_key.unwrap_or_else(|| describe_pest_error(line, &error, top_level));
                for error in with_prose_hint(line, vec![error]) {
                    self.error(error);
                }
                self.keep_source_head(line);
            }
        }
    }

    /// A top-level `source ID {` line that failed further on still declares
    /// its source (without the entries), so that the error is reported once
    /// rather than again at every `from ID`. Its block stays open unless the
    /// line has a `}`.
    fn keep_source_head(&mut self, line: &LineCursor) {
        if !matches!(self.block, Block::None) {
            return;
        }
        let Ok(mut pairs) = FactcheckParser::parse(Rule::source_head, line.text) else {
            return;
        };
        let head = pairs.next().expect("source_head yields one pair");
        if self.source_open(line, head).is_err() {
            return;
        }
        if has_closing_brace(line.text) {
            self.block_close();
        }
    }

    /// A line that starts a top-level statement inside a block means the block
    /// was never closed: say so once, at the block, rather than once per line.
    /// Inside a source block a fact counts too (no source key makes a fact).
    fn block_ends_unclosed(&self, line: &LineCursor) -> bool {
        let first = line.text.split_whitespace().next().unwrap_or("");
        if first.is_empty() || first.starts_with(['#', '}']) {
            return false;
        }
        let keyword = |extra: &[&str]| {
            ["source", "from", "alias", "attribute", "check", "accept"].contains(&first)
                || extra.contains(&first)
        };
        match self.block {
            Block::None => false,
            Block::Source { .. } => {
                keyword(&["assert"])
                    || (!SOURCE_KEYS.contains(&first)
                        && FactcheckParser::parse(Rule::top_line, line.text).is_ok())
            }
            Block::Check { .. } => keyword(&[]),
        }
    }

    /// Whether the block is closed after `line` (a line that does not belong
    /// in it), with only lines that do belong before the `}`: the block's
    /// entries or assertions, blank lines and comments. Then `line` is out
    /// of place in a closed block, and is the error, rather than the end of
    /// a block left open. A line that opens a block is never out of place:
    /// blocks do not nest, so the block before it was left open.
    fn closed_later(&self, line: &LineCursor) -> bool {
        let first = line.text.split_whitespace().next().unwrap_or("");
        let (Some(file), false) = (self.file, ["source", "check"].contains(&first)) else {
            return false;
        };
        let end = line.offset + line.text.len();
        let Some(newline) = memchr::memchr(b'\n', &file.as_bytes()[end..]) else {
            return false;
        };
        let mut lines = Lines::from_line(file, end + newline + 1, line.number + 1);
        while let Some((next, _, _)) = lines.next_raw() {
            let first = next.trim_start_matches([' ', '\t']);
            let word = first.split([' ', '\t', '"']).next().unwrap_or("");
            let belongs = match self.block {
                Block::Source { .. } => SOURCE_KEYS.contains(&word),
                Block::Check { .. } => word == "assert",
                Block::None => false,
            };
            if first.starts_with('}') {
                return true;
            }
            if !(first.is_empty() || first.starts_with('#') || belongs) {
                return false;
            }
        }
        false
    }

    /// The error for a line that does not belong in the (closed) block it
    /// stands in, at its first word.
    fn misplaced_in_block(&self, line: &LineCursor) -> SyntaxError {
        if let Some(error) = self.misplaced_in_check_block(line) {
            return error;
        }
        let trimmed = line.text.trim_start();
        let start = line.text.len() - trimmed.len();
        let first = trimmed.split_whitespace().next().unwrap_or("");
        error_at(
            line.span_of(start, start + first.len()),
            "only `title`, `publisher`, `url`, `published` and `file` belong in a source block: move this line below the block's `}`",
            "not a source key",
        )
    }

    /// Inside a check block only assertions belong; say so plainly instead of
    /// listing what the grammar expected.
    fn misplaced_in_check_block(&self, line: &LineCursor) -> Option<SyntaxError> {
        let Block::Check { .. } = self.block else {
            return None;
        };
        let trimmed = line.text.trim_start();
        let first = trimmed.split_whitespace().next()?;
        if first == "assert" || first.starts_with(['#', '}']) {
            return None;
        }
        let start = line.text.len() - trimmed.len();
        Some(error_at(
            line.span_of(start, start + first.len()),
            "only `assert` statements belong in a check block: move this line outside the block, or close the block with `}` above it",
            "not an assertion",
        ))
    }

    /// End the open block, if any, as never closed: at the end of the file,
    /// or at `ended_by`, a line that cannot stand in it.
    fn close_unterminated_block(&mut self, ended_by: Option<&LineCursor>) {
        let open = match std::mem::replace(&mut self.block, Block::None) {
            Block::None => return,
            Block::Source { decl, open } => {
                self.out.statements.push(Statement::Source(decl));
                open
            }
            Block::Check { open, .. } => open,
        };
        // A block opened inside it is most often a `}` left out above it;
        // either way, blocks do not nest, and the message says where.
        let first = ended_by.and_then(|line| line.text.split_whitespace().next());
        let message = match (ended_by, first) {
            (Some(line), Some(keyword @ ("source" | "check"))) => format!(
                "this block is never closed: add `}}` after its last line, before the `{keyword}` block that line {} opens (blocks do not nest)",
                line.number
            ),
            _ => "this block is never closed: add `}` after its last line".to_string(),
        };
        self.error(error_at(open, message, "block opened here"));
    }

    /// Whether the next line is outside any block.
    pub(super) fn outside_blocks(&self) -> bool {
        matches!(self.block, Block::None)
    }

    pub(super) fn statement_count(&self) -> usize {
        self.out.statements.len()
    }

    pub(super) fn finish(mut self) -> ParsedFile {
        self.close_unterminated_block(None);
        self.out
    }

    fn error(&mut self, error: SyntaxError) {
        self.out.errors.push(error);
    }

    /// Handle every statement of a line; an error in one does not stop the
    /// rest (a block's closing brace after a bad entry still closes it), and
    /// each is reported (SPEC §6: all load errors, not only the first).
    fn statements(&mut self, line: &LineCursor, pairs: Pairs) {
        for pair in pairs {
            if let Err(errors) = self.statement(line, pair) {
                for error in with_prose_hint(line, errors) {
                    self.error(error);
                }
            }
        }
    }

    /// One statement, or its errors: a fact reports each of its terms that
    /// is wrong, other statements their first error.
    fn statement(&mut self, line: &LineCursor, pair: Pair<Rule>) -> Result<(), Vec<SyntaxError>> {
        {
            match pair.as_rule() {
                Rule::source_open => self.source_open(line, pair).map_err(one)?,
                Rule::source_entry => self.source_entry(line, pair).map_err(one)?,
                Rule::check_open => self.check_open(line, pair).map_err(one)?,
                Rule::block_close => self.block_close(),
                Rule::from_stmt => {
                    let id = pair.into_inner().nth(1).expect("from has an id");
                    self.push(Statement::From {
                        id: id.as_str().to_string(),
                        span: line.span(&id),
                    });
                }
                Rule::alias_stmt => self.push(Statement::Alias(alias(line, pair).map_err(one)?)),
                Rule::attribute_stmt => self.push(Statement::Attribute(attribute(line, pair))),
                Rule::assert_stmt => {
                    let check = match &self.block {
                        Block::Check { name, .. } => Some(name.clone()),
                        _ => None,
                    };
                    self.push(Statement::Assert(assertion(line, pair, check)?));
                }
                Rule::accept_stmt => self.push(Statement::Accept(accept(line, pair).map_err(one)?)),
                Rule::fact_stmt => match fact(line, pair) {
                    Ok(fact) => self.push(Statement::Fact(fact)),
                    Err((errors, broken)) => {
                        self.out.broken_facts.push(broken);
                        return Err(errors);
                    }
                },
                Rule::EOI => {}
                other => unreachable!("rule {other:?} is not a statement"),
            }
        }
        Ok(())
    }

    fn push(&mut self, statement: Statement) {
        self.out.statements.push(statement);
    }

    fn source_open(&mut self, line: &LineCursor, pair: Pair<Rule>) -> Result<(), SyntaxError> {
        let span = line.span(&pair);
        let mut inner = pair.into_inner();
        inner.next(); // the keyword
        let id = inner.next().expect("source has an id");
        let open = inner.next().expect("source has a brace");
        let open_span = line.span(&open);
        self.block = Block::Source {
            open: open_span,
            decl: SourceDecl {
                id: id.as_str().to_string(),
                id_span: line.span(&id),
                title: None,
                publisher: None,
                url: None,
                published: None,
                file: None,
                span: span.to(open_span),
            },
        };
        self.statements(line, inner);
        Ok(())
    }

    fn source_entry(&mut self, line: &LineCursor, pair: Pair<Rule>) -> Result<(), SyntaxError> {
        let Block::Source { decl, .. } = &mut self.block else {
            unreachable!("source entries parse only inside a source block")
        };
        let mut inner = pair.into_inner();
        let key = inner.next().expect("entry has a key");
        let value = term(line, inner.next().expect("entry has a value"))?;
        let key_span = line.span(&key);
        let duplicate = |name: &str| {
            error_at(
                key_span,
                format!("`{name}` is given twice in this source; each key may appear once"),
                "second value",
            )
        };
        match key.as_str() {
            "title" | "publisher" | "url" | "file" => {
                let TermKind::Str(text) = value.kind else {
                    return Err(error_at(
                        value.span,
                        format!("`{}` takes {}", key.as_str(), source_value(key.as_str())),
                        "expected a string",
                    ));
                };
                let slot = match key.as_str() {
                    "title" => &mut decl.title,
                    "publisher" => &mut decl.publisher,
                    "url" => &mut decl.url,
                    _ => {
                        if decl.file.is_some() {
                            return Err(duplicate("file"));
                        }
                        decl.file = Some((text.into(), value.span));
                        return Ok(());
                    }
                };
                if slot.is_some() {
                    return Err(duplicate(key.as_str()));
                }
                *slot = Some(text.into());
            }
            "published" => {
                let TermKind::Date(date) = value.kind else {
                    return Err(error_at(
                        value.span,
                        format!("`published` takes {}", source_value("published")),
                        "expected a date",
                    ));
                };
                if decl.published.is_some() {
                    return Err(duplicate("published"));
                }
                decl.published = Some(date);
            }
            other => return Err(error_at(key_span, unknown_source_key(other), "unknown key")),
        }
        Ok(())
    }

    fn check_open(&mut self, line: &LineCursor, pair: Pair<Rule>) -> Result<(), SyntaxError> {
        let mut inner = pair.into_inner();
        inner.next(); // the keyword
        let name = string_text(line, inner.next().expect("check has a name"))?;
        let open = line.span(&inner.next().expect("check has a brace"));
        self.block = Block::Check { name, open };
        self.statements(line, inner);
        Ok(())
    }

    fn block_close(&mut self) {
        if let Block::Source { decl, .. } = std::mem::replace(&mut self.block, Block::None) {
            self.push(Statement::Source(decl));
        }
    }
}

fn unknown_source_key(key: &str) -> String {
    format!("unknown source key `{key}`: a source takes title, publisher, url, published and file")
}

/// A line of a source block that is one word and nothing else: the error is
/// at the word (SPEC §1), which is either a key without its value or no key
/// at all, rather than at the end of the line where a value was expected.
fn lone_source_key(line: &LineCursor) -> Option<SyntaxError> {
    let code = line.text.split('#').next().unwrap_or("");
    let mut words = code.split_whitespace();
    let (word, None) = (words.next()?, words.next()) else {
        return None;
    };
    if word.contains(['"', '{', '}']) {
        return None;
    }
    let start = code.find(word).expect("the word is in the line");
    let span = line.span_of(start, start + word.len());
    Some(if SOURCE_KEYS.contains(&word) {
        let value = source_value(word);
        error_at(
            span,
            format!("`{word}` needs its value on the same line: {value}"),
            "no value",
        )
    } else {
        error_at(span, unknown_source_key(word), "unknown key")
    })
}

/// What a source key's value is, in words.
fn source_value(key: &str) -> &'static str {
    match key {
        "published" => "a date such as 2025-06-02 or 2025-06",
        _ => "a string in double quotes",
    }
}

/// Whether a line holds a `}` outside its strings and its comment.
fn has_closing_brace(text: &str) -> bool {
    let (mut in_string, mut escaped) = (false, false);
    for c in text.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '#' if !in_string => return false,
            '}' if !in_string => return true,
            _ => {}
        }
    }
    false
}

/// A fact, or every error in it: each term, the as-of date and the quote
/// are read even after one of them is wrong, so a line with two bad dates
/// reports both.
/// A fact, or its errors and what of it did read.
fn fact(line: &LineCursor, pair: Pair<Rule>) -> Result<Fact, (Vec<SyntaxError>, BrokenFact)> {
    let span = without_trailing_comment(line, &pair);
    let mut terms = Vec::new();
    let mut errors = Vec::new();
    let mut as_of: Option<(DateLit, Span)> = None;
    let mut quote: Option<(String, Span)> = None;
    let mut seen_as_of = false;
    let mut seen_quote = false;
    for part in pair.into_inner() {
        let read = match part.as_rule() {
            Rule::as_of => {
                let clause = line.span(&part);
                let date = part.into_inner().nth(2).expect("as of has a date");
                match std::mem::replace(&mut seen_as_of, true) {
                    true => Err(twice(clause, "as of")),
                    false => parse_date(date.as_str(), line.span(&date))
                        .map(|date| as_of = Some((date, clause))),
                }
                .map_err(one)
            }
            Rule::quote_clause => {
                let clause = line.span(&part);
                let text = part.into_inner().nth(1).expect("quote has a string");
                match std::mem::replace(&mut seen_quote, true) {
                    true => Err(twice(clause, "quote")),
                    false => string_text(line, text).map(|text| quote = Some((text, clause))),
                }
                .map_err(one)
            }
            Rule::sp => Ok(()),
            _ => term_or_errors(line, part).map(|term| terms.push(term)),
        };
        if let Err(mut more) = read {
            errors.append(&mut more);
        }
    }
    let broken = |errors: Vec<SyntaxError>, terms: Vec<Term>| {
        let span = terms.first().map_or(span, |term| term.span);
        (errors, BrokenFact { span, terms })
    };
    if !errors.is_empty() {
        return Err(broken(errors, terms));
    }
    let value = terms.pop().expect("grammar requires three terms");
    let attribute = terms.pop().expect("grammar requires three terms");
    let subject = match reserved_value(&attribute, &value).and_then(|()| name_of(&terms, "subject"))
    {
        Ok(subject) => subject,
        Err(error) => {
            terms.extend([attribute, value]);
            return Err(broken(vec![error], terms));
        }
    };
    let attribute = match attribute_name(attribute) {
        Ok(attribute) => attribute,
        Err(attribute) => {
            let error = not_an_attribute(&attribute);
            terms.extend([attribute, value]);
            return Err(broken(vec![error], terms));
        }
    };
    Ok(Fact {
        subject,
        attribute,
        value,
        as_of,
        quote: quote.map(Box::new),
        span,
    })
}

/// A statement's span up to its last token. Pest lets a repetition's span
/// run over the implicit comment that follows it; people's text ends before.
fn without_trailing_comment(line: &LineCursor, pair: &Pair<Rule>) -> Span {
    let start = pair.as_span().start();
    let end = pair
        .clone()
        .into_inner()
        .flatten()
        .filter(|inner| inner.clone().into_inner().next().is_none())
        .map(|inner| inner.as_span().end())
        .max()
        .unwrap_or_else(|| pair.as_span().end());
    line.span_of(start, end)
}

/// A line's errors, those at a value written as prose (`May 10, 2025`,
/// `1,000`: see [`prose`]) giving way to one error that says how to write
/// it: the grammar's own error there (`found ","`) names a symptom.
fn with_prose_hint(line: &LineCursor, errors: Vec<SyntaxError>) -> Vec<SyntaxError> {
    let Some(hint) = prose::prose_value(line) else {
        return errors;
    };
    let (start, end) = (hint.span.start, hint.span.end);
    let at_value = |error: &SyntaxError| (start..=end).contains(&error.span.start);
    if !errors.iter().any(at_value) {
        return errors;
    }
    let mut hint = Some(hint);
    errors
        .into_iter()
        .filter_map(|error| {
            if at_value(&error) {
                hint.take()
            } else {
                Some(error)
            }
        })
        .collect()
}

/// One error where a statement may report several.
fn one(error: SyntaxError) -> Vec<SyntaxError> {
    vec![error]
}

fn twice(span: Span, clause: &str) -> SyntaxError {
    error_at(
        span,
        format!("`{clause}` is given twice in this fact; a tail clause may appear once"),
        "second clause",
    )
}

/// SPEC §2 reserves `including`, `at least` and `at most` as a value. The
/// grammar reads them as a partial list or a bound only when one follows,
/// and otherwise as plain words; left at that, `members including` would
/// load as the text "including" and `size at least` as the attribute `at`.
fn reserved_value(attribute: &Term, value: &Term) -> Result<(), SyntaxError> {
    lone_including(value)?;
    match (word(attribute), word(value)) {
        (Some("at"), Some(bound @ ("least" | "most"))) => Err(error_at(
            Span {
                end: value.span.end,
                ..attribute.span
            },
            format!(
                "`at {bound}` needs a number or a date after it (`at {bound} 3`); \
                 quote the words to mean them as text"
            ),
            "no number or date after it",
        )),
        _ => Ok(()),
    }
}

/// `including` as a whole value, in a fact or an assertion, with no list
/// after it (see [`reserved_value`]).
fn lone_including(value: &Term) -> Result<(), SyntaxError> {
    match word(value) {
        Some("including") => Err(error_at(
            value.span,
            "`including` begins a partial list: write the list after it \
             (`including [a, b]`), or quote \"including\" to mean the word",
            "no list after `including`",
        )),
        _ => Ok(()),
    }
}

/// `at least` or `at most` as a whole operand, with no number or date
/// after it: as in a fact's value (see [`reserved_value`]), an error rather
/// than the path of subject `at` and attribute `least`.
fn lone_bound(line: &LineCursor, operand: &Pair<Rule>) -> Result<(), SyntaxError> {
    let mut terms = operand.clone().into_inner();
    let (Some(first), Some(second), None) = (terms.next(), terms.next(), terms.next()) else {
        return Ok(());
    };
    match (term(line, first), term(line, second)) {
        (Ok(first), Ok(second)) => reserved_value(&first, &second),
        _ => Ok(()),
    }
}

fn word(term: &Term) -> Option<&str> {
    match &term.kind {
        TermKind::Word(word) => Some(word),
        _ => None,
    }
}

/// An attribute's name, or the term given back when it is not a word (see
/// [`not_an_attribute`]).
fn attribute_name(term: Term) -> Result<Name, Term> {
    match term.kind {
        TermKind::Word(text) => Ok(Name {
            text,
            span: term.span,
        }),
        _ => Err(term),
    }
}

fn not_an_attribute(term: &Term) -> SyntaxError {
    error_at(
        term.span,
        "an attribute is a single word (the term before the value)",
        "expected a word",
    )
}

/// Words and strings joined by single spaces: a subject or an alias side.
fn name_of(terms: &[Term], what: &str) -> Result<Name, SyntaxError> {
    let mut text = SmallText::default();
    for term in terms {
        let part = term.as_name().ok_or_else(|| {
            error_at(
                term.span,
                format!("a {what} is made of words and strings"),
                "not a word or string",
            )
        })?;
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(part);
    }
    let span = terms[0].span.to(terms[terms.len() - 1].span);
    Ok(Name { text, span })
}

fn terms_of(line: &LineCursor, pairs: Pairs) -> Result<Vec<Term>, SyntaxError> {
    pairs.map(|pair| term(line, pair)).collect()
}

fn path(line: &LineCursor, pair: Pair<Rule>) -> Result<Path, SyntaxError> {
    let span = without_trailing_comment(line, &pair);
    let mut terms = terms_of(line, pair.into_inner())?;
    if terms.len() < 2 {
        return Err(error_at(
            span,
            "a path names a subject and then an attribute, such as `delegation Bilawal size`",
            "expected SUBJECT ATTRIBUTE",
        ));
    }
    let attribute =
        attribute_name(terms.pop().expect("two terms")).map_err(|term| not_an_attribute(&term))?;
    Ok(Path {
        subject: name_of(&terms, "subject")?,
        attribute,
    })
}

/// An operand, or every error in it (a literal may hold several).
fn operand(line: &LineCursor, pair: Pair<Rule>) -> Result<Operand, Vec<SyntaxError>> {
    let inner = pair.into_inner().next().expect("operand has one form");
    match inner.as_rule() {
        Rule::count_of => path(line, inner.into_inner().nth(2).expect("count has a path"))
            .map(Operand::Count)
            .map_err(one),
        Rule::weekday_of => path(line, inner.into_inner().nth(2).expect("weekday has a path"))
            .map(Operand::Weekday)
            .map_err(one),
        _ => {
            let terms = inner.clone().into_inner().count();
            if terms == 1 {
                let literal = term_or_errors(line, inner.into_inner().next().expect("one term"))?;
                lone_including(&literal).map_err(one)?;
                Ok(Operand::Literal(literal))
            } else {
                lone_bound(line, &inner).map_err(one)?;
                path(line, inner).map(Operand::Path).map_err(one)
            }
        }
    }
}

fn assertion(
    line: &LineCursor,
    pair: Pair<Rule>,
    check: Option<String>,
) -> Result<Assertion, Vec<SyntaxError>> {
    let span = without_trailing_comment(line, &pair);
    let mut inner = pair.into_inner();
    let keyword = line.span(&inner.next().expect("assert keyword"));
    let left = operand(line, inner.next().expect("assert has an operand"));
    let tail = inner.next().expect("assert has an operator");
    let test = match tail.as_rule() {
        Rule::comparison => {
            let mut parts = tail.into_inner();
            let op = match parts.next().expect("operator").as_str() {
                "==" => CompareOp::Eq,
                "!=" => CompareOp::Ne,
                "<" => CompareOp::Lt,
                "<=" => CompareOp::Le,
                ">" => CompareOp::Gt,
                ">=" => CompareOp::Ge,
                _ => CompareOp::Contains,
            };
            let right = operand(line, parts.next().expect("right operand"));
            match (left, right) {
                (Ok(left), Ok(right)) => Test::Compare { left, op, right },
                (left, right) => {
                    return Err([left.err(), right.err()]
                        .into_iter()
                        .flatten()
                        .flatten()
                        .collect())
                }
            }
        }
        _ => {
            let count = tail.into_inner().find(|p| p.as_rule() == Rule::count);
            let sources = match count {
                None => Ok(2),
                Some(n) => whole_count(n.as_str()).filter(|n| *n > 0).ok_or_else(|| {
                    error_at(
                        line.span(&n),
                        "`corroborated by` takes a whole number of sources, 1 or more",
                        "expected a count",
                    )
                }),
            };
            match (left, sources) {
                (Ok(operand), Ok(sources)) => Test::Corroborated { operand, sources },
                (left, sources) => {
                    return Err(left
                        .err()
                        .into_iter()
                        .flatten()
                        .chain(sources.err())
                        .collect())
                }
            }
        }
    };
    let text = line.text[keyword.end - line.offset..span.end - line.offset]
        .trim()
        .to_string();
    Ok(Assertion {
        check,
        test,
        text,
        span,
    })
}

fn accept(line: &LineCursor, pair: Pair<Rule>) -> Result<Accept, SyntaxError> {
    let span = without_trailing_comment(line, &pair);
    let mut inner = pair.into_inner();
    inner.next(); // the keyword
    let path = path(line, inner.next().expect("accept has a path"))?;
    inner.next(); // because
    let reason = string_text(line, inner.next().expect("accept has a reason"))?;
    Ok(Accept { path, reason, span })
}

fn alias(line: &LineCursor, pair: Pair<Rule>) -> Result<Alias, SyntaxError> {
    let span = without_trailing_comment(line, &pair);
    let mut inner = pair.into_inner();
    inner.next(); // the keyword
    let variant = terms_of(line, inner.next().expect("alias variant").into_inner())?;
    inner.next(); // =
    let canonical = terms_of(line, inner.next().expect("alias canonical").into_inner())?;
    Ok(Alias {
        variant: name_of(&variant, "name")?,
        canonical: name_of(&canonical, "name")?,
        span,
    })
}

fn attribute(line: &LineCursor, pair: Pair<Rule>) -> AttributeDecl {
    let span = without_trailing_comment(line, &pair);
    let mut inner = pair.into_inner();
    inner.next(); // the keyword
    let name = inner.next().expect("attribute name").as_str().to_string();
    let ty = match inner.next().expect("attribute type").as_str() {
        "number" => AttributeType::Number,
        "date" => AttributeType::Date,
        "text" => AttributeType::Text,
        _ => AttributeType::List,
    };
    AttributeDecl {
        name,
        ty,
        many: inner.next().is_some(),
        span,
    }
}

fn string_text(line: &LineCursor, pair: Pair<Rule>) -> Result<String, SyntaxError> {
    let inner = pair.into_inner().next().expect("string has contents");
    unescape(inner.as_str(), line.span(&inner))
}

fn term(line: &LineCursor, pair: Pair<Rule>) -> Result<Term, SyntaxError> {
    term_or_errors(line, pair).map_err(|errors| errors.into_iter().next().expect("an error"))
}

/// A term, or every error in it: both ends of a range, each element of a
/// list (SPEC §6: all load errors, not only the first).
fn term_or_errors(line: &LineCursor, pair: Pair<Rule>) -> Result<Term, Vec<SyntaxError>> {
    let span = line.span(&pair);
    let kind = match pair.as_rule() {
        Rule::word => TermKind::Word(pair.as_str().into()),
        Rule::string => TermKind::Str(string_text(line, pair).map_err(one)?.into()),
        Rule::number => TermKind::Number(pair.as_str().into()),
        Rule::date => TermKind::Date(parse_date(pair.as_str(), span).map_err(one)?),
        Rule::range => {
            let ends = all_or_errors(pair.into_inner().map(|end| term_or_errors(line, end)))?;
            let [start, end]: [Term; 2] = ends.try_into().expect("a range has two ends");
            TermKind::Range(Box::new(start), Box::new(end))
        }
        Rule::bound => {
            let mut inner = pair.into_inner();
            let kind = match inner.next().expect("bound keyword").as_rule() {
                Rule::kw_at_least => BoundKind::AtLeast,
                _ => BoundKind::AtMost,
            };
            let limit = term_or_errors(line, inner.next().expect("bound value"))?;
            TermKind::Bound(kind, Box::new(limit))
        }
        Rule::list => TermKind::List {
            partial: false,
            items: list_items(line, pair)?,
        },
        Rule::partial_list => {
            let list = pair.into_inner().nth(1).expect("including has a list");
            TermKind::List {
                partial: true,
                items: list_items(line, list)?,
            }
        }
        other => unreachable!("rule {other:?} is not a term"),
    };
    Ok(Term { kind, span })
}

fn list_items(line: &LineCursor, list: Pair<Rule>) -> Result<Vec<Term>, Vec<SyntaxError>> {
    let items = list.into_inner().filter(|p| {
        !matches!(
            p.as_rule(),
            Rule::list_open | Rule::list_sep | Rule::list_close
        )
    });
    all_or_errors(items.map(|p| term_or_errors(line, p)))
}

/// Every term, or the errors of all that have them, in order.
fn all_or_errors(
    results: impl Iterator<Item = Result<Term, Vec<SyntaxError>>>,
) -> Result<Vec<Term>, Vec<SyntaxError>> {
    let mut terms = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(term) => terms.push(term),
            Err(mut more) => errors.append(&mut more),
        }
    }
    match errors.is_empty() {
        true => Ok(terms),
        false => Err(errors),
    }
}

/// A count written as a number (`2`, `1_000`, `2.0`), if it is whole. The
/// grammar allows only digits, `_` and one `.` here, so a whole count too
/// large to hold can only be more sources than any base has.
fn whole_count(text: &str) -> Option<u32> {
    let digits: String = text.chars().filter(|&c| c != '_').collect();
    let (whole, fraction) = digits.split_once('.').unwrap_or((&digits, ""));
    if !fraction.bytes().all(|b| b == b'0') {
        return None;
    }
    Some(whole.parse().unwrap_or(u32::MAX))
}
