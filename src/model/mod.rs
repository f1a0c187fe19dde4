//! Values and their algebra: text normalisation, exact numbers, days and
//! months as intervals, lists as sets, compatibility, merging, operators.
//! Nothing here knows about files or sources.

mod interval;
mod number;
mod similar;
mod text;
mod value;

pub use interval::{Day, Interval};
pub use number::Decimal;
pub use similar::{closest, looks_alike, Alike, Likeness, NameForm};
pub use text::{fold_char, normalize, normalize_into};
pub use value::{Element, Kind, List, Text, Truth, Value, ValueError};
