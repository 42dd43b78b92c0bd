//! Rows added with their cells and their owner in one go: a new row from
//! the form, and many rows from an imported file, in one change.

use automerge::{ObjType, transaction::Transactable};
use rand_core::RngCore;

use super::{doc::ConcordDoc, error::DocResult, ids::RowId, order::keys_between, value::Value};
use crate::{access::PersonId, field::FieldKind};

impl ConcordDoc {
    /// Adds a row after `after` (or first) with `cells`, and returns its id.
    /// Where the table has an owner cell, the person in it is the row's
    /// owner (one concept): whoever adds the row names them, or `me` is
    /// named. A table without one records `me` as the row's owner.
    pub fn add_filled_row(
        &mut self,
        table_id: &str,
        after: Option<&RowId>,
        cells: Vec<(String, Value)>,
        me: &PersonId,
        rng: &mut impl RngCore,
    ) -> DocResult<RowId> {
        let row = self.add_row(table_id, after, rng)?;
        self.fill_row(table_id, &row, cells, me)?;
        Ok(row)
    }

    /// Adds every row of `rows` after the table's last row, in their order,
    /// each with its cells and owner as `add_filled_row` gives them. The
    /// order keys are drawn at once, so a thousand rows cost a thousand
    /// puts, not a thousand reads of the table.
    pub fn add_filled_rows(
        &mut self,
        table_id: &str,
        rows: Vec<Vec<(String, Value)>>,
        me: &PersonId,
        rng: &mut impl RngCore,
    ) -> DocResult<Vec<RowId>> {
        let specs = self.cell_specs(table_id)?;
        let last = self.row_keys(table_id)?.into_iter().map(|k| k.order).max();
        let orders = keys_between(last.as_deref(), None, rows.len());
        let table = self.table_obj(table_id)?;
        let mut added = Vec::with_capacity(rows.len());
        for (cells, order) in rows.into_iter().zip(orders) {
            let id = RowId::random(rng);
            let row = self.doc.put_object(&table, id.0.as_str(), ObjType::Map)?;
            self.doc.put(&row, "order", order)?;
            let cells_obj = self.doc.put_object(&row, "cells", ObjType::Map)?;
            for field in specs.iter().filter(|f| f.kind == FieldKind::LongText) {
                self.doc
                    .put_object(&cells_obj, field.id.as_ref(), ObjType::Text)?;
            }
            self.fill_row(table_id, &id, cells, me)?;
            added.push(id);
        }
        Ok(added)
    }

    fn fill_row(
        &mut self,
        table_id: &str,
        row: &RowId,
        cells: Vec<(String, Value)>,
        me: &PersonId,
    ) -> DocResult<()> {
        let owner_cell = self.template().workflow.owner_cell(table_id);
        let named = cells.iter().any(|(field, value)| {
            Some(field.as_str()) == owner_cell
                && matches!(value, Value::Person(p) if p.parse::<PersonId>().is_ok())
        });
        for (field, value) in cells {
            self.set_cell(table_id, row, &field, value)?;
        }
        match owner_cell {
            Some(cell) if !named => {
                self.set_cell(table_id, row, cell, Value::Person(me.to_string()))
            }
            Some(_) => Ok(()),
            None => self.set_row_owner(table_id, row, Some(me)),
        }
    }
}
