use super::{Day, LocalDateTime, TimeZone, WorkingDays};

/// The workspace's present, as rules about dates need it: the relay's
/// clock read in the workspace's zone, and the workspace's working days.
/// The relay builds one from its own clock for every batch it judges; the
/// app builds one from what it last heard of the calendar and its own
/// clock, for comfort only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Today {
    now: LocalDateTime,
    working_days: WorkingDays,
}

impl Today {
    pub fn new(now: LocalDateTime, working_days: WorkingDays) -> Self {
        Self { now, working_days }
    }

    /// `instant_ms` as seen in `zone`; `None` only past the year 9999.
    pub fn at(instant_ms: i64, zone: &dyn TimeZone, working_days: WorkingDays) -> Option<Self> {
        Some(Self::new(
            LocalDateTime::of_instant(instant_ms, zone)?,
            working_days,
        ))
    }

    pub fn now(&self) -> LocalDateTime {
        self.now
    }

    pub fn day(&self) -> Day {
        self.now.day()
    }

    pub fn working_days(&self) -> &WorkingDays {
        &self.working_days
    }

    /// The latest day a thing asked for today "within `n` working days"
    /// may fall on (today itself is not counted).
    pub fn within_working_days(&self, n: u32) -> Option<Day> {
        self.working_days.after_working_days(self.day(), n)
    }

    /// Whether `day` is a working day after today and no later than the
    /// `n`-th working day after today: a date set "at most `n` working
    /// days later".
    pub fn allows_within(&self, day: Day, n: u32) -> bool {
        day > self.day()
            && self.working_days.is_working_day(day)
            && self
                .within_working_days(n)
                .is_some_and(|latest| day <= latest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::DayKind;

    fn day(text: &str) -> Day {
        text.parse().unwrap()
    }

    fn on(text: &str, working_days: WorkingDays) -> Today {
        Today::new(
            LocalDateTime::new(day(text), 10, 0, 0).unwrap(),
            working_days,
        )
    }

    #[test]
    fn within_three_working_days_skips_the_weekend() {
        // Thursday 3 December 2026: Friday, Monday and Tuesday follow.
        let today = on("2026-12-03", WorkingDays::new());
        assert_eq!(today.within_working_days(3), Some(day("2026-12-08")));
        assert!(
            !today.allows_within(day("2026-12-03"), 3),
            "today is not after today"
        );
        assert!(!today.allows_within(day("2026-12-02"), 3));
        assert!(today.allows_within(day("2026-12-04"), 3));
        assert!(!today.allows_within(day("2026-12-05"), 3), "a Saturday");
        assert!(today.allows_within(day("2026-12-08"), 3));
        assert!(
            !today.allows_within(day("2026-12-09"), 3),
            "the fourth working day"
        );
    }

    #[test]
    fn holidays_push_the_limit_and_make_up_days_pull_it_in() {
        // Friday 4 December a holiday: Monday, Tuesday, Wednesday.
        let holiday = WorkingDays::new().with(day("2026-12-04"), DayKind::Holiday);
        let today = on("2026-12-03", holiday.clone());
        assert!(!today.allows_within(day("2026-12-04"), 3), "the holiday");
        assert!(today.allows_within(day("2026-12-09"), 3));
        assert!(!today.allows_within(day("2026-12-10"), 3));
        // Saturday 5 December worked as well: Saturday, Monday, Tuesday.
        let made_up = holiday.with(day("2026-12-05"), DayKind::MakeUpWorkingDay);
        let today = on("2026-12-03", made_up);
        assert!(
            today.allows_within(day("2026-12-05"), 3),
            "a make-up Saturday"
        );
        assert!(today.allows_within(day("2026-12-08"), 3));
        assert!(!today.allows_within(day("2026-12-09"), 3));
    }

    #[test]
    fn today_is_the_day_in_the_workspace_zone() {
        use crate::calendar::Offset;
        // 2026-12-03 17:30 UTC is already Friday 01:30 in Shanghai.
        let instant = LocalDateTime::new(day("2026-12-03"), 17, 30, 0)
            .unwrap()
            .instant_at(Offset::UTC);
        let today = Today::at(instant, &Offset::CHINA, WorkingDays::new()).unwrap();
        assert_eq!(today.day(), day("2026-12-04"));
        let utc = Today::at(instant, &Offset::UTC, WorkingDays::new()).unwrap();
        assert_eq!(utc.day(), day("2026-12-03"));
    }
}
