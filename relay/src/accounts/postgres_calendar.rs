//! The workspace calendar's tables in PostgreSQL: marked days and the zone.

use concord_model::{Day, DayKind, WorkingDays};

use super::{
    AccountError, CalendarStore, PostgresAccounts, WorkspaceCalendar, WorkspaceZone,
    postgres_accounts::{get, param},
};

const HOLIDAY: &str = "holiday";
const MAKE_UP_DAY: &str = "make-up-day";
const ZONE_KEY: &str = "time_zone";

impl CalendarStore for PostgresAccounts {
    fn calendar(&self) -> Result<WorkspaceCalendar, AccountError> {
        let mut working_days = WorkingDays::new();
        let rows = self.query("SELECT day, kind FROM calendar_days ORDER BY day", vec![])?;
        for row in &rows {
            let day: String = get(row, 0)?;
            let kind: String = get(row, 1)?;
            // Days are written from `Day`; one that does not read is skipped.
            let Ok(day) = day.parse::<Day>() else {
                continue;
            };
            let kind = if kind == MAKE_UP_DAY {
                DayKind::MakeUpWorkingDay
            } else {
                DayKind::Holiday
            };
            working_days.set(day, kind);
        }
        let zone = self.query(
            "SELECT value FROM settings WHERE key = $1",
            vec![param(ZONE_KEY.to_owned())],
        )?;
        let zone = match zone.first() {
            None => WorkspaceZone::default_zone(),
            Some(row) => {
                let name: String = get(row, 0)?;
                WorkspaceZone::named(&name).unwrap_or_else(|_| {
                    tracing::warn!(zone = %name, "the stored workspace zone is unknown; using the default");
                    WorkspaceZone::default_zone()
                })
            }
        };
        Ok(WorkspaceCalendar { zone, working_days })
    }

    fn mark_day(&self, day: Day, kind: DayKind, by: &str, now_ms: i64) -> Result<(), AccountError> {
        let kind = match kind {
            DayKind::Holiday => HOLIDAY,
            DayKind::MakeUpWorkingDay => MAKE_UP_DAY,
            DayKind::Usual => return self.unmark_day(day),
        };
        let inserted = self.execute(
            "INSERT INTO calendar_days (day, kind, set_by, set_ms) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
            vec![
                param(day.to_string()),
                param(kind.to_owned()),
                param(by.to_owned()),
                param(now_ms),
            ],
        )?;
        if inserted == 0 {
            return Err(AccountError::DayAlreadyMarked(day.to_string()));
        }
        Ok(())
    }

    fn unmark_day(&self, day: Day) -> Result<(), AccountError> {
        let removed = self.execute(
            "DELETE FROM calendar_days WHERE day = $1",
            vec![param(day.to_string())],
        )?;
        if removed == 0 {
            return Err(AccountError::DayNotMarked(day.to_string()));
        }
        Ok(())
    }

    fn set_zone(&self, zone: &WorkspaceZone) -> Result<(), AccountError> {
        self.execute(
            "INSERT INTO settings (key, value) VALUES ($1, $2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            vec![param(ZONE_KEY.to_owned()), param(zone.name().to_owned())],
        )?;
        Ok(())
    }
}
