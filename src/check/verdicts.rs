//! Assertion verdicts (SPEC §5, §7): resolve each operand to the values it
//! may have, judge the operator on every combination, and fold the answers
//! into pass / fail / unknown / contested with a reason people can act on.

use std::fmt::Write as _;

use super::GroupStatus;
use crate::load::{FactBase, Group};
use crate::model::{closest, normalize, Text, Truth, Value};
use crate::syntax::{Assertion, CompareOp, Operand, Path, Test};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Fail,
    Unknown,
    Contested,
}

impl Verdict {
    pub fn name(self) -> &'static str {
        match self {
            Verdict::Pass => "pass",
            Verdict::Fail => "fail",
            Verdict::Unknown => "unknown",
            Verdict::Contested => "contested",
        }
    }
}

/// How the messages of `unknown` verdicts begin or end, by what made them
/// unknown; [`unknown_help`] reads them to say what to do.
const NO_FACT: &str = "no source states";
const EACH_CLAIM: &str = "judged against each claim of an accepted contradiction";
const EACH_CLAIM_CORROBORATED: &str = "is an accepted contradiction; each claim is corroborated";
const NO_COUNT: &str = "not a list, so it has no count";
const LEFT_OUT: &str = "its facts were left out for their type";

/// What to do about an `unknown` verdict whose message is `message`.
pub fn unknown_help(message: &str) -> &'static str {
    if message.contains(LEFT_OUT) {
        "give the facts values of the attribute's declared type, or change its declaration"
    } else if message.starts_with(NO_FACT) {
        "add a fact (with its source and quote) that states it, or correct the path if it is misspelt"
    } else if message.starts_with(EACH_CLAIM) || message.contains(EACH_CLAIM_CORROBORATED) {
        "the claims of the accepted contradiction disagree on this: assert only what every claim supports, or settle the contradiction"
    } else if message.ends_with(NO_COUNT) {
        "`count(…)` counts a list's items: give the attribute list values, or compare the value itself"
    } else {
        "no fact is precise enough to decide this: add a fact (with its source and quote) that settles it"
    }
}

/// What one operand may be: the values to judge (one, or one per claim of an
/// accepted contradiction), or why there is nothing to judge.
enum Resolved {
    Values(Vec<Item>),
    NoFact(String),
    Contested(String),
}

/// One value an operand may have, with its label for messages; or a reason
/// the operand cannot give a value (unknown) or gives a wrong one (fail).
enum Item {
    Value { value: Value, shown: String },
    Unknown(String),
    Fail(String),
}

pub struct Judge<'a> {
    pub base: &'a FactBase,
    /// The status of every group, by group index.
    pub status: &'a [GroupStatus],
}

