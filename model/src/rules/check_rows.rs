//! Tables: rows added, moved, handed over and deleted, and their cells.

use automerge::{Automerge, ObjId, ROOT};

use super::{check::Check, schema};
use crate::{
    access::{DocRole, PersonId, Refusal},
    document::At,
    template::Template,
    workflow::{
        RowPeople, TaskRow, Writer, judge_task_row, may_delete_row, may_hand_over_row,
        may_order_rows, may_write_custom, may_write_row_cell,
    },
};

impl Check<'_> {
    /// Tables are made with the document, never replaced.
    pub(super) fn table(&self, table: &str) -> Result<(), Refusal> {
        if self.facts.doc.template.table(table).is_none() {
            return Err(Refusal::UnknownField {
                field: table.into(),
            });
        }
        if self.creating {
            return Ok(());
        }
        Err(Refusal::Immutable {
            path: format!("tables.{table}"),
        })
    }

    /// A row added, deleted, or replaced by a fresh object (both at once).
    pub(super) fn row(&self, table: &str, row: &str) -> Result<(), Refusal> {
        let existed = row_obj(self.before, table, row).is_some() && !self.creating;
        let exists = self.after_has_row(table, row);
        let doc = self.facts.doc();
        if existed {
            let owner = row_owner(self.before, self.facts.doc.template, table, row);
            may_delete_row(&self.actor, doc, table, owner.as_ref())?;
        }
        if exists {
            may_order_rows(&self.actor, doc, table)?;
            // A new row starts out as its creator's, unless a document
            // owner assigns it. Where an owner cell names the owner, adding
            // a row names it (the cell's `HandsOver` rule): a task is
            // assigned as it is written down.
            let template = self.facts.doc.template;
            let keyed = template.workflow.owner_cell(table).is_none();
            let owner = row_owner(self.after, template, table, row).filter(|_| keyed);
            if let Some(owner) = owner
                && &owner != self.actor.id()
                && self.actor.role != Some(DocRole::Owner)
            {
                return Err(Refusal::NeedsOwner {
                    what: format!("tables.{table}.{row}.owner"),
                });
            }
            self.row_schema(table, row)?;
        }
        Ok(())
    }

    pub(super) fn row_order(&self, table: &str, row: &str) -> Result<(), Refusal> {
        if self.is_new_row(table, row) {
            return self.row(table, row);
        }
        may_order_rows(&self.actor, self.facts.doc(), table)?;
        self.row_schema(table, row)
    }

    /// Handing a row to another responsible person is the document owner's call.
    pub(super) fn row_owner_change(&self, table: &str, row: &str) -> Result<(), Refusal> {
        if self.is_new_row(table, row) {
            return self.row(table, row);
        }
        may_hand_over_row(&self.actor, self.facts.doc(), table, row)?;
        self.row_schema(table, row)
    }

    pub(super) fn cell(&self, table: &str, row: &str, field: &str) -> Result<(), Refusal> {
        let new = self.is_new_row(table, row);
        let owner = if new {
            None
        } else {
            row_owner(self.before, self.facts.doc.template, table, row)
        };
        let doc = self.facts.doc();
        let custom = self.custom_fields();
        let ctx = self.field_context(&custom);
        let gone =
            cells_obj(self.after, table, row).is_none_or(|c| self.after.get(&c, field).is_none());
        if gone && self.newly_removed(Some(table), field) {
            // Gone with its definition, whose removal is judged on its own.
            return Ok(());
        }
        if ctx.custom(Some(table), field).is_some() {
            // `add_custom_field` gives every row an empty Text for a new
            // long-text field: structure, not a write.
            let structure = self.newly_defined(Some(table), field)
                && cells_obj(self.after, table, row)
                    .is_some_and(|c| schema::is_empty_text(self.after, &c, field));
            if structure {
                return self
                    .schema_at_after(|at, out| schema::check_row(at, &ctx, table, row, out));
            }
            may_write_custom(&self.actor, doc, Some(table), field, new, owner.as_ref())?;
        } else {
            let template = self.facts.doc.template;
            let before = (!new).then(|| task_row(self.before, template, table, row));
            let people = RowPeople {
                owner: owner.as_ref(),
                initiator: before.as_ref().and_then(|b| b.initiator.as_ref()),
            };
            may_write_row_cell(&self.actor, doc, table, field, new, &people)?;
            let stepped = template.workflow.write_rules.iter().any(|r| {
                r.covers(Some(table), field)
                    && matches!(r.writer, Writer::TaskStep | Writer::Creator)
            });
            if stepped {
                let after = task_row(self.after, template, table, row);
                judge_task_row(&self.actor, doc, before.as_ref(), &after)?;
            }
        }
        self.schema_at_after(|at, out| schema::check_row(at, &ctx, table, row, out))
    }

    /// A row's cells map is made with the row; other keys are not schema.
    pub(super) fn row_part(&self, table: &str, row: &str, key: &str) -> Result<(), Refusal> {
        if key == "cells" && self.is_new_row(table, row) {
            return self.row(table, row);
        }
        if key == "cells" {
            return Err(Refusal::Immutable {
                path: format!("tables.{table}.{row}.cells"),
            });
        }
        self.row_schema(table, row)?;
        // The schema check names any stray key; a removed one is refused too.
        Err(Refusal::Immutable {
            path: format!("tables.{table}.{row}.{key}"),
        })
    }

    fn is_new_row(&self, table: &str, row: &str) -> bool {
        self.creating || row_obj(self.before, table, row).is_none()
    }

    fn after_has_row(&self, table: &str, row: &str) -> bool {
        self.after
            .map(&ROOT, "tables")
            .and_then(|t| self.after.map(&t, table))
            .is_some_and(|rows| self.after.get(&rows, row).is_some())
    }

    fn row_schema(&self, table: &str, row: &str) -> Result<(), Refusal> {
        let custom = self.custom_fields();
        let ctx = self.field_context(&custom);
        self.schema_at_after(|at, out| schema::check_row(at, &ctx, table, row, out))
    }
}

fn row_obj(at: At<'_, Automerge>, table: &str, row: &str) -> Option<ObjId> {
    let tables = at.map(&ROOT, "tables")?;
    let rows = at.map(&tables, table)?;
    at.map(&rows, row)
}

fn cells_obj(at: At<'_, Automerge>, table: &str, row: &str) -> Option<ObjId> {
    at.map(&row_obj(at, table, row)?, "cells")
}

/// The row's responsible person at `at`, if it has a valid one: the person
/// in the owner cell where the workflow names one (as `ConcordDoc::row_owner`
/// reads it), else the row's `owner`.
pub(super) fn row_owner(
    at: At<'_, Automerge>,
    template: &Template,
    table: &str,
    row: &str,
) -> Option<PersonId> {
    match template.workflow.owner_cell(table) {
        Some(cell) => schema::person_at(at, &cells_obj(at, table, row)?, cell),
        None => schema::person_at(at, &row_obj(at, table, row)?, "owner"),
    }
}

/// The cells of a row that a task's steps read (`TaskRow`), at `at`.
fn task_row(at: At<'_, Automerge>, template: &Template, table: &str, row: &str) -> TaskRow {
    let owner = row_owner(at, template, table, row);
    let Some(cells) = cells_obj(at, table, row) else {
        return TaskRow {
            owner,
            ..TaskRow::default()
        };
    };
    TaskRow::read(
        owner,
        |key| at.string_or_text(&cells, key),
        |key| schema::person_at(at, &cells, key),
    )
}
