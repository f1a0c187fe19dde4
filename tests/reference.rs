//! Reference checks (issue 6): random fact bases, written as `.facts` and
//! `.assert` text and run through the real pipeline (`load_texts`, `check`),
//! must agree with a small reference written here from the SPEC alone.
//!
//! The reference never normalises text or parses numbers: every generated
//! name is a spelling of one of a few known names (case, accents, curly
//! quotes, dashes, zero-width characters, spacing, aliases), so two texts are
//! equal iff they were generated from the same name. Numbers are counted in
//! halves and dates in days, each on a small closed grid with one extra point
//! past each end standing for infinity; every value is the set of grid points
//! it covers, and compatibility and ordering are decided by comparing every
//! pair of points. That is slow and obviously right.

use std::collections::{BTreeMap, BTreeSet};

use factcheck::check::Verdict;
use proptest::prelude::*;

// ------------------------------------------------------------------ names

/// Spellings of each subject; every spelling of one subject is the same
/// subject after normalisation or aliasing.
const SUBJECTS: [&[&str]; 3] = [
    &[
        "delegation Bilawal",
        "DELEGATION   bilawal",
        "\"delegation Bilawal\"",
        "delegation \"Bilawal\"",
    ],
    &["Türkiye", "Turkey", "\"TU\u{308}RKIYE\"", "turkiye"],
    &[
        "\"People’s Party\"",
        "\"people's  party\"",
        "\"People\u{200D}'s Party\"",
    ],
];

/// Spellings of each text value (also list elements).
const NAMES: [&[&str]; 5] = [
    &["Moscow", "moscow", "\"MOSCOW\"", "\" Moscow \""],
    &[
        "\"Sherry Rehman\"",
        "\"sherry  rehman\"",
        "\"SHERRY REHMAN\"",
    ],
    &["\"Jalil Abbas\"", "Jalil", "Jallil", "JALLIL"],
    &["Türkiye", "Turkey", "\"TU\u{308}RKIYE\"", "turkiye"],
    &["\"S-400\"", "\"S–400\"", "Ｓ-400", "s-400"],
];

/// The aliases that make the spellings above one name (a chain included).
const ALIASES: &str =
    "alias Turkey = Türkiye\nalias Jallil = Jalil\nalias Jalil = \"Jalil Abbas\"\n";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AttributeKind {
    Number,
    Percent,
    Date,
    Text,
    List,
    /// Declared `text many`.
    ManyText,
}

/// Attribute spellings and the kind of value most of their facts hold.
const ATTRIBUTES: [(&[&str], AttributeKind); 6] = [
    (&["size", "Size", "SIZE"], AttributeKind::Number),
    (&["share", "Share"], AttributeKind::Percent),
    (&["date", "Date"], AttributeKind::Date),
    (&["leader", "LEADER"], AttributeKind::Text),
    (&["members", "Members"], AttributeKind::List),
    (&["tags", "TAGS"], AttributeKind::ManyText),
];

const SCHEMA: &str = "attribute tags text many\n";
const SOURCES: usize = 4;

