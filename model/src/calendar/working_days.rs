use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::Day;

/// Which days a workspace works: Monday to Friday, less its public holidays,
/// plus its make-up working days (调休: a weekend day worked so that a
/// holiday can run longer). A workspace in China changes both lists every
/// year, so they are data an admin keeps, not rules written here.
///
/// Due dates in working days ("review within 2 working days") are counted
/// with this, always on the workspace's calendar, never a phone's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "MarkedDays")]
pub struct WorkingDays {
    holidays: BTreeSet<Day>,
    make_up_days: BTreeSet<Day>,
}

/// The lists as stored. Read through `set`, so a day stored in both (by
/// hand, or an older writer) is one kind, as `kind_of` says: worked.
#[derive(Deserialize)]
struct MarkedDays {
    #[serde(default)]
    holidays: Vec<Day>,
    #[serde(default)]
    make_up_days: Vec<Day>,
}

impl From<MarkedDays> for WorkingDays {
    fn from(marked: MarkedDays) -> Self {
        let mut days = Self::default();
        for day in marked.holidays {
            days.set(day, DayKind::Holiday);
        }
        for day in marked.make_up_days {
            days.set(day, DayKind::MakeUpWorkingDay);
        }
        days
    }
}

/// What a day is on the workspace's calendar, as an admin sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayKind {
    /// As the week has it: Monday to Friday worked, the weekend not.
    Usual,
    /// Not worked, whatever the weekday.
    Holiday,
    /// Worked, whatever the weekday.
    MakeUpWorkingDay,
}

impl WorkingDays {
    pub fn new() -> Self {
        Self::default()
    }

    /// Marks `day` as `kind`; a day is at most one of holiday and make-up
    /// day, so marking it one takes it off the other.
    pub fn set(&mut self, day: Day, kind: DayKind) {
        self.holidays.remove(&day);
        self.make_up_days.remove(&day);
        match kind {
            DayKind::Usual => {}
            DayKind::Holiday => {
                self.holidays.insert(day);
            }
            DayKind::MakeUpWorkingDay => {
                self.make_up_days.insert(day);
            }
        }
    }

    /// `set`, for building a calendar in one expression.
    pub fn with(mut self, day: Day, kind: DayKind) -> Self {
        self.set(day, kind);
        self
    }

    pub fn kind_of(&self, day: Day) -> DayKind {
        if self.make_up_days.contains(&day) {
            DayKind::MakeUpWorkingDay
        } else if self.holidays.contains(&day) {
            DayKind::Holiday
        } else {
            DayKind::Usual
        }
    }

