use concord_model::{Offset, TimeZone};

use super::AccountError;

/// The zone a workspace starts in: China Standard Time.
pub const DEFAULT_ZONE: &str = "Asia/Shanghai";

/// The workspace's time zone by its IANA name, with the zone's rules from
/// jiff's built-in database (so no machine's tzdata changes a verdict):
/// which offset its clocks show at an instant.
#[derive(Debug, Clone)]
pub struct WorkspaceZone {
    name: String,
    zone: jiff::tz::TimeZone,
}

impl WorkspaceZone {
    /// `UnknownZone` for a name the database does not hold.
    pub fn named(name: &str) -> Result<Self, AccountError> {
        let name = name.trim();
        let unknown = || AccountError::UnknownZone(name.to_owned());
        if name.is_empty() {
            return Err(unknown());
        }
        let zone = jiff::tz::TimeZone::get(name).map_err(|_| unknown())?;
        Ok(Self {
            name: name.to_owned(),
            zone,
        })
    }

    pub fn default_zone() -> Self {
        Self::named(DEFAULT_ZONE).unwrap_or_else(|_| Self {
            name: DEFAULT_ZONE.to_owned(),
            zone: jiff::tz::TimeZone::fixed(jiff::tz::offset(8)),
        })
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

impl TimeZone for WorkspaceZone {
    fn offset_at(&self, instant_ms: i64) -> Offset {
        let Ok(at) = jiff::Timestamp::from_millisecond(instant_ms) else {
            return Offset::UTC;
        };
        let seconds = self.zone.to_offset(at).seconds();
        Offset::from_minutes_east(seconds / 60).unwrap_or(Offset::UTC)
    }
}

#[cfg(test)]
mod tests {
    use concord_model::{Day, LocalDateTime};

    use super::*;

    fn instant(day: &str, hour: u8) -> i64 {
        LocalDateTime::new(day.parse().unwrap(), hour, 0, 0)
            .unwrap()
            .instant_at(Offset::UTC)
    }

    #[test]
    fn zones_are_read_by_name_with_their_rules() {
        let shanghai = WorkspaceZone::default_zone();
        assert_eq!(shanghai.name(), "Asia/Shanghai");
        assert_eq!(shanghai.offset_at(instant("2026-07-01", 0)), Offset::CHINA);
        // Berlin keeps summer time: +2 in July, +1 in December.
        let berlin = WorkspaceZone::named(" Europe/Berlin ").unwrap();
        assert_eq!(berlin.name(), "Europe/Berlin");
        assert_eq!(
            berlin.offset_at(instant("2026-07-01", 12)).minutes_east(),
            120
        );
        assert_eq!(
            berlin.offset_at(instant("2026-12-01", 12)).minutes_east(),
            60
        );
        // 16:30 UTC on 3 December is already the 4th in Shanghai.
        let late = instant("2026-12-03", 16) + 30 * 60_000;
        assert_eq!(
            Day::of_instant(late, &shanghai),
            Some("2026-12-04".parse().unwrap())
        );
    }

    #[test]
    fn unknown_names_are_refused() {
        for name in ["", "Mars/Olympus", "Asia/Shanghai; DROP", "../etc/passwd"] {
            assert!(
                matches!(
                    WorkspaceZone::named(name),
                    Err(AccountError::UnknownZone(_))
                ),
                "{name:?}"
            );
        }
    }
}
