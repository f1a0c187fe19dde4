//! One line of a file as the formatter sees it: its tokens re-spaced, split
//! into the parts that get aligned, and the comment that ends it. The tokens
//! come from the same pest grammar and entry rules the parser uses, so a
//! token is copied exactly as written and only the space between tokens
//! changes.

use pest::iterators::Pair;
use pest::Parser as _;

use crate::syntax::parser::{FactcheckParser, Rule};

/// The block a line starts in, which decides the grammar's entry rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Block {
    None,
    Source,
    Check,
}

/// The statement text of a line, ready to lay out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Code {
    None,
    /// A fact, in the three parts that are aligned within a `from` section:
    /// subject and attribute, the value, the tail clauses (`as of`, `quote`).
    Fact {
        head: String,
        value: String,
        tail: String,
    },
    Other(String),
}

/// What a line does to the file's shape: where blank lines go around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Blank,
    Comment,
    /// `from ID`: starts a section.
    From,
    /// Opens a block that goes on over the next lines.
    BlockOpen,
    /// Closes a block opened on an earlier line.
    BlockClose,
    Statement,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct FormLine {
    /// Whether the line stands inside a block (indented one level).
    pub indented: bool,
    pub code: Code,
    /// The comment ending the line, from its `#`, without trailing spaces.
    pub comment: Option<String>,
    pub role: Role,
}

impl FormLine {
    pub fn blank() -> FormLine {
        FormLine {
            indented: false,
            code: Code::None,
            comment: None,
            role: Role::Blank,
        }
    }
}

/// A token as it will be written, and where it ends in the line.
struct Token<'a> {
    rule: Rule,
    text: &'a str,
    end: usize,
}

/// Read one line that parses in `block`; `None` if it does not parse (the
/// caller only formats files without syntax errors, so that is a bug guard).
/// Returns the line and the block the next line starts in.
pub(super) fn read_line(text: &str, block: Block) -> Option<(FormLine, Block)> {
    let rule = match block {
        Block::None => Rule::top_line,
        Block::Source => Rule::source_line,
        Block::Check => Rule::check_line,
    };
    let line = FactcheckParser::parse(rule, text).ok()?.next()?;
    let statements: Vec<Pair<Rule>> = line
        .into_inner()
        .filter(|pair| pair.as_rule() != Rule::EOI)
        .collect();
    let mut tokens = Vec::new();
    for statement in &statements {
        leaf_tokens(statement.clone(), &mut tokens);
    }
    let code_end = tokens.last().map_or(0, |token| token.end);
    let comment = comment_after(text, code_end);
    let next_block = block_after(block, &tokens);
    let code = match statements.as_slice() {
        [] => Code::None,
        [fact] if fact.as_rule() == Rule::fact_stmt => fact_code(fact.clone()),
        _ => Code::Other(join(&tokens)),
    };
    let role = match (&code, block, next_block) {
        (Code::None, _, _) if comment.is_some() => Role::Comment,
        (Code::None, _, _) => Role::Blank,
        (_, Block::None, Block::Source | Block::Check) => Role::BlockOpen,
        (_, Block::Source | Block::Check, Block::None) => Role::BlockClose,
        _ if tokens.first().is_some_and(|t| t.rule == Rule::kw_from) => Role::From,
        _ => Role::Statement,
    };
    let starts_with_close = tokens.first().is_some_and(|t| t.rule == Rule::block_close);
    let indented = block != Block::None && !starts_with_close && role != Role::Blank;
    Some((
        FormLine {
            indented,
            code,
            comment,
            role,
        },
        next_block,
    ))
}

/// The tokens of a statement in order. Strings and ranges are single tokens
/// (their inner parts are not separate words), `at least`/`at most` are
/// written with one space, and everything else without inner pairs is a token.
fn leaf_tokens<'a>(pair: Pair<'a, Rule>, out: &mut Vec<Token<'a>>) {
    let rule = pair.as_rule();
    let end = pair.as_span().end();
    let fixed = match rule {
        Rule::kw_at_least => Some("at least"),
        Rule::kw_at_most => Some("at most"),
        _ => None,
    };
    let whole = matches!(rule, Rule::string | Rule::range | Rule::operator);
    let mut inner = pair
        .clone()
        .into_inner()
        .filter(|child| child.as_rule() != Rule::sp)
        .peekable();
    if fixed.is_some() || whole || inner.peek().is_none() {
        out.push(Token {
            rule,
            text: fixed.unwrap_or(pair.as_str()),
            end,
        });
        return;
    }
    for child in inner {
        leaf_tokens(child, out);
    }
}

