//! The canonical layout: blank lines between sections, indentation inside
//! blocks, values and tail clauses aligned within a `from` section, trailing
//! comments aligned within a paragraph. Lines are never split, joined or
//! reordered, so every comment stays on the line it was written on.
//! Alignment is per paragraph (lines between blank lines) of a `from`
//! section, so a long fact only widens the facts next to it.

use unicode_width::UnicodeWidthStr;

use super::line::{Code, FormLine, Role};

const INDENT: &str = "  ";
/// A subject and attribute wider than this do not push the section's value
/// column further right: one long subject must not spread every line.
const VALUE_COLUMN_LIMIT: usize = 40;
/// Likewise for the `quote`/`as of` column and for trailing comments.
const TAIL_COLUMN_LIMIT: usize = 80;
const COMMENT_COLUMN_LIMIT: usize = 80;
/// The gap before a tail clause or comment that cannot be aligned.
const MIN_GAP: usize = 2;

/// One blank line between sections and blocks, none at the start or end of
/// the file or of a block, never two in a row.
pub(super) fn normalise_blank_lines(lines: Vec<FormLine>) -> Vec<FormLine> {
    let mut out: Vec<FormLine> = Vec::with_capacity(lines.len());
    for line in lines {
        match line.role {
            Role::Blank => {
                let after = out.last().map(|l| l.role);
                if !matches!(after, None | Some(Role::Blank | Role::BlockOpen)) {
                    out.push(line);
                }
                continue;
            }
            Role::BlockClose => {
                while out.last().is_some_and(|l| l.role == Role::Blank) {
                    out.pop();
                }
            }
            _ => {}
        }
        if out.last().is_some_and(|l| l.role == Role::BlockClose) {
            out.push(FormLine::blank());
        }
        if matches!(line.role, Role::From | Role::BlockOpen) {
            separate_from_above(&mut out);
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.role == Role::Blank) {
        out.pop();
    }
    out
}

/// Put a blank line above a section's start and the comments right above
/// it (they describe the section), unless it opens the file.
fn separate_from_above(out: &mut Vec<FormLine>) {
    let comments = out
        .iter()
        .rev()
        .take_while(|l| l.role == Role::Comment && !l.indented)
        .count();
    let above = out.len() - comments;
    if above > 0 && out[above - 1].role != Role::Blank {
        out.insert(above, FormLine::blank());
    }
}

/// Write the lines out, aligning facts per `from` section and trailing
/// comments per paragraph.
pub(super) fn render(lines: &[FormLine], newline: &str) -> String {
    let codes = aligned_code(lines);
    let comment_columns = comment_columns(lines, &codes);
    let mut out = String::new();
    for ((line, code), comment_column) in lines.iter().zip(&codes).zip(comment_columns) {
        let mut text = String::new();
        if line.indented {
            text.push_str(INDENT);
        }
        text.push_str(code);
        if let Some(comment) = &line.comment {
            if !code.is_empty() {
                pad_to(&mut text, comment_column, MIN_GAP);
            }
            text.push_str(comment);
        }
        out.push_str(&text);
        out.push_str(newline);
    }
    out
}

/// Each line's code with its facts aligned, paragraph by paragraph of each
/// `from` section: a blank line or a `from` starts a new alignment, so an
/// edit realigns only the facts around it.
fn aligned_code(lines: &[FormLine]) -> Vec<String> {
    let mut codes: Vec<String> = lines
        .iter()
        .map(|line| match &line.code {
            Code::Other(text) => text.clone(),
            _ => String::new(),
        })
        .collect();
    let mut start = 0;
    while start < lines.len() {
        let end = (start + 1..lines.len())
            .find(|&i| matches!(lines[i].role, Role::From | Role::Blank))
            .unwrap_or(lines.len());
        align_section(&lines[start..end], &mut codes[start..end]);
        start = end;
    }
    codes
}

/// Within one paragraph: every value starts in one column, and every tail
/// clause in another, except on lines too wide to take part.
fn align_section(lines: &[FormLine], codes: &mut [String]) {
    let facts: Vec<(usize, &str, &str, &str)> = lines
        .iter()
        .enumerate()
        .filter_map(|(index, line)| match &line.code {
            Code::Fact { head, value, tail } => {
                Some((index, head.as_str(), value.as_str(), tail.as_str()))
            }
            _ => None,
        })
        .collect();
    let value_column = column(facts.iter().map(|f| f.1.width() + 1), VALUE_COLUMN_LIMIT);
    for &(index, head, value, _) in &facts {
        let mut text = head.to_string();
        pad_to(&mut text, value_column, 1);
        text.push_str(value);
        codes[index] = text;
    }
    let tail_column = column(
        facts
            .iter()
            .filter(|f| !f.3.is_empty())
            .map(|f| codes[f.0].width() + MIN_GAP),
        TAIL_COLUMN_LIMIT,
    );
    for &(index, _, _, tail) in facts.iter().filter(|f| !f.3.is_empty()) {
        pad_to(&mut codes[index], tail_column, MIN_GAP);
        codes[index].push_str(tail);
    }
}

/// For each line, the column its trailing comment starts in: the widest
/// commented code of its paragraph (a run of non-blank lines), plus a gap.
fn comment_columns(lines: &[FormLine], codes: &[String]) -> Vec<usize> {
    let width = |index: usize| {
        codes[index].width()
            + if lines[index].indented {
                INDENT.len()
            } else {
                0
            }
    };
    let mut columns = vec![0; lines.len()];
    let mut start = 0;
    while start < lines.len() {
        let end = (start..lines.len())
            .find(|&i| lines[i].role == Role::Blank)
            .unwrap_or(lines.len());
        let commented = (start..end)
            .filter(|&i| lines[i].comment.is_some() && !codes[i].is_empty())
            .map(|i| width(i) + MIN_GAP);
        let paragraph_column = column(commented, COMMENT_COLUMN_LIMIT);
        columns[start..end].fill(paragraph_column);
        start = end + 1;
    }
    columns
}

/// The widest of `widths` that does not exceed `limit` (0 if none).
fn column(widths: impl Iterator<Item = usize>, limit: usize) -> usize {
    widths.filter(|&w| w <= limit).max().unwrap_or(0)
}

/// Pad `text` with spaces up to display column `column`, or by `min_gap`
/// spaces when it already reaches it.
fn pad_to(text: &mut String, column: usize, min_gap: usize) {
    let width = text.width();
    let gap = if width + min_gap <= column {
        column - width
    } else {
        min_gap
    };
    text.extend(std::iter::repeat_n(' ', gap));
}
