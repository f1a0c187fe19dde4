//! Syntax errors in a fact-checker's words: what was expected where, never a
//! raw grammar rule name.

use pest::error::{ErrorVariant, InputLocation};

use super::ast::{Span, SyntaxError};
use super::lines::LineCursor;
use super::parser::Rule;

pub fn error_at(span: Span, message: impl Into<String>, label: impl Into<String>) -> SyntaxError {
    SyntaxError {
        span,
        message: message.into(),
        label: label.into(),
    }
}

/// Turn pest's "expected one of these rules at this position" into a
/// located message. `top_level`: the line is outside any block, where a
/// line that is no statement is read as a fact.
pub fn describe_pest_error(
    line: &LineCursor,
    error: &pest::error::Error<Rule>,
    top_level: bool,
) -> SyntaxError {
    let pos = match error.location {
        InputLocation::Pos(pos) => pos,
        InputLocation::Span((start, _)) => start,
    };
    let positives = match &error.variant {
        ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    let rest = &line.text[pos..];
    if positives.contains(&Rule::string_close) {
        return string_error(line, pos);
    }
    if let Some(error) = range_where_one_value(line, pos) {
        return error;
    }
    if let Some(error) = as_of_without_date(line, pos) {
        return error;
    }
    if let Some(error) = tail_before_value(line).filter(|_| top_level) {
        return error;
    }
    if let Some(error) = quote_inside_string(line, pos) {
        return error;
    }
    if let Some(error) = glued_tokens(line, pos) {
        return error;
    }
    if let Some(error) = reason_without_quotes(line, &positives) {
        return error;
    }
    let found = found_text(rest);
    let expected = match name_expected(line, pos, &positives) {
        Some(name) => name.to_string(),
        None => expected_text(&positives),
    };
    if expected.is_empty() {
        let span = line.span_of(pos, pos + found.len().max(1).min(rest.len()));
        let shown = if found.is_empty() {
            "the end of the line".to_string()
        } else {
            format!("`{found}`")
        };
        return error_at(span, format!("unexpected {shown} here"), "unexpected");
    }
    let span = line.span_of(
        pos,
        pos + found
            .len()
            .max(rest.chars().next().map_or(0, char::len_utf8)),
    );
    let shown = if found.is_empty() {
        "the end of the line".to_string()
    } else {
        format!("`{found}`")
    };
    let label = if found.is_empty() {
        "the line ends here"
    } else {
        "not expected here"
    };
    error_at(span, format!("expected {expected}, found {shown}"), label)
}

/// The token-sized piece of text at an error position.
fn found_text(rest: &str) -> &str {
    let end = rest
        .char_indices()
        .find(|&(i, c)| c.is_whitespace() || (i > 0 && matches!(c, ',' | ']' | ')' | '}' | '#')))
        .map_or(rest.len(), |(i, _)| i);
    let end = rest.char_indices().nth(40).map_or(end, |(i, _)| end.min(i));
    &rest[..end]
}

fn string_error(line: &LineCursor, pos: usize) -> SyntaxError {
    if line.text[pos..].starts_with('\\') {
        let len: usize = line.text[pos..].chars().take(2).map(char::len_utf8).sum();
        return error_at(
            line.span_of(pos, pos + len),
            "unknown escape in string: only \\\" \\\\ \\n and \\t are allowed",
            "unknown escape",
        );
    }
    let open = unterminated_quote(line.text).unwrap_or(pos);
    error_at(
        line.span_of(open, open + 1),
        "unterminated string: a string must end with `\"` on the line where it starts",
        "string starts here",
    )
}

/// The byte position of the opening `"` of a string left open on this line.
fn unterminated_quote(text: &str) -> Option<usize> {
    let mut open = None;
    let mut chars = text.char_indices();
    while let Some((i, c)) = chars.next() {
        match (c, open) {
            ('#', None) => return None,
            ('"', None) => open = Some(i),
            ('"', Some(_)) => open = None,
            ('\\', Some(_)) => {
                chars.next();
            }
            _ => {}
        }
    }
    open
}

/// `as of 2025-06..2025-07`, `at least 8..10`, `[1..2]`: a range where one
/// date or number must stand. Pest reads the range's first end and stops at
/// `..`; the offending token is the whole range (a range is one token), so
/// the error is put there and says why.
fn range_where_one_value(line: &LineCursor, pos: usize) -> Option<SyntaxError> {
    let text = line.text;
    if !text[pos..].starts_with("..") {
        return None;
    }
    let scalar_char = |c: char| c.is_ascii_digit() || matches!(c, '-' | '_' | '.' | '%');
    let start = text[..pos]
        .char_indices()
        .rfind(|&(_, c)| !scalar_char(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[pos + 2..]
        .find(|c: char| !scalar_char(c))
        .map_or(text.len(), |i| pos + 2 + i);
    let first = text[start..pos].trim_start_matches('-');
    if !first.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let before = text[..start].trim_end_matches([' ', '\t']);
    let place = if before.ends_with('[') || before.ends_with(',') {
        "a list's items are single values"
    } else if ends_with_word(before, "of")
        && ends_with_word(before[..before.len() - 2].trim_end(), "as")
    {
        "`as of` takes a single date"
    } else if ends_with_word(before, "least") || ends_with_word(before, "most") {
        "`at least` and `at most` take a single number or date"
    } else {
        return None;
    };
    let range = &text[start..end];
    Some(error_at(
        line.span_of(start, end),
        format!("{place}, not a range like `{range}`"),
        "a range cannot stand here",
    ))
}

/// Whether `text` ends with the whole word `word`.
fn ends_with_word(text: &str, word: &str) -> bool {
    text.strip_suffix(word)
        .is_some_and(|before| before.is_empty() || before.ends_with([' ', '\t', '"', '[', ',']))
}

/// `as of 2020`, `as of May`: what follows `as of` must be a day or a
/// month. Said here because the token alone (a valid number, a word) would
/// read as fine and the message would blame it for something else.
fn as_of_without_date(line: &LineCursor, pos: usize) -> Option<SyntaxError> {
    let text = line.text;
    let before: Vec<(usize, usize)> = line_tokens(text)
        .into_iter()
        .take_while(|&(start, _)| start < pos)
        .collect();
    let [.., (as_start, as_end), (of_start, of_end)] = before[..] else {
        return None;
    };
    let rest = &text[of_end..];
    let at_line_end = rest.trim().is_empty() || rest.trim_start().starts_with('#');
    if (&text[as_start..as_end], &text[of_start..of_end]) != ("as", "of")
        || !(pos > of_end || at_line_end)
    {
        return None;
    }
    let pos = if at_line_end {
        of_end
    } else {
        text.len() - rest.trim_start().len()
    };
    let rest = &text[pos..];
    let found = found_text(rest);
    let span = line.span_of(
        pos,
        pos + found
            .len()
            .max(rest.chars().next().map_or(0, char::len_utf8)),
    );
    let shown = match found {
        "" => "the line ends".to_string(),
        found => format!("`{found}` is neither"),
    };
    Some(error_at(
        span,
        format!("`as of` needs a date, a day (YYYY-MM-DD) or a month (YYYY-MM): {shown}"),
        "not a date",
    ))
}

/// `Sharif remark quote "…"`: a fact's tail (`as of`, `quote`) begins
/// before its subject, attribute and value are all written. Pest fails on
/// the blank after the tail's keyword; the error belongs at the keyword.
fn tail_before_value(line: &LineCursor) -> Option<SyntaxError> {
    let tokens = line_tokens(line.text);
    if tokens.first().is_some_and(|&(start, end)| {
        super::ast::STATEMENT_KEYWORDS.contains(&&line.text[start..end])
    }) {
        return None;
    }
    let word = |i: usize| tokens.get(i).map(|&(start, end)| &line.text[start..end]);
    let tail = (0..tokens.len()).find(|&i| match word(i) {
        Some("quote") => word(i + 1).is_some_and(|next| next.starts_with('"')),
        Some("as") => word(i + 1) == Some("of"),
        _ => false,
    })?;
    if tail >= 3 {
        return None;
    }
    let (start, end) = tokens[tail];
    let keyword = &line.text[start..end];
    let written = [
        "the line begins with it",
        "only a subject comes before it",
        "the value is missing",
    ][tail];
    Some(error_at(
        line.span_of(start, end),
        format!("a fact needs a subject, an attribute and a value before `{keyword}`: {written}"),
        format!("`{keyword}` begins the fact's tail"),
    ))
}

/// Where each blank-separated token of a line begins and ends: a string is
/// one token, spaces and all, and a comment ends the line.
fn line_tokens(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut tokens = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at].is_ascii_whitespace() {
            at += 1;
            continue;
        }
        if bytes[at] == b'#' {
            break;
        }
        let start = at;
        let mut in_string = false;
        while at < bytes.len() && (in_string || !bytes[at].is_ascii_whitespace()) {
            match bytes[at] {
                b'\\' if in_string => at += 1,
                b'"' => in_string = !in_string,
                _ => {}
            }
            at += 1;
        }
        tokens.push((start, at.min(bytes.len())));
    }
    tokens
}

/// `accept a b because reason`: the reason must be a "string". Pest reads
/// an unquoted reason (and `because`) as more of the name, and fails where
/// the line ends; the error belongs at the reason.
fn reason_without_quotes(line: &LineCursor, positives: &[Rule]) -> Option<SyntaxError> {
    if !positives.contains(&Rule::kw_because) {
        return None;
    }
    let text = line.text;
    let reason = text
        .match_indices("because")
        .filter(|&(at, word)| {
            let before = text[..at].chars().next_back();
            let after = text[at + word.len()..].chars().next();
            before.is_some_and(char::is_whitespace) && after.is_some_and(char::is_whitespace)
        })
        .filter_map(|(at, word)| {
            let rest = &text[at + word.len()..];
            let start = at + word.len() + (rest.len() - rest.trim_start().len());
            let token = found_text(&text[start..]);
            (!token.is_empty() && !token.starts_with(['"', '#'])).then_some((start, token))
        })
        .last()?;
    let (start, token) = reason;
    Some(error_at(
        line.span_of(start, start + token.len()),
        format!("the reason after `because` is a \"string\" in double quotes, not `{token}`"),
        "not a string",
    ))
}

/// Right after `source`, `from` or `attribute` the word expected is an id
/// or a name, not any value: saying "a value (a word, \"string\", …)" there
/// would offer a string where none may stand. After `check`, only a string
/// names the check.
fn name_expected(line: &LineCursor, pos: usize, positives: &[Rule]) -> Option<&'static str> {
    let before: Vec<&str> = line.text[..pos].split_whitespace().collect();
    match (before.as_slice(), positives) {
        (["source"] | ["from"], [Rule::word]) => Some("a source id (one word, no quotes)"),
        (["attribute"], [Rule::word]) => Some("an attribute name (one word, no quotes)"),
        (["check"], [Rule::string]) => Some("the check's name, a \"string\""),
        _ => None,
    }
}

