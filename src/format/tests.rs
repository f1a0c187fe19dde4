use super::*;

fn fmt(text: &str) -> String {
    format_text(text).unwrap_or_else(|error| panic!("{text:?}: {error:?}"))
}

#[test]
fn facts_align_values_and_quotes_within_a_section() {
    let text = "\
source s {title \"T\"}
from s
delegation Bilawal size 9 quote \"nine\"
ceasefire date   2025-05-10
\"Asim Munir\"  office \"Chief of Army Staff\"  as of 2025-06
from s
x y 1   quote \"q\"
";
    assert_eq!(
        fmt(text),
        "\
source s { title \"T\" }

from s
delegation Bilawal size 9                      quote \"nine\"
ceasefire date          2025-05-10
\"Asim Munir\" office     \"Chief of Army Staff\"  as of 2025-06

from s
x y 1  quote \"q\"
"
    );
}

#[test]
fn a_blank_line_starts_a_new_alignment() {
    let text = "from s\na b 1 quote \"x\"\nlong subject here attr 2\n\nx y 3 quote \"y\"\n";
    assert_eq!(
        fmt(text),
        "from s\na b                    1  quote \"x\"\nlong subject here attr 2\n\nx y 3  quote \"y\"\n"
    );
}

#[test]
fn a_very_long_subject_does_not_move_the_section_columns() {
    let long = "\"a subject far too long to set the column for everyone\"";
    let text = format!("from s\n{long} size 1\nx y 2\nxx yy 3\n");
    assert_eq!(
        fmt(&text),
        format!("from s\n{long} size 1\nx y   2\nxx yy 3\n")
    );
}

#[test]
fn blocks_are_indented_and_set_apart() {
    let text = "\
# header
source s {
\ttitle   \"T\"

    published 2025-06  # when
}
from s
x y 1
check \"c\" {
assert x y == 1
  # why
assert   count( x y )>=1 }
assert x y corroborated   by 2
";
    assert_eq!(
        fmt(text),
        "\
# header
source s {
  title \"T\"

  published 2025-06  # when
}

from s
x y 1

check \"c\" {
  assert x y == 1
  # why
  assert count(x y) >= 1 }

assert x y corroborated by 2
"
    );
}

#[test]
fn comments_above_a_section_stay_with_it() {
    let text = "from a\nx y 1\n# about b\n# more\nfrom b\n\n\n\nz w 2\n\n";
    assert_eq!(
        fmt(text),
        "from a\nx y 1\n\n# about b\n# more\nfrom b\n\nz w 2\n"
    );
}

#[test]
fn trailing_comments_align_within_a_paragraph() {
    let text = "alias a = b # one\nattribute size number    # two\n\nassert a b == 1 # three\n";
    assert_eq!(
        fmt(text),
        "alias a = b            # one\nattribute size number  # two\n\nassert a b == 1  # three\n"
    );
}

#[test]
fn line_endings_and_byte_order_mark_are_kept() {
    assert_eq!(
        fmt("\u{FEFF}from s\r\nx  y 1\r\n"),
        "\u{FEFF}from s\r\nx y 1\r\n"
    );
    assert_eq!(fmt(""), "");
    assert_eq!(fmt("\n\n"), "");
}

#[test]
fn wide_characters_align_by_display_width() {
    let text = "from s\n東京 population 1\nParis population 2\n";
    assert_eq!(
        fmt(text),
        "from s\n東京 population  1\nParis population 2\n"
    );
}

#[test]
fn a_file_with_syntax_errors_is_not_formatted() {
    match format_text("from s\nx y\n") {
        Err(FormatError::Syntax(errors)) => assert_eq!(errors[0].span.line, 2),
        other => panic!("{other:?}"),
    }
}

