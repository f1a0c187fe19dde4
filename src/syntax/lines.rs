//! Splitting a file into lines and turning positions within a line into
//! file-wide spans with character columns.

use std::cell::OnceCell;

use super::ast::Span;

/// The lines of a file; `\n` and `\r\n` both end a line.
pub struct Lines<'a> {
    text: &'a str,
    offset: usize,
    number: u32,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        Lines {
            text,
            offset: 0,
            number: 0,
        }
    }

    /// The lines from the one starting at byte `offset`, numbered from
    /// `number` (which must be that line's number in the file).
    pub fn from_line(text: &'a str, offset: usize, number: u32) -> Self {
        Lines {
            text,
            offset,
            number: number - 1,
        }
    }
}

impl<'a> Lines<'a> {
    /// The next line's text (without its line ending), byte offset and
    /// number, without the [`LineCursor`] a parser needs: for a pass that
    /// looks at most lines only briefly.
    pub fn next_raw(&mut self) -> Option<(&'a str, usize, u32)> {
        if self.offset > self.text.len() || (self.offset == self.text.len() && self.number > 0) {
            return None;
        }
        let rest = &self.text[self.offset..];
        let (raw, advance) = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(end) => (&rest[..end], end + 1),
            None => (rest, rest.len() + 1),
        };
        let text = raw.strip_suffix('\r').unwrap_or(raw);
        self.number += 1;
        let line = (text, self.offset, self.number);
        self.offset += advance;
        Some(line)
    }
}

impl<'a> Iterator for Lines<'a> {
    type Item = LineCursor<'a>;

    fn next(&mut self) -> Option<LineCursor<'a>> {
        let (text, offset, number) = self.next_raw()?;
        Some(LineCursor::new(text, offset, number))
    }
}

/// How many statements a text can hold at most, to size lists once: one per
/// line, and no more than its shortest statement (`a b c`, five bytes)
/// allows. The second bound keeps a hostile file of empty lines from
/// reserving memory for millions of statements it does not have.
pub fn most_statements(text: &str) -> usize {
    let lines = memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1;
    lines.min(text.len() / 5 + 1)
}

/// One line of a file and where it stands.
pub struct LineCursor<'a> {
    pub text: &'a str,
    /// Byte offset of the line's first character in the file.
    pub offset: usize,
    pub number: u32,
    ascii: bool,
    /// For lines with non-ASCII text: the character column of every byte.
    columns: OnceCell<Vec<u32>>,
}

impl<'a> LineCursor<'a> {
    pub fn new(text: &'a str, offset: usize, number: u32) -> Self {
        LineCursor {
            text,
            offset,
            number,
            ascii: text.is_ascii(),
            columns: OnceCell::new(),
        }
    }

    /// The file-wide span of a pest pair parsed from this line.
    pub fn span(&self, pair: &pest::iterators::Pair<'_, impl pest::RuleType>) -> Span {
        let span = pair.as_span();
        self.span_of(span.start(), span.end())
    }

    /// The file-wide span of bytes `start..end` of this line.
    pub fn span_of(&self, start: usize, end: usize) -> Span {
        Span {
            start: self.offset + start,
            end: self.offset + end,
            line: self.number,
            column: self.column(start),
        }
    }

    /// 1-based character column of a byte position within the line. Long
    /// non-ASCII lines hold many tokens, so the columns are counted once;
    /// a short one is counted again for each token, which costs less than
    /// the table (an allocation per line with an accent).
    fn column(&self, byte: usize) -> u32 {
        const SHORT: usize = 256;
        if self.ascii {
            return byte as u32 + 1;
        }
        let byte = byte.min(self.text.len());
        if self.text.len() <= SHORT {
            let before = &self.text.as_bytes()[..byte];
            // Characters are the bytes that do not continue one (10xxxxxx).
            let characters = before.iter().filter(|&&b| b & 0xC0 != 0x80).count();
            return characters as u32 + 1;
        }
        let columns = self.columns.get_or_init(|| {
            let mut columns = vec![0u32; self.text.len() + 1];
            let mut count = 0;
            for (index, slot) in columns.iter_mut().enumerate() {
                *slot = count;
                if self.text.is_char_boundary(index) && index < self.text.len() {
                    count += 1;
                }
            }
            columns
        });
        columns[byte] + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_lf_and_crlf_and_keeps_offsets() {
        let lines: Vec<_> = Lines::new("a\r\nbc\nd")
            .map(|l| (l.text, l.offset, l.number))
            .collect();
        assert_eq!(lines, vec![("a", 0, 1), ("bc", 3, 2), ("d", 6, 3)]);
    }

    #[test]
    fn statements_are_bounded_by_lines_and_by_bytes() {
        assert_eq!(most_statements("a b c\nd e f\n"), 3);
        assert_eq!(most_statements("a b c"), 1);
        assert_eq!(most_statements(&"\n".repeat(1000)), 201);
    }

    #[test]
    fn a_trailing_newline_makes_no_extra_line() {
        assert_eq!(Lines::new("a\n").count(), 1);
        assert_eq!(Lines::new("").count(), 1);
    }

    #[test]
    fn columns_count_characters() {
        let line = LineCursor::new("Türkiye x", 0, 1);
        assert_eq!(line.span_of(9, 10).column, 9);
        assert_eq!(line.span_of(0, 1).column, 1);
    }
}
