use concord_model::views::Dashboard;
use serde::{Deserialize, Serialize};

/// `GET /api/dashboard?from=YYYY-MM-DD&to=YYYY-MM-DD&by=person|department|template`:
/// the dashboard over every document the signed-in person may read,
/// counted on the relay (`Dashboard::of`, on the relay's today), so a
/// browser need not hold 200 trackers to draw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardQuery {
    pub from: String,
    pub to: String,
    /// `person`, `department` or `template`.
    pub by: String,
}

/// The relay's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DashboardAnswer {
    pub dashboard: Dashboard,
    /// How many documents were counted.
    pub documents: usize,
    /// The relay's clock when it answered (ms since the epoch): how old a
    /// kept answer is, offline.
    pub as_of_ms: i64,
}
