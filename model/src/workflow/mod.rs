//! Templates' workflows as data, and the pure decisions over them: who may
//! write which field or cell in which state, and who may take which step.

mod decide;
mod doc_facts;
mod due_rule;
mod flow;
mod recipients;
mod state;
mod task_steps;
mod transition;
mod write_rule;

pub use decide::{
    RowPeople, may_delete_row, may_hand_over_row, may_manage_fields, may_order_rows, may_rename,
    may_transition, may_write_cell, may_write_custom, may_write_field, may_write_row_cell,
};
pub use doc_facts::{Attempt, DocFacts, Signoff, Step};
pub use due_rule::DueRule;
pub use flow::{ARCHIVE_KEPT_YEARS, ARCHIVED_STATE, Workflow, archive, kept_until, running_record};
pub use recipients::{Audience, Recipients};
pub use state::{ARCHIVED, State, version_name};
pub use task_steps::{
    APPROVED, DONE, IN_PROGRESS, IN_REVIEW, REFUSED, RETURNED, TASK_STEP_CELLS, TaskRow, TaskStep,
    is_task_step_cell, judge_task_row, may_take_task_step, runs_task_steps,
};
pub use transition::{DateWithin, Requires, Transition, Who};
pub use write_rule::{Target, WriteRule, Writer, names_own_departments, own_departments_only};

#[cfg(test)]
mod liveness_tests;
#[cfg(test)]
mod tests;