impl Judge<'_> {
    pub fn judge(&self, assertion: &Assertion) -> (Verdict, String) {
        match &assertion.test {
            Test::Compare { left, op, right } => self.compare(left, *op, right),
            Test::Corroborated { operand, sources } => self.corroborated(operand, *sources),
        }
    }

    fn compare(&self, left: &Operand, op: CompareOp, right: &Operand) -> (Verdict, String) {
        let (left, right) = (self.resolve(left), self.resolve(right));
        let (left, right) = match (left, right) {
            (Resolved::Contested(why), _) | (_, Resolved::Contested(why)) => {
                return (Verdict::Contested, why)
            }
            (Resolved::NoFact(why), _) | (_, Resolved::NoFact(why)) => {
                return (Verdict::Unknown, why)
            }
            (Resolved::Values(left), Resolved::Values(right)) => (left, right),
        };
        let mut truths = Truths::default();
        let mut reasons = Vec::new();
        'pairs: for l in &left {
            for r in &right {
                // Only the first reasons are shown, so only they are written:
                // claims can be many, and their pairs more.
                if reasons.len() < SHOWN_REASONS {
                    let (truth, reason) = judge_pair(l, op, r);
                    truths.add(truth);
                    reasons.push(reason);
                } else if truths.verdict() == Verdict::Unknown {
                    // Mixed truths stay mixed whatever the other pairs say.
                    break 'pairs;
                } else {
                    truths.add(pair_truth(l, op, r));
                }
            }
        }
        let verdict = truths.verdict();
        let pairs = left.len() * right.len();
        let message = if pairs == 1 {
            reasons.remove(0)
        } else {
            format!(
                "{EACH_CLAIM}: {}{}",
                reasons.join("; "),
                more_reasons(pairs - reasons.len())
            )
        };
        (verdict, message)
    }

    fn corroborated(&self, operand: &Operand, needed: u32) -> (Verdict, String) {
        let path = match operand {
            Operand::Path(path) | Operand::Count(path) | Operand::Weekday(path) => path,
            Operand::Literal(_) => {
                return (
                    Verdict::Fail,
                    "`corroborated` needs a path (SUBJECT ATTRIBUTE), not a literal value"
                        .to_string(),
                )
            }
        };
        let Some((index, group)) = self.group(path) else {
            return (Verdict::Unknown, self.no_fact_message(path));
        };
        let claims = &group.claims;
        let sources_agreeing = |with: Option<usize>| {
            let mut sources: Vec<&str> = claims
                .iter()
                .map(|c| &self.base.claims[c])
                .filter(|c| with.is_none_or(|w| self.base.claims[w].value.compatible(&c.value)))
                .map(|c| self.base.sources[c.source()].id.as_str())
                .collect();
            sources.sort_unstable();
            sources.dedup();
            sources
        };
        match self.status[index] {
            GroupStatus::Contested => (
                Verdict::Contested,
                contested_message(self.base, path, group),
            ),
            GroupStatus::Agreed => {
                let sources = sources_agreeing(None);
                let verdict = if sources.len() >= needed as usize {
                    Verdict::Pass
                } else {
                    Verdict::Fail
                };
                (verdict, corroboration_message(path, &sources, needed))
            }
            GroupStatus::Accepted => {
                let mut truths = Truths::default();
                let mut reasons = Vec::new();
                for claim in claims {
                    if reasons.len() == SHOWN_REASONS && truths.verdict() == Verdict::Unknown {
                        break; // mixed already: the other claims change nothing
                    }
                    let sources = sources_agreeing(Some(claim));
                    truths.add(if sources.len() >= needed as usize {
                        Truth::True
                    } else {
                        Truth::False
                    });
                    if reasons.len() < SHOWN_REASONS {
                        reasons.push(format!(
                            "{} ({}) by {}",
                            self.base.written(&self.base.claims[claim]),
                            self.base.sources[self.base.claims[claim].source()].id,
                            sources.join(", ")
                        ));
                    }
                }
                let message = format!(
                    "`{path}` {EACH_CLAIM_CORROBORATED} as follows, {} needed: {}{}",
                    count_of_sources(needed as usize),
                    reasons.join("; "),
                    more_reasons(claims.len() - reasons.len())
                );
                (truths.verdict(), message)
            }
        }
    }

    /// Why a path has no value, and the path nearest in spelling that
    /// has one, if any: "did you mean" for a mistyped name.
    fn no_fact_message(&self, path: &Path) -> String {
        let (subject, attribute) = self.base.path_keys(path);
        let left_out = self.base.type_mismatches.iter().find(|mismatch| {
            *mismatch.subject_key == *subject.key() && normalize(&mismatch.attribute) == attribute
        });
        if let Some(mismatch) = left_out {
            return format!(
                "`{path}` has no claim: {LEFT_OUT} ({} where {} is declared)",
                mismatch.found, mismatch.expected
            );
        }
        let stated = format!("{NO_FACT} `{path}`");
        match self.nearest_stated(path, &subject, &attribute) {
            Some(near) => format!("{stated}; did you mean `{near}`?"),
            None => stated,
        }
    }

    /// The path nearest in spelling to `path` (which has no fact; its keys
    /// are `subject` and `attribute`) that has one: its attribute mistyped,
    /// for a subject that has facts; else its subject mistyped, in a base
    /// small enough to compare every subject with every assertion's (see
    /// [`crate::load::limits::searches_every_subject`]).
    fn nearest_stated(&self, path: &Path, subject: &Text, attribute: &str) -> Option<String> {
        let names = &self.base.names;
        if names.has_subject(subject.key()) {
            let stated = |key: &&str| self.base.group(subject.key(), key).is_some();
            let near = closest(attribute, names.attribute_keys().filter(stated))?;
            return Some(format!("{} {near}", path.subject.text));
        }
        if !self.base.searches_every_subject {
            return None;
        }
        let keys = (0..names.subject_count() as u32).map(|id| names.subject_key(id));
        let stated = |key: &&str| self.base.group(key, attribute).is_some();
        let near = closest(subject.key(), keys.filter(stated))?;
        let (_, group) = self.base.group(near, attribute)?;
        Some(format!(
            "{} {}",
            self.base.subject_of(group),
            path.attribute.text
        ))
    }

    fn group(&self, path: &Path) -> Option<(usize, &Group)> {
        let (subject, attribute) = self.base.path_keys(path);
        self.base.group(subject.key(), &attribute)
    }

    fn resolve(&self, operand: &Operand) -> Resolved {
        match operand {
            Operand::Literal(term) => {
                let aliases = &self.base.aliases;
                let text = |name: &str| aliases.resolve(name);
                match Value::from_term(term, &text) {
                    Ok(value) => Resolved::Values(vec![Item::Value {
                        shown: value.to_string(),
                        value,
                    }]),
                    Err(error) => Resolved::Values(vec![Item::Fail(error.message)]),
                }
            }
            Operand::Path(path) => self.resolve_path(path, |value, shown| Item::Value {
                value,
                shown: format!("`{path}` ({shown})"),
            }),
            Operand::Count(path) => self.resolve_path(path, |value, shown| match value.count() {
                Some(count) => Item::Value {
                    shown: format!("count(`{path}`) ({count})"),
                    value: count,
                },
                None => Item::Unknown(format!("`{path}` is {shown}, {NO_COUNT}")),
            }),
            Operand::Weekday(path) => {
                self.resolve_path(path, |value, shown| match value.weekday() {
                    Some(Some(day)) => Item::Value {
                        value: Value::Text(Text::new(&normalize(day), day)),
                        shown: format!("weekday(`{path}`) ({day}, {shown})"),
                    },
                    Some(None) => Item::Unknown(format!(
                        "`{path}` is {shown}, not a single day, so its weekday is not known"
                    )),
                    None => Item::Fail(format!(
                        "`{path}` is {shown}, not a date, so it has no weekday"
                    )),
                })
            }
        }
    }

    /// A PATH's values: its group's merged value, or each claim's value when
    /// its contradiction is accepted.
    fn resolve_path(&self, path: &Path, item: impl Fn(Value, String) -> Item) -> Resolved {
        let Some((index, group)) = self.group(path) else {
            return Resolved::NoFact(self.no_fact_message(path));
        };
        let values: Vec<&Value> = group
            .claims
            .iter()
            .map(|c| &self.base.claims[c].value)
            .collect();
        match self.status[index] {
            GroupStatus::Contested => {
                Resolved::Contested(contested_message(self.base, path, group))
            }
            GroupStatus::Accepted => Resolved::Values(
                group
                    .claims
                    .iter()
                    .map(|c| {
                        let claim = &self.base.claims[c];
                        let shown = format!(
                            "{}, per {}",
                            claim.value,
                            self.base.sources[claim.source()].id
                        );
                        item(claim.value.clone(), shown)
                    })
                    .collect(),
            ),
            GroupStatus::Agreed => {
                let value = if group.many {
                    Value::open_set(&values)
                } else {
                    Value::merge(&values)
                };
                let shown = value.to_string();
                Resolved::Values(vec![item(value, shown)])
            }
        }
    }
}

