//! Findings → people and machines. Outputs only render: no output recomputes
//! a verdict.

mod diagnostic;
pub mod human;
pub mod json;
pub mod write;

pub use diagnostic::Report;
