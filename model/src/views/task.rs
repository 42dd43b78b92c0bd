use crate::access::{DeptId, PersonId};
use crate::calendar::Day;
use crate::document::{ConcordDoc, RowId, RowView, Value};

use super::task_shape::{TaskShape, task_shapes};

/// A loaded document and its id (the automerge URL the app links to).
#[derive(Debug, Clone, Copy)]
pub struct DocRef<'a> {
    pub id: &'a str,
    pub doc: &'a ConcordDoc,
}

/// One task row of one document, with the cells the views need.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskItem {
    pub doc: String,
    pub table: &'static str,
    pub row: RowId,
    pub title: String,
    pub assignee: Option<PersonId>,
    /// The row's own department cell, where the template has one.
    pub department: Option<DeptId>,
    pub start: Option<String>,
    pub due: Option<String>,
    /// The status option id, if set.
    pub status: Option<String>,
    pub done: bool,
    /// high, medium or low, where the table has priorities: a row without
    /// one is medium.
    pub priority: Option<String>,
    /// Whether the row takes the task steps (`TaskShape::steps`).
    pub steps: bool,
}

/// The task's department: its own department cell, else its assignee's
/// in `departments` (the directory, which the model does not hold).
pub(super) fn department_of(
    task: &TaskItem,
    departments: &std::collections::BTreeMap<PersonId, DeptId>,
) -> Option<DeptId> {
    task.department.clone().or_else(|| {
        task.assignee
            .as_ref()
            .and_then(|p| departments.get(p).cloned())
    })
}

/// The task's due date, if it holds a real day.
pub(super) fn due_day(task: &TaskItem) -> Option<Day> {
    task.due.as_deref().and_then(|due| Day::parse(due).ok())
}

/// Every task row of every document whose template has task tables.
/// Documents or tables that cannot be read are skipped: one damaged
/// document must not empty a person's task list.
pub fn tasks(docs: &[DocRef<'_>]) -> Vec<TaskItem> {
    let mut out = Vec::new();
    for d in docs {
        for shape in task_shapes(d.doc.template().id.0) {
            let Ok(rows) = d.doc.rows_with(shape.table, &shape.item_cells()) else {
                continue;
            };
            out.extend(rows.iter().map(|row| task_of(d.id, shape, row)));
        }
    }
    out
}

pub(super) fn task_of(doc: &str, shape: &TaskShape, row: &RowView) -> TaskItem {
    let text = |id: &str| match row.cells.get(id) {
        Some(Value::Text(s) | Value::Date(s) | Value::Choice(s)) => Some(s.clone()),
        _ => None,
    };
    let assignee = match row.cells.get(shape.assignee) {
        Some(Value::Person(p)) => p.parse().ok(),
        _ => None,
    }
    .or_else(|| row.owner.clone());
    let department = shape.department.and_then(|id| match row.cells.get(id) {
        Some(Value::Department(d)) => d.parse().ok(),
        _ => None,
    });
    let status = shape.status.and_then(|(id, _)| text(id));
    let done = match (shape.status, &status) {
        (Some((_, done_ids)), Some(s)) => done_ids.contains(&s.as_str()),
        _ => false,
    };
    TaskItem {
        doc: doc.to_owned(),
        table: shape.table,
        row: row.id.clone(),
        title: text(shape.title).unwrap_or_default(),
        assignee,
        department,
        start: shape.start.and_then(text),
        due: text(shape.due),
        status,
        done,
        priority: shape
            .priority
            .map(|id| text(id).unwrap_or_else(|| crate::DEFAULT_PRIORITY.to_owned())),
        steps: shape.steps,
    }
}
