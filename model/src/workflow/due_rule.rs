use crate::calendar::{LocalDateTime, Weekday, WorkingDays};

/// How long a state may wait for the step out of it, as the SPEC sets it,
/// counted from when the document entered the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueRule {
    /// By the end of the `n`-th working day after the day it entered the
    /// state ("review within 2 working days").
    WorkingDays(u32),
    /// By a weekday and time of the week it entered the state (Monday
    /// first): the weekly report's Friday 17:00.
    WeekdayAt {
        weekday: Weekday,
        hour: u8,
        minute: u8,
    },
}

impl DueRule {
    /// When a state entered at `entered` (in the workspace's zone) is due,
    /// on the workspace's `working_days`. `None` only past the year 9999.
    pub fn due(self, entered: LocalDateTime, working_days: &WorkingDays) -> Option<LocalDateTime> {
        match self {
            Self::WorkingDays(n) => {
                let day = working_days.after_working_days(entered.day(), n)?;
                LocalDateTime::new(day, 23, 59, 59)
            }
            Self::WeekdayAt {
                weekday,
                hour,
                minute,
            } => {
                let from_monday = entered.day().weekday() as i64;
                let day = entered.day().add_days(weekday as i64 - from_monday)?;
                LocalDateTime::new(day, hour, minute, 0)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::{Day, DayKind};

    fn at(day: &str, hour: u8) -> LocalDateTime {
        LocalDateTime::new(day.parse().unwrap(), hour, 0, 0).unwrap()
    }

    #[test]
    fn working_days_skip_weekends_and_holidays_and_count_make_up_days() {
        let plain = WorkingDays::new();
        // Submitted Thursday 3 December: due at the end of Monday the 7th.
        let due = DueRule::WorkingDays(2).due(at("2026-12-03", 16), &plain);
        assert_eq!(due, Some(at("2026-12-07", 23).with_minutes(59, 59)));
        let holiday: Day = "2026-12-07".parse().unwrap();
        let off = plain.clone().with(holiday, DayKind::Holiday);
        let due = DueRule::WorkingDays(2).due(at("2026-12-03", 16), &off);
        assert_eq!(due.map(|d| d.day()), "2026-12-08".parse().ok());
        let made_up = off.with("2026-12-05".parse().unwrap(), DayKind::MakeUpWorkingDay);
        let due = DueRule::WorkingDays(2).due(at("2026-12-03", 16), &made_up);
        assert_eq!(due.map(|d| d.day()), "2026-12-05".parse().ok());
    }

    #[test]
    fn the_weekly_report_is_due_on_friday_of_its_week() {
        let friday = DueRule::WeekdayAt {
            weekday: Weekday::Friday,
            hour: 17,
            minute: 0,
        };
        let plain = WorkingDays::new();
        for entered in ["2026-11-30", "2026-12-03", "2026-12-06"] {
            assert_eq!(
                friday.due(at(entered, 9), &plain),
                Some(at("2026-12-04", 17)),
                "{entered}"
            );
        }
    }

    impl LocalDateTime {
        fn with_minutes(self, minute: u8, second: u8) -> Self {
            LocalDateTime::new(self.day(), self.hour(), minute, second).unwrap()
        }
    }
}
