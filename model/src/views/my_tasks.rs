use crate::{access::PersonId, calendar::Day};

use super::task::due_day;
use super::task::{DocRef, TaskItem, tasks};

/// A person's open tasks across documents (the task centre's to-do list),
/// soonest due first; tasks without a due date come last.
pub fn my_open_tasks(docs: &[DocRef<'_>], me: &PersonId) -> Vec<TaskItem> {
    let mut mine: Vec<TaskItem> = tasks(docs)
        .into_iter()
        .filter(|t| !t.done && t.assignee.as_ref() == Some(me))
        .collect();
    mine.sort_by(|a, b| {
        let key = |t: &TaskItem| {
            (
                due_day(t).is_none(),
                due_day(t),
                t.doc.clone(),
                t.row.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    mine
}

/// An open task with a due date, and how it stands against today.
#[derive(Debug, Clone, PartialEq)]
pub struct DueItem {
    pub task: TaskItem,
    /// Days from today to the due date: negative when overdue.
    pub days_left: i64,
}

/// SPEC's reminders: open tasks past their due date, and those due within
/// three days (today included).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DueAlerts {
    /// Most overdue first.
    pub overdue: Vec<DueItem>,
    /// Soonest first.
    pub due_soon: Vec<DueItem>,
}

/// How many days ahead a task counts as due soon.
pub const DUE_SOON_DAYS: i64 = 3;

/// Sorts `tasks` (say, one person's, or everyone's) against `today`
/// (`YYYY-MM-DD`); an invalid `today` gives no alerts rather than wrong ones.
pub fn due_alerts(tasks: &[TaskItem], today: &str) -> DueAlerts {
    let Ok(today) = Day::parse(today) else {
        return DueAlerts::default();
    };
    let mut alerts = DueAlerts::default();
    for task in tasks.iter().filter(|t| !t.done) {
        let Some(due) = due_day(task) else {
            continue;
        };
        let item = DueItem {
            task: task.clone(),
            days_left: today.days_until(due),
        };
        if item.days_left < 0 {
            alerts.overdue.push(item);
        } else if item.days_left <= DUE_SOON_DAYS {
            alerts.due_soon.push(item);
        }
    }
    let order = |a: &DueItem, b: &DueItem| {
        (a.days_left, &a.task.doc, &a.task.row).cmp(&(b.days_left, &b.task.doc, &b.task.row))
    };
    alerts.overdue.sort_by(order);
    alerts.due_soon.sort_by(order);
    alerts
}
