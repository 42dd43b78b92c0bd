use concord_model::{Today, WorkingDays};

use super::WorkspaceZone;

/// The workspace calendar as the relay holds it in memory (the accounts
/// database is its lasting copy): the zone and the working days. Every
/// batch is judged against `today`, so it is read from here, not SQLite.
#[derive(Debug, Clone)]
pub struct WorkspaceCalendar {
    pub zone: WorkspaceZone,
    pub working_days: WorkingDays,
}

impl Default for WorkspaceCalendar {
    fn default() -> Self {
        Self {
            zone: WorkspaceZone::default_zone(),
            working_days: WorkingDays::new(),
        }
    }
}

impl WorkspaceCalendar {
    /// The workspace's today at `now_ms` (the relay's clock); `None` only
    /// for a clock past the year 9999.
    pub fn today(&self, now_ms: i64) -> Option<Today> {
        Today::at(now_ms, &self.zone, self.working_days.clone())
    }
}
