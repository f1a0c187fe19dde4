//! A hand-written recogniser for the one line shape that makes up nearly every
//! line of a real fact base: a plain fact statement outside any block
//! (`event e0012345 size 460`, `person "Name Surname 1" country Genève
//! quote "…"`).
//!
//! Pest stays the grammar and the authority (`grammar/factcheck.pest`). Pest
//! pays for its generality on every token (stack-depth checks, call-limit
//! tracking, attempt bookkeeping, a parser state per line), which on a
//! million facts is most of the parse time. This module only *recognises*:
//! for a line it fully understands it returns exactly the `Fact` that
//! `parser::fact` would build from pest's parse tree (same spans, same texts,
//! same terms); for anything else — a statement keyword, an error of any
//! kind, a glued token, a repeated tail clause, an `at least` or `including`
//! that pest would fall back to reading as a word, a character it is not
//! sure of — it returns `None` and the caller hands the line to pest. So a
//! decline never changes a result, it only costs time; every error message
//! still comes from the pest path.
//!
//! Each function below mirrors one grammar rule and says which. Where pest's
//! ordered choice or its no-backtracking repetitions could make a difference,
//! the recogniser declines rather than reproduce the subtlety. What keeps the
//! two paths equal is the differential test (`fast_tests.rs`): on generated
//! lines and on every line of the shipped files, whenever this returns a fact
//! pest must parse the same line to exactly that fact, with no error.

use super::ast::{
    BoundKind, DateLit, Fact, Name, SmallText, Span, Term, TermKind, STATEMENT_KEYWORDS,
};
use super::lines::LineCursor;
use super::tokens::{parse_date, unescape};

/// The fact on this line, if the line is exactly one plain fact statement
/// (with optional leading and trailing spaces and a trailing comment) that
/// pest would parse without error; `None` when unsure. Only for lines outside
/// any block: inside one the grammar's entry rule is a different one.
pub(super) fn fact_line(line: &LineCursor) -> Option<Fact> {
    let text = line.text;
    let b = text.as_bytes();
    let mut pos = skip_blanks(b, 0);
    let fact_start = pos;

    // `fact_term ~ (sp ~ fact_term){2,}`: the subject's terms are folded into
    // its text as soon as two later terms are known, so only the last two
    // (the attribute and value candidates) are held.
    let mut subject = SmallText::default();
    let mut subject_span: Option<(usize, usize)> = None;
    let mut older: Option<Token> = None;
    let mut newer: Option<Token> = None;
    let mut terms = 0usize;
    let mut ended = false;
    loop {
        // `fact_term = !tail_start ~ term`
        if tail_start(text, pos).is_some() {
            break;
        }
        if pos == b.len() || b[pos] == b'#' {
            return None; // a blank or comment line: not a fact
        }
        let token = term(line, pos)?;
        if terms == 0
            && matches!(token.kind, Lexed::Word)
            && STATEMENT_KEYWORDS.contains(&&text[token.start..token.end])
        {
            // `!statement_keyword`: the word rule ran to the end of the word
            // characters, so the keyword's `kw_end` holds exactly when the
            // whole word is the keyword.
            return None;
        }
        terms += 1;
        if let Some(part) = older.take() {
            push_subject_part(text, &mut subject, &mut subject_span, part)?;
        }
        older = newer.take();
        pos = token.end;
        newer = Some(token);
        match after_token(b, pos)? {
            Next::End => {
                ended = true;
                break;
            }
            Next::More(next) => pos = next,
        }
    }
    if terms < 3 {
        return None;
    }
    let mut last_end = newer.as_ref().map_or(0, |t| t.end);

    // `(sp ~ fact_tail)*`, each clause at most once (a second one is the
    // pest path's error to report).
    let mut as_of: Option<(DateLit, Span)> = None;
    let mut quote: Option<(String, Span)> = None;
    while !ended {
        let end = match tail_start(text, pos)? {
            Tail::AsOf { of_end } => {
                if as_of.is_some() {
                    return None;
                }
                let date_start = skip_blanks(b, of_end);
                let date = date_token(text, date_start)?;
                let lit = parse_date(&text[date_start..date], Span::default()).ok()?;
                as_of = Some((lit, line.span_of(pos, date)));
                date
            }
            Tail::Quote { string_start } => {
                if quote.is_some() {
                    return None;
                }
                let (end, escaped) = string_token(text, string_start)?;
                let raw = &text[string_start + 1..end - 1];
                quote = Some((string_text(raw, escaped)?.into(), line.span_of(pos, end)));
                end
            }
        };
        last_end = end;
        match after_token(b, end)? {
            Next::End => ended = true,
            Next::More(next) => pos = next,
        }
    }

    let attribute = older.expect("three terms");
    let value = newer.expect("three terms");
    if !matches!(attribute.kind, Lexed::Word) {
        return None; // `attribute_name`: an attribute is a single word
    }
    let word =
        |token: &Token| matches!(token.kind, Lexed::Word).then(|| &text[token.start..token.end]);
    if matches!(
        (word(&attribute), word(&value)),
        (_, Some("including")) | (Some("at"), Some("least" | "most"))
    ) {
        return None; // `parser::reserved_value`: a keyword as the value
    }
    let (subject_start, subject_end) = subject_span.expect("three terms");
    let value = value.into_term(line)?;
    Some(Fact {
        subject: Name {
            text: subject,
            span: line.span_of(subject_start, subject_end),
        },
        attribute: Name {
            text: text[attribute.start..attribute.end].into(),
            span: line.span_of(attribute.start, attribute.end),
        },
        value,
        as_of,
        quote: quote.map(Box::new),
        span: line.span_of(fact_start, last_end),
    })
}

