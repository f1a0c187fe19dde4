use super::*;

fn statements(text: &str) -> Vec<Statement> {
    let parsed = parse(text);
    assert!(parsed.errors.is_empty(), "{text:?}: {:?}", parsed.errors);
    parsed.statements
}

fn only_fact(text: &str) -> Fact {
    match statements(text).remove(0) {
        Statement::Fact(fact) => fact,
        other => panic!("not a fact: {other:?}"),
    }
}

fn errors(text: &str) -> Vec<(u32, u32)> {
    parse(text)
        .errors
        .iter()
        .map(|e| (e.span.line, e.span.column))
        .collect()
}

#[test]
fn a_fact_splits_into_subject_attribute_and_value() {
    let fact = only_fact("delegation \"Bilawal\" size 9 quote \"nine members\" as of 2025-06");
    assert_eq!(fact.subject.text, "delegation Bilawal");
    assert_eq!(fact.attribute.text, "size");
    assert_eq!(fact.value.kind, TermKind::Number("9".into()));
    assert_eq!(fact.quote.unwrap().0, "nine members");
    assert_eq!(fact.as_of.unwrap().0.to_string(), "2025-06");
}

#[test]
fn tail_clauses_come_in_any_order_once_each() {
    let fact = only_fact("a b c as of 2025-05-01 quote \"q\"");
    assert!(fact.quote.is_some() && fact.as_of.is_some());
    assert_eq!(errors("a b c quote \"q\" quote \"r\""), [(1, 17)]);
}

#[test]
fn tail_words_are_plain_words_elsewhere() {
    let fact = only_fact("famous quote text as");
    assert_eq!(fact.subject.text, "famous quote");
    assert_eq!(fact.value.kind, TermKind::Word("as".into()));
    let fact = only_fact("\"source\" from list [quote, \"as\", of]");
    assert_eq!(
        (fact.subject.text.as_str(), fact.attribute.text.as_str()),
        ("source from", "list")
    );
}

#[test]
fn a_statement_keyword_first_is_never_a_fact() {
    assert_eq!(errors("source reliability high"), [(1, 20)]);
    assert_eq!(errors("check status done"), [(1, 7)]);
}

#[test]
fn values_of_every_kind_parse() {
    for value in [
        "9",
        "-3.25",
        "21.5%",
        "1_000",
        "068",
        "2025-05-10",
        "2025-06",
        "8..10",
        "2025-06-02..2025-06-04",
        "at least 26",
        "at most 2025-06",
        "[]",
        "[a, \"b c\", 3, 2025-01]",
        "including [\"Sherry Rehman\"]",
        "Moscow",
        "\"S-400\"",
    ] {
        let line = format!("x y {value}");
        let span = only_fact(&line).value.span;
        assert_eq!(&line[span.start..span.end], value);
    }
}

#[test]
fn glued_tokens_are_errors_at_the_token() {
    assert_eq!(errors("x y 9members"), [(1, 5)]);
    assert_eq!(errors("x y 2025-5-1"), [(1, 5)]);
    assert_eq!(errors("x y \"a\"b"), [(1, 5)]);
    assert_eq!(errors("x y 1__000"), [(1, 5)]);
    assert_eq!(errors("x y 9.x"), [(1, 5)]);
}

/// A source key glued to its value is a syntax error as in a fact (SPEC §7),
/// never a key and a string.
#[test]
fn glued_source_keys_are_errors_at_the_key() {
    assert_eq!(errors("source s1 { title\"Glued\" }"), [(1, 13)]);
    assert_eq!(
        errors("source s1 {\n  url\"u\" publisher \"P\"\n}"),
        [(2, 3)]
    );
}

/// A quote inside a string written without `\` ends the string: the error
/// is at that `"`, and says to escape it; curly quotes as a string's are
/// an error at the would-be string.
#[test]
fn quotes_inside_strings_and_curly_quotes_are_pointed_at() {
    let first = |text: &str| parse(text).errors.remove(0);
    let inner = first("x y \"calling them \"fake reports\"\"");
    assert_eq!(inner.span.column, 19);
    assert!(inner.message.contains("write `\\\"`"), "{}", inner.message);
    let curly = first("x y “Bilawal”");
    assert_eq!(curly.span.column, 5);
    assert!(
        curly.message.contains("straight double quotes"),
        "{}",
        curly.message
    );
}

#[test]
fn a_fact_needs_three_terms_and_a_word_attribute() {
    assert_eq!(errors("x y"), [(1, 4)]);
    assert_eq!(errors("x 5 6"), [(1, 3)]);
    assert_eq!(errors("[a] y 6"), [(1, 1)]);
}