/// Whether `token` is one whole range, date or number (`2`, `1_000`,
/// `2025-05-10`), not two tokens glued together.
fn is_whole_value(token: &str) -> bool {
    use pest::Parser as _;
    [Rule::range, Rule::date, Rule::number]
        .into_iter()
        .any(|rule| {
            super::parser::FactcheckParser::parse(rule, token)
                .is_ok_and(|mut pairs| pairs.next().is_some_and(|pair| pair.as_str() == token))
        })
}

/// `"calling them "fake reports""`: a `"` meant inside a string ends it, and
/// the text after it is glued on; `“Bilawal”`: curly quotes, which articles
/// use, taken for a string's. Pest sees no value at the string's start.
fn quote_inside_string(line: &LineCursor, pos: usize) -> Option<SyntaxError> {
    let rest = &line.text[pos..];
    if rest.starts_with(['“', '”', '„']) {
        let found = found_text(rest);
        return Some(error_at(
            line.span_of(pos, pos + found.len()),
            format!("`{found}` is not a string: strings are written in straight double quotes (\"…\"); curly quotes may stand inside one"),
            "curly quotes",
        ));
    }
    if !rest.starts_with('"') {
        return None;
    }
    let mut chars = rest.char_indices().skip(1);
    let close = loop {
        match chars.next()? {
            (_, '\\') => {
                chars.next();
            }
            (i, '"') => break i,
            _ => {}
        }
    };
    // Glued text that a later `"` closes is the string's own text; without
    // one it is a token glued on (`"a"b`), reported as such.
    let after = &rest[close + 1..];
    let glued = after
        .chars()
        .next()
        .is_some_and(|c| !c.is_whitespace() && !matches!(c, '#' | ',' | ']' | '}' | ')'));
    if !glued || !after.contains('"') {
        return None;
    }
    let at = pos + close;
    Some(error_at(
        line.span_of(at, at + 1),
        "this `\"` ends the string, but its text goes on: write `\\\"` for each quote inside a string",
        "the string ends here",
    ))
}

