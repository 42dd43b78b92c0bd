//! The window of days a dashboard counts: this week, month or quarter
//! around today, or one asked for by its first and last day.

use crate::calendar::Day;

use super::dashboard::PeriodKind;

/// The longest window counted: ten years (and their leap days), a few
/// dozen bars a year apiece. A longer one is a mistake, not a question.
pub const WINDOW_MAX_DAYS: i64 = 10 * 366;
/// Characters of a bad day said back.
const SAID_CHARS: usize = 40;

/// Why an asked window is no window.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WindowError {
    #[error("not a YYYY-MM-DD day: {0:?}")]
    NotADay(String),
    #[error("the window ends before it starts")]
    Backwards,
    #[error("a window is at most {WINDOW_MAX_DAYS} days long")]
    TooLong,
}

/// The window the dashboard is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DashboardWindow {
    pub from: Day,
    pub to: Day,
    pub today: Day,
}

impl DashboardWindow {
    /// Monday to Sunday of the week `today` is in.
    pub fn this_week(today: Day) -> Option<Self> {
        let from = PeriodKind::Week.start_of(today)?;
        Self::between(from, from.add_days(6)?, today)
    }

    /// The calendar month `today` is in.
    pub fn this_month(today: Day) -> Option<Self> {
        let from = PeriodKind::Month.start_of(today)?;
        Self::between(from, PeriodKind::Month.next(from)?.add_days(-1)?, today)
    }

    /// The quarter (January to March, …) `today` is in.
    pub fn this_quarter(today: Day) -> Option<Self> {
        let first_month = (today.month() - 1) / 3 * 3 + 1;
        let from = Day::from_ymd(today.year(), first_month, 1)?;
        let mut end = from;
        for _ in 0..3 {
            end = PeriodKind::Month.next(end)?;
        }
        Self::between(from, end.add_days(-1)?, today)
    }

    /// `[from, to]`; `None` when `to` is before `from`.
    pub fn between(from: Day, to: Day, today: Day) -> Option<Self> {
        (from <= to).then_some(Self { from, to, today })
    }

    /// The window asked for as text (`YYYY-MM-DD` each, as `/api/dashboard`
    /// takes it): both days, `to` not before `from`, at most
    /// `WINDOW_MAX_DAYS` long.
    pub fn asked(from: &str, to: &str, today: Day) -> Result<Self, WindowError> {
        let day = |text: &str| Day::parse(text).map_err(|_| WindowError::NotADay(cut(text)));
        let (from, to) = (day(from)?, day(to)?);
        let window = Self::between(from, to, today).ok_or(WindowError::Backwards)?;
        if from.days_until(to) + 1 > WINDOW_MAX_DAYS {
            return Err(WindowError::TooLong);
        }
        Ok(window)
    }
}

/// The first characters of what was sent, to say which text was no day
/// without echoing a flood.
fn cut(text: &str) -> String {
    text.chars().take(SAID_CHARS).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Day {
        Day::parse(text).unwrap()
    }

    #[test]
    fn an_asked_window_is_two_days_in_order_and_not_too_long() {
        let today = day("2026-11-19");
        let window = DashboardWindow::asked("2026-11-01", "2026-11-30", today).unwrap();
        assert_eq!(
            (window.from, window.to),
            (day("2026-11-01"), day("2026-11-30"))
        );
        assert_eq!(
            DashboardWindow::asked("2026-11-19", "2026-11-19", today).map(|w| w.today),
            Ok(today),
            "one day"
        );
        assert_eq!(
            DashboardWindow::asked("2026-02-30", "2026-03-01", today),
            Err(WindowError::NotADay("2026-02-30".into()))
        );
        assert_eq!(
            DashboardWindow::asked("2026-11-01", &"9".repeat(10_000), today),
            Err(WindowError::NotADay("9".repeat(SAID_CHARS)))
        );
        assert_eq!(
            DashboardWindow::asked("2026-11-02", "2026-11-01", today),
            Err(WindowError::Backwards)
        );
        assert!(DashboardWindow::asked("2016-01-01", "2025-12-31", today).is_ok());
        assert_eq!(
            DashboardWindow::asked("0001-01-01", "9999-12-31", today),
            Err(WindowError::TooLong)
        );
    }
}
