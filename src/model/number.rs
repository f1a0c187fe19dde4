//! Exact decimal numbers. `9 == 9.0`, `068 == 68`, `1_000 == 1000`: numbers
//! compare by value with no rounding, however many digits they have.

use std::cmp::Ordering;
use std::fmt;

/// The most significant digits an inline decimal holds: 10^18 - 1 fits an
/// `i64`, and scaling one by 10^18 to compare still fits an `i128`.
const INLINE_DIGITS: usize = 18;

/// An exact decimal. Numbers of up to 18 significant digits (nearly all of
/// them) are kept inline as an integer and a decimal scale, so a million
/// claims cost no allocation; longer ones keep their digit strings. The form
/// is canonical (no leading or trailing zeros, a value that fits inline is
/// always inline), so equal values have equal representations.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Decimal(Repr);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Repr {
    /// `mantissa / 10^scale`, with `scale` the number of fraction digits.
    Inline {
        mantissa: i64,
        scale: u8,
    },
    Digits(Box<Digits>),
}

/// A decimal as digit strings without leading (integer) or trailing
/// (fraction) zeros.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Digits {
    negative: bool,
    integer: Box<str>,
    fraction: Box<str>,
}

impl Decimal {
    /// Read the number as the grammar admits it: `-`? digits with `_`
    /// separators, an optional fraction; a trailing `%` is the caller's.
    pub fn parse(text: &str) -> Decimal {
        Decimal::parse_inline(text).unwrap_or_else(|| Decimal::from_digits(Digits::parse(text)))
    }

    /// The inline form read straight from the text, without building digit
    /// strings; `None` when the number has too many digits for it.
    fn parse_inline(text: &str) -> Option<Decimal> {
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let digits = digits.trim_end_matches('%');
        let (integer, fraction) = digits.split_once('.').unwrap_or((digits, ""));
        let significant = integer
            .bytes()
            .filter(u8::is_ascii_digit)
            .skip_while(|&digit| digit == b'0');
        let fraction = fraction.trim_end_matches(['0', '_']);
        let fraction = fraction.bytes().filter(u8::is_ascii_digit);
        let mut mantissa: i64 = 0;
        let mut count = 0;
        let mut scale = 0u8;
        for (digit, in_fraction) in significant
            .map(|d| (d, false))
            .chain(fraction.map(|d| (d, true)))
        {
            count += 1;
            if count > INLINE_DIGITS {
                return None;
            }
            mantissa = mantissa * 10 + i64::from(digit - b'0');
            scale += u8::from(in_fraction);
        }
        Some(Decimal(Repr::Inline {
            mantissa: if negative { -mantissa } else { mantissa },
            scale,
        }))
    }

    pub fn from_count(count: usize) -> Decimal {
        Decimal::parse(&count.to_string())
    }

    fn from_digits(digits: Digits) -> Decimal {
        if digits.integer.len() + digits.fraction.len() > INLINE_DIGITS {
            return Decimal(Repr::Digits(Box::new(digits)));
        }
        let magnitude = digits
            .integer
            .bytes()
            .chain(digits.fraction.bytes())
            .fold(0i64, |n, digit| n * 10 + i64::from(digit - b'0'));
        Decimal(Repr::Inline {
            mantissa: if digits.negative {
                -magnitude
            } else {
                magnitude
            },
            scale: digits.fraction.len() as u8,
        })
    }

    /// The digit strings, whichever way the number is kept.
    fn digits(&self) -> Digits {
        match &self.0 {
            Repr::Digits(digits) => (**digits).clone(),
            Repr::Inline { mantissa, scale } => {
                let scale = usize::from(*scale);
                let all = format!("{:0>width$}", mantissa.unsigned_abs(), width = scale + 1);
                let (integer, fraction) = all.split_at(all.len() - scale);
                Digits {
                    negative: *mantissa < 0,
                    integer: integer.trim_start_matches('0').into(),
                    fraction: fraction.into(),
                }
            }
        }
    }
}