/// `9members`, `2025-5-1`, `"a"b`: tokens written without a space between
/// them. Pest only sees that no token fits; say what went wrong.
fn glued_tokens(line: &LineCursor, pos: usize) -> Option<SyntaxError> {
    let rest = &line.text[pos..];
    let first = rest.chars().next()?;
    if !(first.is_ascii_digit()
        || (first == '-' && rest[1..].starts_with(|c: char| c.is_ascii_digit())))
    {
        return None;
    }
    let token = found_text(rest);
    if is_whole_value(token) {
        return None; // nothing glued: a value stands where none may
    }
    let span = line.span_of(pos, pos + token.len());
    let looks_like_date = token
        .get(..4)
        .is_some_and(|year| year.bytes().all(|b| b.is_ascii_digit()))
        && token.get(4..).is_some_and(|rest| rest.starts_with('-'));
    let message = if looks_like_date {
        format!("`{token}` is not a date: write days as YYYY-MM-DD and months as YYYY-MM, with two-digit months and days")
    } else {
        format!("`{token}` is not a number: put a space between a number and the word after it, or write the text as a string in double quotes")
    };
    Some(error_at(span, message, "not a valid token"))
}

/// The expected things, in words, most useful first.
fn expected_text(positives: &[Rule]) -> String {
    let mut words: Vec<&str> = Vec::new();
    for rule in positives {
        let word = describe(*rule);
        if !word.is_empty() && !words.contains(&word) {
            words.push(word);
        }
    }
    match words.len() {
        0 => String::new(),
        1 => words[0].to_string(),
        n => format!("{} or {}", words[..n - 1].join(", "), words[n - 1]),
    }
}

