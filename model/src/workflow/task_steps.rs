//! A task's steps between the person who does it (the row's owner) and the
//! person who asked for it (the row's initiator): submitting for review and
//! the initiator's answer, asking for a new deadline and the initiator's
//! answer. Each step is a few cells of the row written together; the relay
//! judges the row before and after (`judge_task_row`), the app asks
//! `may_take_task_step` which buttons to show.

use super::{
    decide::{editor_role, open_state},
    doc_facts::DocFacts,
};
use crate::access::{Actor, DocRole, PersonId, Refusal};

/// The status a submitted task waits in for its initiator.
pub const IN_REVIEW: &str = "in_review";
pub const DONE: &str = "done";
/// The status a returned task goes back to.
pub const IN_PROGRESS: &str = "in_progress";
/// `review_decision` and `deadline_decision` values.
pub const APPROVED: &str = "approved";
pub const RETURNED: &str = "returned";
pub const REFUSED: &str = "refused";

/// The cells a task's steps write (`ConcordDoc::take_task_step`): set by
/// their buttons, never typed into.
pub const TASK_STEP_CELLS: [&str; 7] = [
    "initiator",
    "review_decision",
    "review_note",
    "requested_deadline",
    "deadline_reason",
    "deadline_decision",
    "deadline_answer",
];

/// Whether a table's cell is one its task steps write (so no editor
/// offers it: its button does), in a template whose table runs steps.
pub fn is_task_step_cell(template: &str, table: &str, field: &str) -> bool {
    TASK_STEP_CELLS.contains(&field) && runs_task_steps(template, table)
}

/// Whether a template's table runs task steps between owner and initiator.
pub fn runs_task_steps(template: &str, table: &str) -> bool {
    crate::views::task_shapes(template).any(|s| s.table == table && s.steps)
}

/// The cells of a task row the steps read, as plain values.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskRow {
    pub owner: Option<PersonId>,
    /// Who created the task, where the row records it (rows written before
    /// tasks had initiators do not: their document's initiator decides).
    pub initiator: Option<PersonId>,
    pub status: Option<String>,
    pub deadline: Option<String>,
    pub requested_deadline: Option<String>,
    pub deadline_decision: Option<String>,
    pub deadline_answer: Option<String>,
    pub review_decision: Option<String>,
    pub review_note: Option<String>,
}

impl TaskRow {
    /// The cells `read` reads: what a view of many task rows needs of each.
    pub const CELLS: [&'static str; 8] = [
        "initiator",
        "status",
        "deadline",
        "requested_deadline",
        "deadline_decision",
        "deadline_answer",
        "review_decision",
        "review_note",
    ];

    /// The row through `text` (a cell as text: a date, a choice's id) and
    /// `person` (a person cell): the one list of what the steps read,
    /// whichever view of the document reads the cells.
    pub fn read(
        owner: Option<PersonId>,
        text: impl Fn(&str) -> Option<String>,
        person: impl Fn(&str) -> Option<PersonId>,
    ) -> Self {
        Self {
            owner,
            initiator: person("initiator"),
            status: text("status"),
            deadline: text("deadline"),
            requested_deadline: text("requested_deadline"),
            deadline_decision: text("deadline_decision"),
            deadline_answer: text("deadline_answer"),
            review_decision: text("review_decision"),
            review_note: text("review_note"),
        }
    }

    /// Whether finishing the task takes its initiator's approval: someone
    /// else asked for it. One's own task (or an old row) is simply done.
    pub fn is_reviewed(&self) -> bool {
        self.initiator.is_some() && self.initiator != self.owner
    }

    pub fn in_review(&self) -> bool {
        self.status.as_deref() == Some(IN_REVIEW)
    }

    /// A new deadline asked for and not yet answered.
    pub fn deadline_asked(&self) -> bool {
        self.requested_deadline.is_some() && self.deadline_decision.is_none()
    }

    /// Who answers deadline requests: the row's initiator, else the
    /// document's.
    pub fn decider<'a>(&'a self, doc: &'a DocFacts<'_>) -> &'a PersonId {
        self.initiator.as_ref().unwrap_or(&doc.initiator)
    }
}

/// One step of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskStep {
    SubmitForReview,
    ApproveReview,
    ReturnReview,
    AskDeadline,
    ApproveDeadline,
    RefuseDeadline,
}

