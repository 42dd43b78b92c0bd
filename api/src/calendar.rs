//! The workspace calendar (`/api/calendar`, `/api/admin/calendar/*`): its
//! time zone, holidays and make-up working days (调休), which the relay
//! keeps and judges every date rule by.

use concord_model::{Day, DayKind, Offset, WorkingDays};
use serde::{Deserialize, Serialize};

/// `GET /api/calendar` (and the answer to every admin change of it): the
/// calendar as the relay keeps it, and its today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkCalendar {
    /// The workspace's time zone, an IANA name (`Asia/Shanghai`).
    pub zone: String,
    /// The zone's offset from UTC when the relay answered, in minutes east:
    /// what the app reads the day of an instant with until it asks again.
    pub offset_minutes: i32,
    /// Today in the workspace's zone, by the relay's clock.
    pub today: Day,
    pub holidays: Vec<Day>,
    pub make_up_days: Vec<Day>,
}

impl WorkCalendar {
    pub fn working_days(&self) -> WorkingDays {
        let holidays = self.holidays.iter().map(|&d| (d, DayKind::Holiday));
        let make_up = self
            .make_up_days
            .iter()
            .map(|&d| (d, DayKind::MakeUpWorkingDay));
        holidays
            .chain(make_up)
            .fold(WorkingDays::new(), |days, (d, kind)| days.with(d, kind))
    }

    /// The zone's offset as the relay last gave it; a nonsense one reads as
    /// the default zone's (China Standard Time).
    pub fn offset(&self) -> Offset {
        Offset::from_minutes_east(self.offset_minutes).unwrap_or(Offset::CHINA)
    }
}

/// What an admin marks a day as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DayMark {
    /// Not worked, whatever the weekday.
    Holiday,
    /// A weekend day worked (调休).
    MakeUpDay,
}

impl DayMark {
    pub fn kind(self) -> DayKind {
        match self {
            Self::Holiday => DayKind::Holiday,
            Self::MakeUpDay => DayKind::MakeUpWorkingDay,
        }
    }
}

/// `POST /api/admin/calendar/days`: marks a day; answers `WorkCalendar`.
/// The day is text as typed (`YYYY-MM-DD`): the relay answers `bad-day`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkDay {
    pub day: String,
    pub kind: DayMark,
}

/// `PUT /api/admin/calendar/zone`: the workspace's time zone, an IANA name;
/// answers `WorkCalendar`, or `unknown-zone`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ZoneChange {
    pub zone: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn travels_as_plain_text_days() {
        let json = serde_json::json!({
            "zone": "Asia/Shanghai",
            "offset_minutes": 480,
            "today": "2026-12-03",
            "holidays": ["2026-12-04"],
            "make_up_days": ["2026-12-05"],
        });
        let calendar: WorkCalendar = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(serde_json::to_value(&calendar).unwrap(), json);
        let days = calendar.working_days();
        assert!(!days.is_working_day("2026-12-04".parse().unwrap()));
        assert!(days.is_working_day("2026-12-05".parse().unwrap()));
        assert_eq!(calendar.offset(), Offset::CHINA);
        let mark: MarkDay =
            serde_json::from_value(serde_json::json!({"day": "2026-10-10", "kind": "make-up-day"}))
                .unwrap();
        assert_eq!(mark.kind.kind(), DayKind::MakeUpWorkingDay);
        let bad = serde_json::json!({"today": "2026-02-30", "zone": "x", "offset_minutes": 0, "holidays": [], "make_up_days": []});
        assert!(serde_json::from_value::<WorkCalendar>(bad).is_err());
    }
}
