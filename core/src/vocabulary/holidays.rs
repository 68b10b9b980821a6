//! Days a school is closed: the bank holidays of England and Wales, computed from the date,
//! and the closures a school names in its policy (`school.closures`: holidays, INSET days).
//!
//! Out-of-hours routing reads both: an alert at 10:00 on Christmas Day is out of hours
//! even though it is a weekday inside the school day (`docs/guidance.md`, "DfE F&M
//! standard 4 monitoring"). Bank holidays announced as one-offs are listed up to 2023; a
//! later one (a jubilee, a state funeral) is a closure the school adds to its policy.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// The bank holiday of England and Wales on `date`, by name, or `None` on an ordinary day.
///
/// # Examples
///
/// ```
/// use chrono::NaiveDate;
/// use esafety_core::vocabulary::bank_holiday;
///
/// let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
/// assert_eq!(bank_holiday(day(2026, 12, 25)), Some("Christmas Day"));
/// // Boxing Day 2026 is a Saturday: the substitute day is Monday 28 December.
/// assert_eq!(bank_holiday(day(2026, 12, 28)), Some("Boxing Day (substitute day)"));
/// assert_eq!(bank_holiday(day(2027, 3, 26)), Some("Good Friday"));
/// assert_eq!(bank_holiday(day(2027, 3, 24)), None);
/// ```
pub fn bank_holiday(date: NaiveDate) -> Option<&'static str> {
    let (year, month, day) = (date.year(), date.month(), date.day());
    if let Some((_, name)) = ONE_OFF.iter().find(|(d, _)| *d == (year, month, day)) {
        return Some(name);
    }
    let easter = easter_sunday(year)?;
    if Some(date) == easter.checked_sub_days(Days::new(2)) {
        return Some("Good Friday");
    }
    if Some(date) == easter.checked_add_days(Days::new(1)) {
        return Some("Easter Monday");
    }
    match month {
        1 => new_year(date),
        5 if Some(date) == early_may(year) => Some("Early May bank holiday"),
        5 | 6 if Some(date) == spring(year) => Some("Spring bank holiday"),
        8 if is_last_monday(date) => Some("Summer bank holiday"),
        12 => christmas(date),
        _ => None,
    }
}

/// Bank holidays proclaimed for one year only, and the years a regular one moved.
const ONE_OFF: &[((i32, u32, u32), &str)] = &[
    ((2011, 4, 29), "the Royal Wedding bank holiday"),
    ((2012, 6, 5), "the Diamond Jubilee bank holiday"),
    ((2022, 6, 3), "the Platinum Jubilee bank holiday"),
    ((2022, 9, 19), "the State Funeral bank holiday"),
    ((2023, 5, 8), "the Coronation bank holiday"),
];

/// The first Monday of May (moved to Friday 8 May in 2020, for VE Day).
fn early_may(year: i32) -> Option<NaiveDate> {
    match year {
        2020 => NaiveDate::from_ymd_opt(2020, 5, 8),
        _ => NaiveDate::from_weekday_of_month_opt(year, 5, Weekday::Mon, 1),
    }
}

/// The last Monday of May (moved into June in jubilee years).
fn spring(year: i32) -> Option<NaiveDate> {
    match year {
        2012 => NaiveDate::from_ymd_opt(2012, 6, 4),
        2022 => NaiveDate::from_ymd_opt(2022, 6, 2),
        _ => NaiveDate::from_ymd_opt(year, 5, 31).map(last_monday_from),
    }
}

fn is_last_monday(date: NaiveDate) -> bool {
    date.weekday() == Weekday::Mon
        && date.checked_add_days(Days::new(7)).map(|d| d.month()) != Some(date.month())
}

/// The Monday on or before `date`.
fn last_monday_from(date: NaiveDate) -> NaiveDate {
    let back = u64::from(date.weekday().num_days_from_monday());
    date.checked_sub_days(Days::new(back)).unwrap_or(date)
}

