//! The checker's messages mark paths as code with backticks (`` `delegation
//! Bilawal size` ``) for terminals and Markdown. Reports turn those marks
//! into code spans (HTML, Markdown) or drop them (ClaimReview's plain text),
//! but a backtick inside a quoted value (`"the `beta` build"`) is the
//! value's own character and must survive as written.

/// A message as pieces of plain text and of code, in order; `(true, …)` is
/// code. Backticks inside a double-quoted string are text. A message whose
/// marks do not pair up is one piece of plain text, backticks included.
pub(super) fn code_spans(text: &str) -> Vec<(bool, &str)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    let mut in_string = false;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '`' if !in_string => {
                pieces.push((in_code, &text[start..at]));
                start = at + 1;
                in_code = !in_code;
            }
            _ => {}
        }
    }
    if in_code {
        return vec![(false, text)];
    }
    pieces.push((false, &text[start..]));
    pieces.retain(|(code, piece)| *code || !piece.is_empty());
    pieces
}

/// The message as plain text: its code marks dropped, values kept whole.
pub(super) fn without_marks(text: &str) -> String {
    code_spans(text)
        .into_iter()
        .map(|(_, piece)| piece)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_around_paths_are_code_and_backticks_in_values_are_text() {
        let message = "`release name` (\"the `beta` build\") == \"a\\\"`b\" holds";
        assert_eq!(
            code_spans(message),
            vec![
                (true, "release name"),
                (false, " (\"the `beta` build\") == \"a\\\"`b\" holds"),
            ]
        );
        assert_eq!(
            without_marks(message),
            "release name (\"the `beta` build\") == \"a\\\"`b\" holds"
        );
    }

    #[test]
    fn unpaired_marks_leave_the_message_as_it_is() {
        assert_eq!(code_spans("a ` b"), vec![(false, "a ` b")]);
        assert_eq!(without_marks("a ` b"), "a ` b");
        assert_eq!(code_spans("`a` and `b`").len(), 3);
    }
}