fn spelling(options: &[&'static str], choice: u8) -> &'static str {
    options[choice as usize % options.len()]
}

// ------------------------------------------------------------------ values

/// Numbers are counted in halves: -2 to 10 in steps of 0.5.
const HALF_MIN: i64 = -4;
const HALF_MAX: i64 = 20;
/// Dates are counted in days of 2025, May 1 to July 31.
const DAY_MIN: i64 = 120;
const DAY_MAX: i64 = 211;

#[derive(Debug, Clone)]
enum Shape<T> {
    Point(T),
    Range(T, T),
    AtLeast(T),
    AtMost(T),
}

#[derive(Debug, Clone, Copy)]
enum DateToken {
    /// Days after 2025-05-28 (0..=36).
    Day(u8),
    /// 5, 6 or 7.
    Month(u8),
}

#[derive(Debug, Clone)]
enum Element {
    Name(usize, u8),
    Number(i64, u8),
}

#[derive(Debug, Clone)]
enum GenValue {
    Number {
        percent: bool,
        shape: Shape<i64>,
        spelling: u8,
    },
    Date(Shape<DateToken>),
    Text(usize, u8),
    List {
        complete: bool,
        elements: Vec<Element>,
    },
}

fn day_of_year(month: u8, day: u8) -> i64 {
    let before: i64 = [31, 28, 31, 30, 31, 30, 31][..month as usize - 1]
        .iter()
        .sum();
    before + day as i64 - 1
}

impl DateToken {
    /// (month, day) of a day token.
    fn month_day(offset: u8) -> (u8, u8) {
        let day = 28 + offset as u32;
        match day {
            28..=31 => (5, day as u8),
            32..=61 => (6, (day - 31) as u8),
            _ => (7, (day - 61) as u8),
        }
    }

    fn first_day(self) -> i64 {
        match self {
            DateToken::Day(offset) => {
                let (m, d) = Self::month_day(offset);
                day_of_year(m, d)
            }
            DateToken::Month(m) => day_of_year(m, 1),
        }
    }

    fn last_day(self) -> i64 {
        match self {
            DateToken::Day(_) => self.first_day(),
            DateToken::Month(m) => day_of_year(m + 1, 1) - 1,
        }
    }

    fn render(self) -> String {
        match self {
            DateToken::Day(offset) => {
                let (m, d) = Self::month_day(offset);
                format!("2025-{m:02}-{d:02}")
            }
            DateToken::Month(m) => format!("2025-{m:02}"),
        }
    }
}

/// A number of halves, written in one of several equal ways.
fn render_halves(halves: i64, spelling: u8) -> String {
    let sign = if halves < 0 { "-" } else { "" };
    let whole = halves.abs() / 2;
    let spellings: Vec<String> = if halves.abs() % 2 == 1 {
        vec![
            format!("{sign}{whole}.5"),
            format!("{sign}{whole}.50"),
            format!("{sign}0{whole}.5"),
        ]
    } else {
        let mut plain = vec![
            format!("{sign}{whole}"),
            format!("{sign}0{whole}"),
            format!("{sign}{whole}.0"),
            format!("{sign}{whole}.00"),
        ];
        if whole >= 10 {
            let digits = whole.to_string();
            plain.push(format!("{sign}{}_{}", &digits[..1], &digits[1..]));
        }
        plain
    };
    spellings[spelling as usize % spellings.len()].clone()
}

fn render_shape<T: Copy>(shape: &Shape<T>, one: impl Fn(T) -> String) -> String {
    match *shape {
        Shape::Point(x) => one(x),
        Shape::Range(a, b) => format!("{}..{}", one(a), one(b)),
        Shape::AtLeast(x) => format!("at least {}", one(x)),
        Shape::AtMost(x) => format!("at most {}", one(x)),
    }
}

impl GenValue {
    fn render(&self) -> String {
        match self {
            GenValue::Number {
                percent,
                shape,
                spelling,
            } => {
                let suffix = if *percent { "%" } else { "" };
                render_shape(shape, |h| {
                    format!("{}{suffix}", render_halves(h, *spelling))
                })
            }
            GenValue::Date(shape) => render_shape(shape, DateToken::render),
            GenValue::Text(name, choice) => spelling(NAMES[*name], *choice).to_string(),
            GenValue::List { complete, elements } => {
                let items: Vec<String> = elements
                    .iter()
                    .map(|element| match element {
                        Element::Name(name, choice) => spelling(NAMES[*name], *choice).to_string(),
                        Element::Number(h, choice) => render_halves(*h, *choice),
                    })
                    .collect();
                let list = format!("[{}]", items.join(", "));
                if *complete {
                    list
                } else {
                    format!("including {list}")
                }
            }
        }
    }

    /// What the value means, in the reference's terms.
    fn meaning(&self) -> Meaning {
        match self {
            GenValue::Number { percent, shape, .. } => {
                let points = points_of(shape, |h| (h, h), HALF_MIN, HALF_MAX);
                if *percent {
                    Meaning::Percent(points)
                } else {
                    Meaning::Number(points)
                }
            }
            GenValue::Date(shape) => Meaning::Date(points_of(
                shape,
                |t| (t.first_day(), t.last_day()),
                DAY_MIN,
                DAY_MAX,
            )),
            GenValue::Text(name, _) => Meaning::Text(*name),
            GenValue::List { complete, elements } => Meaning::List {
                complete: *complete,
                items: elements.iter().map(Item::of).collect(),
            },
        }
    }
}

/// Every grid point a shape covers; infinity is the point just past the grid.
fn points_of<T: Copy>(
    shape: &Shape<T>,
    span: impl Fn(T) -> (i64, i64),
    min: i64,
    max: i64,
) -> BTreeSet<i64> {
    let (low, high) = match *shape {
        Shape::Point(x) => span(x),
        Shape::Range(a, b) => (span(a).0, span(b).1),
        Shape::AtLeast(x) => (span(x).0, max + 1),
        Shape::AtMost(x) => (min - 1, span(x).1),
    };
    (low..=high).collect()
}

/// A list element as the reference compares it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Item {
    Name(usize),
    Halves(i64),
    /// A range, bound, percentage or date: no generated list holds one.
    Foreign,
}

impl Item {
    fn of(element: &Element) -> Item {
        match element {
            Element::Name(name, _) => Item::Name(*name),
            Element::Number(h, _) => Item::Halves(*h),
        }
    }
}

/// A value in the reference: points on a grid, a name, or a set of items.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Meaning {
    Number(BTreeSet<i64>),
    Percent(BTreeSet<i64>),
    Date(BTreeSet<i64>),
    Text(usize),
    List {
        complete: bool,
        items: BTreeSet<Item>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Truth {
    True,
    False,
    Unknown,
}

impl Meaning {
    /// Points of the same ordered kind as `other`, if both are ordered.
    fn ordered_pair<'a>(
        &'a self,
        other: &'a Meaning,
    ) -> Option<(&'a BTreeSet<i64>, &'a BTreeSet<i64>)> {
        match (self, other) {
            (Meaning::Number(a), Meaning::Number(b))
            | (Meaning::Percent(a), Meaning::Percent(b))
            | (Meaning::Date(a), Meaning::Date(b)) => Some((a, b)),
            _ => None,
        }
    }

    /// SPEC §4: same-kind intervals share a point; texts are equal; lists by
    /// the set rules; different kinds never.
    fn compatible(&self, other: &Meaning) -> bool {
        if let Some((a, b)) = self.ordered_pair(other) {
            return a.iter().any(|x| b.iter().any(|y| x == y));
        }
        match (self, other) {
            (Meaning::Text(a), Meaning::Text(b)) => a == b,
            (
                Meaning::List {
                    complete: true,
                    items: a,
                },
                Meaning::List {
                    complete: true,
                    items: b,
                },
            ) => a == b,
            (
                Meaning::List {
                    complete: false,
                    items: partial,
                },
                Meaning::List {
                    complete: true,
                    items: whole,
                },
            )
            | (
                Meaning::List {
                    complete: true,
                    items: whole,
                },
                Meaning::List {
                    complete: false,
                    items: partial,
                },
            ) => partial.iter().all(|item| whole.contains(item)),
            (Meaning::List { .. }, Meaning::List { .. }) => true,
            _ => false,
        }
    }

    fn equals(&self, other: &Meaning) -> Truth {
        if !self.compatible(other) {
            return Truth::False;
        }
        let exact = match (self, other) {
            (Meaning::Text(_), Meaning::Text(_)) => true,
            (Meaning::List { complete: a, .. }, Meaning::List { complete: b, .. }) => *a && *b,
            _ => match self.ordered_pair(other) {
                Some((a, b)) => a.len() == 1 && a == b,
                None => false,
            },
        };
        if exact {
            Truth::True
        } else {
            Truth::Unknown
        }
    }

    /// `<` or `<=` over every pair of points.
    fn less(&self, other: &Meaning, or_equal: bool) -> Truth {
        let Some((a, b)) = self.ordered_pair(other) else {
            return Truth::False;
        };
        let holds = |x: &i64, y: &i64| if or_equal { x <= y } else { x < y };
        let pairs: Vec<bool> = a
            .iter()
            .flat_map(|x| b.iter().map(move |y| holds(x, y)))
            .collect();
        if pairs.iter().all(|h| *h) {
            Truth::True
        } else if pairs.iter().any(|h| *h) {
            Truth::Unknown
        } else {
            Truth::False
        }
    }

    fn contains(&self, needle: &Meaning) -> Truth {
        let Meaning::List { complete, items } = self else {
            return Truth::False;
        };
        let wanted: Vec<Item> = match needle {
            Meaning::List { items, .. } => items.iter().cloned().collect(),
            Meaning::Text(name) => vec![Item::Name(*name)],
            Meaning::Number(points) if points.len() == 1 => {
                vec![Item::Halves(*points.first().unwrap())]
            }
            _ => vec![Item::Foreign],
        };
        if wanted.iter().all(|item| items.contains(item)) {
            Truth::True
        } else if *complete {
            Truth::False
        } else {
            Truth::Unknown
        }
    }

    /// `count(…)`: exact for a complete list, at least n for an open one.
    fn count(&self) -> Option<Meaning> {
        let Meaning::List { complete, items } = self else {
            return None;
        };
        let n = 2 * items.len() as i64;
        let high = if *complete { n } else { HALF_MAX + 1 };
        Some(Meaning::Number((n..=high).collect()))
    }
}

/// What compatible claims have in common (SPEC §5).
fn merge(values: &[&Meaning]) -> Meaning {
    let first = values[0].clone();
    match first {
        Meaning::Number(_) | Meaning::Percent(_) | Meaning::Date(_) => {
            let mut common = values[0].clone();
            for value in &values[1..] {
                let points = |m: &Meaning| match m {
                    Meaning::Number(p) | Meaning::Percent(p) | Meaning::Date(p) => p.clone(),
                    _ => unreachable!("compatible claims are of one kind"),
                };
                let shared: BTreeSet<i64> = points(&common)
                    .intersection(&points(value))
                    .copied()
                    .collect();
                common = match common {
                    Meaning::Number(_) => Meaning::Number(shared),
                    Meaning::Percent(_) => Meaning::Percent(shared),
                    _ => Meaning::Date(shared),
                };
            }
            common
        }
        Meaning::Text(_) => first,
        Meaning::List { .. } => {
            let complete = values
                .iter()
                .find(|v| matches!(v, Meaning::List { complete: true, .. }));
            match complete {
                Some(list) => (*list).clone(),
                None => Meaning::List {
                    complete: false,
                    items: values
                        .iter()
                        .flat_map(|v| match v {
                            Meaning::List { items, .. } => items.clone(),
                            _ => unreachable!("compatible claims are of one kind"),
                        })
                        .collect(),
                },
            }
        }
    }
}

/// A many-valued attribute's value: the open set of everything stated.
fn open_set(values: &[&Meaning]) -> Meaning {
    Meaning::List {
        complete: false,
        items: values
            .iter()
            .map(|v| match v {
                Meaning::Text(name) => Item::Name(*name),
                other => unreachable!("tags hold texts only, not {other:?}"),
            })
            .collect(),
    }
}

// ------------------------------------------------------------------ scenarios

#[derive(Debug, Clone)]
struct GenFact {
    file: usize,
    source: usize,
    subject: (usize, u8),
    attribute: (usize, u8),
    value: GenValue,
    /// `as of 2025-06-01` or `as of 2025-06`.
    as_of: Option<bool>,
}

#[derive(Debug, Clone)]
enum GenOperand {
    Path((usize, u8), (usize, u8)),
    Count((usize, u8), (usize, u8)),
    Literal(GenValue),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Contains,
}

#[derive(Debug, Clone)]
enum GenAssertion {
    Compare(GenOperand, Op, GenOperand),
    Corroborated(GenOperand, Option<u32>),
}

#[derive(Debug, Clone)]
struct Scenario {
    facts: Vec<GenFact>,
    accepts: Vec<((usize, u8), (usize, u8))>,
    assertions: Vec<GenAssertion>,
}

fn halves() -> impl Strategy<Value = i64> + Clone {
    HALF_MIN..=HALF_MAX
}

fn shape<T: Clone + std::fmt::Debug + 'static>(
    one: impl Strategy<Value = T> + Clone + 'static,
    ordered: fn(T, T) -> (T, T),
) -> impl Strategy<Value = Shape<T>> {
    prop_oneof![
        4 => one.clone().prop_map(Shape::Point),
        2 => (one.clone(), one.clone()).prop_map(move |(a, b)| {
            let (a, b) = ordered(a, b);
            Shape::Range(a, b)
        }),
        1 => one.clone().prop_map(Shape::AtLeast),
        1 => one.prop_map(Shape::AtMost),
    ]
}

