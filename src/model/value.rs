//! Values and their algebra (SPEC §4–5): what a term means, when two values
//! are compatible, what a group's values have in common, and how operators
//! judge them. Everything here is pure: no files, no sources.

use std::collections::BTreeMap;
use std::fmt;

use super::interval::{Day, Interval};
use super::number::Decimal;
use crate::syntax::{AttributeType, BoundKind, DateLit, Span, Term, TermKind};

/// A text as compared (normalised, aliases applied) and as shown. Both
/// live in one allocation, the key first: a text claim is a quarter of a
/// large base, and two strings each was a quarter million allocations more.
/// The allocation is shared: every text an alias rewrites is the alias's
/// one canonical text, not a copy of it (a long canonical name used by
/// thousands of claims would otherwise be copied into each).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Text {
    key_then_shown: std::sync::Arc<str>,
    key_len: u32,
}

impl Text {
    pub fn new(key: &str, shown: &str) -> Text {
        let mut both = String::with_capacity(key.len() + shown.len());
        both.push_str(key);
        both.push_str(shown);
        Text {
            key_len: u32::try_from(key.len()).expect("a name is shorter than 4 GiB"),
            key_then_shown: both.into(),
        }
    }

    /// Normalised, aliases applied: what comparisons use.
    pub fn key(&self) -> &str {
        &self.key_then_shown[..self.key_len as usize]
    }

    /// As written, or as the alias's canonical name is written.
    pub fn shown(&self) -> &str {
        &self.key_then_shown[self.key_len as usize..]
    }
}

/// What a list element is, for set membership.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Element {
    Text(String),
    Number(Decimal),
    Percent(Decimal),
    Date(DateLit),
    /// A range or bound gathered into a many-valued attribute.
    Other(String),
}

/// A set of elements; a partial list (or a many-valued attribute's open set)
/// may hold more than it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    /// Each element with how it is shown.
    pub items: BTreeMap<Element, String>,
    pub complete: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Number(Interval<Decimal>),
    Percent(Interval<Decimal>),
    Date(Interval<Day>),
    Text(Text),
    List(List),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Number,
    Percent,
    Date,
    Text,
    List,
}

impl Kind {
    pub fn fits(self, ty: AttributeType) -> bool {
        matches!(
            (self, ty),
            (Kind::Number | Kind::Percent, AttributeType::Number)
                | (Kind::Date, AttributeType::Date)
                | (Kind::Text, AttributeType::Text)
                | (Kind::List, AttributeType::List)
        )
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Number => "number",
            Kind::Percent => "percentage",
            Kind::Date => "date",
            Kind::Text => "text",
            Kind::List => "list",
        }
    }
}

/// Three-valued truth: what an operator can say about two values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Truth {
    True,
    False,
    Unknown,
}

impl Truth {
    fn from_option(value: Option<bool>) -> Truth {
        match value {
            Some(true) => Truth::True,
            Some(false) => Truth::False,
            None => Truth::Unknown,
        }
    }

    pub fn negate(self) -> Truth {
        match self {
            Truth::True => Truth::False,
            Truth::False => Truth::True,
            Truth::Unknown => Truth::Unknown,
        }
    }
}

/// A value that cannot be: a range that runs backwards or mixes kinds.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueError {
    pub span: Span,
    pub message: String,
}

impl Value {
    /// The meaning of a term. `text` normalises a name and applies aliases.
    pub fn from_term(term: &Term, text: &dyn Fn(&str) -> Text) -> Result<Value, ValueError> {
        Ok(match &term.kind {
            TermKind::Word(name) | TermKind::Str(name) => Value::Text(text(name)),
            TermKind::Number(number) => number_value(number, Interval::point),
            TermKind::Date(date) => Value::Date(Interval::of_date(*date)),
            TermKind::Range(start, end) => range(term.span, start, end)?,
            TermKind::Bound(kind, limit) => bound(*kind, limit),
            TermKind::List { partial, items } => {
                // Element by element, so that repeated elements (an alias
                // written ten thousand times, each a copy of its canonical
                // name) are never all held at once, as collecting them would.
                let mut elements = BTreeMap::new();
                for item in items {
                    let (element, shown) = element_of_term(item, text);
                    elements.insert(element, shown);
                }
                Value::List(List {
                    items: elements,
                    complete: !partial,
                })
            }
        })
    }