    pub fn holidays(&self) -> impl Iterator<Item = Day> + '_ {
        self.holidays.iter().copied()
    }

    pub fn make_up_days(&self) -> impl Iterator<Item = Day> + '_ {
        self.make_up_days.iter().copied()
    }

    pub fn is_working_day(&self, day: Day) -> bool {
        match self.kind_of(day) {
            DayKind::Usual => !day.weekday().is_weekend(),
            DayKind::Holiday => false,
            DayKind::MakeUpWorkingDay => true,
        }
    }

    /// The `n`-th working day after `from` (`from` itself is not counted,
    /// worked or not): a thing asked for on `from` "within 2 working days"
    /// is due at the end of `after_working_days(from, 2)`. With `n` = 0,
    /// `from` if it is a working day, else the next one. `None` only past
    /// the year 9999.
    pub fn after_working_days(&self, from: Day, n: u32) -> Option<Day> {
        let mut day = from;
        if n == 0 {
            while !self.is_working_day(day) {
                day = day.add_days(1)?;
            }
            return Some(day);
        }
        let mut left = n;
        while left > 0 {
            day = day.add_days(1)?;
            if self.is_working_day(day) {
                left -= 1;
            }
        }
        Some(day)
    }

    /// How many working days lie after `from` up to and including `to`;
    /// negative, counted the same way backwards, if `to` is earlier. So
    /// `working_days_between(d, after_working_days(d, n)) == n`.
    pub fn working_days_between(&self, from: Day, to: Day) -> i64 {
        let (start, end, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let span = start.days_until(end);
        // Whole weeks hold five usual working days each; only the rest is walked.
        let weeks = span / 7;
        let rest = (1..=span % 7).filter_map(|i| start.add_days(weeks * 7 + i));
        let mut count = weeks * 5 + rest.filter(|d| !d.weekday().is_weekend()).count() as i64;
        // Then the days the admin marked, where they differ from the week.
        let marked = self
            .holidays
            .range(start..=end)
            .chain(self.make_up_days.range(start..=end))
            .filter(|&&d| d > start);
        for &d in marked {
            match (self.is_working_day(d), d.weekday().is_weekend()) {
                (true, true) => count += 1,
                (false, false) => count -= 1,
                _ => {}
            }
        }
        sign * count
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn day(text: &str) -> Day {
        text.parse().unwrap()
    }

    /// A made-up year's golden week: 1–7 October off, Sunday 27 September
    /// and Saturday 10 October worked instead.
    fn golden_week() -> WorkingDays {
        let mut days = WorkingDays::new();
        for d in 1..=7 {
            days.set(Day::from_ymd(2026, 10, d).unwrap(), DayKind::Holiday);
        }
        days.with(day("2026-09-27"), DayKind::MakeUpWorkingDay)
            .with(day("2026-10-10"), DayKind::MakeUpWorkingDay)
    }

    #[test]
    fn weekends_are_skipped() {
        let usual = WorkingDays::new();
        // 2026-12-04 is a Friday.
        assert_eq!(day("2026-12-04").weekday(), super::super::Weekday::Friday);
        assert_eq!(
            usual.after_working_days(day("2026-12-04"), 1),
            Some(day("2026-12-07"))
        );
        assert_eq!(
            usual.after_working_days(day("2026-12-04"), 2),
            Some(day("2026-12-08"))
        );
        // Asked on a Saturday, two working days are Monday and Tuesday.
        assert_eq!(
            usual.after_working_days(day("2026-12-05"), 2),
            Some(day("2026-12-08"))
        );
        assert_eq!(
            usual.after_working_days(day("2026-12-05"), 0),
            Some(day("2026-12-07"))
        );
        assert_eq!(
            usual.after_working_days(day("2026-12-07"), 0),
            Some(day("2026-12-07"))
        );
    }

    #[test]
    fn holidays_are_skipped_and_make_up_days_worked() {
        let days = golden_week();
        assert!(days.is_working_day(day("2026-09-27")), "a Sunday worked");
        assert!(!days.is_working_day(day("2026-10-01")), "a Thursday off");
        assert!(days.is_working_day(day("2026-10-10")), "a Saturday worked");
        // Asked on Wednesday 30 September: the next working days are
        // Thursday 8 October, Friday 9, and Saturday 10.
        let asked = day("2026-09-30");
        assert_eq!(days.after_working_days(asked, 1), Some(day("2026-10-08")));
        assert_eq!(days.after_working_days(asked, 3), Some(day("2026-10-10")));
        assert_eq!(days.after_working_days(asked, 4), Some(day("2026-10-12")));
        // Asked on Friday 25 September: the Sunday counts.
        assert_eq!(
            days.after_working_days(day("2026-09-25"), 1),
            Some(day("2026-09-27"))
        );
        assert_eq!(days.working_days_between(asked, day("2026-10-12")), 4);
        assert_eq!(days.working_days_between(day("2026-10-12"), asked), -4);
    }

    #[test]
    fn a_day_is_one_kind_at_a_time() {
        let mut days = WorkingDays::new();
        let d = day("2026-10-10");
        days.set(d, DayKind::Holiday);
        days.set(d, DayKind::MakeUpWorkingDay);
        assert_eq!(days.kind_of(d), DayKind::MakeUpWorkingDay);
        assert_eq!(days.holidays().count(), 0);
        days.set(d, DayKind::Usual);
        assert_eq!(days, WorkingDays::new());
    }

    #[test]
    fn travels_as_lists_of_days() {
        let days = golden_week();
        let json = serde_json::to_string(&days).unwrap();
        assert!(json.contains("\"2026-10-10\""), "{json}");
        assert_eq!(serde_json::from_str::<WorkingDays>(&json).unwrap(), days);
        assert_eq!(
            serde_json::from_str::<WorkingDays>("{}").unwrap(),
            WorkingDays::new()
        );
        assert!(serde_json::from_str::<WorkingDays>(r#"{"holidays":["2026-02-30"]}"#).is_err());
        // A Saturday stored as both is worked, and counted once.
        let both: WorkingDays =
            serde_json::from_str(r#"{"holidays":["2026-10-10"],"make_up_days":["2026-10-10"]}"#)
                .unwrap();
        assert_eq!(both.kind_of(day("2026-10-10")), DayKind::MakeUpWorkingDay);
        assert_eq!(both.holidays().count(), 0);
        assert_eq!(
            both.working_days_between(day("2026-10-09"), day("2026-10-10")),
            1
        );
    }

    fn any_day() -> impl Strategy<Value = Day> {
        (0i64..3_000).prop_map(|n| Day::from_ymd(2025, 1, 1).unwrap().add_days(n).unwrap())
    }

    fn any_calendar() -> impl Strategy<Value = WorkingDays> {
        proptest::collection::vec((any_day(), 0u8..3), 0..60).prop_map(|marks| {
            let mut days = WorkingDays::new();
            for (d, kind) in marks {
                let kind = match kind {
                    0 => DayKind::Usual,
                    1 => DayKind::Holiday,
                    _ => DayKind::MakeUpWorkingDay,
                };
                days.set(d, kind);
            }
            days
        })
    }

    /// The count walked day by day, to hold the fast count to.
    fn walked(days: &WorkingDays, from: Day, to: Day) -> i64 {
        let (start, end, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut count = 0;
        let mut d = start;
        while d < end {
            d = d.add_days(1).unwrap();
            count += i64::from(days.is_working_day(d));
        }
        sign * count
    }

    proptest! {
        #[test]
        fn counting_and_adding_agree(days in any_calendar(), from in any_day(), n in 0u32..40) {
            let due = days.after_working_days(from, n).unwrap();
            prop_assert!(days.is_working_day(due));
            prop_assert!(due >= from);
            if n > 0 {
                prop_assert!(due > from);
                prop_assert_eq!(days.working_days_between(from, due), i64::from(n));
                // Nothing earlier would do.
                let before = due.add_days(-1).unwrap();
                prop_assert_eq!(days.working_days_between(from, before), i64::from(n) - 1);
            }
        }

        #[test]
        fn the_fast_count_is_the_walked_one(days in any_calendar(), a in any_day(), b in any_day()) {
            prop_assert_eq!(days.working_days_between(a, b), walked(&days, a, b));
        }
    }
}
