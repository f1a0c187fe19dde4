//! Findings → people and machines. Outputs only render: no output recomputes
//! a verdict.

pub mod cases;
mod diagnostic;
pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;
pub mod tap;
mod verbose;
pub mod write;

pub use diagnostic::Report;
