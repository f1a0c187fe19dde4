//! Positions as editors count them: LSP lines and UTF-16 code-unit columns,
//! against our byte offsets; and `file://` URIs against paths.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, Range, Uri};

/// Where each line of a text starts, to turn byte offsets into LSP
/// positions and back.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The LSP position of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let character = self.text[self.starts[line]..offset]
            .chars()
            .map(char::len_utf16)
            .sum::<usize>();
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, start: usize, end: usize) -> Range {
        Range::new(self.position(start), self.position(end))
    }

    /// The byte offset of an LSP position; a column past the end of its
    /// line means the line's end (before `\r\n`).
    pub fn offset(&self, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return self.text.len();
        };
        let line = &self.text[start..];
        let line = &line[..line.find('\n').unwrap_or(line.len())];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0;
        for (index, c) in line.char_indices() {
            if units >= position.character as usize {
                return start + index;
            }
            units += c.len_utf16();
        }
        start + line.len()
    }

    /// The range of the whole text.
    pub fn whole(&self) -> Range {
        self.range(0, self.text.len())
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The path of a `file://` URI, percent-decoded; `None` for other schemes.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    // `file:///path` has an empty host; `file://localhost/path` names it.
    let path = rest.strip_prefix("localhost").unwrap_or(rest);
    let bytes = percent_decode(path)?;
    Some(PathBuf::from(String::from_utf8(bytes).ok()?))
}

/// The `file://` URI of an absolute path, with everything but unreserved
/// characters and `/` percent-encoded.
pub fn path_to_uri(path: &Path) -> Uri {
    let mut encoded = String::from("file://");
    for byte in path.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            encoded.push(byte as char);
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    Uri::from_str(&encoded).expect("a percent-encoded file URI is valid")
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = text.get(index + 1..index + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            index += 3;
        } else {
            out.push(bytes[index]);
            index += 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_code_units() {
        // `ü` is one UTF-16 unit (two bytes), `𝔸` two units (four bytes).
        let text = "x y\r\nTürkiye 𝔸 size 9\n";
        let index = LineIndex::new(text);
        let size = text.find("size").unwrap();
        assert_eq!(index.position(size), Position::new(1, 11));
        assert_eq!(index.offset(Position::new(1, 11)), size);
        assert_eq!(
            index.offset(Position::new(0, 99)),
            3,
            "end of line, before \\r\\n"
        );
        assert_eq!(index.position(text.len()), Position::new(2, 0));
        assert_eq!(index.offset(Position::new(7, 0)), text.len());
    }

    #[test]
    fn uris_and_paths_round_trip() {
        let path = Path::new("/tmp/fact base/Türkiye#1.facts");
        let uri = path_to_uri(path);
        assert_eq!(
            uri.as_str(),
            "file:///tmp/fact%20base/T%C3%BCrkiye%231.facts"
        );
        assert_eq!(uri_to_path(&uri).unwrap(), path);
        let other = Uri::from_str("untitled:Untitled-1").unwrap();
        assert_eq!(uri_to_path(&other), None);
    }
}