#[test]
fn source_blocks_take_known_keys_once() {
    let source =
        match statements("source s1 {\n title \"T\" url \"u\"\n published 2025-06\n}").remove(0) {
            Statement::Source(source) => source,
            other => panic!("{other:?}"),
        };
    assert_eq!(
        (source.title.as_deref(), source.url.as_deref()),
        (Some("T"), Some("u"))
    );
    assert_eq!(source.published.unwrap().to_string(), "2025-06");
    assert_eq!(errors("source s1 {\n author \"x\"\n}"), [(2, 2)]);
    assert_eq!(errors("source s1 { title \"a\" title \"b\" }"), [(1, 23)]);
    assert_eq!(errors("source s1 { title x }"), [(1, 19)]);
}

#[test]
fn one_line_blocks_open_and_close() {
    let parsed =
        statements("source s1 { title \"T\" }\ncheck \"c\" { assert a b == 1 }\nassert a b == 2");
    let checks: Vec<Option<String>> = parsed
        .iter()
        .filter_map(|s| match s {
            Statement::Assert(a) => Some(a.check.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(checks, [Some("c".to_string()), None]);
}

#[test]
fn an_unclosed_block_is_one_error_and_the_file_goes_on() {
    let parsed = parse("check \"c\" {\n assert a b == 1\nfrom s1\nx y 1\n");
    assert_eq!(parsed.errors.len(), 1);
    assert_eq!(
        (parsed.errors[0].span.line, parsed.errors[0].span.column),
        (1, 11)
    );
    assert!(parsed
        .statements
        .iter()
        .any(|s| matches!(s, Statement::Fact(_))));
}

#[test]
fn assertions_keep_their_text_and_shape() {
    let statements = statements("assert count(a b c) >= 2 # comment\nassert x y corroborated by 3\nassert weekday(d e) == Friday");
    let Statement::Assert(first) = &statements[0] else {
        panic!()
    };
    assert_eq!(first.text, "count(a b c) >= 2");
    assert!(
        matches!(&first.test, Test::Compare { left: Operand::Count(p), op: CompareOp::Ge, .. } if p.subject.text == "a b")
    );
    let Statement::Assert(second) = &statements[1] else {
        panic!()
    };
    assert!(matches!(second.test, Test::Corroborated { sources: 3, .. }));
    let Statement::Assert(third) = &statements[2] else {
        panic!()
    };
    assert!(matches!(
        &third.test,
        Test::Compare {
            left: Operand::Weekday(_),
            right: Operand::Literal(_),
            ..
        }
    ));
}

/// SPEC §3 reserves keywords only where the grammar expects them: right of
/// the operator no operator can follow, so `contains` and `corroborated`
/// are values there.
#[test]
fn operator_words_are_plain_words_right_of_the_operator() {
    let statements = statements(
        "assert x y == contains\nassert deal terms contains corroborated\nassert a b != contains corroborated",
    );
    let literal = |statement: &Statement| match statement {
        Statement::Assert(Assertion {
            test:
                Test::Compare {
                    right: Operand::Literal(term),
                    ..
                },
            ..
        }) => term.as_name().map(str::to_string),
        _ => None,
    };
    assert_eq!(literal(&statements[0]).as_deref(), Some("contains"));
    assert_eq!(literal(&statements[1]).as_deref(), Some("corroborated"));
    let Statement::Assert(third) = &statements[2] else {
        panic!()
    };
    assert!(
        matches!(&third.test, Test::Compare { right: Operand::Path(path), op: CompareOp::Ne, .. } if path.subject.text == "contains" && path.attribute.text == "corroborated")
    );
}

#[test]
fn accepts_and_aliases_parse() {
    let statements = statements("accept India strikes date because \"two accounts\"\nalias Jallil Abbas Jilani = \"Jalil Abbas Jilani\"");
    let Statement::Accept(accept) = &statements[0] else {
        panic!()
    };
    assert_eq!(
        (
            accept.path.subject.text.as_str(),
            accept.path.attribute.text.as_str()
        ),
        ("India strikes", "date")
    );
    let Statement::Alias(alias) = &statements[1] else {
        panic!()
    };
    assert_eq!(alias.variant.text, "Jallil Abbas Jilani");
}

#[test]
fn columns_count_characters_not_bytes() {
    assert_eq!(errors("Türkiye ünion 9x"), [(1, 15)]);
}

#[test]
fn every_line_with_an_error_is_reported() {
    assert_eq!(
        errors("x y\nok ok ok\nx y [\n\"open"),
        [(1, 4), (3, 6), (4, 1)]
    );
}

#[test]
fn every_error_on_a_line_is_reported() {
    // SPEC §6: all load errors, not only the first, so two bad dates in
    // one fact and two bad entries in one source block are two errors each.
    assert_eq!(
        errors("a b 2025-02-30 as of 2025-13\nsource w { title \"a\" colour \"r\" title \"b\" }"),
        [(1, 5), (1, 22), (2, 22), (2, 33)]
    );
    // Each element of a list, each end of a range, each side of an assertion.
    assert_eq!(
        errors("a c [2025-02-30, x, 2025-13]\nassert 2025-02-31..2025-13 == [2025-00]"),
        [(1, 6), (1, 21), (2, 8), (2, 20), (2, 32)]
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn fragment() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("source s1 {".to_string()),
            Just("}".to_string()),
            Just("from s1".to_string()),
            Just("check \"c\" {".to_string()),
            Just("assert a b == 1".to_string()),
            Just("x y [a, \"b\"]".to_string()),
            Just("x y 2025-05..2025-06 quote \"q\"".to_string()),
            Just("a quote \"q\" as of".to_string()),
            Just("x y 1 as of # c".to_string()),
            Just("x y 1 as of 2025-06..".to_string()),
            Just("y v at least 8..-1%".to_string()),
            Just("z v [ä,1..2".to_string()),
            "[ -~\\n\"\\[\\]{}#äß’\u{301}\u{200D}]{0,40}",
        ]
    }

    proptest! {
        /// Any text parses to statements and located errors, never a panic,
        /// and every error lies inside the text on the line it names.
        #[test]
        fn parsing_never_panics_and_errors_are_in_bounds(parts in prop::collection::vec(fragment(), 0..12)) {
            let text = parts.join("\n");
            let parsed = parse(&text);
            let lines = text.split('\n').count() as u32;
            for error in parsed.errors {
                prop_assert!(error.span.end <= text.len());
                prop_assert!(error.span.line >= 1 && error.span.line <= lines);
                let line_start = text[..error.span.start].rfind('\n').map_or(0, |i| i + 1);
                prop_assert_eq!(text[..line_start].matches('\n').count() as u32 + 1, error.span.line);
                prop_assert_eq!(text[line_start..error.span.start].chars().count() as u32 + 1, error.span.column);
            }
        }
    }
}

#[test]
fn a_corroboration_count_is_one_or_more_and_may_be_huge() {
    let statements = statements("assert x y corroborated by 99999999999");
    let Statement::Assert(huge) = &statements[0] else {
        panic!()
    };
    assert!(matches!(
        huge.test,
        Test::Corroborated {
            sources: u32::MAX,
            ..
        }
    ));
    assert_eq!(errors("assert x y corroborated by 0"), vec![(1, 28)]);
    assert_eq!(errors("assert x y corroborated by 000"), vec![(1, 28)]);
}

/// SPEC §2–3: N in `corroborated by N` is a number, so `_` may group its
/// digits and a whole decimal counts; a fraction of a source does not.
#[test]
fn a_corroboration_count_is_a_number_that_is_whole() {
    let sources = |text: &str| match &statements(text)[0] {
        Statement::Assert(Assertion {
            test: Test::Corroborated { sources, .. },
            ..
        }) => *sources,
        other => panic!("not a corroboration: {other:?}"),
    };
    assert_eq!(sources("assert a b corroborated by 1_000"), 1000);
    assert_eq!(sources("assert a b corroborated by 2.0"), 2);
    assert_eq!(sources("assert a b corroborated"), 2);
    let parsed = parse("assert a b corroborated by 2.5");
    assert_eq!(parsed.errors.len(), 1);
    assert!(
        parsed.errors[0].message.contains("whole number"),
        "{:?}",
        parsed.errors
    );
}

/// A valid number where none may stand is out of place, not "not a number".
#[test]
fn a_number_in_the_wrong_place_is_not_called_malformed() {
    for text in ["assert a b corroborated 2", "alias 5 = b"] {
        let parsed = parse(text);
        assert_eq!(parsed.errors.len(), 1, "{text}");
        let message = &parsed.errors[0].message;
        assert!(!message.contains("is not a number"), "{text}: {message}");
    }
    let glued = parse("a b 9members");
    assert!(glued.errors[0]
        .message
        .contains("`9members` is not a number"));
}

/// SPEC §1: an error is located at the offending token. An unquoted reason
/// is that token, not the end of the line.
#[test]
fn an_unquoted_reason_is_pointed_at() {
    assert_eq!(errors("accept a b because reason"), [(1, 20)]);
    let parsed = parse("accept a b because two accounts");
    assert!(
        parsed.errors[0].message.contains("\"string\""),
        "{:?}",
        parsed.errors
    );
    assert_eq!(errors("accept a b because \"fine\""), []);
}

/// Where an id or a name must stand, the error says so rather than offer
/// "a value (a word, \"string\", …)", which would invite the quotes it
/// refuses.
#[test]
fn a_missing_or_quoted_id_is_asked_for_as_an_id() {
    let message = |text: &str| parse(text).errors[0].message.clone();
    assert_eq!(
        message("source \"s8\" { }"),
        "expected a source id (one word, no quotes), found `\"s8\"`"
    );
    assert_eq!(
        message("from"),
        "expected a source id (one word, no quotes), found the end of the line"
    );
    assert_eq!(
        message("check {"),
        "expected the check's name, a \"string\", found `{`"
    );
    assert_eq!(
        message("attribute \"y\" number"),
        "expected an attribute name (one word, no quotes), found `\"y\"`"
    );
}

/// A `source` line whose entries do not parse still declares its source:
/// the error is reported once, not again at every `from` naming it.
#[test]
fn a_source_line_with_a_bad_entry_still_declares_its_source() {
    let declared = |text: &str| {
        let parsed = parse(text);
        let ids: Vec<String> = parsed
            .statements
            .iter()
            .filter_map(|s| match s {
                Statement::Source(decl) => Some(decl.id.clone()),
                _ => None,
            })
            .collect();
        (ids, parsed.errors.len())
    };
    let one_line = "source s1 { title \"T\" bogus }\nfrom s1\na b 1\n";
    assert_eq!(declared(one_line), (vec!["s1".to_string()], 1));
    let open = "source s1 { title \"T\" bogus\n  url \"u\"\n}\nfrom s1\n";
    assert_eq!(
        declared(open),
        (vec!["s1".to_string()], 1),
        "the block goes on"
    );
    let brace_in_string = "source s1 { title \"}\" bogus\n}\nfrom s1\n";
    assert_eq!(declared(brace_in_string), (vec!["s1".to_string()], 1));
    let base = crate::load::load_texts(&[("a.facts".to_string(), one_line.to_string())]);
    assert_eq!(base.errors.len(), 1, "{:?}", base.errors);
}

/// SPEC §1: an error is at the offending token. A source block line of one
/// word is a key without its value, or no key: the error is at the word.
#[test]
fn a_lone_word_in_a_source_block_is_pointed_at() {
    assert_eq!(errors("source s1 {\n  bogus\n}\n"), [(2, 3)]);
    assert_eq!(errors("source s1 {\n  title  # later\n}\n"), [(2, 3)]);
    let message = |text: &str| parse(text).errors[0].message.clone();
    assert!(message("source s1 {\n  bogus\n}\n").starts_with("unknown source key `bogus`"));
    assert!(
        message("source s1 {\n  url\n}\n").starts_with("`url` needs its value on the same line")
    );
    assert!(message("source s1 {\n  published\n}\n").contains("a date such as 2025-06-02"));
}

/// A fact's tail (`quote "…"`, `as of`) written before its value: the error
/// is at the tail's keyword and says what is missing, never "the end of the
/// line" at the blank after it.
#[test]
fn a_tail_before_the_value_is_pointed_at_its_keyword() {
    let first = |text: &str| parse(text).errors[0].clone();
    let error = first("Sharif remark quote \"We will respond\"");
    assert_eq!((error.span.line, error.span.column), (1, 15));
    assert!(error.message.ends_with("the value is missing"), "{error:?}");
    assert_eq!(errors("x quote \"a\" v 1"), [(1, 3)]);
    assert_eq!(errors("quote \"a\" v 2"), [(1, 1)]);
    assert!(first("x as of 2025-05 v 1").message.contains("before `as`"));
    assert_eq!(
        errors("Sharif remark quote \"We will respond\" # c"),
        [(1, 15)]
    );
    assert_eq!(errors("x v 1 quote \"a\""), []);
    // Inside a block a line is no fact: its own error stands.
    let in_block = first("source s {\n  title \"A\" quote \"b\"\n}");
    assert!(
        in_block.message.starts_with("unknown source key `quote`"),
        "{in_block:?}"
    );
}

/// `as of` at the end of a line, with or without a comment after it, asks
/// for a date right after `of`.
#[test]
fn as_of_with_nothing_after_it_asks_for_a_date() {
    for text in ["x v 1 as of", "x v 1 as of   ", "x v 1 as of # later"] {
        let error = parse(text).errors[0].clone();
        assert!(
            error.message.starts_with("`as of` needs a date"),
            "{text}: {error:?}"
        );
        assert_eq!((error.span.line, error.span.column), (1, 12), "{text}");
    }
}

/// SPEC §1: an error is at the offending token, and a range is one token:
/// a range where one date or number must stand is reported at the whole
/// range, saying why, not at its `..`.
#[test]
fn a_range_where_one_value_must_stand_is_pointed_at_whole() {
    let cases = [
        (
            "x v 1 as of 2025-06..2025-07",
            13,
            "`as of` takes a single date",
        ),
        ("y v at least 8..10", 14, "`at least` and `at most`"),
        ("u v at most -5..-1%", 13, "`at least` and `at most`"),
        ("z v [1..2]", 6, "a list's items are single values"),
        (
            "w v [a, 2025-01..2025-02]",
            9,
            "a list's items are single values",
        ),
    ];
    for (text, column, says) in cases {
        let error = parse(text).errors[0].clone();
        assert_eq!((error.span.line, error.span.column), (1, column), "{text}");
        assert!(error.message.starts_with(says), "{text}: {error:?}");
        let range = text[column as usize - 1..].trim_end_matches(']');
        assert!(
            error.message.ends_with(&format!("`{range}`")),
            "{text}: {error:?}"
        );
    }
}

/// Left of the operator no operand comes before the first term, so an
/// operator word there begins a path (SPEC §3 reserves keywords only where
/// the grammar expects them), as it would begin a fact's subject.
#[test]
fn operator_words_begin_a_path_left_of_the_operator() {
    let statements = statements("assert contains v == 8\nassert corroborated v corroborated by 2");
    let Statement::Assert(first) = &statements[0] else {
        panic!()
    };
    assert!(
        matches!(&first.test, Test::Compare { left: Operand::Path(path), op: CompareOp::Eq, .. } if path.subject.text == "contains" && path.attribute.text == "v")
    );
    let Statement::Assert(second) = &statements[1] else {
        panic!()
    };
    assert!(
        matches!(&second.test, Test::Corroborated { operand: Operand::Path(path), sources: 2 } if path.subject.text == "corroborated")
    );
}

/// A statement that does not belong in a block closed after it is the
/// error, at its first word: the block is not taken for one left open, and
/// its entries and assertions around the line are kept.
#[test]
fn a_statement_inside_a_closed_block_is_the_error_at_its_line() {
    let text =
        "source s1 {\n  from s1\n  title \"A\"\n}\ncheck \"c\" {\n  x v 1\n  assert x v == 1\n}\n";
    let parsed = parse(text);
    let places: Vec<(u32, u32)> = parsed
        .errors
        .iter()
        .map(|e| (e.span.line, e.span.column))
        .collect();
    assert_eq!(places, [(2, 3), (6, 3)], "{:?}", parsed.errors);
    assert!(parsed.errors[0]
        .message
        .contains("belong in a source block"));
    assert!(parsed.errors[1].message.contains("belong in a check block"));
    let Statement::Source(source) = &parsed.statements[0] else {
        panic!("{:?}", parsed.statements)
    };
    assert_eq!(source.title.as_deref(), Some("A"));
    assert!(
        matches!(&parsed.statements[1], Statement::Assert(a) if a.check.as_deref() == Some("c"))
    );
}

/// A block whose `}` never comes is reported once, at its `{`, and the
/// statements after it are read as they would be outside it; so is one
/// followed by another block's opening (blocks do not nest).
#[test]
fn a_block_left_open_is_reported_at_its_brace() {
    let open = "source s1 {\n  title \"A\"\nfrom s1\nx v 1\n";
    assert_eq!(errors(open), [(1, 11)]);
    assert!(matches!(
        parse(open).statements.last(),
        Some(Statement::Fact(_))
    ));
    let nested = "source s1 {\n  title \"A\"\nsource s2 {\n  title \"B\"\n}\n";
    assert_eq!(errors(nested), [(1, 11)]);
    let message = &parse(nested).errors[0].message;
    assert!(
        message.contains("before the `source` block that line 3 opens"),
        "{message}"
    );
    assert!(
        !parse(open).errors[0].message.contains("opens"),
        "no block opens after it"
    );
    assert_eq!(parse(nested).statements.len(), 2);
}

/// `at least` and `at most` with nothing after them are an error as an
/// assertion's operand, as they are as a fact's value; quoted, `at` is a
/// subject like any other.
#[test]
fn a_bound_without_its_value_is_an_error_as_an_operand() {
    assert_eq!(errors("assert x v == at least"), [(1, 15)]);
    assert_eq!(errors("assert at most == 3"), [(1, 8)]);
    assert!(errors("assert x v == at least 3\nassert \"at\" least == 3").is_empty());
}
