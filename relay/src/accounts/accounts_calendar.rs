//! The workspace calendar: everyone signed in reads it, admins change it.
//! Each change is written to the database, then to the copy in memory that
//! batches are judged by.

use concord_api::{DayMark, WorkCalendar};
use concord_model::{Day, Today};

use super::{Account, AccountError, Accounts, WorkspaceZone, accounts_admin::admin_only};
use crate::locks::{lock, read, write};

impl Accounts {
    /// The calendar with its today at `now_ms`, the relay's clock.
    pub fn work_calendar(&self, now_ms: i64) -> Result<WorkCalendar, AccountError> {
        let calendar = read(&self.calendar);
        let today = calendar
            .today(now_ms)
            .ok_or(AccountError::ClockOutOfRange(now_ms))?;
        let offset = concord_model::TimeZone::offset_at(&calendar.zone, now_ms);
        Ok(WorkCalendar {
            zone: calendar.zone.name().to_owned(),
            offset_minutes: offset.minutes_east(),
            today: today.day(),
            holidays: calendar.working_days.holidays().collect(),
            make_up_days: calendar.working_days.make_up_days().collect(),
        })
    }

    /// The workspace's today at `now_ms`, for judging a batch.
    pub fn today(&self, now_ms: i64) -> Option<Today> {
        read(&self.calendar).today(now_ms)
    }

    /// The workspace's time zone, for reading instants as its local times.
    pub fn zone(&self) -> WorkspaceZone {
        read(&self.calendar).zone.clone()
    }

    pub fn mark_day(
        &self,
        by: &Account,
        day: &str,
        mark: DayMark,
        now_ms: i64,
    ) -> Result<WorkCalendar, AccountError> {
        admin_only(by)?;
        let day = day_of(day)?;
        {
            // The database lock first, then the copy: two admins' changes
            // reach both in the same order.
            let db = lock(&self.db);
            db.mark_day(day, mark.kind(), by.id().as_str(), now_ms)?;
            write(&self.calendar).working_days.set(day, mark.kind());
        }
        self.work_calendar(now_ms)
    }

    pub fn unmark_day(
        &self,
        by: &Account,
        day: &str,
        now_ms: i64,
    ) -> Result<WorkCalendar, AccountError> {
        admin_only(by)?;
        let day = day_of(day)?;
        {
            let db = lock(&self.db);
            db.unmark_day(day)?;
            write(&self.calendar)
                .working_days
                .set(day, concord_model::DayKind::Usual);
        }
        self.work_calendar(now_ms)
    }

    pub fn set_zone(
        &self,
        by: &Account,
        zone: &str,
        now_ms: i64,
    ) -> Result<WorkCalendar, AccountError> {
        admin_only(by)?;
        let zone = WorkspaceZone::named(zone)?;
        {
            let db = lock(&self.db);
            db.set_zone(&zone)?;
            write(&self.calendar).zone = zone;
        }
        self.work_calendar(now_ms)
    }
}

fn day_of(text: &str) -> Result<Day, AccountError> {
    text.trim()
        .parse()
        .map_err(|_| AccountError::BadDay(text.to_owned()))
}

#[cfg(test)]
#[path = "accounts_calendar_tests.rs"]
mod tests;