/// Tokens joined by one space, except inside brackets and parentheses and
/// before a comma: `[a, b]`, `count(x y)`.
fn join(tokens: &[Token]) -> String {
    let mut out = String::new();
    for (index, token) in tokens.iter().enumerate() {
        if index > 0 && spaced(tokens[index - 1].rule, token.rule) {
            out.push(' ');
        }
        out.push_str(token.text);
    }
    out
}

fn spaced(before: Rule, after: Rule) -> bool {
    !matches!(before, Rule::list_open | Rule::paren_open)
        && !matches!(
            after,
            Rule::list_sep | Rule::list_close | Rule::paren_open | Rule::paren_close
        )
}

/// Split a fact's parse into head, value and tail; each term is written on
/// its own so that the value can be aligned.
fn fact_code(fact: Pair<Rule>) -> Code {
    let mut terms = Vec::new();
    let mut tail = Vec::new();
    // `sp` pairs are the spaces the fact rule spells out: layout, not terms.
    for part in fact.into_inner().filter(|part| part.as_rule() != Rule::sp) {
        let mut tokens = Vec::new();
        let is_tail = matches!(part.as_rule(), Rule::as_of | Rule::quote_clause);
        leaf_tokens(part, &mut tokens);
        let text = join(&tokens);
        if is_tail {
            tail.push(text);
        } else {
            terms.push(text);
        }
    }
    let value = terms.pop().unwrap_or_default();
    Code::Fact {
        head: terms.join(" "),
        value,
        tail: tail.join(" "),
    }
}

/// The grammar's comments are implicit and run to the end of the line, so a
/// comment is whatever follows the last token, from its `#`.
fn comment_after(text: &str, code_end: usize) -> Option<String> {
    let rest = text[code_end..].trim();
    rest.starts_with('#').then(|| rest.to_string())
}

/// Braces open and close blocks; the keyword before the first brace says
/// which kind.
fn block_after(mut block: Block, tokens: &[Token]) -> Block {
    for (index, token) in tokens.iter().enumerate() {
        match token.rule {
            Rule::block_open => {
                block = if tokens[..index].iter().any(|t| t.rule == Rule::kw_check) {
                    Block::Check
                } else {
                    Block::Source
                };
            }
            Rule::block_close => block = Block::None,
            _ => {}
        }
    }
    block
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(text: &str, block: Block) -> Code {
        read_line(text, block).expect("parses").0.code
    }

    #[test]
    fn terms_get_one_space_and_lists_their_commas() {
        assert_eq!(
            code("assert  count( a\tb )>=  at   least 2", Block::None),
            Code::Other("assert count(a b) >= at least 2".into())
        );
        assert_eq!(
            code(
                "x y [ a ,\"b  c\",3 ]  quote   \"q  r\"   as of 2025-06",
                Block::None
            ),
            Code::Fact {
                head: "x y".into(),
                value: "[a, \"b  c\", 3]".into(),
                tail: "quote \"q  r\" as of 2025-06".into()
            }
        );
    }

    #[test]
    fn a_comment_is_what_follows_the_last_token() {
        let (line, _) = read_line("x y \"a # b\"   # note  ", Block::None).unwrap();
        assert_eq!(line.comment.as_deref(), Some("# note"));
        let (line, _) = read_line("   # only a note", Block::Source).unwrap();
        assert_eq!(
            (line.role, line.comment.as_deref()),
            (Role::Comment, Some("# only a note"))
        );
    }

    #[test]
    fn blocks_are_tracked_through_braces() {
        let (line, block) = read_line("check \"c\" {", Block::None).unwrap();
        assert_eq!((line.role, block), (Role::BlockOpen, Block::Check));
        let (line, block) = read_line("source s { title \"t\" }", Block::None).unwrap();
        assert_eq!((line.role, block), (Role::Statement, Block::None));
        let (line, block) = read_line("  title \"t\" }", Block::Source).unwrap();
        assert_eq!(
            (line.role, line.indented, block),
            (Role::BlockClose, true, Block::None)
        );
        let (line, _) = read_line("}", Block::Check).unwrap();
        assert!(!line.indented);
    }
}