/// New Year's Day, or the Monday after it when it falls at a weekend.
fn new_year(date: NaiveDate) -> Option<&'static str> {
    let first = NaiveDate::from_ymd_opt(date.year(), 1, 1)?;
    let observed = match first.weekday() {
        Weekday::Sat => first.checked_add_days(Days::new(2))?,
        Weekday::Sun => first.checked_add_days(Days::new(1))?,
        _ => first,
    };
    if date == first && date == observed {
        Some("New Year's Day")
    } else if date == observed {
        Some("New Year's Day (substitute day)")
    } else {
        None
    }
}

/// Christmas Day and Boxing Day, with the substitute weekdays when either falls at a
/// weekend (Christmas on a Saturday: Monday 27 and Tuesday 28; on a Sunday: Boxing Day on
/// Monday 26, Christmas on Tuesday 27; Boxing Day on a Saturday: Monday 28).
fn christmas(date: NaiveDate) -> Option<&'static str> {
    let christmas = NaiveDate::from_ymd_opt(date.year(), 12, 25)?;
    match (christmas.weekday(), date.day()) {
        (Weekday::Sat | Weekday::Sun, 25) | (Weekday::Fri | Weekday::Sat, 26) => None,
        (_, 25) => Some("Christmas Day"),
        (_, 26) => Some("Boxing Day"),
        (Weekday::Sat | Weekday::Sun, 27) => Some("Christmas Day (substitute day)"),
        (Weekday::Fri | Weekday::Sat, 28) => Some("Boxing Day (substitute day)"),
        _ => None,
    }
}

/// Easter Sunday in the Gregorian calendar (the anonymous algorithm, as Meeus gives it).
fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let (b, c) = (year.div_euclid(100), year.rem_euclid(100));
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let n = h + l - 7 * m + 114;
    NaiveDate::from_ymd_opt(
        year,
        u32::try_from(n / 31).ok()?,
        u32::try_from(n % 31 + 1).ok()?,
    )
}

/// The weeks every school in England is closed, whatever its term dates: August (the
/// summer holiday) and 24 to 31 December (Christmas). Out of hours for every school, beside
/// the closures its policy names, so that an urgent alert in the holidays always takes the
/// out-of-hours route (docs/policy.md "Out of hours").
///
/// ```
/// use chrono::NaiveDate;
/// use esafety_core::vocabulary::usual_holiday;
///
/// let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
/// assert_eq!(usual_holiday(day(8, 12)), Some("the summer holiday"));
/// assert_eq!(usual_holiday(day(12, 29)), Some("the Christmas holiday"));
/// assert_eq!(usual_holiday(day(7, 1)), None);
/// ```
pub fn usual_holiday(date: NaiveDate) -> Option<&'static str> {
    match (date.month(), date.day()) {
        (8, _) => Some("the summer holiday"),
        (12, 24..) => Some("the Christmas holiday"),
        _ => None,
    }
}

/// Days a school names as closed in its policy (`[[school.closures]]`): holidays, INSET
/// days, a one-off bank holiday. Dates are days in England, both ends included.
///
/// ```toml
/// [[school.closures]]
/// from = "2026-12-19"
/// to = "2027-01-03"
/// label = "Christmas holiday"
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Closure {
    /// The first day closed (`YYYY-MM-DD`).
    pub from: NaiveDate,
    /// The last day closed (`YYYY-MM-DD`, on or after `from`).
    pub to: NaiveDate,
    /// What the closure is (`Christmas holiday`, `INSET day`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub label: String,
}

impl Closure {
    /// The longest closure accepted: a longer one is a mistyped year.
    pub const MAX_DAYS: i64 = 366;