/// A subject is words and strings joined by single spaces, exactly as
/// `parser::name_of` joins them (an empty first part adds no space).
fn push_subject_part(
    text: &str,
    subject: &mut SmallText,
    span: &mut Option<(usize, usize)>,
    part: Token,
) -> Option<()> {
    let piece;
    let part_text = match part.kind {
        Lexed::Word => &text[part.start..part.end],
        Lexed::Str { escaped } => {
            piece = string_text(&text[part.start + 1..part.end - 1], escaped)?;
            piece.as_str()
        }
        _ => return None,
    };
    if !subject.is_empty() {
        subject.push(' ');
    }
    subject.push_str(part_text);
    let start = span.map_or(part.start, |(start, _)| start);
    *span = Some((start, part.end));
    Some(())
}

/// A string's text between its quotes; `tokens::unescape` decides escapes.
fn string_text(raw: &str, escaped: bool) -> Option<SmallText> {
    if escaped {
        unescape(raw, Span::default()).ok().map(SmallText::from)
    } else {
        Some(raw.into())
    }
}

/// What may follow a term or tail clause in a fact the recogniser accepts:
/// the end of the line, a comment, or spaces and then more. Anything else
/// (glue, `..` after a complete term, `{`, `=`, …) is declined.
enum Next {
    End,
    More(usize),
}

fn after_token(b: &[u8], pos: usize) -> Option<Next> {
    match b.get(pos) {
        None | Some(b'#') => Some(Next::End),
        Some(b' ' | b'\t') => {
            let next = skip_blanks(b, pos);
            if next == b.len() || b[next] == b'#' {
                Some(Next::End)
            } else {
                Some(Next::More(next))
            }
        }
        Some(_) => None,
    }
}

/// `WHITESPACE`: spaces and tabs only.
fn skip_blanks(b: &[u8], mut pos: usize) -> usize {
    while pos < b.len() && matches!(b[pos], b' ' | b'\t') {
        pos += 1;
    }
    pos
}

enum Tail {
    AsOf { of_end: usize },
    Quote { string_start: usize },
}

/// `tail_start = kw_as ~ sp ~ kw_of | kw_quote ~ sp ~ &"\""`: where the run of
/// terms ends. Anything else that starts with `as` or `quote` is a word.
fn tail_start(text: &str, pos: usize) -> Option<Tail> {
    let b = text.as_bytes();
    let rest = &b[pos..];
    if rest.starts_with(b"as") && matches!(rest.get(2), Some(b' ' | b'\t')) {
        let of = skip_blanks(b, pos + 2);
        if b[of..].starts_with(b"of") && kw_end(text, of + 2) {
            return Some(Tail::AsOf { of_end: of + 2 });
        }
    }
    if rest.starts_with(b"quote") && matches!(rest.get(5), Some(b' ' | b'\t')) {
        let string_start = skip_blanks(b, pos + 5);
        if b.get(string_start) == Some(&b'"') {
            return Some(Tail::Quote { string_start });
        }
    }
    None
}