fn describe(rule: Rule) -> &'static str {
    use Rule::*;
    match rule {
        top_line | source_open | check_open | from_stmt | alias_stmt | attribute_stmt
        | assert_stmt | accept_stmt | fact_stmt | kw_source | kw_from | kw_alias | kw_attribute
        | kw_assert | kw_check | kw_accept => {
            "a statement (source, from, alias, attribute, assert, check, accept or a fact)"
        }
        word | string | number | date | range | bound | list | partial_list | kw_at_least
        | kw_at_most | kw_including | path | operand_terms | right_terms | list_open | sp => {
            "a value (a word, \"string\", number, date, range or list)"
        }
        as_of | kw_as | kw_of => "`as of DATE`",
        quote_clause | kw_quote => "`quote \"…\"`",
        operator | comparison | corroboration | kw_contains | kw_corroborated => {
            "an operator (==, !=, <, <=, >, >=, contains, corroborated)"
        }
        operand | right_operand | count_of | weekday_of | kw_count | kw_weekday => {
            "a value, a path, count(…) or weekday(…)"
        }
        kw_by => "`by N`",
        count => "a whole number",
        block_open => "`{`",
        block_close => "`}`",
        source_entry | source_key => "a source key (title, publisher, url, published, file)",
        attribute_type => "a type (number, date, text or list)",
        kw_many => "`many`",
        kw_because => "`because \"reason\"`",
        alias_side => "a name (words or a \"string\")",
        alias_eq => "`=`",
        paren_open => "`(`",
        paren_close => "`)`",
        list_sep => "`,`",
        list_close => "`]`",
        EOI => "the end of the statement",
        _ => "",
    }
}