    /// Whether `date` is one of its days.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && date <= self.to
    }

    /// Why the closure cannot stand, if it cannot: it ends before it starts, or runs longer
    /// than [`Closure::MAX_DAYS`].
    pub fn problem(&self) -> Option<String> {
        let days = (self.to - self.from).num_days() + 1;
        if days < 1 {
            Some(format!(
                "the closure ends ({}) before it starts ({})",
                self.to, self.from
            ))
        } else if days > Self::MAX_DAYS {
            Some(format!(
                "the closure runs {days} days, more than a year: check the years of `from` and `to`"
            ))
        } else {
            None
        }
    }

    /// How a plan says an instant fell in it: `in <label> (the school is closed …)`, or by
    /// its dates when it has no label.
    pub fn describe(&self) -> String {
        match self.label.trim() {
            "" => format!("while the school is closed ({} to {})", self.from, self.to),
            label => format!(
                "in {label} (the school is closed {} to {})",
                self.from, self.to
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Every bank holiday of England and Wales the government published for 2019 to 2027.
    #[test]
    fn published_bank_holidays() {
        let published: &[(i32, &[(u32, u32)])] = &[
            (
                2019,
                &[
                    (1, 1),
                    (4, 19),
                    (4, 22),
                    (5, 6),
                    (5, 27),
                    (8, 26),
                    (12, 25),
                    (12, 26),
                ],
            ),
            (
                2020,
                &[
                    (1, 1),
                    (4, 10),
                    (4, 13),
                    (5, 8),
                    (5, 25),
                    (8, 31),
                    (12, 25),
                    (12, 28),
                ],
            ),
            (
                2021,
                &[
                    (1, 1),
                    (4, 2),
                    (4, 5),
                    (5, 3),
                    (5, 31),
                    (8, 30),
                    (12, 27),
                    (12, 28),
                ],
            ),
            (
                2022,
                &[
                    (1, 3),
                    (4, 15),
                    (4, 18),
                    (5, 2),
                    (6, 2),
                    (6, 3),
                    (8, 29),
                    (9, 19),
                    (12, 26),
                    (12, 27),
                ],
            ),
            (
                2023,
                &[
                    (1, 2),
                    (4, 7),
                    (4, 10),
                    (5, 1),
                    (5, 8),
                    (5, 29),
                    (8, 28),
                    (12, 25),
                    (12, 26),
                ],
            ),
            (
                2024,
                &[
                    (1, 1),
                    (3, 29),
                    (4, 1),
                    (5, 6),
                    (5, 27),
                    (8, 26),
                    (12, 25),
                    (12, 26),
                ],
            ),
            (
                2025,
                &[
                    (1, 1),
                    (4, 18),
                    (4, 21),
                    (5, 5),
                    (5, 26),
                    (8, 25),
                    (12, 25),
                    (12, 26),
                ],
            ),
            (
                2026,
                &[
                    (1, 1),
                    (4, 3),
                    (4, 6),
                    (5, 4),
                    (5, 25),
                    (8, 31),
                    (12, 25),
                    (12, 28),
                ],
            ),
            (
                2027,
                &[
                    (1, 1),
                    (3, 26),
                    (3, 29),
                    (5, 3),
                    (5, 31),
                    (8, 30),
                    (12, 27),
                    (12, 28),
                ],
            ),
        ];
        for (year, days) in published {
            let mut found = Vec::new();
            let mut d = day(*year, 1, 1);
            while d.year() == *year {
                if bank_holiday(d).is_some() {
                    found.push((d.month(), d.day()));
                }
                d = d.succ_opt().unwrap();
            }
            assert_eq!(&found, days, "{year}");
        }
    }

    #[test]
    fn a_closure_includes_both_ends_and_refuses_typos() {
        let c = Closure {
            from: day(2026, 12, 19),
            to: day(2027, 1, 3),
            label: String::new(),
        };
        assert!(c.contains(day(2026, 12, 19)) && c.contains(day(2027, 1, 3)));
        assert!(!c.contains(day(2027, 1, 4)));
        assert_eq!(c.problem(), None);
        let backwards = Closure {
            from: day(2027, 1, 3),
            to: day(2026, 12, 19),
            ..c.clone()
        };
        assert!(backwards.problem().unwrap().contains("before it starts"));
        let long = Closure {
            to: day(2027, 12, 20),
            ..c
        };
        assert!(long.problem().unwrap().contains("more than a year"));
    }
}