/// One term as recognised: its kind and byte range; texts are cut from the
/// line only when the term becomes part of the fact.
struct Token {
    kind: Lexed,
    start: usize,
    end: usize,
}

enum Lexed {
    Word,
    Str { escaped: bool },
    Scalar(Scalar),
    Range(Scalar, Scalar),
    Bound(BoundKind, Scalar),
    List { partial: bool, items: Vec<Term> },
}

/// A date or a number (`date | number`) and its byte range.
#[derive(Clone, Copy)]
struct Scalar {
    date: Option<DateLit>,
    start: usize,
    end: usize,
}

impl Scalar {
    fn into_term(self, line: &LineCursor) -> Term {
        let kind = match self.date {
            Some(date) => TermKind::Date(date),
            None => TermKind::Number(line.text[self.start..self.end].into()),
        };
        Term {
            kind,
            span: line.span_of(self.start, self.end),
        }
    }
}

impl Token {
    fn into_term(self, line: &LineCursor) -> Option<Term> {
        let text = line.text;
        let kind = match self.kind {
            Lexed::Word => TermKind::Word(text[self.start..self.end].into()),
            Lexed::Str { escaped } => {
                TermKind::Str(string_text(&text[self.start + 1..self.end - 1], escaped)?)
            }
            Lexed::Scalar(scalar) => return Some(scalar.into_term(line)),
            Lexed::Range(from, to) => {
                TermKind::Range(Box::new(from.into_term(line)), Box::new(to.into_term(line)))
            }
            Lexed::Bound(kind, value) => TermKind::Bound(kind, Box::new(value.into_term(line))),
            Lexed::List { partial, items } => TermKind::List { partial, items },
        };
        Some(Term {
            kind,
            span: line.span_of(self.start, self.end),
        })
    }
}

/// `term = string | bound | partial_list | word | list | scalar`, in pest's
/// order (told apart by the first character, except the two keywords). A
/// keyword that pest would try and then fall back from, reading it as a word
/// instead (`at least` with no number after it, `including [` with no valid
/// list), is declined.
fn term(line: &LineCursor, pos: usize) -> Option<Token> {
    let text = line.text;
    let b = text.as_bytes();
    let token = |kind, end| Token {
        kind,
        start: pos,
        end,
    };
    match b[pos] {
        b'"' => {
            let (end, escaped) = string_token(text, pos)?;
            Some(token(Lexed::Str { escaped }, end))
        }
        b'[' => {
            let (end, items) = list(line, pos)?;
            let partial = false;
            Some(token(Lexed::List { partial, items }, end))
        }
        b'0'..=b'9' | b'-' => {
            // `scalar = range | date | number`, and a range's ends are
            // `date | number` too: its start reads as the plain value would.
            let from = scalar(text, pos)?;
            if b[from.end..].starts_with(b"..") {
                let to = scalar(text, from.end + 2)?;
                Some(token(Lexed::Range(from, to), to.end))
            } else {
                Some(token(Lexed::Scalar(from), from.end))
            }
        }
        _ => {
            if let Some((kind, keyword_end)) = bound_keyword(text, pos) {
                // `bound = !{ (kw_at_least | kw_at_most) ~ (date | number) }`
                let value = scalar(text, skip_blanks(b, keyword_end))?;
                return Some(token(Lexed::Bound(kind, value), value.end));
            }
            if b[pos..].starts_with(b"including") && kw_end(text, pos + 9) {
                // `partial_list = !{ kw_including ~ list }`; with no `[`
                // after it, pest reads `including` as a word.
                let open = skip_blanks(b, pos + 9);
                if b.get(open) == Some(&b'[') {
                    let (end, items) = list(line, open)?;
                    let partial = true;
                    return Some(token(Lexed::List { partial, items }, end));
                }
            }
            let end = word_token(text, pos)?;
            Some(token(Lexed::Word, end))
        }
    }
}

