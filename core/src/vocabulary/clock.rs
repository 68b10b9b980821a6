//! The school clock: UK civil time (Europe/London) and the school year.
//!
//! England keeps Greenwich Mean Time in winter and British Summer Time (GMT+1) from
//! 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October
//! (Summer Time Act 1972, as amended by SI 2002/262). The rule is computed here, with no
//! time-zone database, so the core stays pure and gives the same answer on every surface.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, TimeDelta, TimeZone, Utc};

/// The school's clock: Europe/London civil time and a school year that starts on a fixed
/// day (1 September by default).
///
/// # Examples
///
/// ```
/// use chrono::{NaiveDate, TimeZone, Utc};
/// use esafety_core::vocabulary::SchoolClock;
///
/// let clock = SchoolClock::london();
/// // 1 September is in British Summer Time: local midnight is 23:00 UTC the day before.
/// let sept = NaiveDate::from_ymd_opt(2025, 9, 1).unwrap();
/// assert_eq!(clock.utc_of_local_midnight(sept), Utc.with_ymd_and_hms(2025, 8, 31, 23, 0, 0).unwrap());
/// // 23:30 UTC on 31 August is already the new school year in England.
/// let late = Utc.with_ymd_and_hms(2025, 8, 31, 23, 30, 0).unwrap();
/// assert_eq!(clock.school_year_start(late), sept);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SchoolClock {
    year_start_month: u32,
    year_start_day: u32,
}

impl Default for SchoolClock {
    fn default() -> Self {
        SchoolClock::london()
    }
}

impl SchoolClock {
    /// Europe/London, school year from 1 September (the default).
    pub const fn london() -> SchoolClock {
        SchoolClock {
            year_start_month: 9,
            year_start_day: 1,
        }
    }

    /// Europe/London with the school year starting on `month`/`day`, or `None` when that
    /// is not a date in every year (29 February, 31 April, month 13…).
    ///
    /// # Examples
    ///
    /// ```
    /// use esafety_core::vocabulary::SchoolClock;
    ///
    /// assert!(SchoolClock::with_year_start(8, 15).is_some());
    /// assert!(SchoolClock::with_year_start(2, 29).is_none());
    /// ```
    pub fn with_year_start(month: u32, day: u32) -> Option<SchoolClock> {
        // 2001 is not a leap year: a date valid then is valid in every year.
        NaiveDate::from_ymd_opt(2001, month, day).map(|_| SchoolClock {
            year_start_month: month,
            year_start_day: day,
        })
    }

    /// The month and day the school year starts.
    pub fn year_start(&self) -> (u32, u32) {
        (self.year_start_month, self.year_start_day)
    }

    /// Whether British Summer Time is in force at `at`.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use esafety_core::vocabulary::SchoolClock;
    ///
    /// let clock = SchoolClock::london();
    /// // 2026: BST from 01:00 UTC on Sunday 29 March to 01:00 UTC on Sunday 25 October.
    /// assert!(!clock.is_summer_time(Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 59).unwrap()));
    /// assert!(clock.is_summer_time(Utc.with_ymd_and_hms(2026, 3, 29, 1, 0, 0).unwrap()));
    /// assert!(clock.is_summer_time(Utc.with_ymd_and_hms(2026, 10, 25, 0, 59, 59).unwrap()));
    /// assert!(!clock.is_summer_time(Utc.with_ymd_and_hms(2026, 10, 25, 1, 0, 0).unwrap()));
    /// ```
    pub fn is_summer_time(&self, at: DateTime<Utc>) -> bool {
        let year = at.year();
        match (last_sunday_1am_utc(year, 3), last_sunday_1am_utc(year, 10)) {
            (Some(start), Some(end)) => at >= start && at < end,
            _ => false,
        }
    }