impl TaskStep {
    pub const ALL: [TaskStep; 6] = [
        Self::SubmitForReview,
        Self::ApproveReview,
        Self::ReturnReview,
        Self::AskDeadline,
        Self::ApproveDeadline,
        Self::RefuseDeadline,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SubmitForReview => "submit_for_review",
            Self::ApproveReview => "approve_review",
            Self::ReturnReview => "return_review",
            Self::AskDeadline => "ask_deadline",
            Self::ApproveDeadline => "approve_deadline",
            Self::RefuseDeadline => "refuse_deadline",
        }
    }

    fn refused(self, rule: &str) -> Refusal {
        Refusal::TransitionNotAllowed {
            from: "task".into(),
            to: self.as_str().into(),
            reason: rule.into(),
        }
    }
}

/// May the actor take `step` on this row now? The app shows a step's
/// button only when it may; the relay judges what was written with
/// `judge_task_row`, which asks the same questions.
pub fn may_take_task_step(
    actor: &Actor,
    doc: &DocFacts<'_>,
    row: &TaskRow,
    step: TaskStep,
) -> Result<(), Refusal> {
    let role = editor_role(actor)?;
    open_state(doc)?;
    let me = Some(actor.id());
    let is_owner = row.owner.as_ref() == me || role == DocRole::Owner;
    let is_decider = row.decider(doc) == actor.id();
    let done = row.status.as_deref() == Some(DONE);
    match step {
        TaskStep::SubmitForReview => {
            if !row.is_reviewed() {
                return Err(step.refused("the task is its initiator's own, simply done"));
            }
            if row.in_review() || done {
                return Err(step.refused("the task is already in review or done"));
            }
            // A document owner may step in for the owner, but not to
            // submit to themselves what they asked for.
            if !is_owner || row.initiator.as_ref() == me {
                return Err(step.refused("only the task's owner submits it"));
            }
        }
        TaskStep::ApproveReview | TaskStep::ReturnReview => {
            if !row.in_review() {
                return Err(step.refused("the task is not in review"));
            }
            if row.initiator.as_ref() != me {
                return Err(step.refused("only the task's initiator reviews it"));
            }
        }
        TaskStep::AskDeadline => {
            if !is_owner {
                return Err(step.refused("only the task's owner asks for a new deadline"));
            }
            if is_decider {
                return Err(step.refused("the task's initiator changes the deadline directly"));
            }
            if done {
                return Err(step.refused("the task is done"));
            }
        }
        TaskStep::ApproveDeadline | TaskStep::RefuseDeadline => {
            if !row.deadline_asked() {
                return Err(step.refused("no new deadline is asked for"));
            }
            if !is_decider {
                return Err(step.refused("only the task's initiator answers"));
            }
        }
    }
    Ok(())
}

/// Whether what the actor wrote into a task row (`before` → `after`) is
/// steps they may take: the relay's check of every batch that writes a
/// task's status, its decisions or its initiator. Cells the steps do not
/// govern are the write rules' business.
pub fn judge_task_row(
    actor: &Actor,
    doc: &DocFacts<'_>,
    before: Option<&TaskRow>,
    after: &TaskRow,
) -> Result<(), Refusal> {
    let Some(before) = before else {
        // A new row: its initiator, if named, is whoever writes it down.
        return match &after.initiator {
            Some(p) if p != actor.id() => Err(Refusal::FieldNotWritable {
                field: "tasks.initiator".into(),
                rule: super::Writer::Creator.describe(),
            }),
            _ => Ok(()),
        };
    };
    if before.initiator != after.initiator {
        return Err(Refusal::FieldNotWritable {
            field: "tasks.initiator".into(),
            rule: super::Writer::Creator.describe(),
        });
    }
    judge_review(actor, doc, before, after)?;
    judge_deadline(actor, doc, before, after)
}