    pub fn kind(&self) -> Kind {
        match self {
            Value::Number(_) => Kind::Number,
            Value::Percent(_) => Kind::Percent,
            Value::Date(_) => Kind::Date,
            Value::Text(_) => Kind::Text,
            Value::List(_) => Kind::List,
        }
    }

    /// The element this value is when gathered into a set, and its spelling
    /// shown (a text's as written, as a list's text items are: the list
    /// puts the quotes on when it is shown).
    pub fn as_element(&self) -> (Element, String) {
        if let Value::Text(text) = self {
            return (
                Element::Text(text.key().to_string()),
                text.shown().to_string(),
            );
        }
        let shown = self.to_string();
        let element = match self {
            Value::Number(iv) if iv.is_point() => Element::Number(iv.low.clone().expect("point")),
            Value::Percent(iv) if iv.is_point() => Element::Percent(iv.low.clone().expect("point")),
            Value::Date(iv) => match (iv.as_month(), iv.is_point()) {
                (Some(month), _) => Element::Date(month),
                (None, true) => {
                    let day = iv.low.expect("point");
                    Element::Date(DateLit {
                        year: day.year,
                        month: day.month,
                        day: Some(day.day),
                    })
                }
                _ => Element::Other(format!("date {shown}")),
            },
            other => Element::Other(format!("{} {shown}", other.kind().name())),
        };
        (element, shown)
    }

    /// The elements a value contributes to a set: a list's items, or itself.
    pub fn elements(&self) -> Vec<(Element, String)> {
        match self {
            Value::List(list) => list
                .items
                .iter()
                .map(|(e, s)| (e.clone(), s.clone()))
                .collect(),
            other => vec![other.as_element()],
        }
    }