/// `kw_at_least | kw_at_most` (`"at" ~ (" " | "\t")+ ~ "least" ~ kw_end`):
/// the bound's kind and where the keyword ends.
fn bound_keyword(text: &str, pos: usize) -> Option<(BoundKind, usize)> {
    let b = text.as_bytes();
    if !(b[pos..].starts_with(b"at") && matches!(b.get(pos + 2), Some(b' ' | b'\t'))) {
        return None;
    }
    let word = skip_blanks(b, pos + 2);
    let (kind, end) = if b[word..].starts_with(b"least") {
        (BoundKind::AtLeast, word + 5)
    } else if b[word..].starts_with(b"most") {
        (BoundKind::AtMost, word + 4)
    } else {
        return None;
    };
    kw_end(text, end).then_some((kind, end))
}

/// `list = !{ list_open ~ (list_item ~ (list_sep ~ list_item)*)? ~ list_close }`
/// with spaces and tabs between (a comment would run to the end of the line
/// and leave the list open, so `#` is declined); items are
/// `date | number | string | word`. Returns the end after `]` and the items.
fn list(line: &LineCursor, open: usize) -> Option<(usize, Vec<Term>)> {
    let text = line.text;
    let b = text.as_bytes();
    let mut items = Vec::new();
    let mut pos = skip_blanks(b, open + 1);
    if b.get(pos) == Some(&b']') {
        return Some((pos + 1, items));
    }
    loop {
        let item = match b.get(pos)? {
            b'"' => {
                let (end, escaped) = string_token(text, pos)?;
                Token {
                    kind: Lexed::Str { escaped },
                    start: pos,
                    end,
                }
            }
            b'0'..=b'9' | b'-' => {
                let scalar = scalar(text, pos)?;
                Token {
                    kind: Lexed::Scalar(scalar),
                    start: pos,
                    end: scalar.end,
                }
            }
            _ => Token {
                kind: Lexed::Word,
                start: pos,
                end: word_token(text, pos)?,
            },
        };
        pos = skip_blanks(b, item.end);
        items.push(item.into_term(line)?);
        match b.get(pos)? {
            b',' => pos = skip_blanks(b, pos + 1),
            b']' => return Some((pos + 1, items)),
            _ => return None,
        }
    }
}

/// `date | number` at `pos`. A date's shape (`DDDD-DD`) can never be read as
/// a number (the `-` after four digits is glue), so the shape decides.
fn scalar(text: &str, pos: usize) -> Option<Scalar> {
    if date_shape(text.as_bytes(), pos) {
        let end = date_token(text, pos)?;
        let date = parse_date(&text[pos..end], Span::default()).ok()?;
        return Some(Scalar {
            date: Some(date),
            start: pos,
            end,
        });
    }
    let end = number_token(text, pos)?;
    Some(Scalar {
        date: None,
        start: pos,
        end,
    })
}

fn date_shape(b: &[u8], pos: usize) -> bool {
    let digit = |i: usize| b.get(pos + i).is_some_and(u8::is_ascii_digit);
    (0..4).all(digit) && b.get(pos + 4) == Some(&b'-') && digit(5) && digit(6)
}

/// `date = @{ ASCII_DIGIT{4} ~ "-" ~ ASCII_DIGIT{2} ~ ("-" ~ ASCII_DIGIT{2})? ~ !glue }`:
/// where the token ends. Whether it is a real date is `parse_date`'s to say.
fn date_token(text: &str, pos: usize) -> Option<usize> {
    let b = text.as_bytes();
    if !date_shape(b, pos) {
        return None;
    }
    let mut end = pos + 7;
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if b.get(end) == Some(&b'-') && digit(end + 1) && digit(end + 2) {
        end += 3;
    }
    (!glued(text, end)).then_some(end)
}

