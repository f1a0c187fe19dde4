//! What the editor asks about a position: hover, go to definition, find
//! references, completion; and formatting through `crate::format`.

use std::fmt::Write as _;

use lsp_types::{
    CompletionItem, CompletionItemKind, Hover, HoverContents, Location as LspLocation,
    MarkupContent, MarkupKind, TextEdit,
};

use super::position::LineIndex;
use super::workspace::Workspace;
use crate::check::GroupStatus;
use crate::load::{Group, Location};
use crate::model::{normalize, Value};
use crate::syntax::{
    name_literal, DateLit, Name, Span, Statement, Term, TermKind, STATEMENT_KEYWORDS,
};

/// What stands at a position.
#[derive(Debug, Clone)]
enum Target {
    /// A subject (of a fact, a path, an accept, or an alias side), with the
    /// attribute it goes with and the fact's as-of date, if any.
    Subject {
        name: Name,
        attribute: Option<String>,
        as_of: Option<DateLit>,
    },
    /// Anywhere else on a fact, or a path's attribute: the group.
    Group {
        subject: String,
        attribute: String,
        as_of: Option<DateLit>,
    },
    /// A text value or list element (a name used as a value).
    Value(Name),
    SourceId(String),
}

fn contains(span: Span, offset: usize) -> bool {
    span.start <= offset && offset <= span.end
}

/// The target under `offset` in file `file`.
fn target_at(workspace: &Workspace, file: usize, offset: usize) -> Option<Target> {
    workspace.parsed[file]
        .statements
        .iter()
        .find_map(|statement| statement_target(statement, offset))
}

fn statement_target(statement: &Statement, offset: usize) -> Option<Target> {
    match statement {
        Statement::From { id, span } if contains(*span, offset) => {
            Some(Target::SourceId(id.clone()))
        }
        Statement::Source(decl) if contains(decl.id_span, offset) => {
            Some(Target::SourceId(decl.id.clone()))
        }
        Statement::Fact(fact) if contains(fact.span, offset) => {
            let as_of = fact.as_of.map(|(date, _)| date);
            if contains(fact.subject.span, offset) {
                return Some(Target::Subject {
                    name: fact.subject.clone(),
                    attribute: Some(fact.attribute.text.to_string()),
                    as_of,
                });
            }
            if let Some(name) = name_in_term(&fact.value, offset) {
                return Some(Target::Value(name));
            }
            Some(Target::Group {
                subject: fact.subject.text.to_string(),
                attribute: fact.attribute.text.to_string(),
                as_of,
            })
        }
        Statement::Alias(alias) => [&alias.variant, &alias.canonical]
            .into_iter()
            .find(|name| contains(name.span, offset))
            .map(|name| Target::Subject {
                name: name.clone(),
                attribute: None,
                as_of: None,
            }),
        Statement::Assert(assertion) if contains(assertion.span, offset) => assertion
            .test
            .paths()
            .into_iter()
            .find_map(|path| path_target(path, offset)),
        Statement::Accept(accept) => path_target(&accept.path, offset),
        _ => None,
    }
}

fn path_target(path: &crate::syntax::Path, offset: usize) -> Option<Target> {
    if contains(path.subject.span, offset) {
        return Some(Target::Subject {
            name: path.subject.clone(),
            attribute: Some(path.attribute.text.to_string()),
            as_of: None,
        });
    }
    contains(path.attribute.span, offset).then(|| Target::Group {
        subject: path.subject.text.to_string(),
        attribute: path.attribute.text.to_string(),
        as_of: None,
    })
}

fn name_in_term(term: &Term, offset: usize) -> Option<Name> {
    match &term.kind {
        TermKind::Word(text) | TermKind::Str(text) if contains(term.span, offset) => Some(Name {
            text: text.clone(),
            span: term.span,
        }),
        TermKind::List { items, .. } => items.iter().find_map(|item| name_in_term(item, offset)),
        _ => None,
    }
}

// ------------------------------------------------------------------ hover

/// The merged value, status and claims of the group under the cursor; on
/// a subject with no attribute (an alias side), every group of the subject.
pub fn hover(workspace: &Workspace, file: usize, offset: usize) -> Option<Hover> {
    let base = &workspace.base;
    let (subject, attribute, as_of) = match target_at(workspace, file, offset)? {
        Target::Subject {
            name,
            attribute,
            as_of,
        } => (name.text.to_string(), attribute, as_of),
        Target::Group {
            subject,
            attribute,
            as_of,
        } => (subject, Some(attribute), as_of),
        Target::Value(name) => (name.text.to_string(), None, None),
        Target::SourceId(id) => return source_hover(workspace, &id),
    };
    let key = base.aliases.resolve(&subject).key().to_string();
    let groups: Vec<usize> = match attribute {
        Some(attribute) => base
            .names
            .group(&base.groups, &key, &normalize(&attribute), as_of)
            .into_iter()
            .collect(),
        None => (0..base.groups.len())
            .filter(|&g| base.subject_key_of(&base.groups[g]) == &*key)
            .collect(),
    };
    if groups.is_empty() {
        return Some(markdown(format!(
            "**{}**: no fact about this in the loaded files",
            name_literal(&subject)
        )));
    }
    let mut text = String::new();
    for group in groups {
        group_summary(workspace, group, &mut text);
    }
    Some(markdown(text))
}