    /// Is every two of these values compatible (a group without a
    /// contradiction, SPEC §4)? Compared pairwise this takes time quadratic
    /// in the values, which a hostile fact base can make many. One pass gives
    /// the same answer: every two values are compatible iff each value is
    /// compatible with what all values before it have in common (for
    /// intervals that is their intersection, on a line; for lists the
    /// complete list if any, else the union of the partial ones).
    /// `tests/reference.rs` checks this against the pairwise definition.
    pub fn all_compatible<'a>(values: impl IntoIterator<Item = &'a Value>) -> bool {
        let mut values = values.into_iter();
        let Some(first) = values.next() else {
            return true;
        };
        let Some(second) = values.next() else {
            return true;
        };
        if !second.compatible(first) {
            return false;
        }
        let mut rest = values.peekable();
        if rest.peek().is_none() {
            return true; // two values: nothing to narrow, nothing to clone
        }
        let mut common = first.clone();
        common.narrow(second);
        for value in rest {
            if !value.compatible(&common) {
                return false;
            }
            common.narrow(value);
        }
        true
    }

    /// Narrow `self` to what it shares with a compatible `value`, in place
    /// (cloning only `value`'s part, so a pass over many stays linear).
    fn narrow(&mut self, value: &Value) {
        match (self, value) {
            (Value::Number(a), Value::Number(b)) | (Value::Percent(a), Value::Percent(b)) => {
                *a = a.intersect(b)
            }
            (Value::Date(a), Value::Date(b)) => *a = a.intersect(b),
            (Value::List(a), Value::List(b)) if !a.complete => {
                if b.complete {
                    *a = b.clone();
                } else {
                    a.items
                        .extend(b.items.iter().map(|(e, s)| (e.clone(), s.clone())));
                }
            }
            _ => {}
        }
    }

    /// SPEC §4: same-kind values are compatible iff their intervals intersect,
    /// texts iff equal, lists by the set rules; different kinds never are.
    pub fn compatible(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Number(a), Value::Number(b)) | (Value::Percent(a), Value::Percent(b)) => {
                a.overlaps(b)
            }
            (Value::Date(a), Value::Date(b)) => a.overlaps(b),
            (Value::Text(a), Value::Text(b)) => a.key() == b.key(),
            (Value::List(a), Value::List(b)) => lists_compatible(a, b),
            _ => false,
        }
    }

    /// What compatible values have in common (SPEC §5): the common part of
    /// intervals; for lists the complete list if any, else every element.
    pub fn merge(values: &[&Value]) -> Value {
        let mut merged = values[0].clone();
        for value in &values[1..] {
            merged = match (merged, value) {
                (Value::Number(a), Value::Number(b)) => Value::Number(a.intersect(b)),
                (Value::Percent(a), Value::Percent(b)) => Value::Percent(a.intersect(b)),
                (Value::Date(a), Value::Date(b)) => Value::Date(a.intersect(b)),
                (Value::List(a), Value::List(b)) => Value::List(merge_lists(a, b)),
                (kept, _) => kept,
            };
        }
        merged
    }

    /// A many-valued attribute's value: the open set of all its values.
    pub fn open_set(values: &[&Value]) -> Value {
        let items = values.iter().flat_map(|value| value.elements()).collect();
        Value::List(List {
            items,
            complete: false,
        })
    }

    /// `==`: true for the same exact point, equal texts or equal complete
    /// sets; false when incompatible; otherwise unknown.
    pub fn equals(&self, other: &Value) -> Truth {
        if !self.compatible(other) {
            return Truth::False;
        }
        let exact = match (self, other) {
            (Value::Number(a), Value::Number(b)) | (Value::Percent(a), Value::Percent(b)) => {
                a.is_point() && a == b
            }
            (Value::Date(a), Value::Date(b)) => a.is_point() && a == b,
            (Value::Text(_), Value::Text(_)) => true,
            (Value::List(a), Value::List(b)) => a.complete && b.complete,
            _ => false,
        };
        if exact {
            Truth::True
        } else {
            Truth::Unknown
        }
    }

    /// `<` (or `<=`): true when it holds for every pair of points, false when
    /// for none; values that are not numbers or dates of one kind fail.
    pub fn less_than(&self, other: &Value, or_equal: bool) -> Truth {
        let answer = match (self, other) {
            (Value::Number(a), Value::Number(b)) | (Value::Percent(a), Value::Percent(b)) => {
                a.less_than(b, or_equal)
            }
            (Value::Date(a), Value::Date(b)) => a.less_than(b, or_equal),
            _ => Some(false),
        };
        Truth::from_option(answer)
    }

    /// `contains`: every element of `needle` (one value, or each item of a
    /// list) is in this list; a complete list lacking one fails, an open
    /// one is unknown. A value that is not a list contains nothing.
    pub fn contains(&self, needle: &Value) -> Truth {
        let Value::List(list) = self else {
            return Truth::False;
        };
        let all_found = needle
            .elements()
            .iter()
            .all(|(element, _)| list.items.contains_key(element));
        match (all_found, list.complete) {
            (true, _) => Truth::True,
            (false, true) => Truth::False,
            (false, false) => Truth::Unknown,
        }
    }

    /// `count(…)`: exact for a complete list, a lower bound for an open one.
    pub fn count(&self) -> Option<Value> {
        let Value::List(list) = self else {
            return None;
        };
        let n = Decimal::from_count(list.items.len());
        Some(Value::Number(if list.complete {
            Interval::point(n)
        } else {
            Interval {
                low: Some(n),
                high: None,
            }
        }))
    }

    /// `weekday(…)`: the day's weekday; `None` when the date is not one day.
    pub fn weekday(&self) -> Option<Option<&'static str>> {
        let Value::Date(iv) = self else {
            return None;
        };
        Some(if iv.is_point() {
            iv.low.and_then(Day::weekday)
        } else {
            None
        })
    }
}

fn number_value(text: &str, make: fn(Decimal) -> Interval<Decimal>) -> Value {
    let interval = make(Decimal::parse(text));
    if text.ends_with('%') {
        Value::Percent(interval)
    } else {
        Value::Number(interval)
    }
}

fn range(span: Span, start: &Term, end: &Term) -> Result<Value, ValueError> {
    let error = |message: String| ValueError { span, message };
    let value = match (&start.kind, &end.kind) {
        (TermKind::Date(a), TermKind::Date(b)) => Value::Date(Interval {
            low: Some(Day::first_of(*a)),
            high: Some(Day::last_of(*b)),
        }),
        (TermKind::Number(a), TermKind::Number(b)) if a.ends_with('%') == b.ends_with('%') => {
            let interval = Interval {
                low: Some(Decimal::parse(a)),
                high: Some(Decimal::parse(b)),
            };
            if a.ends_with('%') {
                Value::Percent(interval)
            } else {
                Value::Number(interval)
            }
        }
        _ => {
            return Err(error(
                "a range's ends must be of one kind: both plain numbers, both percentages, or both dates".to_string(),
            ))
        }
    };
    let backwards = match &value {
        Value::Date(iv) => iv.low > iv.high,
        Value::Number(iv) | Value::Percent(iv) => iv.low > iv.high,
        _ => false,
    };
    if backwards {
        return Err(error(format!(
            "this range starts after it ends; write it as {}",
            reversed(start, end)
        )));
    }
    Ok(value)
}

