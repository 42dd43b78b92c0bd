//! The workspace calendar's tables: marked days and the time zone.

use concord_model::{Day, DayKind, WorkingDays};
use rusqlite::{OptionalExtension, params};

use super::{AccountError, AccountsDb, CalendarStore, WorkspaceCalendar, WorkspaceZone};

const HOLIDAY: &str = "holiday";
const MAKE_UP_DAY: &str = "make-up-day";
const ZONE_KEY: &str = "time_zone";

impl CalendarStore for AccountsDb {
    fn calendar(&self) -> Result<WorkspaceCalendar, AccountError> {
        let mut working_days = WorkingDays::new();
        let mut statement = self
            .conn
            .prepare_cached("SELECT day, kind FROM calendar_days ORDER BY day")?;
        let rows = statement.query_map([], |row| {
            Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
        })?;
        for row in rows {
            let (day, kind) = row?;
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
        let zone = match self.setting(ZONE_KEY)? {
            None => WorkspaceZone::default_zone(),
            Some(name) => WorkspaceZone::named(&name).unwrap_or_else(|_| {
                tracing::warn!(zone = %name, "the stored workspace zone is unknown; using the default");
                WorkspaceZone::default_zone()
            }),
        };
        Ok(WorkspaceCalendar { zone, working_days })
    }

    fn mark_day(&self, day: Day, kind: DayKind, by: &str, now_ms: i64) -> Result<(), AccountError> {
        let kind = match kind {
            DayKind::Holiday => HOLIDAY,
            DayKind::MakeUpWorkingDay => MAKE_UP_DAY,
            DayKind::Usual => return self.unmark_day(day),
        };
        let inserted = self.conn.execute(
            "INSERT OR IGNORE INTO calendar_days (day, kind, set_by, set_ms) VALUES (?1, ?2, ?3, ?4)",
            params![day.to_string(), kind, by, now_ms],
        )?;
        if inserted == 0 {
            return Err(AccountError::DayAlreadyMarked(day.to_string()));
        }
        Ok(())
    }

    fn unmark_day(&self, day: Day) -> Result<(), AccountError> {
        let removed = self.conn.execute(
            "DELETE FROM calendar_days WHERE day = ?1",
            [day.to_string()],
        )?;
        if removed == 0 {
            return Err(AccountError::DayNotMarked(day.to_string()));
        }
        Ok(())
    }

    fn set_zone(&self, zone: &WorkspaceZone) -> Result<(), AccountError> {
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![ZONE_KEY, zone.name()],
        )?;
        Ok(())
    }
}

impl AccountsDb {
    fn setting(&self, key: &str) -> Result<Option<String>, AccountError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }
}
