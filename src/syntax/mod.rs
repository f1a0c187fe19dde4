//! Source text → syntax tree. Nothing here knows what a fact means; it only
//! knows how statements are written and where each token stands.

pub mod ast;
mod errors;
mod fast;
pub(crate) mod lines;
mod outline;
pub(crate) mod parser;
mod prose;
mod tokens;

pub use ast::*;
pub use lines::most_statements;
pub use outline::{outline, Item, Outline, Statements};
pub use parser::parse;
pub use tokens::{days_in_month, name_literal, quoted};

#[cfg(test)]
mod tests;
