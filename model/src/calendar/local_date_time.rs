use std::{fmt, str::FromStr};

use super::{CalendarError, Day, Offset, TimeZone, day::digits};

const SECONDS_PER_DAY: i64 = 86_400;

/// A day and a time of day on a zone's clocks, to the second: what a
/// date-time field shows and is typed as. An instant (milliseconds since
/// the Unix epoch, what a date-time field stores) becomes one in a zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LocalDateTime {
    day: Day,
    second_of_day: u32,
}

impl LocalDateTime {
    /// `None` past 23:59:59.
    pub fn new(day: Day, hour: u8, minute: u8, second: u8) -> Option<Self> {
        (hour < 24 && minute < 60 && second < 60).then(|| Self {
            day,
            second_of_day: u32::from(hour) * 3600 + u32::from(minute) * 60 + u32::from(second),
        })
    }

    pub fn day(self) -> Day {
        self.day
    }

    pub fn hour(self) -> u8 {
        (self.second_of_day / 3600) as u8
    }

    pub fn minute(self) -> u8 {
        (self.second_of_day % 3600 / 60) as u8
    }

    pub fn second(self) -> u8 {
        (self.second_of_day % 60) as u8
    }

    /// What clocks `offset` ahead of UTC show at the instant; `None` past year 9999.
    pub fn at_offset(instant_ms: i64, offset: Offset) -> Option<Self> {
        let seconds = instant_ms
            .div_euclid(1000)
            .checked_add(i64::from(offset.minutes_east()) * 60)?;
        Some(Self {
            day: Day::from_epoch_days(seconds.div_euclid(SECONDS_PER_DAY))?,
            second_of_day: seconds.rem_euclid(SECONDS_PER_DAY) as u32,
        })
    }

    /// What the clocks of `zone` show at the instant.
    pub fn of_instant(instant_ms: i64, zone: &dyn TimeZone) -> Option<Self> {
        Self::at_offset(instant_ms, zone.offset_at(instant_ms))
    }

    /// An instant as people read it: `YYYY-MM-DD HH:MM` on the clocks of
    /// `zone` (the bare number, for an instant past the calendar's years).
    pub fn text_of(instant_ms: i64, zone: &dyn TimeZone) -> String {
        Self::of_instant(instant_ms, zone).map_or_else(|| instant_ms.to_string(), |t| t.to_string())
    }

    /// The instant this time names on clocks `offset` ahead of UTC.
    pub fn instant_at(self, offset: Offset) -> i64 {
        let seconds = self.day.epoch_days() * SECONDS_PER_DAY + i64::from(self.second_of_day)
            - i64::from(offset.minutes_east()) * 60;
        seconds * 1000
    }

    /// The instant this time names in `zone`. Where the zone's clocks were
    /// put forward, a time that never showed is read with the offset before
    /// the change; where they were put back, a time that showed twice is
    /// read as one of the two.
    pub fn instant(self, zone: &dyn TimeZone) -> i64 {
        let first = self.instant_at(zone.offset_at(self.instant_at(Offset::UTC)));
        let offset = zone.offset_at(first);
        let second = self.instant_at(offset);
        if zone.offset_at(second) == offset {
            second
        } else {
            first
        }
    }

    /// `YYYY-MM-DDTHH:MM`, what `<input type=datetime-local>` takes.
    pub fn input_value(self) -> String {
        format!("{}T{:02}:{:02}", self.day, self.hour(), self.minute())
    }

    /// `YYYY-MM-DD HH:MM:SS`.
    pub fn with_seconds(self) -> String {
        format!("{self}:{:02}", self.second())
    }

    /// Reads `YYYY-MM-DDTHH:MM` (a space may stand for the `T`, and `:SS`
    /// may follow), ASCII digits, a real day and time.
    pub fn parse(text: &str) -> Result<Self, CalendarError> {
        let not_one = || CalendarError::NotADateTime(text.to_owned());
        if text.len() < 11 || !matches!(text.as_bytes()[10], b'T' | b' ') {
            return Err(not_one());
        }
        let day = text
            .get(..10)
            .and_then(|day| Day::parse(day).ok())
            .ok_or_else(not_one)?;
        let mut parts = text[11..].split(':');
        let mut next = || parts.next().filter(|p| p.len() == 2).and_then(digits::<u8>);
        let (hour, minute) = (next().ok_or_else(not_one)?, next().ok_or_else(not_one)?);
        let second = match text[11..].len() {
            5 => 0,
            8 => next().ok_or_else(not_one)?,
            _ => return Err(not_one()),
        };
        Self::new(day, hour, minute, second).ok_or_else(not_one)
    }
}

