//! Views derived from loaded documents: a person's open tasks across
//! documents, due and overdue alerts, completion and overdue rates, Gantt
//! rows. Pure functions; the clock comes in as `today` (`YYYY-MM-DD`, the
//! caller's local calendar day).

mod alarm;
mod awaiting;
mod dashboard;
mod dashboard_window;
mod department_reports;
mod digest;
mod gantt;
mod messages;
mod my_tasks;
mod row_query;
mod search;
mod stats;
mod task;
mod task_shape;

#[cfg(test)]
mod tests;

pub use alarm::{ALARM_TEMPLATE, is_alarm};
pub use awaiting::{AwaitedBy, Awaiting, AwaitingKind, DueAt, awaiting};
pub use dashboard::{Dashboard, GroupKey, GroupRates, Grouping, Period, PeriodKind, TypedTask};
pub use dashboard_window::{DashboardWindow, WINDOW_MAX_DAYS, WindowError};
pub use department_reports::{DepartmentReport, DeptReport, WEEKLY_TEMPLATE, department_reports};
pub use digest::DocDigest;
pub use gantt::{GanttRow, gantt_applies, gantt_rows};
pub use messages::{
    DAILY_UPDATE_BY, DocMessage, FOLLOWED_DAYS, MessageKind, REMIND_DAYS, message_phase, messages,
};
pub use my_tasks::{DUE_SOON_DAYS, DueAlerts, DueItem, due_alerts, my_open_tasks};
pub use row_query::{FILTER_TEXT_MAX, Filterable, RowQuery, RowSort};
pub use search::{
    HITS_PER_DOCUMENT, QUERY_MAX, SearchHit, SearchTexts, query_words, search_document,
};
pub use stats::{DueWindow, Rates, TaskStats, task_stats};
pub use task::{DocRef, TaskItem, tasks};
pub use task_shape::{TASK_SHAPES, TaskShape, task_shapes};
