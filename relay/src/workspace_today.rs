//! Where the relay's judge reads the workspace's today: the accounts (the
//! calendar admins keep), or, with none, plain weeks in the default zone.

use concord_model::Today;

use crate::accounts::{Accounts, WorkspaceCalendar, WorkspaceZone};

/// The workspace's today at an instant of the relay's clock; `None` only
/// for a clock past the year 9999.
pub trait WorkspaceToday: Send + Sync {
    fn today(&self, now_ms: i64) -> Option<Today>;

    /// The workspace's time zone, for reading instants as its local times.
    fn zone(&self) -> WorkspaceZone;
}

impl WorkspaceToday for Accounts {
    fn today(&self, now_ms: i64) -> Option<Today> {
        Accounts::today(self, now_ms)
    }

    fn zone(&self) -> WorkspaceZone {
        Accounts::zone(self)
    }
}

impl WorkspaceToday for WorkspaceCalendar {
    fn today(&self, now_ms: i64) -> Option<Today> {
        WorkspaceCalendar::today(self, now_ms)
    }

    fn zone(&self) -> WorkspaceZone {
        self.zone.clone()
    }
}