fn group_summary(workspace: &Workspace, index: usize, out: &mut String) {
    let base = &workspace.base;
    let group = &base.groups[index];
    let as_of = group.as_of_shown();
    let status = workspace.findings.group_status.get(index).copied();
    let _ = writeln!(
        out,
        "**{}**{as_of}: {}\n",
        base.path_of(group),
        status_text(status, group)
    );
    if let Some(value) = merged_value(workspace, group, status) {
        let _ = writeln!(out, "value: `{value}`\n");
    }
    for claim in &group.claims {
        let claim = &base.claims[claim];
        let quote = base
            .quote_at(base.claim_at(claim))
            .map(|quote| format!(": “{}”", quote.text))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "- `{}` from **{}** ({}){quote}",
            base.written(claim),
            base.sources[claim.source()].id,
            workspace.shown_place(base.claim_at(claim))
        );
    }
    out.push('\n');
}

fn status_text(status: Option<GroupStatus>, group: &Group) -> String {
    let sources = group.claims.len();
    match status {
        None => "not judged (the fact base has load errors)".to_string(),
        Some(GroupStatus::Contested) => "contested: the sources disagree".to_string(),
        Some(GroupStatus::Accepted) => "an accepted contradiction".to_string(),
        Some(GroupStatus::Agreed) if group.many => {
            format!("many-valued, {sources} claim{}", plural(sources))
        }
        Some(GroupStatus::Agreed) => format!("agreed, {sources} claim{}", plural(sources)),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// What the claims have in common (SPEC §5); none while they conflict.
fn merged_value(
    workspace: &Workspace,
    group: &Group,
    status: Option<GroupStatus>,
) -> Option<Value> {
    let values: Vec<&Value> = group
        .claims
        .iter()
        .map(|c| &workspace.base.claims[c].value)
        .collect();
    match status {
        Some(GroupStatus::Agreed) if group.many => Some(Value::open_set(&values)),
        Some(GroupStatus::Agreed) => Some(Value::merge(&values)),
        _ => None,
    }
}

fn source_hover(workspace: &Workspace, id: &str) -> Option<Hover> {
    let source = workspace.base.sources.iter().find(|s| s.id == id)?;
    let mut text = format!("**source {}**\n\n", source.id);
    for (key, value) in [
        ("title", source.title.clone()),
        ("publisher", source.publisher.clone()),
        ("url", source.url.clone()),
        ("published", source.published.map(|d| d.to_string())),
        ("file", source.file.clone()),
    ] {
        if let Some(value) = value {
            let _ = writeln!(text, "- {key}: {value}");
        }
    }
    let _ = writeln!(text, "- facts: {}", source.facts);
    Some(markdown(text))
}

fn markdown(value: String) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range: None,
    }
}

// ------------------------------------------------------- definition, references

/// A source id → its `source` declaration; a name → the first fact about
/// it (for an alias, its canonical name), or else the alias naming it.
pub fn definition(workspace: &Workspace, file: usize, offset: usize) -> Vec<LspLocation> {
    let base = &workspace.base;
    let name = match target_at(workspace, file, offset) {
        Some(Target::SourceId(id)) => {
            return base
                .sources
                .iter()
                .filter(|s| s.id == id)
                .map(|s| workspace.lsp_location(s.declared))
                .collect()
        }
        Some(Target::Subject { name, .. } | Target::Value(name)) => name,
        Some(Target::Group { subject, .. }) => Name {
            text: subject.into(),
            span: Span::default(),
        },
        None => return Vec::new(),
    };
    let key = base.aliases.resolve(&name.text).key().to_string();
    let first_fact = base
        .claims
        .iter()
        .find(|claim| base.subject_key_of(&base.groups[claim.group()]) == &*key)
        .map(|claim| base.claim_at(claim));
    let place = first_fact.or_else(|| {
        occurrences(workspace, &key)
            .into_iter()
            .find(|(_, kind)| *kind == Occurrence::AliasCanonical)
            .map(|(at, _)| at)
    });
    place
        .map(|at| workspace.lsp_location(at))
        .into_iter()
        .collect()
}