fn reversed(start: &Term, end: &Term) -> String {
    let shown = |term: &Term| match &term.kind {
        TermKind::Number(n) => n.to_string(),
        TermKind::Date(d) => d.to_string(),
        _ => String::new(),
    };
    format!("{}..{}", shown(end), shown(start))
}

fn bound(kind: BoundKind, limit: &Term) -> Value {
    match (&limit.kind, kind) {
        (TermKind::Date(date), BoundKind::AtLeast) => Value::Date(Interval {
            low: Some(Day::first_of(*date)),
            high: None,
        }),
        (TermKind::Date(date), BoundKind::AtMost) => Value::Date(Interval {
            low: None,
            high: Some(Day::last_of(*date)),
        }),
        (TermKind::Number(number), BoundKind::AtLeast) => number_value(number, |n| Interval {
            low: Some(n),
            high: None,
        }),
        (TermKind::Number(number), BoundKind::AtMost) => number_value(number, |n| Interval {
            low: None,
            high: Some(n),
        }),
        _ => unreachable!("the grammar bounds only numbers and dates"),
    }
}

fn element_of_term(term: &Term, text: &dyn Fn(&str) -> Text) -> (Element, String) {
    match &term.kind {
        TermKind::Word(name) | TermKind::Str(name) => {
            let text = text(name);
            (Element::Text(text.key().into()), text.shown().into())
        }
        TermKind::Number(n) if n.ends_with('%') => {
            (Element::Percent(Decimal::parse(n)), n.to_string())
        }
        TermKind::Number(n) => (Element::Number(Decimal::parse(n)), n.to_string()),
        TermKind::Date(date) => (Element::Date(*date), date.to_string()),
        _ => unreachable!("the grammar admits only words, strings, numbers and dates in lists"),
    }
}

fn lists_compatible(a: &List, b: &List) -> bool {
    let subset = |small: &List, big: &List| small.items.keys().all(|e| big.items.contains_key(e));
    match (a.complete, b.complete) {
        (true, true) => a.items.len() == b.items.len() && subset(a, b),
        (false, true) => subset(a, b),
        (true, false) => subset(b, a),
        (false, false) => true,
    }
}