    /// The local (Europe/London) date and time of an instant.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use esafety_core::vocabulary::SchoolClock;
    ///
    /// let clock = SchoolClock::london();
    /// let june = Utc.with_ymd_and_hms(2026, 6, 1, 11, 30, 0).unwrap();
    /// assert_eq!(clock.local(june).to_string(), "2026-06-01 12:30:00");
    /// let january = Utc.with_ymd_and_hms(2026, 1, 5, 11, 30, 0).unwrap();
    /// assert_eq!(clock.local(january).to_string(), "2026-01-05 11:30:00");
    /// ```
    pub fn local(&self, at: DateTime<Utc>) -> NaiveDateTime {
        let utc = at.naive_utc();
        if self.is_summer_time(at) {
            utc.checked_add_signed(TimeDelta::hours(1)).unwrap_or(utc)
        } else {
            utc
        }
    }

    /// The instant a local (Europe/London) date and time names: `None` for a time the
    /// clocks skip (01:00–01:59 on the last Sunday of March); in the repeated hour of
    /// October the earlier (summer-time) instant. Where a time the caller gave must name
    /// one instant, use [`SchoolClock::unique_utc_of_local`].
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// use esafety_core::vocabulary::SchoolClock;
    ///
    /// let clock = SchoolClock::london();
    /// let nine = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
    /// assert_eq!(clock.utc_of_local(nine), Some(Utc.with_ymd_and_hms(2026, 6, 1, 8, 0, 0).unwrap()));
    /// let skipped = NaiveDate::from_ymd_opt(2026, 3, 29).unwrap().and_hms_opt(1, 30, 0).unwrap();
    /// assert_eq!(clock.utc_of_local(skipped), None);
    /// ```
    pub fn utc_of_local(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        self.readings_of_local(local).next()
    }

    /// The one instant a local (Europe/London) date and time names: `None` for a time the
    /// clocks skip in March and for one they repeat in October (01:00–01:59 on the last
    /// Sunday), which names two instants an hour apart.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use esafety_core::vocabulary::SchoolClock;
    ///
    /// let clock = SchoolClock::london();
    /// let day = NaiveDate::from_ymd_opt(2025, 10, 26).unwrap();
    /// assert_eq!(clock.unique_utc_of_local(day.and_hms_opt(1, 30, 0).unwrap()), None);
    /// assert!(clock.unique_utc_of_local(day.and_hms_opt(2, 30, 0).unwrap()).is_some());
    /// ```
    pub fn unique_utc_of_local(&self, local: NaiveDateTime) -> Option<DateTime<Utc>> {
        let mut readings = self.readings_of_local(local);
        match (readings.next(), readings.next()) {
            (Some(at), None) => Some(at),
            _ => None,
        }
    }

    /// The instants, earlier first, whose local time in England is `local`: none, one, or
    /// two in the hour the clocks repeat.
    fn readings_of_local(&self, local: NaiveDateTime) -> impl Iterator<Item = DateTime<Utc>> {
        let summer = local
            .checked_sub_signed(TimeDelta::hours(1))
            .map(|t| Utc.from_utc_datetime(&t));
        let winter = Utc.from_utc_datetime(&local);
        [summer, Some(winter)]
            .into_iter()
            .flatten()
            .filter(move |&at| self.local(at) == local)
    }

    /// The calendar date of an instant in England (what a school means by "on that day").
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{TimeZone, Utc};
    /// use esafety_core::vocabulary::SchoolClock;
    ///
    /// let late = Utc.with_ymd_and_hms(2026, 8, 31, 23, 30, 0).unwrap();
    /// assert_eq!(SchoolClock::london().local_date(late).to_string(), "2026-09-01");
    /// ```
    pub fn local_date(&self, at: DateTime<Utc>) -> NaiveDate {
        self.local(at).date()
    }

    /// The instant local midnight begins on `date` in England. Midnight is never skipped
    /// or repeated there (the clocks change at 01:00 and 02:00 local time).
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// use esafety_core::vocabulary::SchoolClock;
    ///
    /// let clock = SchoolClock::london();
    /// let jan = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// assert_eq!(clock.utc_of_local_midnight(jan), Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap());
    /// ```
    pub fn utc_of_local_midnight(&self, date: NaiveDate) -> DateTime<Utc> {
        let midnight = date.and_time(chrono::NaiveTime::MIN);
        // In summer, local midnight is 23:00 UTC the day before.
        if let Some(summer) = midnight.checked_sub_signed(TimeDelta::hours(1)) {
            let candidate = Utc.from_utc_datetime(&summer);
            if self.is_summer_time(candidate) {
                return candidate;
            }
        }
        Utc.from_utc_datetime(&midnight)
    }

