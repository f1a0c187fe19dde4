//! What formatting must keep: the statements (everything but where they
//! stand and how they are spaced) and the comments, in order. The formatter
//! checks its own output against these before anything is written.

use crate::syntax::{
    Accept, Alias, Assertion, Name, Operand, ParsedFile, Path, Span, Statement, Term, TermKind,
    Test,
};

/// The file's statements with every position erased and the texts kept as
/// written compared without their spacing: what the file means.
pub fn meaning(parsed: &ParsedFile) -> Vec<Statement> {
    parsed.statements.iter().map(erase_statement).collect()
}

/// Every comment of a valid file, from its `#` to the end of its line
/// (trailing spaces dropped), in order. A `#` starts a comment anywhere
/// outside a string; no other token can hold one.
pub fn comments(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let start = comment_start(line)?;
            Some(line[start..].trim_end().to_string())
        })
        .collect()
}

fn comment_start(line: &str) -> Option<usize> {
    let mut in_string = false;
    let mut chars = line.char_indices();
    while let Some((index, c)) = chars.next() {
        match c {
            '"' => in_string = !in_string,
            '\\' if in_string => {
                chars.next();
            }
            '#' if !in_string => return Some(index),
            _ => {}
        }
    }
    None
}

fn unspaced(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn erase_statement(statement: &Statement) -> Statement {
    let none = Span::default();
    match statement {
        Statement::Source(decl) => {
            let mut decl = decl.clone();
            decl.id_span = none;
            decl.span = none;
            if let Some((_, span)) = &mut decl.file {
                *span = none;
            }
            Statement::Source(decl)
        }
        Statement::From { id, .. } => Statement::From {
            id: id.clone(),
            span: none,
        },
        Statement::Fact(fact) => {
            let mut fact = fact.clone();
            fact.subject = erase_name(&fact.subject);
            fact.attribute = erase_name(&fact.attribute);
            fact.value = erase_term(&fact.value);
            fact.as_of = fact.as_of.map(|(date, _)| (date, none));
            fact.quote = fact.quote.map(|quote| Box::new((quote.0, none)));
            fact.span = none;
            Statement::Fact(fact)
        }
        Statement::Alias(alias) => Statement::Alias(Alias {
            variant: erase_name(&alias.variant),
            canonical: erase_name(&alias.canonical),
            span: none,
        }),
        Statement::Attribute(decl) => {
            let mut decl = decl.clone();
            decl.span = none;
            Statement::Attribute(decl)
        }
        Statement::Assert(assertion) => Statement::Assert(Assertion {
            check: assertion.check.clone(),
            test: erase_test(&assertion.test),
            text: unspaced(&assertion.text),
            span: none,
        }),
        Statement::Accept(accept) => Statement::Accept(Accept {
            path: erase_path(&accept.path),
            reason: accept.reason.clone(),
            span: none,
        }),
    }
}

fn erase_name(name: &Name) -> Name {
    Name {
        text: name.text.clone(),
        span: Span::default(),
    }
}

fn erase_path(path: &Path) -> Path {
    Path {
        subject: erase_name(&path.subject),
        attribute: erase_name(&path.attribute),
    }
}

fn erase_term(term: &Term) -> Term {
    let kind = match &term.kind {
        TermKind::Range(start, end) => {
            TermKind::Range(Box::new(erase_term(start)), Box::new(erase_term(end)))
        }
        TermKind::Bound(kind, value) => TermKind::Bound(*kind, Box::new(erase_term(value))),
        TermKind::List { partial, items } => TermKind::List {
            partial: *partial,
            items: items.iter().map(erase_term).collect(),
        },
        other => other.clone(),
    };
    Term {
        kind,
        span: Span::default(),
    }
}

fn erase_operand(operand: &Operand) -> Operand {
    match operand {
        Operand::Literal(term) => Operand::Literal(erase_term(term)),
        Operand::Path(path) => Operand::Path(erase_path(path)),
        Operand::Count(path) => Operand::Count(erase_path(path)),
        Operand::Weekday(path) => Operand::Weekday(erase_path(path)),
    }
}

fn erase_test(test: &Test) -> Test {
    match test {
        Test::Compare { left, op, right } => Test::Compare {
            left: erase_operand(left),
            op: *op,
            right: erase_operand(right),
        },
        Test::Corroborated { operand, sources } => Test::Corroborated {
            operand: erase_operand(operand),
            sources: *sources,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_skip_hashes_in_strings() {
        assert_eq!(
            comments("x y \"a # \\\" # b\" # one  \n# two\nz w 1"),
            ["# one", "# two"]
        );
    }

    #[test]
    fn meaning_ignores_positions_and_spacing_only() {
        let a = crate::syntax::parse("from s\nx   y [a,b]\nassert x  y == 1");
        let b = crate::syntax::parse("\nfrom s\n\nx y [a, b]\nassert x y == 1");
        let c = crate::syntax::parse("from s\nx y [a, c]\nassert x y == 1");
        assert_eq!(meaning(&a), meaning(&b));
        assert_ne!(meaning(&a), meaning(&c));
    }
}
