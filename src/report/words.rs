//! An assertion in words, for readers who do not read the assertion
//! language (ClaimReview's `claimReviewed`): `India strikes date < ceasefire
//! date` reads "India strikes date is before ceasefire date". Kept under 75
//! characters where shortening a long list can do it.

use super::model::PathGroups;
use crate::load::FactBase;
use crate::model::{Kind, Value};
use crate::syntax::{Assertion, CompareOp, Operand, Test};

/// What schema.org suggests as the longest `claimReviewed`.
const SHORT: usize = 75;

pub fn in_words(base: &FactBase, paths: &PathGroups, assertion: &Assertion) -> String {
    let full = phrase(base, paths, assertion, usize::MAX);
    if full.chars().count() <= SHORT {
        return full;
    }
    // Name as many list items as fit; long names alone may still not.
    (1..longest_literal_list(assertion))
        .rev()
        .map(|items| phrase(base, paths, assertion, items))
        .find(|shorter| shorter.chars().count() <= SHORT)
        .unwrap_or_else(|| phrase(base, paths, assertion, 1))
}

fn longest_literal_list(assertion: &Assertion) -> usize {
    let operands: Vec<&Operand> = match &assertion.test {
        Test::Compare { left, right, .. } => vec![left, right],
        Test::Corroborated { operand, .. } => vec![operand],
    };
    operands
        .iter()
        .filter_map(|operand| match operand {
            Operand::Literal(crate::syntax::Term {
                kind: crate::syntax::TermKind::List { items, .. },
                ..
            }) => Some(items.len()),
            _ => None,
        })
        .max()
        .unwrap_or(0)
}

/// How a literal list reads: how many items to name before "and N more",
/// and whether a complete list says "exactly" (it does for `==` and `!=`;
/// `contains` a list means each of its items).
#[derive(Clone, Copy)]
struct Lists {
    items: usize,
    exact: bool,
}

/// `list_items`: how many items of a literal list to name before "and N more".
fn phrase(base: &FactBase, paths: &PathGroups, assertion: &Assertion, list_items: usize) -> String {
    match &assertion.test {
        Test::Corroborated { operand, sources } => format!(
            "{} is stated by at least {sources} sources",
            operand_words(
                base,
                operand,
                Lists {
                    items: list_items,
                    exact: false
                }
            )
        ),
        Test::Compare { left, op, right } => {
            let dates = is_date(base, paths, left) || is_date(base, paths, right);
            let verb = match (op, dates) {
                (CompareOp::Eq, _) => "is",
                (CompareOp::Ne, _) => "is not",
                (CompareOp::Lt, true) => "is before",
                (CompareOp::Le, true) => "is on or before",
                (CompareOp::Gt, true) => "is after",
                (CompareOp::Ge, true) => "is on or after",
                (CompareOp::Lt, false) => "is less than",
                (CompareOp::Le, false) => "is at most",
                (CompareOp::Gt, false) => "is more than",
                (CompareOp::Ge, false) => "is at least",
                (CompareOp::Contains, _) => "include",
            };
            let lists = Lists {
                items: list_items,
                exact: matches!(op, CompareOp::Eq | CompareOp::Ne),
            };
            format!(
                "{} {verb} {}",
                operand_words(base, left, lists),
                operand_words(base, right, lists)
            )
        }
    }
}

fn operand_words(base: &FactBase, operand: &Operand, lists: Lists) -> String {
    match operand {
        Operand::Path(path) => path_words(path),
        Operand::Count(path) => format!("the number of {}", path_words(path)),
        Operand::Weekday(path) => format!("the weekday of {}", path_words(path)),
        Operand::Literal(term) => {
            let aliases = &base.aliases;
            match Value::from_term(term, &|name| aliases.resolve(name)) {
                Ok(Value::Text(text)) => text.shown().into(),
                Ok(Value::List(list)) => {
                    let items: Vec<&str> = list.items.values().map(String::as_str).collect();
                    let named = list_words(&items, lists.items);
                    if list.complete && lists.exact {
                        format!("exactly {named}")
                    } else {
                        named
                    }
                }
                Ok(value) => value.to_string(),
                Err(_) => assertion_term_text(term),
            }
        }
    }
}

/// `delegation_count` reads "delegation count".
fn path_words(path: &crate::syntax::Path) -> String {
    format!(
        "{} {}",
        path.subject.text,
        path.attribute.text.replace('_', " ")
    )
}

/// "a", "a and b", "a, b and c", or "a and 3 more" when shortened.
fn list_words(items: &[&str], limit: usize) -> String {
    match items {
        [] => "nothing".to_string(),
        [one] => one.to_string(),
        _ if items.len() > limit => {
            let more = items.len() - limit;
            format!("{} and {more} more", items[..limit].join(", "))
        }
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn assertion_term_text(term: &crate::syntax::Term) -> String {
    term.as_name().unwrap_or("a value").to_string()
}

/// Whether an operand is a date, so that `<` reads "before".
fn is_date(base: &FactBase, paths: &PathGroups, operand: &Operand) -> bool {
    match operand {
        Operand::Path(path) => paths
            .group(path)
            .and_then(|group| group.claims.first())
            .is_some_and(|claim| base.claims[claim].value.kind() == Kind::Date),
        Operand::Literal(term) => {
            matches!(
                term.kind,
                crate::syntax::TermKind::Date(_)
                    | crate::syntax::TermKind::Range(..)
                    | crate::syntax::TermKind::Bound(..)
            ) && Value::from_term(term, &|name| base.aliases.resolve(name))
                .is_ok_and(|value| value.kind() == Kind::Date)
        }
        Operand::Count(_) | Operand::Weekday(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(facts: &str) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.facts"), facts).unwrap();
        let base = crate::load::load(&[dir.path().to_path_buf()]);
        assert!(base.errors.is_empty(), "{:?}", base.errors);
        base.assertions
            .iter()
            .map(|a| in_words(&base, &PathGroups::new(&base), &a.assertion))
            .collect()
    }

    #[test]
    fn operators_read_as_words() {
        let said = words(concat!(
            "source s { }\nfrom s\nstrikes date 2025-05-07\nceasefire date 2025-05-10\n",
            "team size 9\nteam members [\"A B\", C]\n",
            "assert strikes date < ceasefire date\n",
            "assert team size >= 8\n",
            "assert count(team members) == 2\n",
            "assert team members contains [C, \"A B\"]\n",
            "assert team members == [C, \"A B\"]\n",
            "assert weekday(strikes date) == Wednesday\n",
            "assert team size corroborated by 2\n",
        ));
        assert_eq!(
            said,
            [
                "strikes date is before ceasefire date",
                "team size is at least 8",
                "the number of team members is 2",
                "team members include A B and C",
                "team members is exactly A B and C",
                "the weekday of strikes date is Wednesday",
                "team size is stated by at least 2 sources",
            ]
        );
    }

    #[test]
    fn long_lists_are_shortened_to_stay_under_75_characters() {
        let said = words(concat!(
            "source s { }\nfrom s\ndelegation members [a]\n",
            "assert delegation members contains [\"Musadik Masood Malik\", \"Jallil Abbas Jilani\", \"Hina Rabbani Khar\"]\n",
        ));
        assert_eq!(
            said,
            ["delegation members include Hina Rabbani Khar and 2 more"]
        );
        assert!(said[0].len() <= SHORT);
    }
}