fn judge_pair(left: &Item, op: CompareOp, right: &Item) -> (Truth, String) {
    let (l, ls, r, rs) = match (left, right) {
        (Item::Fail(why), _) | (_, Item::Fail(why)) => return (Truth::False, why.clone()),
        (Item::Unknown(why), _) | (_, Item::Unknown(why)) => return (Truth::Unknown, why.clone()),
        (
            Item::Value {
                value: l,
                shown: ls,
            },
            Item::Value {
                value: r,
                shown: rs,
            },
        ) => (l, ls, r, rs),
    };
    let truth = op_truth(l, op, r);
    let mut message = format!("{ls} {} {rs}", op.symbol());
    let _ = match truth {
        Truth::True => write!(message, " holds"),
        Truth::False => write!(message, " does not hold{}", kind_note(l, op, r)),
        Truth::Unknown => write!(
            message,
            " may or may not hold: the values are not precise enough to tell"
        ),
    };
    (truth, message)
}

/// `judge_pair` without the reason.
fn pair_truth(left: &Item, op: CompareOp, right: &Item) -> Truth {
    match (left, right) {
        (Item::Fail(_), _) | (_, Item::Fail(_)) => Truth::False,
        (Item::Unknown(_), _) | (_, Item::Unknown(_)) => Truth::Unknown,
        (Item::Value { value: l, .. }, Item::Value { value: r, .. }) => op_truth(l, op, r),
    }
}