#[test]
fn formatting_is_idempotent_on_the_examples() {
    for text in [
        "source s {\n title \"T\" file \"f\" }\nfrom s\nx y 1 # c\n",
        "check \"c\" { assert a b == 1 }\n\n\n# end\n",
    ] {
        let once = fmt(text);
        assert_eq!(fmt(&once), once);
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Space between tokens as people type it.
    fn gap() -> impl Strategy<Value = String> {
        prop_oneof![Just(" "), Just("  "), Just("\t"), Just("   \t ")].prop_map(String::from)
    }

    fn comment() -> impl Strategy<Value = String> {
        prop_oneof![
            3 => Just(String::new()),
            1 => "[ -~äß’#\"]{0,12}".prop_map(|text| format!("# {text}")),
        ]
    }

    fn word() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("delegation"),
            Just("Bilawal"),
            Just("Türkiye"),
            Just("S-400"),
            Just("quote"),
            Just("as"),
            Just("of"),
            Just("東京"),
        ]
        .prop_map(String::from)
    }

    fn value() -> impl Strategy<Value = String> {
        prop_oneof![
            word(),
            Just("\"a # not a comment\"".to_string()),
            Just("\"say \\\"hi\\\"\"".to_string()),
            Just("9".to_string()),
            Just("21.5%".to_string()),
            Just("2025-06-02..2025-06-04".to_string()),
            Just("at  least\t26".to_string()),
            Just("[ a ,\"b c\",2025-01 ]".to_string()),
            Just("including[]".to_string()),
        ]
    }

    fn fact() -> impl Strategy<Value = String> {
        (
            prop::collection::vec(word(), 1..4),
            word(),
            value(),
            prop::option::of(Just("quote \"q\"")),
            prop::option::of(Just("as of 2025-06")),
            gap(),
        )
            .prop_map(|(subject, attribute, value, quote, as_of, gap)| {
                let mut parts = subject;
                parts.extend([attribute, value]);
                parts.extend(quote.map(String::from));
                parts.extend(as_of.map(String::from));
                parts.join(&gap)
            })
    }

    fn statement() -> impl Strategy<Value = Vec<String>> {
        prop_oneof![
            4 => fact().prop_map(|f| vec![f]),
            2 => (1..3u8).prop_map(|n| vec![format!("from s{n}")]),
            1 => Just(vec!["source s1 {".into(), "  title \"T\"  published 2025-06".into(), "}".into()]),
            1 => Just(vec!["source s2 { file \"f.txt\" }".into()]),
            1 => Just(vec!["check \"c\" {".into(), "assert count( a b )>= 2".into(), "".into(), "assert a  b corroborated by 2 }".into()]),
            1 => Just(vec!["alias Jallil = \"Jalil\"".into(), "attribute size number many".into()]),
            1 => Just(vec!["assert weekday(a b)== Friday".into(), "accept a b because \"why\"".into()]),
            2 => Just(vec![String::new()]),
        ]
    }

    /// A valid file: statements with random spacing, indentation and
    /// comments, and `\n` or `\r\n` line ends.
    fn file() -> impl Strategy<Value = String> {
        (
            prop::collection::vec((statement(), comment(), gap(), any::<bool>()), 0..14),
            any::<bool>(),
        )
            .prop_map(|(statements, crlf)| {
                let mut lines = Vec::new();
                for (group, comment, gap, indent) in statements {
                    for line in group {
                        let lead = if indent { gap.as_str() } else { "" };
                        let tail = if comment.is_empty() {
                            String::new()
                        } else {
                            format!("{gap}{comment}")
                        };
                        lines.push(format!("{lead}{line}{tail}"));
                    }
                }
                lines.join(if crlf { "\r\n" } else { "\n" })
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// fmt never changes what a file says, keeps its comments, and a
        /// second run changes nothing.
        #[test]
        fn fmt_keeps_meaning_and_is_idempotent(text in file()) {
            let before = syntax::parse(&text);
            prop_assume!(before.errors.is_empty());
            let once = fmt(&text);
            let after = syntax::parse(&once);
            prop_assert!(after.errors.is_empty());
            prop_assert_eq!(meaning::meaning(&before), meaning::meaning(&after));
            prop_assert_eq!(before.statements.len(), after.statements.len());
            prop_assert_eq!(meaning::comments(&text), meaning::comments(&once));
            prop_assert_eq!(fmt(&once), once);
        }
    }
}