fn number(percent: bool) -> impl Strategy<Value = GenValue> {
    (shape(halves(), |a, b| (a.min(b), a.max(b))), any::<u8>()).prop_map(
        move |(shape, spelling)| GenValue::Number {
            percent,
            shape,
            spelling,
        },
    )
}

fn date_token() -> impl Strategy<Value = DateToken> + Clone {
    prop_oneof![
        3 => (0u8..=36).prop_map(DateToken::Day),
        1 => (5u8..=7).prop_map(DateToken::Month),
    ]
}

/// A range's ends in order, so its start is never after its end however
/// days and months are mixed; otherwise the range of one token.
fn ordered_dates(a: DateToken, b: DateToken) -> (DateToken, DateToken) {
    let (a, b) = if a.first_day() <= b.first_day() {
        (a, b)
    } else {
        (b, a)
    };
    if a.last_day() <= b.last_day() {
        (a, b)
    } else {
        (a, a)
    }
}

fn date() -> impl Strategy<Value = GenValue> {
    shape(date_token(), ordered_dates).prop_map(GenValue::Date)
}

fn text() -> impl Strategy<Value = GenValue> {
    (0..NAMES.len(), any::<u8>()).prop_map(|(name, choice)| GenValue::Text(name, choice))
}

fn list() -> impl Strategy<Value = GenValue> {
    let element = prop_oneof![
        4 => (0..NAMES.len(), any::<u8>()).prop_map(|(n, c)| Element::Name(n, c)),
        1 => (0i64..=6, any::<u8>()).prop_map(|(h, c)| Element::Number(h, c)),
    ];
    (
        proptest::bool::weighted(0.6),
        prop::collection::vec(element, 0..4),
    )
        .prop_map(|(complete, elements)| GenValue::List { complete, elements })
}