fn op_truth(l: &Value, op: CompareOp, r: &Value) -> Truth {
    match op {
        CompareOp::Eq => l.equals(r),
        CompareOp::Ne => l.equals(r).negate(),
        CompareOp::Lt => l.less_than(r, false),
        CompareOp::Le => l.less_than(r, true),
        CompareOp::Gt => r.less_than(l, false),
        CompareOp::Ge => r.less_than(l, true),
        CompareOp::Contains => l.contains(r),
    }
}

/// How many reasons a message gives before it says how many it left out.
const SHOWN_REASONS: usize = 12;

fn more_reasons(left_out: usize) -> String {
    match left_out {
        0 => String::new(),
        n => format!("; and {n} more"),
    }
}

/// Why a comparison failed when the values could never satisfy it.
fn kind_note(left: &Value, op: CompareOp, right: &Value) -> String {
    match op {
        CompareOp::Contains if matches!(left, Value::List(_)) => String::new(),
        CompareOp::Contains => " (only a list can contain things)".to_string(),
        CompareOp::Lt | CompareOp::Le | CompareOp::Gt | CompareOp::Ge
            if left.kind() != right.kind() || matches!(left, Value::Text(_) | Value::List(_)) =>
        {
            format!(
                " (only numbers, percentages or dates of one kind are ordered; this compares {} with {})",
                left.kind().name(),
                right.kind().name()
            )
        }
        _ if left.kind() != right.kind() => {
            format!(
                " (a {} is never equal to a {})",
                left.kind().name(),
                right.kind().name()
            )
        }
        _ => String::new(),
    }
}

/// All true passes, all false fails, anything else is unknown.
/// What the truths of an assertion's pairs add up to (SPEC §5): pass iff
/// every one is true, fail iff every one is false, unknown otherwise.
#[derive(Default)]
struct Truths {
    any_not_true: bool,
    any_not_false: bool,
}

impl Truths {
    fn add(&mut self, truth: Truth) {
        self.any_not_true |= truth != Truth::True;
        self.any_not_false |= truth != Truth::False;
    }

    fn verdict(&self) -> Verdict {
        match (self.any_not_true, self.any_not_false) {
            (false, _) => Verdict::Pass,
            (true, false) => Verdict::Fail,
            (true, true) => Verdict::Unknown,
        }
    }
}

fn contested_message(base: &FactBase, path: &Path, group: &Group) -> String {
    let claims: Vec<String> = group
        .claims
        .iter()
        .map(|c| base.says(&base.claims[c]))
        .collect();
    format!("`{path}` is contested: {}", claims.join(", "))
}

fn corroboration_message(path: &Path, sources: &[&str], needed: u32) -> String {
    format!(
        "`{path}` is stated by {} ({}); {} needed",
        count_of_sources(sources.len()),
        sources.join(", "),
        count_of_sources(needed as usize)
    )
}

fn count_of_sources(n: usize) -> String {
    if n == 1 {
        "1 source".to_string()
    } else {
        format!("{n} sources")
    }
}
