//! The syntax tree: what each statement says, with the span of every token so
//! that any later stage can point a diagnostic at the exact place in the file.
//!
//! The tree knows nothing of facts or sources: values stay as written, and the
//! loader (`crate::load`) gives them meaning.

use std::fmt;

/// A token's text. Nearly every token is a short word, number or name, which
/// this keeps inline (up to 24 bytes): a million facts parsed without an
/// allocation per token.
pub type SmallText = compact_str::CompactString;

/// The first words that make a line some statement other than a fact (the
/// grammar's `statement_keyword`).
pub const STATEMENT_KEYWORDS: [&str; 7] = [
    "source",
    "from",
    "alias",
    "attribute",
    "assert",
    "check",
    "accept",
];

/// A place in one file: byte offsets for miette, line and column (1-based,
/// columns counted in characters) for people and JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: u32,
    pub column: u32,
}

impl Span {
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span from the start of `self` to the end of `other`.
    pub fn to(self, other: Span) -> Span {
        Span {
            end: other.end,
            ..self
        }
    }
}

/// A calendar date as written: a whole month when `day` is `None`.
/// Always a real date (checked when the AST is built).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateLit {
    pub year: i16,
    pub month: i8,
    pub day: Option<i8>,
}

impl fmt::Display for DateLit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)?;
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BoundKind {
    AtLeast,
    AtMost,
}

/// One term as written. Numbers keep their text: `crate::model::number`
/// reads them exactly, with no rounding through floating point.
#[derive(Debug, Clone, PartialEq)]
pub enum TermKind {
    Word(SmallText),
    Str(SmallText),
    Number(SmallText),
    Date(DateLit),
    Range(Box<Term>, Box<Term>),
    Bound(BoundKind, Box<Term>),
    List { partial: bool, items: Vec<Term> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub kind: TermKind,
    pub span: Span,
}

impl Term {
    /// The text of a word or string, the only terms that can name things.
    pub fn as_name(&self) -> Option<&str> {
        match &self.kind {
            TermKind::Word(text) | TermKind::Str(text) => Some(text),
            _ => None,
        }
    }
}

/// A name made of one or more words or strings (a subject, an alias side).
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    /// The parts joined by single spaces, as the SPEC defines a subject.
    pub text: SmallText,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SourceDecl {
    pub id: String,
    pub id_span: Span,
    pub title: Option<String>,
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub published: Option<DateLit>,
    /// The `file` key: a path relative to the declaring file, and its span.
    pub file: Option<(String, Span)>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub subject: Name,
    pub attribute: Name,
    /// The value; as written, it is the file's text at `value.span`.
    pub value: Term,
    pub as_of: Option<(DateLit, Span)>,
    /// Boxed: few facts carry a quote, and a million facts should not pay
    /// its size.
    pub quote: Option<Box<(String, Span)>>,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub subject: Name,
    pub attribute: Name,
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.subject.text, self.attribute.text)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    Literal(Term),
    Path(Path),
    Count(Path),
    Weekday(Path),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Contains,
}

impl CompareOp {
    pub fn symbol(self) -> &'static str {
        match self {
            CompareOp::Eq => "==",
            CompareOp::Ne => "!=",
            CompareOp::Lt => "<",
            CompareOp::Le => "<=",
            CompareOp::Gt => ">",
            CompareOp::Ge => ">=",
            CompareOp::Contains => "contains",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Test {
    Compare {
        left: Operand,
        op: CompareOp,
        right: Operand,
    },
    Corroborated {
        operand: Operand,
        sources: u32,
    },
}

impl Test {
    /// The operands, left to right.
    pub fn operands(&self) -> Vec<&Operand> {
        match self {
            Test::Compare { left, right, .. } => vec![left, right],
            Test::Corroborated { operand, .. } => vec![operand],
        }
    }

    /// The paths the operands read (inside `count(…)` and `weekday(…)` too).
    pub fn paths(&self) -> Vec<&Path> {
        self.operands()
            .into_iter()
            .filter_map(|operand| match operand {
                Operand::Path(path) | Operand::Count(path) | Operand::Weekday(path) => Some(path),
                Operand::Literal(_) => None,
            })
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Assertion {
    /// The name of the enclosing `check "…" { }` block, if any.
    pub check: Option<String>,
    pub test: Test,
    /// The assertion as written, after `assert` (for reports and JSON).
    pub text: String,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Accept {
    pub path: Path,
    pub reason: String,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AttributeType {
    Number,
    Date,
    Text,
    List,
}

impl AttributeType {
    pub fn name(self) -> &'static str {
        match self {
            AttributeType::Number => "number",
            AttributeType::Date => "date",
            AttributeType::Text => "text",
            AttributeType::List => "list",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct AttributeDecl {
    pub name: String,
    pub ty: AttributeType,
    pub many: bool,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Alias {
    pub variant: Name,
    pub canonical: Name,
    pub span: Span,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Statement {
    Source(SourceDecl),
    From { id: String, span: Span },
    Fact(Fact),
    Alias(Alias),
    Attribute(AttributeDecl),
    Assert(Assertion),
    Accept(Accept),
}

/// A syntax error: where, and what was wrong, in a fact-checker's words.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
    /// A short label for the underlined span.
    pub label: String,
}

/// One parsed file: every statement that parsed, and an error for every line
/// that did not.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ParsedFile {
    pub statements: Vec<Statement>,
    pub errors: Vec<SyntaxError>,
    /// Facts with syntax errors, as far as they were read.
    pub broken_facts: Vec<BrokenFact>,
}

/// A fact statement that has syntax errors (they are in the errors): where
/// it begins, and the terms that did read. It makes no claim, but it is
/// still a fact that needs a `from` above it, and a backwards range among
/// its terms is an error of its own (SPEC §6: every load error is reported).
#[derive(Debug, Clone, PartialEq)]
pub struct BrokenFact {
    pub span: Span,
    pub terms: Vec<Term>,
}