fn any_value() -> impl Strategy<Value = GenValue> {
    prop_oneof![number(false), number(true), date(), text(), list()]
}

fn value_for(kind: AttributeKind) -> BoxedStrategy<GenValue> {
    let usual = match kind {
        AttributeKind::Number => number(false).boxed(),
        AttributeKind::Percent => number(true).boxed(),
        AttributeKind::Date => date().boxed(),
        AttributeKind::Text | AttributeKind::ManyText => text().boxed(),
        AttributeKind::List => list().boxed(),
    };
    // Now and then a value of another kind: never compatible, or (for the
    // declared `tags`) a type mismatch.
    prop_oneof![12 => usual, 1 => any_value()].boxed()
}

fn subject() -> impl Strategy<Value = (usize, u8)> {
    (0..SUBJECTS.len(), any::<u8>())
}

fn attribute() -> impl Strategy<Value = (usize, u8)> {
    (0..ATTRIBUTES.len(), any::<u8>())
}

fn fact() -> impl Strategy<Value = GenFact> {
    (
        attribute(),
        0..3usize,
        0..SOURCES,
        subject(),
        prop::option::weighted(0.15, any::<bool>()),
    )
        .prop_flat_map(|(attribute, file, source, subject, as_of)| {
            value_for(ATTRIBUTES[attribute.0].1).prop_map(move |value| GenFact {
                file,
                source,
                subject,
                attribute,
                value: value.clone(),
                as_of,
            })
        })
}

