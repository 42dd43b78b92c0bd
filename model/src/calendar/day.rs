use std::{fmt, str::FromStr};

use super::{CalendarError, LocalDateTime, TimeZone, Weekday};

/// A calendar day of the proleptic Gregorian calendar, with no zone to
/// drift through: a date field's value, a due date, "today" in the
/// workspace. Stored and shown as `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Day(time::Date);

/// The Julian day number of 1970-01-01, where `epoch_days` counts from.
const UNIX_EPOCH_JULIAN_DAY: i64 = 2_440_588;

impl Day {
    /// `None` for a day that does not exist (30 February, month 13) or a
    /// year beyond ±9999.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Option<Self> {
        let month = time::Month::try_from(month).ok()?;
        time::Date::from_calendar_date(year, month, day)
            .ok()
            .map(Self)
    }

    pub fn year(self) -> i32 {
        self.0.year()
    }

    /// 1 to 12.
    pub fn month(self) -> u8 {
        self.0.month().into()
    }

    /// 1 to 31.
    pub fn day_of_month(self) -> u8 {
        self.0.day()
    }

    pub fn weekday(self) -> Weekday {
        self.0.weekday().into()
    }

    /// The day `days` after 1970-01-01 (before it, if negative).
    pub fn from_epoch_days(days: i64) -> Option<Self> {
        let julian = i32::try_from(days.checked_add(UNIX_EPOCH_JULIAN_DAY)?).ok()?;
        time::Date::from_julian_day(julian).ok().map(Self)
    }

    /// Days since 1970-01-01: a number to count and compare days with.
    pub fn epoch_days(self) -> i64 {
        i64::from(self.0.to_julian_day()) - UNIX_EPOCH_JULIAN_DAY
    }

    /// How many days from `self` to `later` (negative if `later` is earlier).
    pub fn days_until(self, later: Day) -> i64 {
        later.epoch_days() - self.epoch_days()
    }

    /// The day `days` later (earlier, if negative); `None` past year 9999.
    pub fn add_days(self, days: i64) -> Option<Self> {
        Self::from_epoch_days(self.epoch_days().checked_add(days)?)
    }

    /// The day an instant falls on in `zone`.
    pub fn of_instant(instant_ms: i64, zone: &dyn TimeZone) -> Option<Self> {
        LocalDateTime::of_instant(instant_ms, zone).map(LocalDateTime::day)
    }

    /// Reads exactly `YYYY-MM-DD` (ASCII digits, a real day): the stored
    /// form. Typed text in other shapes is read by `value_text::parse_value`.
    pub fn parse(text: &str) -> Result<Self, CalendarError> {
        let not_a_day = || CalendarError::NotADay(text.to_owned());
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(not_a_day());
        }
        let year = digits(&text[0..4]).ok_or_else(not_a_day)?;
        let month = digits(&text[5..7]).ok_or_else(not_a_day)?;
        let day = digits(&text[8..10]).ok_or_else(not_a_day)?;
        Self::from_ymd(year, month, day).ok_or_else(not_a_day)
    }

    /// Whether `text` is a stored day (`YYYY-MM-DD`, a real day).
    pub fn is_day(text: &str) -> bool {
        Self::parse(text).is_ok()
    }
}

/// The value of a run of ASCII digits (no sign, no blanks).
pub(crate) fn digits<N: FromStr>(text: &str) -> Option<N> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl FromStr for Day {
    type Err = CalendarError;

    fn from_str(text: &str) -> Result<Self, CalendarError> {
        Self::parse(text)
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day_of_month()
        )
    }
}

/// Travels and is stored as its text, `YYYY-MM-DD`.
impl serde::Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Offset;

    fn day(text: &str) -> Day {
        text.parse().unwrap()
    }

    #[test]
    fn only_real_days_in_the_stored_form_parse() {
        for ok in ["2024-02-29", "2026-12-31", "2000-02-29", "1969-12-31"] {
            assert_eq!(day(ok).to_string(), ok);
        }
        for bad in [
            "2026-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-04-31",
            "2026-01-00",
            "2026-1-01",
            "26-01-01x",
            "２０２６-01-01",
            "2026/01/01",
            " 2026-01-01",
            "+026-01-01",
            "",
        ] {
            assert_eq!(
                Day::parse(bad),
                Err(CalendarError::NotADay(bad.to_owned())),
                "{bad}"
            );
            assert!(!Day::is_day(bad));
        }
    }

    #[test]
    fn days_count_real_days() {
        assert_eq!(day("1970-01-01").epoch_days(), 0);
        assert_eq!(day("2000-03-01").epoch_days(), 11_017);
        assert_eq!(day("1969-12-31").epoch_days(), -1);
        assert_eq!(day("2024-02-28").days_until(day("2024-03-01")), 2);
        assert_eq!(day("2023-02-28").days_until(day("2023-03-01")), 1);
        assert_eq!(day("2024-03-01").days_until(day("2024-02-28")), -2);
        assert_eq!(Day::from_epoch_days(11_017), Some(day("2000-03-01")));
        assert_eq!(day("2024-12-31").add_days(1), Some(day("2025-01-01")));
        assert_eq!(day("2024-03-01").add_days(-1), Some(day("2024-02-29")));
        assert_eq!(day("9999-12-31").add_days(1), None);
        assert_eq!(Day::from_epoch_days(i64::MAX), None);
        assert!(day("2024-02-29") < day("2024-03-01"));
    }

    #[test]
    fn a_day_knows_its_weekday() {
        assert_eq!(day("1970-01-01").weekday(), Weekday::Thursday);
        assert_eq!(day("2026-02-17").weekday(), Weekday::Tuesday);
        assert!(day("2026-02-15").weekday().is_weekend());
        assert!(!day("2026-02-16").weekday().is_weekend());
    }

    #[test]
    fn an_instant_falls_on_the_day_of_its_zone() {
        // 2024-02-29 23:30 UTC is already 1 March in Beijing.
        let ms = 1_709_249_400_000;
        assert_eq!(Day::of_instant(ms, &Offset::UTC), Some(day("2024-02-29")));
        assert_eq!(Day::of_instant(ms, &Offset::CHINA), Some(day("2024-03-01")));
        assert_eq!(Day::of_instant(-1, &Offset::UTC), Some(day("1969-12-31")));
    }
}
