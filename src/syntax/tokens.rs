//! Token contents the grammar cannot check itself: real dates, string escapes.

use super::ast::{DateLit, Span, SyntaxError};
use super::errors::error_at;

/// `YYYY-MM-DD` or `YYYY-MM`, already matched by the grammar; rejects dates
/// that do not exist (`2025-02-30`, `2025-13`).
pub fn parse_date(text: &str, span: Span) -> Result<DateLit, SyntaxError> {
    let field = |range: std::ops::Range<usize>| text[range].parse::<i16>().unwrap_or(0);
    let year = field(0..4);
    let month = field(5..7);
    let day = (text.len() == 10).then(|| field(8..10));
    let invalid = |why: String| {
        error_at(
            span,
            format!("`{text}` is not a real date: {why}"),
            "invalid date",
        )
    };
    if !(1..=12).contains(&month) {
        return Err(invalid(format!("there is no month {month}")));
    }
    if let Some(day) = day {
        let days = days_in_month(year, month as i8);
        if day < 1 || day > days as i16 {
            return Err(invalid(format!("{year:04}-{month:02} has {days} days")));
        }
    }
    if year < 1 {
        return Err(invalid("years start at 0001".to_string()));
    }
    Ok(DateLit {
        year,
        month: month as i8,
        day: day.map(|d| d as i8),
    })
}

pub fn days_in_month(year: i16, month: i8) -> i8 {
    jiff::civil::Date::new(year, month, 1)
        .map(|date| date.days_in_month())
        .unwrap_or(31)
}

/// The text of a string between its quotes (which start at `span`), with
/// escapes resolved. The grammar lets any character follow a `\`; all but
/// `\"`, `\\`, `\n` and `\t` are an error at the escape.
pub fn unescape(raw: &str, span: Span) -> Result<String, SyntaxError> {
    if !raw.contains('\\') {
        return Ok(raw.to_string());
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices().enumerate();
    while let Some((column, (at, c))) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next().map(|(_, (_, next))| next) {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            next => {
                let len = 1 + next.map_or(0, char::len_utf8);
                let escape = Span {
                    start: span.start + at,
                    end: span.start + at + len,
                    line: span.line,
                    column: span.column + column as u32,
                };
                return Err(error_at(
                    escape,
                    "unknown escape in string: only \\\" \\\\ \\n and \\t are allowed",
                    "unknown escape",
                ));
            }
        }
    }
    Ok(out)
}

/// `text` as a string literal: in double quotes, with `"`, `\`, newlines
/// and tabs escaped, so it can be pasted back into a file.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

/// A name (subject, alias side) as it can be written in a statement: bare
/// words when every part is a word, else one string.
pub fn name_literal(text: &str) -> String {
    let is_word = |part: &str| {
        let mut chars = part.chars();
        chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
            && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '\'' | '’'))
    };
    if !text.is_empty() && text.split(' ').all(is_word) {
        text.to_string()
    } else {
        quoted(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_dates_parse() {
        let d = parse_date("2024-02-29", Span::default()).unwrap();
        assert_eq!((d.year, d.month, d.day), (2024, 2, Some(29)));
        assert_eq!(parse_date("2025-06", Span::default()).unwrap().day, None);
    }

    #[test]
    fn impossible_dates_are_errors() {
        for text in [
            "2025-02-29",
            "2025-13",
            "2025-00-10",
            "2025-04-31",
            "2025-01-00",
            "0000-01-01",
        ] {
            assert!(parse_date(text, Span::default()).is_err(), "{text}");
        }
    }

    #[test]
    fn names_are_written_back_validly() {
        assert_eq!(name_literal("delegation Bilawal"), "delegation Bilawal");
        assert_eq!(name_literal("New York (city)"), "\"New York (city)\"");
        assert_eq!(quoted("say \"hi\"\n"), "\"say \\\"hi\\\"\\n\"");
    }

    #[test]
    fn escapes_resolve() {
        assert_eq!(
            unescape(r#"a\"b\\c\nd\te"#, Span::default()).unwrap(),
            "a\"b\\c\nd\te"
        );
    }
}