fn operand() -> impl Strategy<Value = GenOperand> {
    prop_oneof![
        4 => (subject(), attribute()).prop_map(|(s, a)| GenOperand::Path(s, a)),
        1 => (subject(), attribute()).prop_map(|(s, a)| GenOperand::Count(s, a)),
        3 => any_value().prop_map(GenOperand::Literal),
    ]
}

/// What a list may be asked to contain: a name, a plain number or a list,
/// written or read from the text attribute.
fn needle() -> impl Strategy<Value = GenOperand> {
    prop_oneof![
        2 => text().prop_map(GenOperand::Literal),
        1 => (0i64..=6, any::<u8>()).prop_map(|(h, spelling)| GenOperand::Literal(GenValue::Number {
            percent: false,
            shape: Shape::Point(h),
            spelling,
        })),
        2 => list().prop_map(GenOperand::Literal),
        1 => (subject(), any::<u8>()).prop_map(|(s, a)| GenOperand::Path(s, (3, a))),
    ]
}

fn assertion() -> impl Strategy<Value = GenAssertion> {
    let op = prop_oneof![
        Just(Op::Eq),
        Just(Op::Ne),
        Just(Op::Lt),
        Just(Op::Le),
        Just(Op::Gt),
        Just(Op::Ge),
    ];
    prop_oneof![
        5 => (operand(), op, operand()).prop_map(|(l, op, r)| GenAssertion::Compare(l, op, r)),
        2 => (operand(), needle()).prop_map(|(l, r)| GenAssertion::Compare(l, Op::Contains, r)),
        2 => (operand(), prop::option::of(1u32..=3)).prop_map(|(o, n)| GenAssertion::Corroborated(o, n)),
    ]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        prop::collection::vec(fact(), 0..16),
        prop::collection::vec((subject(), attribute()), 0..3),
        prop::collection::vec(assertion(), 0..10),
    )
        .prop_map(|(facts, accepts, assertions)| Scenario {
            facts,
            accepts,
            assertions,
        })
}

// ------------------------------------------------------------------ writing

fn write_path(subject: (usize, u8), attribute: (usize, u8)) -> String {
    format!(
        "{} {}",
        spelling(SUBJECTS[subject.0], subject.1),
        spelling(ATTRIBUTES[attribute.0].0, attribute.1)
    )
}

fn write_operand(operand: &GenOperand) -> String {
    match operand {
        GenOperand::Path(s, a) => write_path(*s, *a),
        GenOperand::Count(s, a) => format!("count({})", write_path(*s, *a)),
        GenOperand::Literal(value) => value.render(),
    }
}

fn op_symbol(op: Op) -> &'static str {
    match op {
        Op::Eq => "==",
        Op::Ne => "!=",
        Op::Lt => "<",
        Op::Le => "<=",
        Op::Gt => ">",
        Op::Ge => ">=",
        Op::Contains => "contains",
    }
}

/// The files of a scenario, and where each fact and assertion is written.
struct Written {
    files: Vec<(String, String)>,
    fact_at: Vec<(String, u32)>,
    assertion_at: Vec<(String, u32)>,
}

