use super::*;

/// Load files written to a temporary directory and lint them.
fn lint_files(files: &[(&str, &str)]) -> (FactBase, Lint) {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).expect("write");
    }
    let base = crate::load::load(&[dir.path().to_path_buf()]);
    assert!(base.errors.is_empty(), "{:?}", base.errors);
    let found = lint(&base);
    (base, found)
}

const SOURCES: &str = "source a { title \"A\" }\nsource b { title \"B\" }\n";

fn pairs(found: &Lint) -> Vec<(String, String)> {
    found
        .aliases
        .iter()
        .map(|s| {
            (
                found.names[s.variant].shown.clone(),
                found.names[s.canonical].shown.clone(),
            )
        })
        .collect()
}

#[test]
fn subjects_and_values_that_look_alike_are_listed_once_with_the_more_used_canonical() {
    let facts = "from a\n\"Jalil Abbas Jilani\" office secretary\n\"Jalil Abbas Jilani\" born 1960\nDar calls countries [Türkiye, Japan]\nfrom b\n\"Jallil Abbas Jilani\" office secretary\nsummit host Turkey\n";
    let (_, found) = lint_files(&[("s.facts", SOURCES), ("x.facts", facts)]);
    assert_eq!(
        pairs(&found),
        [
            (
                "Jallil Abbas Jilani".to_string(),
                "Jalil Abbas Jilani".to_string()
            ),
            ("Turkey".to_string(), "Türkiye".to_string()),
        ]
    );
    assert_eq!(found.names[found.aliases[0].variant].first.span.line, 6);
}

#[test]
fn a_declared_alias_silences_its_suggestion() {
    let facts = "alias \"Jallil Abbas Jilani\" = \"Jalil Abbas Jilani\"\nfrom a\n\"Jalil Abbas Jilani\" office secretary\nfrom b\n\"Jallil Abbas Jilani\" office secretary\n";
    let (_, found) = lint_files(&[("s.facts", SOURCES), ("x.facts", facts)]);
    assert!(found.aliases.is_empty(), "{:?}", pairs(&found));
}

#[test]
fn a_subject_asserted_once_with_no_fact_is_a_likely_typo() {
    let facts = "from a\ndelegation Bilawal size 9\n";
    let asserts = "assert delegaton Bilawal size == 9\nassert delegation Bilawal size == 9\nassert nobody here size == 1\n";
    let (base, found) = lint_files(&[
        ("s.facts", SOURCES),
        ("x.facts", facts),
        ("y.assert", asserts),
    ]);
    let lone: Vec<(&str, Option<&str>)> = found
        .lone_subjects
        .iter()
        .map(|l| {
            (
                found.names[l.name].shown.as_str(),
                l.did_you_mean.map(|k| found.names[k].shown.as_str()),
            )
        })
        .collect();
    assert_eq!(
        lone,
        [
            ("delegaton Bilawal", Some("delegation Bilawal")),
            ("nobody here", None)
        ]
    );
    assert!(found.aliases.is_empty(), "a typo is not an alias");
    let rendered = crate::cli::lint::render(&base, &found);
    assert!(
        rendered.contains("y.assert:1:8: subject used once: \"delegaton Bilawal\""),
        "{rendered}"
    );
    assert!(
        rendered.ends_with("0 likely aliases, 2 subjects used once\n"),
        "{rendered}"
    );
}
