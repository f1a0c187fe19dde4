//! Reading a file's bytes into text: UTF-8 only, a byte-order mark ignored.

/// Why a file's bytes are not text, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotText {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// The file's text without a leading byte-order mark.
pub fn decode(bytes: Vec<u8>) -> Result<String, NotText> {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        let prefix = std::str::from_utf8(&bytes[..valid]).expect("valid prefix");
        let line_start = prefix.rfind('\n').map_or(0, |i| i + 1);
        NotText {
            line: prefix.matches('\n').count() as u32 + 1,
            column: prefix[line_start..].chars().count() as u32 + 1,
            message: format!(
                "this file is not UTF-8 text: byte 0x{:02X} cannot start a character; save the file as UTF-8",
                bytes[valid]
            ),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_dropped() {
        assert_eq!(decode(b"\xEF\xBB\xBFa b c".to_vec()).unwrap(), "a b c");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let error = decode(b"ok\nab\xFFc".to_vec()).unwrap_err();
        assert_eq!((error.line, error.column), (2, 3));
    }
}
