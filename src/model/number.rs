//! Exact decimal numbers. `9 == 9.0`, `068 == 68`, `1_000 == 1000`: numbers
//! compare by value with no rounding, however many digits they have.

use std::cmp::Ordering;
use std::fmt;

/// A decimal kept as digit strings without leading (integer) or trailing
/// (fraction) zeros, so equal values have equal representations.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal {
    negative: bool,
    integer: Box<str>,
    fraction: Box<str>,
}

impl Decimal {
    /// Read the number as the grammar admits it: `-`? digits with `_`
    /// separators, an optional fraction; a trailing `%` is the caller's.
    pub fn parse(text: &str) -> Decimal {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let digits = digits.trim_end_matches('%');
        let (integer, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let clean = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
        let integer = clean(integer).trim_start_matches('0').to_string();
        let fraction = clean(fraction).trim_end_matches('0').to_string();
        let zero = integer.is_empty() && fraction.is_empty();
        Decimal {
            negative: negative && !zero,
            integer: integer.into(),
            fraction: fraction.into(),
        }
    }

    pub fn from_count(count: usize) -> Decimal {
        Decimal::parse(&count.to_string())
    }

    fn cmp_magnitude(&self, other: &Decimal) -> Ordering {
        self.integer
            .len()
            .cmp(&other.integer.len())
            .then_with(|| self.integer.cmp(&other.integer))
            .then_with(|| self.fraction.cmp(&other.fraction))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        match (self.negative, other.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => self.cmp_magnitude(other),
            (true, true) => other.cmp_magnitude(self),
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.negative {
            f.write_str("-")?;
        }
        f.write_str(if self.integer.is_empty() {
            "0"
        } else {
            &self.integer
        })?;
        if !self.fraction.is_empty() {
            write!(f, ".{}", self.fraction)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Decimal {
        Decimal::parse(text)
    }

    #[test]
    fn equal_values_are_equal() {
        assert_eq!(d("9"), d("9.0"));
        assert_eq!(d("068"), d("68"));
        assert_eq!(d("1_000"), d("1000"));
        assert_eq!(d("-0"), d("0.000"));
        assert_eq!(d("21.5%"), d("21.50"));
    }

    #[test]
    fn order_is_numeric() {
        let mut values = [
            d("10"),
            d("9.99"),
            d("-2"),
            d("-10.5"),
            d("0"),
            d("100"),
            d("0.5"),
        ];
        values.sort();
        let shown: Vec<String> = values.iter().map(ToString::to_string).collect();
        assert_eq!(shown, ["-10.5", "-2", "0", "0.5", "9.99", "10", "100"]);
    }

    #[test]
    fn huge_numbers_compare_exactly() {
        assert!(d("123456789012345678901234567890.1") < d("123456789012345678901234567890.10001"));
    }
}