fn write(scenario: &Scenario) -> Written {
    let mut schema = String::new();
    for source in 0..SOURCES {
        schema.push_str(&format!(
            "source s{source} {{ title \"Source {source}\" }}\n"
        ));
    }
    schema.push_str(ALIASES);
    schema.push_str(SCHEMA);
    let mut files = vec![("facts/schema.facts".to_string(), schema)];
    let mut fact_at = vec![(String::new(), 0); scenario.facts.len()];
    for file in 0..3 {
        let path = format!("facts/f{file}.facts");
        let mut text = String::new();
        let mut line = 0;
        let mut section = None;
        for (index, fact) in scenario
            .facts
            .iter()
            .enumerate()
            .filter(|(_, f)| f.file == file)
        {
            if section != Some(fact.source) {
                text.push_str(&format!("from s{}\n", fact.source));
                line += 1;
                section = Some(fact.source);
            }
            let as_of = match fact.as_of {
                None => String::new(),
                Some(true) => " as of 2025-06-01".to_string(),
                Some(false) => " as of 2025-06".to_string(),
            };
            text.push_str(&format!(
                "{} {}{as_of}\n",
                write_path(fact.subject, fact.attribute),
                fact.value.render()
            ));
            line += 1;
            fact_at[index] = (path.clone(), line);
        }
        files.push((path, text));
    }
    let path = "assertions/a.assert".to_string();
    let mut text = String::new();
    for (subject, attribute) in &scenario.accepts {
        text.push_str(&format!(
            "accept {} because \"reviewed\"\n",
            write_path(*subject, *attribute)
        ));
    }
    let mut line = scenario.accepts.len() as u32;
    let mut assertion_at = Vec::new();
    for assertion in &scenario.assertions {
        let written = match assertion {
            GenAssertion::Compare(left, op, right) => format!(
                "assert {} {} {}",
                write_operand(left),
                op_symbol(*op),
                write_operand(right)
            ),
            GenAssertion::Corroborated(operand, by) => format!(
                "assert {} corroborated{}",
                write_operand(operand),
                by.map_or(String::new(), |n| format!(" by {n}"))
            ),
        };
        text.push_str(&written);
        text.push('\n');
        line += 1;
        assertion_at.push((path.clone(), line));
    }
    files.push((path, text));
    Written {
        files,
        fact_at,
        assertion_at,
    }
}

// ------------------------------------------------------------------ reference

type GroupKey = (usize, usize, Option<bool>);

/// One kept fact: its index in the scenario, source and meaning.
struct RefClaim {
    fact: usize,
    source: usize,
    meaning: Meaning,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Status {
    Agreed,
    Contested,
    Accepted,
}

struct Reference {
    groups: BTreeMap<GroupKey, Vec<RefClaim>>,
    status: BTreeMap<GroupKey, Status>,
    type_mismatches: usize,
    stale_accepts: usize,
}

fn is_many(attribute: usize) -> bool {
    ATTRIBUTES[attribute].1 == AttributeKind::ManyText
}

impl Reference {
    fn build(scenario: &Scenario) -> Reference {
        let mut groups: BTreeMap<GroupKey, Vec<RefClaim>> = BTreeMap::new();
        let mut type_mismatches = 0;
        for (index, fact) in scenario.facts.iter().enumerate() {
            let meaning = fact.value.meaning();
            if is_many(fact.attribute.0) && !matches!(meaning, Meaning::Text(_)) {
                type_mismatches += 1;
                continue;
            }
            groups
                .entry((fact.subject.0, fact.attribute.0, fact.as_of))
                .or_default()
                .push(RefClaim {
                    fact: index,
                    source: fact.source,
                    meaning,
                });
        }
        let accepted: BTreeSet<(usize, usize)> =
            scenario.accepts.iter().map(|(s, a)| (s.0, a.0)).collect();
        let mut status = BTreeMap::new();
        let mut used = BTreeSet::new();
        for (key, claims) in &groups {
            let contradictory = !is_many(key.1)
                && claims
                    .iter()
                    .any(|a| claims.iter().any(|b| !a.meaning.compatible(&b.meaning)));
            let value = if !contradictory {
                Status::Agreed
            } else if accepted.contains(&(key.0, key.1)) {
                used.insert((key.0, key.1));
                Status::Accepted
            } else {
                Status::Contested
            };
            status.insert(*key, value);
        }
        let stale_accepts = scenario
            .accepts
            .iter()
            .filter(|(s, a)| !used.contains(&(s.0, a.0)))
            .count();
        Reference {
            groups,
            status,
            type_mismatches,
            stale_accepts,
        }
    }

    fn contradictions(&self, written: &Written) -> BTreeSet<(bool, BTreeSet<(String, u32)>)> {
        self.status
            .iter()
            .filter(|(_, status)| **status != Status::Agreed)
            .map(|(key, status)| {
                let claims = self.groups[key]
                    .iter()
                    .map(|claim| written.fact_at[claim.fact].clone())
                    .collect();
                (*status == Status::Accepted, claims)
            })
            .collect()
    }

    fn judge(&self, assertion: &GenAssertion) -> Verdict {
        match assertion {
            GenAssertion::Compare(left, op, right) => self.compare(left, *op, right),
            GenAssertion::Corroborated(operand, by) => self.corroborated(operand, by.unwrap_or(2)),
        }
    }