impl Digits {
    /// The canonical digit strings of a number as the grammar admits it.
    fn parse(text: &str) -> Digits {
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
        Digits {
            negative: negative && !zero,
            integer: integer.into(),
            fraction: fraction.into(),
        }
    }

    fn cmp_magnitude(&self, other: &Digits) -> Ordering {
        self.integer
            .len()
            .cmp(&other.integer.len())
            .then_with(|| self.integer.cmp(&other.integer))
            .then_with(|| self.fraction.cmp(&other.fraction))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        if let (
            Repr::Inline {
                mantissa: a,
                scale: sa,
            },
            Repr::Inline {
                mantissa: b,
                scale: sb,
            },
        ) = (&self.0, &other.0)
        {
            let scale = (*sa).max(*sb);
            let widen = |m: i64, s: u8| i128::from(m) * 10i128.pow(u32::from(scale - s));
            return widen(*a, *sa).cmp(&widen(*b, *sb));
        }
        let (a, b) = (self.digits(), other.digits());
        match (a.negative, b.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => a.cmp_magnitude(&b),
            (true, true) => b.cmp_magnitude(&a),
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
        if let Repr::Inline { mantissa, scale: 0 } = self.0 {
            return write!(f, "{mantissa}");
        }
        let digits = self.digits();
        if digits.negative {
            f.write_str("-")?;
        }
        f.write_str(if digits.integer.is_empty() {
            "0"
        } else {
            &digits.integer
        })?;
        if !digits.fraction.is_empty() {
            write!(f, ".{}", digits.fraction)?;
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
    fn inline_and_long_numbers_agree() {
        let inline = d("123456789012345678"); // 18 digits: inline
        let long = d("1234567890123456789"); // 19 digits: digit strings
        assert!(inline < long);
        assert!(d("-1234567890123456789") < d("-123456789012345678"));
        assert!(d("0.000000000000000001") < d("0.0000000000000000011"));
        assert!(d("999999999999999999") < d("999999999999999999.5"));
        assert_eq!(d("-0.0500").to_string(), "-0.05");
        assert_eq!(d("12.5%").to_string(), "12.5");
        assert_eq!(
            d("1234567890123456789.10").to_string(),
            "1234567890123456789.1"
        );
        assert_eq!(d("000").to_string(), "0");
    }

    proptest::proptest! {
        /// Inline comparison agrees with comparing digit strings, whatever
        /// the number of digits on either side.
        #[test]
        fn order_matches_digit_order(
            a in "-?[0-9]{1,22}(\\.[0-9]{1,22})?",
            b in "-?[0-9]{1,22}(\\.[0-9]{1,22})?",
        ) {
            let (x, y) = (d(&a), d(&b));
            let by_digits = match (x.digits(), y.digits()) {
                (p, q) if p.negative != q.negative => q.negative.cmp(&p.negative),
                (p, q) if p.negative => q.cmp_magnitude(&p),
                (p, q) => p.cmp_magnitude(&q),
            };
            proptest::prop_assert_eq!(x.cmp(&y), by_digits);
            proptest::prop_assert_eq!(x == y, by_digits == Ordering::Equal);
            proptest::prop_assert_eq!(d(&x.to_string()), x);
        }

        /// Reading a number straight into the inline form gives exactly
        /// what building its digit strings first gives.
        #[test]
        fn inline_reading_matches_digit_strings(
            text in "-?[0-9]{1,12}(_[0-9]{1,9}){0,2}(\\.[0-9]{1,12}(_[0-9]{1,3})?)?%?",
        ) {
            proptest::prop_assert_eq!(d(&text), Decimal::from_digits(Digits::parse(&text)));
        }
    }

    #[test]
    fn huge_numbers_compare_exactly() {
        assert!(d("123456789012345678901234567890.1") < d("123456789012345678901234567890.10001"));
    }
}
