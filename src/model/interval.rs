//! Intervals: the one shape behind numbers, percentages, days, months, ranges
//! and bounds. A point is an interval whose ends are equal; `None` is an end
//! that does not exist (`at least X` has no upper end).

use std::fmt;

use crate::syntax::{days_in_month, DateLit};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Interval<T> {
    pub low: Option<T>,
    pub high: Option<T>,
}

impl<T: Ord + Clone> Interval<T> {
    pub fn point(value: T) -> Self {
        Interval {
            low: Some(value.clone()),
            high: Some(value),
        }
    }

    pub fn is_point(&self) -> bool {
        matches!((&self.low, &self.high), (Some(low), Some(high)) if low == high)
    }

    /// Two intervals intersect iff the greater start is not after the
    /// smaller end.
    pub fn overlaps(&self, other: &Self) -> bool {
        match (
            max_low(&self.low, &other.low),
            min_high(&self.high, &other.high),
        ) {
            (Some(low), Some(high)) => low <= high,
            _ => true,
        }
    }

    /// The common part of two overlapping intervals.
    pub fn intersect(&self, other: &Self) -> Self {
        Interval {
            low: max_low(&self.low, &other.low).cloned(),
            high: min_high(&self.high, &other.high).cloned(),
        }
    }

    /// Does `self < other` (or `<=` when `or_equal`) hold for every pair of
    /// points, for none, or for some only?
    pub fn less_than(&self, other: &Self, or_equal: bool) -> Option<bool> {
        let holds = |a: &T, b: &T| if or_equal { a <= b } else { a < b };
        if let (Some(high), Some(low)) = (&self.high, &other.low) {
            if holds(high, low) {
                return Some(true);
            }
        }
        if let (Some(low), Some(high)) = (&self.low, &other.high) {
            if !holds(low, high) {
                return Some(false);
            }
        }
        None
    }
}

fn max_low<'a, T: Ord>(a: &'a Option<T>, b: &'a Option<T>) -> Option<&'a T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (Some(x), None) | (None, Some(x)) => Some(x),
        (None, None) => None,
    }
}

fn min_high<'a, T: Ord>(a: &'a Option<T>, b: &'a Option<T>) -> Option<&'a T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (Some(x), None) | (None, Some(x)) => Some(x),
        (None, None) => None,
    }
}

impl<T: Ord + Clone + fmt::Display> fmt::Display for Interval<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.low, &self.high) {
            (Some(low), Some(high)) if low == high => write!(f, "{low}"),
            (Some(low), Some(high)) => write!(f, "{low}..{high}"),
            (Some(low), None) => write!(f, "at least {low}"),
            (None, Some(high)) => write!(f, "at most {high}"),
            (None, None) => f.write_str("anything"),
        }
    }
}

/// One calendar day, ordered by time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Day {
    pub year: i16,
    pub month: i8,
    pub day: i8,
}

impl Day {
    pub fn first_of(date: DateLit) -> Day {
        Day {
            year: date.year,
            month: date.month,
            day: date.day.unwrap_or(1),
        }
    }

    pub fn last_of(date: DateLit) -> Day {
        Day {
            year: date.year,
            month: date.month,
            day: date
                .day
                .unwrap_or_else(|| days_in_month(date.year, date.month)),
        }
    }

    pub fn weekday(self) -> Option<&'static str> {
        let date = jiff::civil::Date::new(self.year, self.month, self.day).ok()?;
        Some(match date.weekday() {
            jiff::civil::Weekday::Monday => "Monday",
            jiff::civil::Weekday::Tuesday => "Tuesday",
            jiff::civil::Weekday::Wednesday => "Wednesday",
            jiff::civil::Weekday::Thursday => "Thursday",
            jiff::civil::Weekday::Friday => "Friday",
            jiff::civil::Weekday::Saturday => "Saturday",
            jiff::civil::Weekday::Sunday => "Sunday",
        })
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Interval<Day> {
    /// A day is a point; a month is all of its days.
    pub fn of_date(date: DateLit) -> Self {
        Interval {
            low: Some(Day::first_of(date)),
            high: Some(Day::last_of(date)),
        }
    }

    /// The whole month this interval covers exactly, if it is one.
    pub fn as_month(&self) -> Option<DateLit> {
        let (low, high) = (self.low?, self.high?);
        let month = DateLit {
            year: low.year,
            month: low.month,
            day: None,
        };
        (low.day == 1
            && high == Day::last_of(month)
            && low.month == high.month
            && low.year == high.year)
            .then_some(month)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(low: Option<i32>, high: Option<i32>) -> Interval<i32> {
        Interval { low, high }
    }

    #[test]
    fn overlap_includes_ends() {
        assert!(iv(Some(1), Some(5)).overlaps(&iv(Some(5), Some(9))));
        assert!(!iv(Some(1), Some(4)).overlaps(&iv(Some(5), Some(9))));
        assert!(iv(Some(26), None).overlaps(&iv(Some(30), Some(30))));
        assert!(!iv(None, Some(3)).overlaps(&iv(Some(4), None)));
    }

    #[test]
    fn ordering_is_all_none_or_some() {
        assert_eq!(
            iv(Some(1), Some(3)).less_than(&iv(Some(4), Some(5)), false),
            Some(true)
        );
        assert_eq!(
            iv(Some(1), Some(4)).less_than(&iv(Some(4), Some(5)), false),
            None
        );
        assert_eq!(
            iv(Some(1), Some(4)).less_than(&iv(Some(4), Some(5)), true),
            Some(true)
        );
        assert_eq!(
            iv(Some(5), Some(6)).less_than(&iv(Some(1), Some(5)), false),
            Some(false)
        );
        assert_eq!(
            iv(Some(5), Some(6)).less_than(&iv(Some(1), Some(5)), true),
            None
        );
        assert_eq!(
            iv(Some(1), None).less_than(&iv(Some(4), Some(5)), false),
            None
        );
    }

    #[test]
    fn months_span_their_days() {
        let feb = Interval::of_date(DateLit {
            year: 2024,
            month: 2,
            day: None,
        });
        assert_eq!(feb.to_string(), "2024-02-01..2024-02-29");
        assert_eq!(feb.as_month().unwrap().to_string(), "2024-02");
    }

    #[test]
    fn weekdays() {
        assert_eq!(
            Day {
                year: 2025,
                month: 5,
                day: 10
            }
            .weekday(),
            Some("Saturday")
        );
    }
}