fn merge_lists(a: List, b: &List) -> List {
    match (a.complete, b.complete) {
        (true, _) => a,
        (false, true) => b.clone(),
        (false, false) => {
            let mut items = a.items;
            items.extend(b.items.iter().map(|(e, s)| (e.clone(), s.clone())));
            List {
                items,
                complete: false,
            }
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Number(iv) => write!(f, "{iv}"),
            Value::Percent(iv) => match (&iv.low, &iv.high) {
                (Some(low), Some(high)) if low == high => write!(f, "{low}%"),
                (Some(low), Some(high)) => write!(f, "{low}%..{high}%"),
                (Some(low), None) => write!(f, "at least {low}%"),
                (None, Some(high)) => write!(f, "at most {high}%"),
                (None, None) => f.write_str("any percentage"),
            },
            Value::Date(iv) => match iv.as_month() {
                Some(month) => write!(f, "{month}"),
                None => write!(f, "{iv}"),
            },
            Value::Text(text) => f.write_str(&crate::syntax::quoted(text.shown())),
            Value::List(list) => {
                if !list.complete {
                    f.write_str("including ")?;
                }
                // Text items in quotes, as a text value is shown:
                // `["Washington, DC", "London"]` unquoted would read as three.
                let items: Vec<String> = list
                    .items
                    .iter()
                    .map(|(element, shown)| match element {
                        Element::Text(_) => crate::syntax::quoted(shown),
                        _ => shown.clone(),
                    })
                    .collect();
                write!(f, "[{}]", items.join(", "))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::normalize;
    use crate::syntax::{parse, Statement};

    fn value(text: &str) -> Value {
        let parsed = parse(&format!("x y {text}"));
        assert!(parsed.errors.is_empty(), "{text}: {:?}", parsed.errors);
        let Statement::Fact(fact) = &parsed.statements[0] else {
            panic!("not a fact")
        };
        let plain = |s: &str| Text::new(&normalize(s), s);
        Value::from_term(&fact.value, &plain).unwrap()
    }

    #[test]
    fn numbers_points_ranges_and_bounds_overlap() {
        assert!(value("9").compatible(&value("9.0")));
        assert!(value("8..10").compatible(&value("9")));
        assert!(value("at least 26").compatible(&value("30")));
        assert!(!value("at least 26").compatible(&value("25")));
        assert!(!value("9").compatible(&value("9%")));
    }

    #[test]
    fn months_contain_their_days() {
        assert!(value("2025-05").compatible(&value("2025-05-10")));
        assert!(!value("2025-05").compatible(&value("2025-06-01")));
        assert!(value("2025-05..2025-06").compatible(&value("2025-06-30")));
        assert!(value("at least 2025-06").compatible(&value("2025-06-01")));
        assert!(!value("at most 2025-05").compatible(&value("2025-06-01")));
    }

    #[test]
    fn list_rules() {
        assert!(value("[a, b]").compatible(&value("[B, A]")));
        assert!(!value("[a, b]").compatible(&value("[a]")));
        assert!(value("including [a]").compatible(&value("[a, b]")));
        assert!(!value("including [c]").compatible(&value("[a, b]")));
        assert!(value("including [c]").compatible(&value("including [d]")));
    }

    #[test]
    fn equality_is_three_valued() {
        assert_eq!(value("9").equals(&value("9.00")), Truth::True);
        assert_eq!(value("9").equals(&value("10")), Truth::False);
        assert_eq!(
            value("2025-05").equals(&value("2025-05-10")),
            Truth::Unknown
        );
        assert_eq!(value("Moscow").equals(&value("\"moscow\"")), Truth::True);
        assert_eq!(value("9").equals(&value("Moscow")), Truth::False);
    }

    #[test]
    fn ordering_is_three_valued() {
        assert_eq!(
            value("2025-05-07").less_than(&value("2025-05-10"), false),
            Truth::True
        );
        assert_eq!(
            value("2025-05").less_than(&value("2025-05-10"), false),
            Truth::Unknown
        );
        assert_eq!(
            value("2025-06").less_than(&value("2025-05-10"), false),
            Truth::False
        );
        assert_eq!(value("abc").less_than(&value("abd"), false), Truth::False);
    }

    #[test]
    fn contains_and_count() {
        assert_eq!(value("[a, b]").contains(&value("A")), Truth::True);
        assert_eq!(value("[a, b]").contains(&value("c")), Truth::False);
        assert_eq!(value("including [a]").contains(&value("c")), Truth::Unknown);
        assert_eq!(value("[a, b]").contains(&value("[a, b]")), Truth::True);
        assert_eq!(value("9").contains(&value("9")), Truth::False);
        assert_eq!(
            value("including [a, b]").count().unwrap().to_string(),
            "at least 2"
        );
        assert_eq!(value("[a, b, a]").count().unwrap().to_string(), "2");
    }

    #[test]
    fn merging_takes_the_common_part() {
        let merged = Value::merge(&[
            &value("2025-05"),
            &value("2025-05-08..2025-05-20"),
            &value("at most 2025-05-12"),
        ]);
        assert_eq!(merged.to_string(), "2025-05-08..2025-05-12");
        let lists = Value::merge(&[&value("including [a]"), &value("including [b]")]);
        assert_eq!(lists.to_string(), "including [\"a\", \"b\"]");
    }

    /// A list shows its text items in quotes, as a text value is shown, so
    /// that an item with a comma reads as one; numbers and dates bare. A
    /// many-valued attribute's open set shows its texts the same way.
    #[test]
    fn a_list_shows_its_texts_quoted() {
        let list = value("[\"Washington, DC\", London, 3, 2025-05]");
        assert_eq!(
            list.to_string(),
            "[\"London\", \"Washington, DC\", 3, 2025-05]"
        );
        let open = Value::open_set(&[&value("Türkiye"), &value("\"Washington, DC\"")]);
        assert_eq!(
            open.to_string(),
            "including [\"Türkiye\", \"Washington, DC\"]"
        );
    }

    #[test]
    fn backwards_ranges_are_errors() {
        let parsed = parse("x y 10..8");
        let Statement::Fact(fact) = &parsed.statements[0] else {
            panic!()
        };
        let plain = |s: &str| Text::new(&normalize(s), s);
        assert!(Value::from_term(&fact.value, &plain).is_err());
    }
}