    /// The most recent school-year start on or before `at`'s local date.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// use esafety_core::vocabulary::SchoolClock;
    ///
    /// let clock = SchoolClock::london();
    /// let march = Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap();
    /// assert_eq!(clock.school_year_start(march), NaiveDate::from_ymd_opt(2025, 9, 1).unwrap());
    /// ```
    pub fn school_year_start(&self, at: DateTime<Utc>) -> NaiveDate {
        let today = self.local(at).date();
        let this_year = self.start_in(today.year());
        match this_year {
            Some(start) if start <= today => start,
            // Outside chrono's calendar (years beyond ±262,000) the date itself is returned.
            _ => today
                .year()
                .checked_sub(1)
                .and_then(|y| self.start_in(y))
                .unwrap_or(today),
        }
    }

    /// The first school-year start after `at`'s local date: the day the current school
    /// year ends (at its local midnight), or `None` beyond chrono's calendar.
    ///
    /// # Examples
    ///
    /// ```
    /// use chrono::{NaiveDate, TimeZone, Utc};
    /// use esafety_core::vocabulary::SchoolClock;
    ///
    /// let clock = SchoolClock::london();
    /// let sept1 = Utc.with_ymd_and_hms(2025, 8, 31, 23, 0, 0).unwrap(); // 00:00 BST, 1 September
    /// assert_eq!(clock.next_school_year_start(sept1), NaiveDate::from_ymd_opt(2026, 9, 1));
    /// ```
    pub fn next_school_year_start(&self, at: DateTime<Utc>) -> Option<NaiveDate> {
        let start = self.school_year_start(at);
        let next = self.start_in(start.year().checked_add(1)?)?;
        (next > self.local(at).date()).then_some(next)
    }

    fn start_in(&self, year: i32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(year, self.year_start_month, self.year_start_day)
    }
}