impl FromStr for LocalDateTime {
    type Err = CalendarError;

    fn from_str(text: &str) -> Result<Self, CalendarError> {
        Self::parse(text)
    }
}

/// `YYYY-MM-DD HH:MM`: to the minute, as people read a date-time.
impl fmt::Display for LocalDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:02}:{:02}", self.day, self.hour(), self.minute())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(text: &str) -> LocalDateTime {
        text.parse().unwrap()
    }

    #[test]
    fn instants_read_on_the_clocks_of_a_zone() {
        let ms = local("2024-02-29 23:30").instant_at(Offset::UTC);
        assert_eq!(ms, 1_709_249_400_000);
        let utc = LocalDateTime::at_offset(ms, Offset::UTC).unwrap();
        assert_eq!(utc.to_string(), "2024-02-29 23:30");
        let beijing = LocalDateTime::of_instant(ms, &Offset::CHINA).unwrap();
        assert_eq!(beijing.to_string(), "2024-03-01 07:30");
        assert_eq!(beijing.input_value(), "2024-03-01T07:30");
        assert_eq!(beijing.instant(&Offset::CHINA), ms);
        let epoch = LocalDateTime::at_offset(0, Offset::UTC).unwrap();
        assert_eq!(epoch.with_seconds(), "1970-01-01 00:00:00");
        let before = LocalDateTime::at_offset(-1, Offset::UTC).unwrap();
        assert_eq!(before.with_seconds(), "1969-12-31 23:59:59");
        let later = LocalDateTime::at_offset(1_795_000_000_000, Offset::UTC).unwrap();
        assert_eq!(later.with_seconds(), "2026-11-18 11:06:40");
        assert_eq!(LocalDateTime::at_offset(i64::MAX, Offset::UTC), None);
        assert_eq!(
            LocalDateTime::text_of(ms, &Offset::CHINA),
            "2024-03-01 07:30"
        );
        assert_eq!(
            LocalDateTime::text_of(i64::MAX, &Offset::UTC),
            i64::MAX.to_string()
        );
    }

    #[test]
    fn only_real_times_parse() {
        assert_eq!(local("2024-03-01T07:30"), local("2024-03-01 07:30"));
        assert_eq!(local("2024-03-01T07:30:15").second(), 15);
        for bad in [
            "2024-02-30T07:30",
            "2024-02-01T24:00",
            "2024-02-01T23:60",
            "2024-02-01T7:30",
            "2024-02-01T07:30:",
            "2024-02-01T07:30:5",
            "2024-02-01X07:30",
            "2024-02-01",
            "2024-02-01T",
            "nonsense",
            "２０２４-02-01T07:30",
            "",
        ] {
            assert_eq!(
                LocalDateTime::parse(bad),
                Err(CalendarError::NotADateTime(bad.to_owned())),
                "{bad}"
            );
        }
    }

    /// A zone an hour ahead of UTC, two in summer (from 2024-03-31 01:00 UTC).
    struct Summer;

    const SUMMER_FROM: i64 = 1_711_846_800_000;

    impl TimeZone for Summer {
        fn offset_at(&self, instant_ms: i64) -> Offset {
            let hours = if instant_ms >= SUMMER_FROM { 2 } else { 1 };
            Offset::from_minutes_east(hours * 60).unwrap()
        }
    }

    #[test]
    fn a_zone_that_changes_its_clocks_reads_each_side_with_its_offset() {
        let winter = local("2024-03-31 01:30");
        let summer = local("2024-03-31 04:30");
        assert_eq!(winter.instant(&Summer), SUMMER_FROM - 30 * 60_000);
        assert_eq!(summer.instant(&Summer), SUMMER_FROM + 90 * 60_000);
        for time in [winter, summer] {
            assert_eq!(
                LocalDateTime::of_instant(time.instant(&Summer), &Summer),
                Some(time)
            );
        }
        // 02:30 never showed that night; it is read rather than refused.
        let skipped = local("2024-03-31 02:30").instant(&Summer);
        assert!((SUMMER_FROM - 3_600_000..SUMMER_FROM + 3_600_000).contains(&skipped));
    }

    #[test]
    fn offsets_are_bounded() {
        assert_eq!(Offset::from_minutes_east(480), Some(Offset::CHINA));
        assert_eq!(Offset::from_minutes_east(-19 * 60), None);
    }
}
