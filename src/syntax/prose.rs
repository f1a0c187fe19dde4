//! Values written as prose writes them (`May 10, 2025`, `10/05/2025`,
//! `1,000`, `$5`, `21.5 percent`), which the language writes otherwise. A
//! fact-checker copying from an article types these first; the grammar only
//! sees a token it did not expect (`,`, `/05/2025`) or an attribute that is
//! not a word (`10` in `date May 10 2025`). When a line that fails holds
//! one, the error is put on the whole value and says how to write it.

use super::ast::SyntaxError;
use super::errors::error_at;
use super::lines::LineCursor;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The first value on `line` written as prose writes it, as an error on the
/// whole value saying how to write it. Strings and comments are skipped:
/// `"May 10, 2025"` is text, as written.
pub fn prose_value(line: &LineCursor) -> Option<SyntaxError> {
    let words = bare_words(line.text);
    (0..words.len()).find_map(|at| {
        let (start, end, message, label) = prose_at(&words[at..])?;
        Some(error_at(line.span_of(start, end), message, label))
    })
}

/// A word outside strings, comments and lists: its text and where it starts.
type Word<'a> = (&'a str, usize);

fn bare_words(text: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let (mut in_string, mut escaped, mut depth) = (false, false, 0u32);
    let mut start = None;
    for (i, c) in text.char_indices() {
        let bare = !in_string && depth == 0;
        if bare && !c.is_whitespace() && !matches!(c, '"' | '[' | '#') {
            start.get_or_insert(i);
            continue;
        }
        if let Some(from) = start.take() {
            words.push((&text[from..i], from));
        }
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '#' if !in_string => break,
            '[' if !in_string => depth += 1,
            ']' if !in_string => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if let Some(from) = start {
        words.push((&text[from..], from));
    }
    words
}

/// A prose value starting at `words[0]`: its start and end on the line, the
/// message and the label.
fn prose_at(words: &[Word<'_>]) -> Option<(usize, usize, String, String)> {
    let (first, start) = words[0];
    let end_of = |word: &Word<'_>| word.1 + word.0.len();
    if let Some((taken, date)) = prose_date(words) {
        let written = span_text(words, taken);
        let message = format!(
            "`{written}` is a date as prose writes it: write days as YYYY-MM-DD and months as YYYY-MM{}",
            date.as_deref().map(|d| format!(" (here `{d}`)")).unwrap_or_default()
        );
        let label = date.map_or("write YYYY-MM-DD".to_string(), |d| format!("write {d}"));
        return Some((start, end_of(&words[taken - 1]), message, label));
    }
    let number = first.trim_end_matches([',', '.', ';']);
    let on_number =
        |message: String, label: String| Some((start, start + number.len(), message, label));
    if let Some(written) = slash_date(number) {
        let message = format!("`{number}` is not a date: write days as YYYY-MM-DD{written}");
        return on_number(message, "write YYYY-MM-DD".into());
    }
    if let Some(plain) = thousands(number) {
        let message = format!(
            "`{number}` is not a number: write {plain} or {} (a comma separates list items)",
            with_underscores(number)
        );
        return on_number(message, format!("write {plain}"));
    }
    if currency(number) {
        let message = format!("`{number}` is not a number: a number has no currency sign; name the currency in the attribute (`budget_usd 5`), or write the value as a string in double quotes");
        return on_number(message, "a currency sign".into());
    }
    let (next, _) = words.get(1)?;
    let percent = ["percent", "per-cent", "pc"].contains(&next.to_lowercase().as_str());
    if percent && is_number(first) {
        let message = format!("`{first} {next}` is not a percentage: write {first}%");
        return Some((start, end_of(&words[1]), message, format!("write {first}%")));
    }
    None
}

/// `words` from the first through the `taken`th, as the line writes them.
fn span_text(words: &[Word<'_>], taken: usize) -> String {
    words[..taken]
        .iter()
        .map(|(word, _)| *word)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `May 10, 2025`, `10 May 2025`, `May 2025`, `May 10`: how many words it
/// takes, and the date as the language writes it when the year is given.
fn prose_date(words: &[Word<'_>]) -> Option<(usize, Option<String>)> {
    let word = |i: usize| words.get(i).map(|(w, _)| w.trim_end_matches([',', '.']));
    let day = |i: usize| {
        word(i)
            .and_then(|w| w.parse::<u8>().ok())
            .filter(|d| (1..=31).contains(d))
    };
    let year = |i: usize| {
        word(i)
            .filter(|w| w.len() == 4)
            .and_then(|w| w.parse::<u16>().ok())
    };
    let (month, day, taken) = match (month(word(0)?), day(0)) {
        (Some(month), _) => match day(1) {
            Some(day) => (month, Some(day), 2),
            None => (month, None, 1),
        },
        (None, Some(day)) => (month(word(1)?)?, Some(day), 2),
        (None, None) => return None,
    };
    match (year(taken), day) {
        (Some(year), Some(day)) => {
            Some((taken + 1, Some(format!("{year:04}-{month:02}-{day:02}"))))
        }
        (Some(year), None) => Some((taken + 1, Some(format!("{year:04}-{month:02}")))),
        // A month name alone is a word (`March` may be a name): only a day
        // beside it makes it a date.
        (None, Some(_)) => Some((taken, None)),
        (None, None) => None,
    }
}

/// A month's number by its name or a three-letter (or `Sept`) abbreviation.
fn month(word: &str) -> Option<u8> {
    let word = word.to_lowercase();
    MONTHS
        .iter()
        .position(|&name| {
            name == word || (word.len() >= 3 && name.starts_with(&word) && word.len() <= 4)
        })
        .map(|index| index as u8 + 1)
}

/// `10/05/2025` and its kin: what to add to the message (the two readings
/// when day and month could be either), or `None` if it is no such date.
fn slash_date(token: &str) -> Option<String> {
    let parts: Vec<&str> = token.split(['/', '.']).collect();
    let numeric = parts
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()));
    if parts.len() != 3 || !numeric || !token.contains('/') {
        return None;
    }
    let [a, b, c] = [parts[0], parts[1], parts[2]].map(|p| p.parse::<u32>().unwrap_or(0));
    if parts[2].len() != 4 || a == 0 || b == 0 || a > 31 || b > 31 {
        return Some(String::new());
    }
    Some(match (a <= 12, b <= 12) {
        (true, true) if a != b => format!(
            " (`{c}-{b:02}-{a:02}` if the day comes first, `{c}-{a:02}-{b:02}` if the month does)"
        ),
        (_, true) => format!(" (here `{c}-{b:02}-{a:02}`)"),
        (true, false) => format!(" (here `{c}-{a:02}-{b:02}`)"),
        (false, false) => String::new(),
    })
}

/// `1,000` and `12,500.5`: the number without its commas.
fn thousands(token: &str) -> Option<String> {
    let (whole, fraction) = token.split_once('.').unwrap_or((token, ""));
    let whole = whole.strip_prefix('-').unwrap_or(whole);
    let groups: Vec<&str> = whole.split(',').collect();
    let grouped = groups.len() > 1
        && (1..=3).contains(&groups[0].len())
        && groups[1..].iter().all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
        && fraction.bytes().all(|b| b.is_ascii_digit());
    grouped.then(|| token.replace(',', ""))
}

fn with_underscores(token: &str) -> String {
    token.replace(',', "_")
}

/// `$5`, `€2.5`, `5€`, `US$5`: a number with a currency sign.
fn currency(token: &str) -> bool {
    const SIGNS: [char; 5] = ['$', '€', '£', '¥', '₹'];
    let token = token.strip_prefix("US").unwrap_or(token);
    let bare = token.trim_start_matches(SIGNS).trim_end_matches(SIGNS);
    bare.len() < token.len() && is_number(bare)
}

fn is_number(token: &str) -> bool {
    let digits = token.strip_prefix('-').unwrap_or(token);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && whole
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b',' || b == b'_')
        && fraction.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint(text: &str) -> Option<(u32, String, String)> {
        let line = LineCursor::new(text, 0, 1);
        prose_value(&line).map(|e| (e.span.column, e.message, e.label))
    }

    /// Each prose value is found where it stands, said how to write, and
    /// labelled with the written form when there is one.
    #[test]
    fn prose_values_are_pointed_at_with_how_to_write_them() {
        let cases = [
            ("ceasefire date May 10, 2025", 16, "write 2025-05-10"),
            ("ceasefire date May 10 2025", 16, "write 2025-05-10"),
            ("ceasefire date 10 May 2025", 16, "write 2025-05-10"),
            ("ceasefire date Sept. 3, 2025", 16, "write 2025-09-03"),
            ("talks month June 2025", 13, "write 2025-06"),
            ("ceasefire date May 10", 16, "write YYYY-MM-DD"),
            ("ceasefire date 25/05/2025", 16, "write YYYY-MM-DD"),
            ("crowd size 12,500", 12, "write 12500"),
            ("deal cost $5", 11, "a currency sign"),
            ("deal cost 5€", 11, "a currency sign"),
            ("vote share 21.5 percent", 12, "write 21.5%"),
        ];
        for (text, column, label) in cases {
            let (found, _, said) = hint(text).unwrap_or_else(|| panic!("{text}: no hint"));
            assert_eq!((found, said.as_str()), (column, label), "{text}");
        }
        let (_, message, _) = hint("d date 10/05/2025").unwrap();
        assert!(
            message.contains("`2025-05-10` if the day comes first, `2025-10-05` if the month does"),
            "{message}"
        );
        let (_, message, _) = hint("d date 25/05/2025").unwrap();
        assert!(message.contains("here `2025-05-25`"), "{message}");
    }

    /// Prose inside a string, a comment or a list is left alone, and so are
    /// words that only look like part of a date.
    #[test]
    fn strings_comments_lists_and_plain_words_are_not_prose_values() {
        for text in [
            "talks date \"May 10, 2025\"",
            "talks date 2025-05-10 # May 10, 2025",
            "team members [1,000, 2]",
            "Mayor Smith term 4",
            "march route Paris",
            "x y 2025-05",
            "x y 1.5",
        ] {
            assert_eq!(hint(text), None, "{text}");
        }
    }
}