    fn compare(&self, left: &GenOperand, op: Op, right: &GenOperand) -> Verdict {
        let (left, right) = (self.resolve(left), self.resolve(right));
        let (left, right) = match (left, right) {
            (Resolved::Contested, _) | (_, Resolved::Contested) => return Verdict::Contested,
            (Resolved::NoFact, _) | (_, Resolved::NoFact) => return Verdict::Unknown,
            (Resolved::Values(l), Resolved::Values(r)) => (l, r),
        };
        let mut truths = Vec::new();
        for l in &left {
            for r in &right {
                truths.push(match (l, r) {
                    (None, _) | (_, None) => Truth::Unknown,
                    (Some(l), Some(r)) => match op {
                        Op::Eq => l.equals(r),
                        Op::Ne => match l.equals(r) {
                            Truth::True => Truth::False,
                            Truth::False => Truth::True,
                            Truth::Unknown => Truth::Unknown,
                        },
                        Op::Lt => l.less(r, false),
                        Op::Le => l.less(r, true),
                        Op::Gt => r.less(l, false),
                        Op::Ge => r.less(l, true),
                        Op::Contains => l.contains(r),
                    },
                });
            }
        }
        fold(&truths)
    }

    fn group_of(&self, subject: usize, attribute: usize) -> Option<(&Vec<RefClaim>, Status)> {
        let key = (subject, attribute, None);
        Some((self.groups.get(&key)?, self.status[&key]))
    }

    /// The values an operand may have (`None`: not known, as the count of a
    /// value that is not a list).
    fn resolve(&self, operand: &GenOperand) -> Resolved {
        let (subject, attribute, count) = match operand {
            GenOperand::Literal(value) => return Resolved::Values(vec![Some(value.meaning())]),
            GenOperand::Path(s, a) => (s.0, a.0, false),
            GenOperand::Count(s, a) => (s.0, a.0, true),
        };
        let Some((claims, status)) = self.group_of(subject, attribute) else {
            return Resolved::NoFact;
        };
        let values: Vec<&Meaning> = claims.iter().map(|c| &c.meaning).collect();
        let meanings: Vec<Meaning> = match status {
            Status::Contested => return Resolved::Contested,
            Status::Accepted => values.into_iter().cloned().collect(),
            Status::Agreed if is_many(attribute) => vec![open_set(&values)],
            Status::Agreed => vec![merge(&values)],
        };
        Resolved::Values(
            meanings
                .into_iter()
                .map(|m| if count { m.count() } else { Some(m) })
                .collect(),
        )
    }