fn judge_review(
    actor: &Actor,
    doc: &DocFacts<'_>,
    before: &TaskRow,
    after: &TaskRow,
) -> Result<(), Refusal> {
    let moved = before.status != after.status;
    let decided = before.review_decision != after.review_decision;
    if !moved && !decided {
        return Ok(());
    }
    let to = after.status.as_deref();
    let from = before.status.as_deref();
    if !before.is_reviewed() {
        // No one else to approve: the owner moves their own task freely, but
        // review decisions belong to reviewed tasks only.
        if decided && after.review_decision.is_some() {
            return Err(TaskStep::ApproveReview.refused("the task has no other initiator"));
        }
        return owner_moves(actor, before);
    }
    if before.in_review() {
        let step = match to {
            Some(DONE) => TaskStep::ApproveReview,
            Some(IN_PROGRESS) => TaskStep::ReturnReview,
            _ => {
                return Err(TaskStep::ApproveReview
                    .refused("a task in review is approved (done) or returned (in progress)"));
            }
        };
        may_take_task_step(actor, doc, before, step)?;
        let (decision, note) = match step {
            TaskStep::ApproveReview => (APPROVED, false),
            _ => (RETURNED, true),
        };
        if after.review_decision.as_deref() != Some(decision) {
            return Err(step.refused("the decision is recorded with the step"));
        }
        if note
            && after
                .review_note
                .as_deref()
                .is_none_or(|n| n.trim().is_empty())
        {
            return Err(Refusal::ReasonRequired {
                transition: step.as_str().into(),
            });
        }
        return Ok(());
    }
    if to == Some(IN_REVIEW) {
        may_take_task_step(actor, doc, before, TaskStep::SubmitForReview)?;
        if after.review_decision.is_some() {
            return Err(TaskStep::SubmitForReview.refused("a new review starts undecided"));
        }
        return Ok(());
    }
    if from == Some(DONE) && before.initiator.as_ref() == Some(actor.id()) && !decided {
        // The initiator reopens what they approved.
        return Ok(());
    }
    if from == Some(DONE) || to == Some(DONE) {
        return Err(TaskStep::ApproveReview.refused("only the initiator, approving a review"));
    }
    if decided {
        return Err(TaskStep::ApproveReview.refused("only with a review step"));
    }
    owner_moves(actor, before)
}

/// The owner's own progress (not started, in progress, delayed).
fn owner_moves(actor: &Actor, before: &TaskRow) -> Result<(), Refusal> {
    if before.owner.as_ref() == Some(actor.id()) || actor.role == Some(DocRole::Owner) {
        Ok(())
    } else {
        Err(Refusal::NotRowOwner {
            row_owner: before
                .owner
                .as_ref()
                .map_or_else(|| "(none)".into(), |p| p.to_string()),
        })
    }
}

fn judge_deadline(
    actor: &Actor,
    doc: &DocFacts<'_>,
    before: &TaskRow,
    after: &TaskRow,
) -> Result<(), Refusal> {
    if before.deadline_decision == after.deadline_decision {
        if before.requested_deadline != after.requested_deadline && !after.deadline_asked() {
            return Err(TaskStep::AskDeadline.refused("a new request starts unanswered"));
        }
        return Ok(());
    }
    match after.deadline_decision.as_deref() {
        // The owner asks again: the last answer goes with the new request.
        None => {
            may_take_task_step(actor, doc, before, TaskStep::AskDeadline)?;
            if after.requested_deadline.is_none() {
                return Err(TaskStep::AskDeadline.refused("a request names the deadline asked"));
            }
            Ok(())
        }
        Some(APPROVED) => {
            may_take_task_step(actor, doc, before, TaskStep::ApproveDeadline)?;
            if after.deadline != before.requested_deadline
                || after.requested_deadline != before.requested_deadline
            {
                return Err(TaskStep::ApproveDeadline
                    .refused("approving sets the deadline to the one asked"));
            }
            Ok(())
        }
        Some(REFUSED) => {
            may_take_task_step(actor, doc, before, TaskStep::RefuseDeadline)?;
            if after
                .deadline_answer
                .as_deref()
                .is_none_or(|a| a.trim().is_empty())
            {
                return Err(Refusal::ReasonRequired {
                    transition: TaskStep::RefuseDeadline.as_str().into(),
                });
            }
            if after.deadline != before.deadline {
                return Err(TaskStep::RefuseDeadline.refused("refusing keeps the deadline"));
            }
            Ok(())
        }
        Some(_) => Err(TaskStep::ApproveDeadline.refused("approved or refused")),
    }
}

#[cfg(test)]
mod tests {
    use super::TaskRow;

    /// `CELLS` names every cell `read` reads: views read only those.
    #[test]
    fn a_task_row_reads_only_its_cells() {
        let asked = std::cell::RefCell::new(Vec::new());
        TaskRow::read(
            None,
            |key| {
                asked.borrow_mut().push(key.to_owned());
                None
            },
            |key| {
                asked.borrow_mut().push(key.to_owned());
                None
            },
        );
        let mut asked = asked.into_inner();
        asked.sort();
        let mut cells = TaskRow::CELLS.map(str::to_owned).to_vec();
        cells.sort();
        assert_eq!(asked, cells);
    }
}
