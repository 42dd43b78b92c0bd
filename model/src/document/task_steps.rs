//! A task's steps written as cells (`workflow::TaskStep`): what the app
//! writes for each button, in one change, so the relay sees one step.

use std::collections::BTreeMap;

use automerge::{ReadDoc, transaction::Transactable};

use super::{ConcordDoc, DocResult, RowId, Value};
use crate::access::PersonId;
use crate::workflow::{
    APPROVED, DONE, IN_PROGRESS, IN_REVIEW, REFUSED, RETURNED, TaskRow, TaskStep,
};

/// A step with what it needs: a date, a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskAct {
    SubmitForReview,
    ApproveReview,
    ReturnReview { note: String },
    AskDeadline { deadline: String, reason: String },
    ApproveDeadline,
    RefuseDeadline { answer: String },
}

impl TaskAct {
    pub fn step(&self) -> TaskStep {
        match self {
            Self::SubmitForReview => TaskStep::SubmitForReview,
            Self::ApproveReview => TaskStep::ApproveReview,
            Self::ReturnReview { .. } => TaskStep::ReturnReview,
            Self::AskDeadline { .. } => TaskStep::AskDeadline,
            Self::ApproveDeadline => TaskStep::ApproveDeadline,
            Self::RefuseDeadline { .. } => TaskStep::RefuseDeadline,
        }
    }
}

/// How moving a row to another status (a card dragged across a board) is
/// written: in a table that runs task steps, a move that is a step
/// (submitting for review, approving one) is that step, so the relay sees
/// the same cells as from the step's button; any other move is the status
/// cell alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatusMove {
    Cell { field: String, to: String },
    Step(TaskAct),
}

impl StatusMove {
    /// The move of a row whose task cells read `before` (`None` where the
    /// table runs no steps) from its status to `to`.
    pub fn new(field: &str, before: Option<&TaskRow>, to: &str) -> Self {
        match before {
            Some(_) if to == IN_REVIEW => Self::Step(TaskAct::SubmitForReview),
            Some(row) if row.in_review() && to == DONE => Self::Step(TaskAct::ApproveReview),
            _ => Self::Cell {
                field: field.to_owned(),
                to: to.to_owned(),
            },
        }
    }

    /// The task cells after this move, for the judge (`judge_task_row`).
    pub fn applied_to(&self, before: &TaskRow) -> TaskRow {
        let mut after = before.clone();
        match self {
            Self::Cell { to, .. } => after.status = Some(to.clone()),
            Self::Step(TaskAct::SubmitForReview) => {
                after.status = Some(IN_REVIEW.into());
                after.review_decision = None;
            }
            Self::Step(TaskAct::ApproveReview) => {
                after.status = Some(DONE.into());
                after.review_decision = Some(APPROVED.into());
            }
            // Other steps are not moves on a board.
            Self::Step(_) => {}
        }
        after
    }
}

/// The cells of a row that a task's steps read, from the row's cells as
/// `ConcordDoc::rows` gives them.
pub(crate) fn task_row_of(owner: Option<PersonId>, cells: &BTreeMap<String, Value>) -> TaskRow {
    let text = |key: &str| match cells.get(key) {
        Some(Value::Text(s) | Value::Date(s) | Value::Choice(s)) => Some(s.clone()),
        _ => None,
    };
    let person = |key: &str| match cells.get(key) {
        Some(Value::Person(p)) => p.parse().ok(),
        _ => None,
    };
    TaskRow::read(owner, text, person)
}

impl ConcordDoc {
    /// The cells of a row that a task's steps read.
    pub fn task_row(&self, table: &str, row: &RowId) -> DocResult<TaskRow> {
        let cells = self.row_cells(table, row)?;
        Ok(task_row_of(self.row_owner(table, row)?, &cells))
    }

    /// Writes a row's move to another status, in one change.
    pub fn move_status(&mut self, table: &str, row: &RowId, motion: &StatusMove) -> DocResult<()> {
        match motion {
            StatusMove::Cell { field, to } => {
                self.set_cell(table, row, field, Value::Choice(to.clone()))
            }
            StatusMove::Step(act) => self.take_task_step(table, row, act),
        }
    }

    /// Writes `act` into the row. Whether it is allowed is the caller's
    /// question (`Permissions::may_take_task_step`); the relay judges it.
    pub fn take_task_step(&mut self, table: &str, row: &RowId, act: &TaskAct) -> DocResult<()> {
        let choice = |s: &str| Value::Choice(s.to_owned());
        match act {
            TaskAct::SubmitForReview => {
                self.clear_cell(table, row, "review_decision")?;
                self.set_cell(table, row, "status", choice(IN_REVIEW))
            }
            TaskAct::ApproveReview => {
                self.set_cell(table, row, "review_decision", choice(APPROVED))?;
                self.set_cell(table, row, "status", choice(DONE))
            }
            TaskAct::ReturnReview { note } => {
                self.set_cell(table, row, "review_decision", choice(RETURNED))?;
                self.set_cell(table, row, "review_note", Value::Text(note.clone()))?;
                self.set_cell(table, row, "status", choice(IN_PROGRESS))
            }
            TaskAct::AskDeadline { deadline, reason } => {
                self.clear_cell(table, row, "deadline_decision")?;
                self.set_cell(table, row, "deadline_reason", Value::Text(reason.clone()))?;
                self.set_cell(
                    table,
                    row,
                    "requested_deadline",
                    Value::Date(deadline.clone()),
                )
            }
            TaskAct::ApproveDeadline => {
                let asked = self.task_row(table, row)?.requested_deadline;
                if let Some(asked) = asked {
                    self.set_cell(table, row, "deadline", Value::Date(asked))?;
                }
                self.set_cell(table, row, "deadline_decision", choice(APPROVED))
            }
            TaskAct::RefuseDeadline { answer } => {
                self.set_cell(table, row, "deadline_answer", Value::Text(answer.clone()))?;
                self.set_cell(table, row, "deadline_decision", choice(REFUSED))
            }
        }
    }

    /// Removes a cell's value, where it has one.
    pub fn clear_cell(&mut self, table: &str, row: &RowId, field: &str) -> DocResult<()> {
        self.cell_def(table, field)?;
        let cells = self.cells_obj(table, row)?;
        if self.doc.get(&cells, field)?.is_some() {
            self.doc.delete(&cells, field)?;
        }
        Ok(())
    }
}