/// Every place the name under the cursor is written, as subject or value,
/// under any of its aliases.
pub fn references(workspace: &Workspace, file: usize, offset: usize) -> Vec<LspLocation> {
    let text = match target_at(workspace, file, offset) {
        Some(Target::Subject { name, .. } | Target::Value(name)) => name.text.to_string(),
        Some(Target::Group { subject, .. }) => subject,
        _ => return Vec::new(),
    };
    let key = workspace.base.aliases.resolve(&text).key().to_string();
    occurrences(workspace, &key)
        .into_iter()
        .map(|(at, _)| workspace.lsp_location(at))
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Occurrence {
    Name,
    AliasCanonical,
}

/// The places, in load order, where a name resolving to `key` is written.
fn occurrences(workspace: &Workspace, key: &str) -> Vec<(Location, Occurrence)> {
    let resolves = |name: &str| workspace.base.aliases.resolve(name).key() == key;
    let mut out = Vec::new();
    for (file, parsed) in workspace.parsed.iter().enumerate() {
        let mut add = |name: &Name, kind: Occurrence| {
            if resolves(&name.text) {
                out.push((
                    Location {
                        file,
                        span: name.span,
                    },
                    kind,
                ));
            }
        };
        for statement in &parsed.statements {
            match statement {
                Statement::Fact(fact) => {
                    add(&fact.subject, Occurrence::Name);
                    for name in names_in_term(&fact.value) {
                        add(&name, Occurrence::Name);
                    }
                }
                Statement::Alias(alias) => {
                    add(&alias.variant, Occurrence::Name);
                    add(&alias.canonical, Occurrence::AliasCanonical);
                }
                Statement::Assert(assertion) => {
                    for path in assertion.test.paths() {
                        add(&path.subject, Occurrence::Name);
                    }
                }
                Statement::Accept(accept) => add(&accept.path.subject, Occurrence::Name),
                _ => {}
            }
        }
    }
    out
}

fn names_in_term(term: &Term) -> Vec<Name> {
    match &term.kind {
        TermKind::Word(text) | TermKind::Str(text) => vec![Name {
            text: text.clone(),
            span: term.span,
        }],
        TermKind::List { items, .. } => items.iter().flat_map(names_in_term).collect(),
        _ => Vec::new(),
    }
}

// ------------------------------------------------------------- completion

const OTHER_KEYWORDS: [&str; 14] = [
    "quote",
    "as of",
    "including",
    "at least",
    "at most",
    "contains",
    "corroborated by",
    "count",
    "weekday",
    "because",
    "many",
    "number",
    "date",
    "text",
];

/// Source ids after `from`; otherwise subjects, attributes, source ids and
/// keywords (statement keywords only at the start of a line).
pub fn completion(workspace: &Workspace, file: usize, offset: usize) -> Vec<CompletionItem> {
    let base = &workspace.base;
    let text = &base.files[file].text;
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before: Vec<&str> = text[line_start..offset].split_whitespace().collect();
    let typing_word = !text[..offset].ends_with(char::is_whitespace) && !before.is_empty();
    let words_before = before.len() - usize::from(typing_word);
    let item = |label: String, kind: CompletionItemKind, detail: &str| CompletionItem {
        label,
        kind: Some(kind),
        detail: Some(detail.to_string()),
        ..CompletionItem::default()
    };
    let sources = base.sources.iter().map(|s| {
        item(
            s.id.clone(),
            CompletionItemKind::REFERENCE,
            s.title.as_deref().unwrap_or("source"),
        )
    });
    if before.first() == Some(&"from") && words_before <= 1 {
        return sources.collect();
    }
    let mut items: Vec<CompletionItem> = Vec::new();
    let mut subjects: Vec<&str> = base.names.subjects_shown().collect();
    subjects.sort();
    items.extend(
        subjects
            .into_iter()
            .map(|s| item(name_literal(s), CompletionItemKind::CLASS, "subject")),
    );
    let mut attributes: Vec<&str> = base.groups.iter().map(|g| base.attribute_of(g)).collect();
    attributes.sort_unstable();
    attributes.dedup();
    items.extend(
        attributes
            .into_iter()
            .map(|a| item(a.to_string(), CompletionItemKind::FIELD, "attribute")),
    );
    items.extend(sources);
    let keywords: &[&str] = if words_before == 0 {
        &STATEMENT_KEYWORDS
    } else {
        &OTHER_KEYWORDS
    };
    items.extend(
        keywords
            .iter()
            .map(|k| item(k.to_string(), CompletionItemKind::KEYWORD, "keyword")),
    );
    items
}

// ------------------------------------------------------------- formatting

/// The whole document in the canonical layout: one edit, or none when it
/// is already formatted or does not parse.
pub fn formatting(text: &str) -> Vec<TextEdit> {
    match crate::format::format_text(text) {
        Ok(formatted) if formatted != text => {
            vec![TextEdit::new(LineIndex::new(text).whole(), formatted)]
        }
        _ => Vec::new(),
    }
}