    fn corroborated(&self, operand: &GenOperand, needed: u32) -> Verdict {
        let (subject, attribute) = match operand {
            GenOperand::Literal(_) => return Verdict::Fail,
            GenOperand::Path(s, a) | GenOperand::Count(s, a) => (s.0, a.0),
        };
        let Some((claims, status)) = self.group_of(subject, attribute) else {
            return Verdict::Unknown;
        };
        let enough = |with: Option<&Meaning>| {
            let sources: BTreeSet<usize> = claims
                .iter()
                .filter(|c| with.is_none_or(|w| w.compatible(&c.meaning)))
                .map(|c| c.source)
                .collect();
            if sources.len() >= needed as usize {
                Truth::True
            } else {
                Truth::False
            }
        };
        match status {
            Status::Contested => Verdict::Contested,
            Status::Agreed => fold(&[enough(None)]),
            Status::Accepted => {
                let truths: Vec<Truth> = claims.iter().map(|c| enough(Some(&c.meaning))).collect();
                fold(&truths)
            }
        }
    }
}

enum Resolved {
    Values(Vec<Option<Meaning>>),
    NoFact,
    Contested,
}

fn fold(truths: &[Truth]) -> Verdict {
    if truths.iter().all(|t| *t == Truth::True) {
        Verdict::Pass
    } else if truths.iter().all(|t| *t == Truth::False) {
        Verdict::Fail
    } else {
        Verdict::Unknown
    }
}

// ------------------------------------------------------------------ the check

/// The loader groups claims in parallel shards; what comes out must be what
/// one pass in load order gives: every claim in exactly one group, groups
/// numbered by their first claim, each subject named once, and each group
/// found again by its names.
fn grouping_follows_load_order(base: &factcheck::load::FactBase) -> Result<(), TestCaseError> {
    let mut grouped = vec![false; base.claims.len()];
    let mut subjects: Vec<&str> = Vec::new();
    let mut previous_first = None;
    for (index, group) in base.groups.iter().enumerate() {
        prop_assert!(group
            .claims
            .to_vec()
            .windows(2)
            .all(|pair| pair[0] < pair[1]));
        let first = group.claims.first().expect("a group has a claim");
        prop_assert!(
            previous_first < Some(first),
            "groups in order of first claim"
        );
        previous_first = Some(first);
        for claim in &group.claims {
            prop_assert!(!grouped[claim], "claim {} in two groups", claim);
            grouped[claim] = true;
            prop_assert_eq!(base.claims[claim].group(), index);
        }
        if group.as_of.is_none() {
            let found = base.group(base.subject_key_of(group), base.attribute_key_of(group));
            prop_assert_eq!(found.map(|(i, _)| i), Some(index));
        }
        if !subjects.contains(&base.subject_of(group)) {
            subjects.push(base.subject_of(group));
        }
    }
    prop_assert!(grouped.iter().all(|g| *g), "every claim is grouped");
    // Every grouped subject is named once. (Subjects are numbered by their
    // first fact, and a fact left out for its type names its subject but
    // opens no group, so group order need not be subject order.)
    let shown: Vec<&str> = base.names.subjects_shown().collect();
    for subject in &subjects {
        prop_assert_eq!(shown.iter().filter(|s| *s == subject).count(), 1);
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5000)
}

fn run(scenario: &Scenario) -> Result<(), TestCaseError> {
    let written = write(scenario);
    let base = factcheck::load::load_texts(&written.files);
    let listing = || {
        written
            .files
            .iter()
            .map(|(path, text)| format!("--- {path}\n{text}"))
            .collect::<String>()
    };
    prop_assert!(
        base.errors.is_empty(),
        "load errors {:#?}\n{}",
        base.errors,
        listing()
    );
    grouping_follows_load_order(&base)?;
    let findings = factcheck::check::check(&base);
    let reference = Reference::build(scenario);

    let contradictions: BTreeSet<(bool, BTreeSet<(String, u32)>)> = findings
        .contradictions
        .iter()
        .map(|c| {
            let claims = c
                .claims
                .iter()
                .map(|&i| {
                    let claim = &base.claims[i];
                    (base.files[claim.file()].path.clone(), claim.line())
                })
                .collect();
            (c.accepted_by.is_some(), claims)
        })
        .collect();
    prop_assert_eq!(
        &contradictions,
        &reference.contradictions(&written),
        "contradictions\n{}",
        listing()
    );

    let verdicts: BTreeMap<(String, u32), Verdict> = findings
        .assertions
        .iter()
        .map(|result| {
            let located = &base.assertions[result.assertion];
            let path = base.files[located.file].path.clone();
            ((path, located.assertion.span.line), result.verdict)
        })
        .collect();
    for (index, assertion) in scenario.assertions.iter().enumerate() {
        let at = &written.assertion_at[index];
        let expected = reference.judge(assertion);
        let message = findings
            .assertions
            .iter()
            .find(|r| {
                let located = &base.assertions[r.assertion];
                located.assertion.span.line == at.1
            })
            .map(|r| r.message.clone())
            .unwrap_or_default();
        prop_assert_eq!(
            verdicts.get(at).copied(),
            Some(expected),
            "verdict of {}:{} ({})\n{}",
            at.0,
            at.1,
            message,
            listing()
        );
    }

    let passed = verdicts.values().filter(|v| **v == Verdict::Pass).count();
    let open = contradictions
        .iter()
        .filter(|(accepted, _)| !accepted)
        .count();
    prop_assert_eq!(findings.summary.passed, passed);
    prop_assert_eq!(findings.summary.contradictions, open);
    prop_assert_eq!(findings.summary.accepted, contradictions.len() - open);
    prop_assert_eq!(findings.summary.type_mismatches, reference.type_mismatches);
    prop_assert_eq!(
        findings.summary.failed,
        scenario.assertions.len() - passed + open + reference.type_mismatches
    );
    let stale = findings
        .warnings
        .iter()
        .filter(|w| w.message.starts_with("stale accept"))
        .count();
    prop_assert_eq!(
        stale,
        reference.stale_accepts,
        "stale accepts\n{}",
        listing()
    );
    let expected_exit = if findings.summary.failed > 0 { 1 } else { 0 };
    prop_assert_eq!(findings.exit_code(&base), expected_exit);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: Some(Box::new(
            proptest::test_runner::FileFailurePersistence::WithSource("proptest-regressions"),
        )),
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_runner_agrees_with_the_reference(scenario in scenario()) {
        run(&scenario)?;
    }
}

/// The generator reaches every verdict and both kinds of contradiction, so
/// agreement above is not agreement on trivial cases only.
#[test]
fn the_generator_reaches_every_outcome() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut verdicts = BTreeSet::new();
    let (mut contested, mut accepted) = (false, false);
    for _ in 0..400 {
        let scenario = scenario().new_tree(&mut runner).unwrap().current();
        let reference = Reference::build(&scenario);
        contested |= reference.status.values().any(|s| *s == Status::Contested);
        accepted |= reference.status.values().any(|s| *s == Status::Accepted);
        for assertion in &scenario.assertions {
            verdicts.insert(format!("{:?}", reference.judge(assertion)));
        }
    }
    assert!(contested && accepted);
    assert_eq!(verdicts.len(), 4, "{verdicts:?}");
}