/// 01:00 UTC on the last Sunday of `month` in `year`.
fn last_sunday_1am_utc(year: i32, month: u32) -> Option<DateTime<Utc>> {
    let last_day = NaiveDate::from_ymd_opt(year, month, 31)?;
    let back = last_day.weekday().num_days_from_sunday();
    let sunday = last_day.checked_sub_signed(TimeDelta::days(i64::from(back)))?;
    Some(Utc.from_utc_datetime(&sunday.and_hms_opt(1, 0, 0)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// Published UK clock changes (last Sundays of March and October).
    const CHANGES: &[(i32, u32, u32)] = &[
        (2023, 26, 29),
        (2024, 31, 27),
        (2025, 30, 26),
        (2026, 29, 25),
        (2027, 28, 31),
        (2028, 26, 29),
        (2029, 25, 28),
        (2030, 31, 27),
    ];

    #[test]
    fn summer_time_starts_and_ends_at_one_am_utc() {
        let clock = SchoolClock::london();
        for &(year, march, october) in CHANGES {
            assert!(
                !clock.is_summer_time(utc(year, 3, march, 0, 59, 59)),
                "{year}"
            );
            assert!(clock.is_summer_time(utc(year, 3, march, 1, 0, 0)), "{year}");
            assert!(
                clock.is_summer_time(utc(year, 10, october, 0, 59, 59)),
                "{year}"
            );
            assert!(
                !clock.is_summer_time(utc(year, 10, october, 1, 0, 0)),
                "{year}"
            );
            // Local time jumps from 01:00 GMT to 02:00 BST, and back from 02:00 BST to 01:00.
            assert_eq!(
                clock.local(utc(year, 3, march, 1, 0, 0)),
                date(year, 3, march).and_hms_opt(2, 0, 0).unwrap()
            );
            assert_eq!(
                clock.local(utc(year, 10, october, 0, 59, 59)),
                date(year, 10, october).and_hms_opt(1, 59, 59).unwrap()
            );
            assert_eq!(
                clock.local(utc(year, 10, october, 1, 0, 0)),
                date(year, 10, october).and_hms_opt(1, 0, 0).unwrap()
            );
        }
    }

    #[test]
    fn local_midnight_in_winter_summer_and_on_change_days() {
        let clock = SchoolClock::london();
        assert_eq!(
            clock.utc_of_local_midnight(date(2025, 9, 1)),
            utc(2025, 8, 31, 23, 0, 0)
        );
        assert_eq!(
            clock.utc_of_local_midnight(date(2025, 12, 25)),
            utc(2025, 12, 25, 0, 0, 0)
        );
        // The change days themselves start in the old time.
        assert_eq!(
            clock.utc_of_local_midnight(date(2026, 3, 29)),
            utc(2026, 3, 29, 0, 0, 0)
        );
        assert_eq!(
            clock.utc_of_local_midnight(date(2026, 3, 30)),
            utc(2026, 3, 29, 23, 0, 0)
        );
        assert_eq!(
            clock.utc_of_local_midnight(date(2026, 10, 25)),
            utc(2026, 10, 24, 23, 0, 0)
        );
        assert_eq!(
            clock.utc_of_local_midnight(date(2026, 10, 26)),
            utc(2026, 10, 26, 0, 0, 0)
        );
    }

    #[test]
    fn school_year_boundaries() {
        let clock = SchoolClock::london();
        assert_eq!(
            clock.school_year_start(utc(2025, 8, 31, 22, 59, 59)),
            date(2024, 9, 1)
        );
        assert_eq!(
            clock.school_year_start(utc(2025, 8, 31, 23, 0, 0)),
            date(2025, 9, 1)
        );
        assert_eq!(
            clock.next_school_year_start(utc(2025, 8, 31, 22, 59, 59)),
            Some(date(2025, 9, 1))
        );
        let january = SchoolClock::with_year_start(1, 1).unwrap();
        assert_eq!(
            january.school_year_start(utc(2026, 1, 1, 0, 0, 0)),
            date(2026, 1, 1)
        );
        assert_eq!(january.year_start(), (1, 1));
        assert_eq!(SchoolClock::default(), SchoolClock::london());
        assert!(SchoolClock::with_year_start(13, 1).is_none());
        assert!(SchoolClock::with_year_start(4, 31).is_none());
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        let clock = SchoolClock::london();
        let _ = clock.utc_of_local_midnight(NaiveDate::MIN);
        let _ = clock.utc_of_local_midnight(NaiveDate::MAX);
        let _ = clock.school_year_start(DateTime::<Utc>::MIN_UTC);
        let _ = clock.next_school_year_start(DateTime::<Utc>::MAX_UTC);
        let _ = clock.local(DateTime::<Utc>::MAX_UTC);
    }

    proptest! {
        #[test]
        fn local_midnight_is_local_midnight(days in 0i64..40_000) {
            let clock = SchoolClock::london();
            let day = date(1990, 1, 1) + TimeDelta::days(days);
            let instant = clock.utc_of_local_midnight(day);
            prop_assert_eq!(clock.local(instant), day.and_time(chrono::NaiveTime::MIN));
            // One second earlier is the day before.
            prop_assert!(clock.local(instant - TimeDelta::seconds(1)).date() < day);
        }

        #[test]
        fn local_is_utc_or_one_hour_ahead(secs in 0i64..3_000_000_000) {
            let clock = SchoolClock::london();
            let at = DateTime::<Utc>::from_timestamp(secs, 0).unwrap();
            let diff = clock.local(at) - at.naive_utc();
            prop_assert!(diff == TimeDelta::zero() || diff == TimeDelta::hours(1));
        }

        #[test]
        fn school_year_start_is_on_or_before_and_within_a_year(secs in 0i64..3_000_000_000) {
            let clock = SchoolClock::london();
            let at = DateTime::<Utc>::from_timestamp(secs, 0).unwrap();
            let start = clock.school_year_start(at);
            let today = clock.local(at).date();
            prop_assert!(start <= today);
            prop_assert!(today - start < TimeDelta::days(366));
            prop_assert_eq!((start.month(), start.day()), (9, 1));
            let next = clock.next_school_year_start(at).unwrap();
            prop_assert!(next > today);
            prop_assert_eq!(next.year(), start.year() + 1);
        }
    }
}
