//! Days and times as people type them, read into the calendar's types.

use super::width::fold_width;
use crate::calendar::{Day, LocalDateTime, digits};

/// A day: `2026-03-05` (what a date input gives), `2026/3/5`, `2026.3.5`
/// or `2026年3月5日`, full-width digits too; a real day.
pub(super) fn read_day(text: &str) -> Option<Day> {
    let folded = fold_width(text);
    let text = folded.trim();
    let text = text.strip_suffix('日').unwrap_or(text);
    let mut parts = text.split(['-', '/', '.', '年', '月']);
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 || !(1..=2).contains(&month.len()) {
        return None;
    }
    if !(1..=2).contains(&day.len()) {
        return None;
    }
    Day::from_ymd(digits(year)?, digits(month)?, digits(day)?)
}

/// A day as `read_day` reads it, then `T` or blanks, then `H:MM` or
/// `H:MM:SS` (what a datetime-local input gives is one of these).
pub(super) fn read_local_date_time(text: &str) -> Option<LocalDateTime> {
    let folded = fold_width(text);
    let (day, time) = folded.trim().split_once(['T', ' '])?;
    let mut parts = time.trim().split(':');
    let hour = parts.next().filter(|h| (1..=2).contains(&h.len()))?;
    let minute = parts.next().filter(|m| m.len() == 2)?;
    let second = match parts.next() {
        Some(s) if s.len() == 2 => digits(s)?,
        Some(_) => return None,
        None => 0,
    };
    if parts.next().is_some() {
        return None;
    }
    LocalDateTime::new(read_day(day)?, digits(hour)?, digits(minute)?, second)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_in_the_ways_people_write_them() {
        let march_5 = Day::from_ymd(2026, 3, 5);
        for ok in [
            "2026-03-05",
            "2026-3-5",
            "2026/3/5",
            "2026.03.05",
            "2026年3月5日",
            " 2026年03月05 ",
            "２０２６－０３－０５",
        ] {
            assert_eq!(read_day(ok), march_5, "{ok}");
        }
        for bad in [
            "2026-02-30",
            "26-3-5",
            "2026-003-05",
            "2026-03",
            "2026-03-05-01",
            "2026-03-05T10:00",
            "March 5",
            "",
        ] {
            assert_eq!(read_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn times_after_the_day() {
        let at = |h, m, s| LocalDateTime::new(Day::from_ymd(2026, 3, 5).unwrap(), h, m, s);
        assert_eq!(read_local_date_time("2026-03-05T14:30"), at(14, 30, 0));
        assert_eq!(read_local_date_time("2026/3/5 9:05:07"), at(9, 5, 7));
        assert_eq!(read_local_date_time("2026年3月5日 14：30"), at(14, 30, 0));
        for bad in [
            "2026-03-05",
            "2026-03-05T24:00",
            "2026-03-05T14:3",
            "2026-03-05T14:30:00:00",
            "2026-02-30T10:00",
            "14:30",
        ] {
            assert_eq!(read_local_date_time(bad), None, "{bad}");
        }
    }
}
