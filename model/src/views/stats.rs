use std::collections::BTreeMap;

use crate::{
    access::{DeptId, PersonId},
    calendar::Day,
};

use super::task::{TaskItem, department_of, due_day};

/// Counts behind a completion rate and an overdue rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Rates {
    pub total: usize,
    pub done: usize,
    /// Open and past due.
    pub overdue: usize,
}

impl Rates {
    /// Done as a share of all, 0.0 to 1.0; None with no tasks.
    pub fn completion_rate(&self) -> Option<f64> {
        (self.total > 0).then(|| self.done as f64 / self.total as f64)
    }

    /// Overdue as a share of all, 0.0 to 1.0; None with no tasks.
    pub fn overdue_rate(&self) -> Option<f64> {
        (self.total > 0).then(|| self.overdue as f64 / self.total as f64)
    }

    pub(super) fn add(&mut self, done: bool, overdue: bool) {
        self.total += 1;
        self.done += usize::from(done);
        self.overdue += usize::from(overdue);
    }
}

/// The dashboard's figures per person and per department.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskStats {
    pub per_person: BTreeMap<PersonId, Rates>,
    pub per_department: BTreeMap<DeptId, Rates>,
    /// Tasks nobody is assigned to.
    pub unassigned: Rates,
}

/// Which tasks the dashboard counts: those due within `[from, to]`
/// (inclusive `YYYY-MM-DD`s); tasks without a due date only when unfiltered.
#[derive(Debug, Clone, Copy, Default)]
pub struct DueWindow<'a> {
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
}

impl DueWindow<'_> {
    fn admits(&self, due: Option<Day>) -> bool {
        let bound = |b: Option<&str>| b.and_then(|b| Day::parse(b).ok());
        match (bound(self.from), bound(self.to), due) {
            (None, None, _) => true,
            (_, _, None) => false,
            (from, to, Some(due)) => from.is_none_or(|f| due >= f) && to.is_none_or(|t| due <= t),
        }
    }
}

/// Completion and overdue rates. A task's department is its own department
/// cell, else its assignee's department from `departments` (the directory,
/// which the model does not hold).
pub fn task_stats(
    tasks: &[TaskItem],
    today: &str,
    window: DueWindow<'_>,
    departments: &BTreeMap<PersonId, DeptId>,
) -> TaskStats {
    let today = Day::parse(today).ok();
    let mut stats = TaskStats::default();
    for task in tasks {
        let due = due_day(task);
        if !window.admits(due) {
            continue;
        }
        let overdue = !task.done && matches!((due, today), (Some(d), Some(t)) if d < t);
        match &task.assignee {
            Some(p) => stats
                .per_person
                .entry(p.clone())
                .or_default()
                .add(task.done, overdue),
            None => stats.unassigned.add(task.done, overdue),
        }
        if let Some(dept) = department_of(task, departments) {
            stats
                .per_department
                .entry(dept)
                .or_default()
                .add(task.done, overdue);
        }
    }
    stats
}
