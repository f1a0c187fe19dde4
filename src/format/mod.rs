//! `factcheck fmt`: one canonical layout for `.facts` and `.assert` files.
//!
//! The layout: two spaces of indentation inside blocks; one space between
//! terms (none inside brackets and parentheses, one after a comma); values
//! and tail clauses (`as of`, `quote`) aligned within a `from` section (per
//! paragraph: a blank line starts a new alignment);
//! trailing comments aligned within a paragraph; one blank line before each
//! section and block and after each block, never two in a row, none at the
//! start or end of the file. Nothing is reordered, lines are never split or
//! joined, and every comment stays where it was.
//!
//! Formatting works line by line over the grammar's own parse of each line
//! (the parser's entry rules, block by block), so tokens are copied as
//! written. A file with syntax errors is not formatted. Before the result is
//! returned it is parsed again and checked to hold the same statements and
//! comments: a layout bug can never change what a file says.

mod layout;
mod line;
pub mod meaning;

use crate::syntax::lines::Lines;
use crate::syntax::{self, SyntaxError};

use line::{read_line, Block};

/// Why a text was not formatted.
#[derive(Debug, Clone, PartialEq)]
pub enum FormatError {
    /// The text does not parse; it is left as it is.
    Syntax(Vec<SyntaxError>),
    /// The formatted text would not mean the same: a bug in the formatter,
    /// caught before anything is written.
    Changed(String),
}

const BOM: char = '\u{FEFF}';

/// The canonical layout of one file's text. A byte-order mark and the file's
/// line ending (`\n` or `\r\n`, as its first line ends) are kept.
pub fn format_text(text: &str) -> Result<String, FormatError> {
    let (bom, body) = match text.strip_prefix(BOM) {
        Some(rest) => (Some(BOM), rest),
        None => (None, text),
    };
    let before = syntax::parse(body);
    if !before.errors.is_empty() {
        return Err(FormatError::Syntax(before.errors));
    }
    let newline = match body.find('\n') {
        Some(end) if body[..end].ends_with('\r') => "\r\n",
        _ => "\n",
    };
    let mut lines = Vec::new();
    let mut block = Block::None;
    for cursor in Lines::new(body) {
        let (line, next) = read_line(cursor.text, block).ok_or_else(|| {
            FormatError::Changed(format!("line {} did not parse again", cursor.number))
        })?;
        lines.push(line);
        block = next;
    }
    let lines = layout::normalise_blank_lines(lines);
    let formatted = layout::render(&lines, newline);
    same_meaning(body, &before, &formatted)?;
    Ok(bom.into_iter().chain(formatted.chars()).collect())
}

fn same_meaning(
    body: &str,
    before: &syntax::ParsedFile,
    formatted: &str,
) -> Result<(), FormatError> {
    let after = syntax::parse(formatted);
    if !after.errors.is_empty() {
        return Err(FormatError::Changed(format!(
            "the formatted text does not parse: {}",
            after.errors[0].message
        )));
    }
    if meaning::meaning(before) != meaning::meaning(&after) {
        return Err(FormatError::Changed(
            "the formatted text holds different statements".to_string(),
        ));
    }
    if meaning::comments(body) != meaning::comments(formatted) {
        return Err(FormatError::Changed(
            "the formatted text holds different comments".to_string(),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