/// `number = @{ "-"? ~ digits ~ ("." ~ digits)? ~ "%"? ~ !glue }`.
fn number_token(text: &str, pos: usize) -> Option<usize> {
    let b = text.as_bytes();
    let mut end = pos;
    if b.get(end) == Some(&b'-') {
        end += 1;
    }
    end = digits(b, end)?;
    if b.get(end) == Some(&b'.') {
        if let Some(after) = digits(b, end + 1) {
            end = after;
        }
    }
    if b.get(end) == Some(&b'%') {
        end += 1;
    }
    (!glued(text, end)).then_some(end)
}

/// `digits = _{ ASCII_DIGIT+ ~ ("_" ~ ASCII_DIGIT+)* }`.
fn digits(b: &[u8], pos: usize) -> Option<usize> {
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    if !digit(pos) {
        return None;
    }
    let mut end = pos;
    loop {
        while digit(end) {
            end += 1;
        }
        if b.get(end) == Some(&b'_') && digit(end + 1) {
            end += 1;
        } else {
            return Some(end);
        }
    }
}

/// `string = ${ "\"" ~ string_inner ~ string_close ~ !glue }`: any character
/// but `"` and `\`, or one of the four escapes. Returns where the string ends
/// and whether it holds an escape. UTF-8 continuation bytes are never `"` or
/// `\`, so scanning bytes is exact.
fn string_token(text: &str, pos: usize) -> Option<(usize, bool)> {
    let b = text.as_bytes();
    let mut escaped = false;
    let mut at = pos + 1;
    loop {
        let special = at + b[at..].iter().position(|&c| c == b'"' || c == b'\\')?;
        if b[special] == b'"' {
            let end = special + 1;
            return (!glued(text, end)).then_some((end, escaped));
        }
        match b.get(special + 1)? {
            b'"' | b'\\' | b'n' | b't' => {
                escaped = true;
                at = special + 2;
            }
            _ => return None,
        }
    }
}

/// `word = @{ word_start ~ word_char* ~ !glue }`.
fn word_token(text: &str, pos: usize) -> Option<usize> {
    let first = text[pos..].chars().next()?;
    if !word_start(first) {
        return None;
    }
    let mut end = pos + first.len_utf8();
    let b = text.as_bytes();
    while end < b.len() {
        let c = b[end];
        if c.is_ascii() {
            if !ascii_word_char(c) {
                break;
            }
            end += 1;
        } else {
            let c = text[end..].chars().next().expect("a character");
            if !word_char(c) {
                break;
            }
            end += c.len_utf8();
        }
    }
    (!glued(text, end)).then_some(end)
}

/// `glue = _{ word_char | "%" | "\"" | "." ~ !"." }`: what may not directly
/// follow a token.
fn glued(text: &str, pos: usize) -> bool {
    let b = text.as_bytes();
    match b.get(pos) {
        None => false,
        Some(b'%' | b'"') => true,
        Some(b'.') => b.get(pos + 1) != Some(&b'.'),
        Some(&c) if c.is_ascii() => ascii_word_char(c),
        Some(_) => text[pos..].chars().next().is_some_and(word_char),
    }
}

/// `kw_end = _{ !(word_char | "\"") }`.
fn kw_end(text: &str, pos: usize) -> bool {
    match text[pos..].chars().next() {
        None => true,
        Some(c) => !(word_char(c) || c == '"'),
    }
}

/// `word_start = _{ LETTER | "_" }`, with pest's own Unicode tables.
fn word_start(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic() || c == '_'
    } else {
        pest::unicode::LETTER(c)
    }
}

/// `word_char = _{ ASCII_ALPHANUMERIC | LETTER | MARK | NUMBER | "_" | "-" | "'" | "’" }`,
/// with pest's own Unicode tables, so the two paths cannot disagree on a
/// character.
fn word_char(c: char) -> bool {
    if c.is_ascii() {
        ascii_word_char(c as u8)
    } else {
        c == '’' || pest::unicode::LETTER(c) || pest::unicode::MARK(c) || pest::unicode::NUMBER(c)
    }
}

/// `word_char` for ASCII: letters and digits are the only ASCII characters
/// in LETTER, MARK or NUMBER (the test `ascii_classes_match_pest` checks).
fn ascii_word_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'-' | b'\'')
}

#[cfg(test)]
#[path = "fast_tests.rs"]
mod tests;
