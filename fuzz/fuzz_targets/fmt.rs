//! Arbitrary text → `factcheck fmt`. The formatter must never panic, and
//! whatever it formats must round-trip: the result parses, means the same
//! (the formatter's own check, which reports `Changed` instead of writing),
//! and formatting it again changes nothing.
#![no_main]

use factcheck::format::{format_text, FormatError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match format_text(text) {
        Ok(formatted) => {
            let body = formatted.strip_prefix('\u{FEFF}').unwrap_or(&formatted);
            let parsed = factcheck::syntax::parse(body);
            assert!(parsed.errors.is_empty(), "formatted text parses");
            assert_eq!(
                format_text(&formatted).as_ref(),
                Ok(&formatted),
                "formatting is idempotent"
            );
        }
        Err(FormatError::Syntax(errors)) => assert!(!errors.is_empty()),
        Err(FormatError::Changed(why)) => panic!("formatting changed the meaning: {why}"),
    }
});
