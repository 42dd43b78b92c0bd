use std::collections::BTreeMap;

use automerge::{ObjType, ROOT, ReadDoc, ScalarValue, transaction::Transactable};
use rand_core::RngCore;

use super::field_spec::FieldSpec;
use super::{
    doc::{ConcordDoc, ObjId, map_in, scalar},
    error::{DocError, DocResult},
    ids::RowId,
    one_row,
    order::key_between,
    value::Value,
};
use crate::access::PersonId;
use crate::field::FieldKind;
use crate::template::TableDef;

/// Where a row is and who answers for it, without its cells (see `row_keys`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowKey {
    pub id: RowId,
    pub order: String,
    pub owner: Option<PersonId>,
    /// The row's cells object as of this read: `row_cells_at` starts there
    /// rather than looking the row up by key, which in a map of thousands
    /// of rows costs as much as a scan. A row replaced under the same key
    /// gets a new object, so a key with it differs from the old one.
    pub cells: Option<automerge::ObjId>,
}

/// One row as the app shows it. Cells that are empty or malformed are absent.
#[derive(Debug, Clone, PartialEq)]
pub struct RowView {
    pub id: RowId,
    pub order: String,
    pub owner: Option<PersonId>,
    pub cells: BTreeMap<String, Value>,
}

impl ConcordDoc {
    /// Adds an empty row right after `after` (or first), returning its id.
    pub fn add_row(
        &mut self,
        table_id: &str,
        after: Option<&RowId>,
        rng: &mut impl RngCore,
    ) -> DocResult<RowId> {
        let specs = self.cell_specs(table_id)?;
        let order = self.order_after(table_id, after, None)?;
        let table = self.table_obj(table_id)?;
        let id = RowId::random(rng);
        let row = self.doc.put_object(&table, id.0.as_str(), ObjType::Map)?;
        self.doc.put(&row, "order", order)?;
        let cells = self.doc.put_object(&row, "cells", ObjType::Map)?;
        for field in specs.iter().filter(|f| f.kind == FieldKind::LongText) {
            self.doc
                .put_object(&cells, field.id.as_ref(), ObjType::Text)?;
        }
        Ok(id)
    }

    pub fn delete_row(&mut self, table_id: &str, row: &RowId) -> DocResult<()> {
        let (table, _) = self.row_obj(table_id, row)?;
        self.doc.delete(&table, row.0.as_str())?;
        Ok(())
    }

    /// Moves a row right after `after` (or to the top).
    pub fn move_row(
        &mut self,
        table_id: &str,
        row: &RowId,
        after: Option<&RowId>,
    ) -> DocResult<()> {
        let (_, row_obj) = self.row_obj(table_id, row)?;
        let order = self.order_after(table_id, after, Some(row))?;
        self.doc.put(&row_obj, "order", order)?;
        Ok(())
    }

    pub fn set_cell(
        &mut self,
        table_id: &str,
        row: &RowId,
        field_id: &str,
        value: Value,
    ) -> DocResult<()> {
        let def = self.cell_def(table_id, field_id)?;
        let cells = self.cells_obj(table_id, row)?;
        self.put_value(&cells, &def, &value, false)
    }

    pub fn cell(&self, table_id: &str, row: &RowId, field_id: &str) -> DocResult<Option<Value>> {
        let def = self.cell_def(table_id, field_id)?;
        let cells = self.cells_obj(table_id, row)?;
        self.get_value(&cells, &def, || {
            format!("tables.{table_id}.{row}.cells.{field_id}")
        })
    }

    /// Edits a long-text cell in place; see `ConcordDoc::splice_text`.
    pub fn splice_cell_text(
        &mut self,
        table_id: &str,
        row: &RowId,
        field_id: &str,
        pos: usize,
        del: usize,
        insert: &str,
    ) -> DocResult<()> {
        let def = self.cell_def(table_id, field_id)?;
        let cells = self.cells_obj(table_id, row)?;
        self.splice_in(&cells, &def, pos, del, insert)
    }

    /// Sets or clears the row's single responsible person.
    pub fn set_row_owner(
        &mut self,
        table_id: &str,
        row: &RowId,
        owner: Option<&PersonId>,
    ) -> DocResult<()> {
        let (_, row_obj) = self.row_obj(table_id, row)?;
        match owner {
            Some(p) => self.doc.put(&row_obj, "owner", p.as_str())?,
            None => self.doc.delete(&row_obj, "owner")?,
        }
        Ok(())
    }

    /// One row's single responsible person, read without the whole table
    /// (an editor asks this for every cell it shows). Where the workflow
    /// names an owner cell (`Workflow::owner_cell`), the person in it is
    /// the owner: one concept, never two that could disagree.
    pub fn row_owner(&self, table_id: &str, row: &RowId) -> DocResult<Option<PersonId>> {
        let (_, row_obj) = self.row_obj(table_id, row)?;
        if let Some(cell) = self.template().workflow.owner_cell(table_id) {
            let cells = self.cells_obj(table_id, row)?;
            return Ok(self.person_in(&cells, cell));
        }
        Ok(self.person_in(&row_obj, "owner"))
    }

    /// Who last wrote the row's owner, and when (ms since the epoch, on
    /// the writer's clock, to the second): the writing change's message
    /// names its author where the app wrote it.
    pub fn owner_written(
        &mut self,
        table_id: &str,
        row: &RowId,
    ) -> Option<(Option<PersonId>, i64)> {
        let (_, row_obj) = self.row_obj(table_id, row).ok()?;
        let (obj, key) = match self.template().workflow.owner_cell(table_id) {
            Some(cell) => (self.cells_obj(table_id, row).ok()?, cell),
            None => (row_obj, "owner"),
        };
        self.written(&obj, key)
    }

    /// Who last changed a cell, and when (as `owner_written`): its value's
    /// write or the latest character typed into it.
    pub fn cell_written(
        &mut self,
        table_id: &str,
        row: &RowId,
        field: &str,
    ) -> Option<(Option<PersonId>, i64)> {
        let cells = self.cells_obj(table_id, row).ok()?;
        one_row::value_written_in(self.doc.document(), &cells, field)
    }

    /// Who last changed a form field, and when: its value's write or the
    /// latest character typed into it (as `row_written`).
    pub fn field_written(&mut self, field: &str) -> Option<(Option<PersonId>, i64)> {
        let fields = super::doc::map_in(&self.doc, &automerge::ROOT, "fields").ok()?;
        one_row::value_written_in(self.doc.document(), &fields, field)
    }

    fn written(&mut self, obj: &ObjId, key: &str) -> Option<(Option<PersonId>, i64)> {
        one_row::written_in(self.doc.document(), obj, key)
    }

    /// When a row was last written, and by whom (`one_row::last_written_in`).
    pub fn row_written(&mut self, table_id: &str, row: &RowId) -> Option<(Option<PersonId>, i64)> {
        let cells = self.cells_obj(table_id, row).ok()?;
        one_row::last_written_in(self.doc.document(), &cells)
    }

    fn person_in(&self, obj: &ObjId, key: &str) -> Option<PersonId> {
        one_row::person_in(&self.doc, obj, key)
    }

    /// The table's rows sorted by (order, id): rows inserted concurrently at
    /// one spot share an order key, and the id breaks the tie the same way
    /// on every replica. Rows that are not maps are skipped.
    pub fn rows(&self, table_id: &str) -> DocResult<Vec<RowView>> {
        let specs = self.cell_specs(table_id)?;
        self.rows_of(table_id, &specs)
    }

    /// As `rows`, with only the cells of `fields`: reading a cell costs, and
    /// a view of thousands of rows may need few of them.
    pub fn rows_with(&self, table_id: &str, fields: &[&str]) -> DocResult<Vec<RowView>> {
        let specs: Vec<FieldSpec> = self
            .cell_specs(table_id)?
            .into_iter()
            .filter(|s| fields.contains(&s.id.as_ref()))
            .collect();
        self.rows_of(table_id, &specs)
    }

    fn rows_of(&self, table_id: &str, specs: &[FieldSpec]) -> DocResult<Vec<RowView>> {
        let mut rows: Vec<RowView> = self
            .read_rows(table_id, Some(specs))?
            .into_iter()
            .map(|(row, _)| row)
            .collect();
        rows.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
        Ok(rows)
    }

    /// The rows in the same order as `rows`, without their cells: what a
    /// long table needs to place every row, reading cells only for the rows
    /// on screen (`row_cells`).
    pub fn row_keys(&self, table_id: &str) -> DocResult<Vec<RowKey>> {
        let mut keys: Vec<RowKey> = self
            .read_rows(table_id, None)?
            .into_iter()
            .map(|(row, cells)| RowKey {
                id: row.id,
                order: row.order,
                owner: row.owner,
                cells,
            })
            .collect();
        keys.sort_by(|a, b| (&a.order, &a.id).cmp(&(&b.order, &b.id)));
        Ok(keys)
    }

    /// One row's cells, as `rows` gives them.
    pub fn row_cells(&self, table_id: &str, row: &RowId) -> DocResult<BTreeMap<String, Value>> {
        let specs = self.cell_specs(table_id)?;
        let cells = self.cells_obj(table_id, row)?;
        Ok(self.read_cells(&cells, &specs))
    }

    /// As `row_cells`, for a row placed by `row_keys`: from the cells object
    /// it found, without a lookup by key. A row without one has no cells.
    pub fn row_cells_at(&self, table_id: &str, key: &RowKey) -> DocResult<BTreeMap<String, Value>> {
        let specs = self.cell_specs(table_id)?;
        Ok(key
            .cells
            .as_ref()
            .map(|cells| self.read_cells(cells, &specs))
            .unwrap_or_default())
    }

    /// One cell of a row placed by `row_keys` (a board groups thousands of
    /// rows by one cell, and reads only that one).
    pub fn row_cell_at(
        &self,
        table_id: &str,
        key: &RowKey,
        field_id: &str,
    ) -> DocResult<Option<Value>> {
        let specs: Vec<FieldSpec> = self
            .cell_specs(table_id)?
            .into_iter()
            .filter(|s| s.id == field_id)
            .collect();
        Ok(key
            .cells
            .as_ref()
            .and_then(|cells| self.read_cells(cells, &specs).remove(field_id)))
    }

    /// Every row of the table, unsorted, with cells only if `specs` are
    /// given, and each row's cells object.
    fn read_rows(
        &self,
        table_id: &str,
        specs: Option<&[FieldSpec]>,
    ) -> DocResult<Vec<(RowView, Option<ObjId>)>> {
        let table = self.table_obj(table_id)?;
        let owner_cell = self.template().workflow.owner_cell(table_id);
        let mut rows = Vec::new();
        // One pass over each map (`map_range`) rather than a `get` per key:
        // a lookup in a map of thousands of rows costs as much as a scan.
        for item in self.doc.map_range(&table, ..) {
            let row_obj = item.id();
            if automerge::Value::from(item.value) != automerge::Value::Object(ObjType::Map) {
                continue;
            }
            let mut row = RowView {
                id: RowId(item.key.into_owned()),
                order: String::new(),
                owner: None,
                cells: BTreeMap::new(),
            };
            let mut cells_obj = None;
            for part in self.doc.map_range(&row_obj, ..) {
                let id = part.id();
                match (part.key.as_ref(), automerge::Value::from(part.value)) {
                    ("order", automerge::Value::Scalar(s)) => {
                        if let ScalarValue::Str(t) = s.as_ref() {
                            row.order = t.to_string();
                        }
                    }
                    ("owner", automerge::Value::Scalar(s)) => {
                        if let ScalarValue::Str(t) = s.as_ref() {
                            row.owner = t.parse().ok();
                        }
                    }
                    ("cells", automerge::Value::Object(ObjType::Map)) => {
                        if let Some(specs) = specs {
                            row.cells = self.read_cells(&id, specs);
                        }
                        cells_obj = Some(id);
                    }
                    _ => {}
                }
            }
            if let Some(cell) = owner_cell {
                row.owner = cells_obj.as_ref().and_then(|c| self.person_in(c, cell));
            }
            rows.push((row, cells_obj));
        }
        Ok(rows)
    }

    /// The cells of one row that a field describes and whose values fit it.
    fn read_cells(&self, cells: &ObjId, specs: &[FieldSpec]) -> BTreeMap<String, Value> {
        one_row::read_cells_at(super::at::At::now(&self.doc), cells, specs)
    }

    /// An order key for a row placed right after `after`, ignoring `moving`.
    fn order_after(
        &self,
        table_id: &str,
        after: Option<&RowId>,
        moving: Option<&RowId>,
    ) -> DocResult<String> {
        let rows: Vec<(String, RowId)> = self
            .row_orders(table_id)?
            .into_iter()
            .filter(|(_, id)| Some(id) != moving)
            .collect();
        let next_index = match after {
            None => 0,
            Some(after) => {
                1 + rows.iter().position(|(_, id)| id == after).ok_or_else(|| {
                    DocError::UnknownRow {
                        table: table_id.to_owned(),
                        row: after.0.clone(),
                    }
                })?
            }
        };
        let lower = next_index
            .checked_sub(1)
            .and_then(|i| rows.get(i))
            .map(|(order, _)| order.as_str());
        let upper = rows.get(next_index).map(|(order, _)| order.as_str());
        Ok(key_between(lower, upper))
    }

    /// (order, id) of every row, sorted as `rows` sorts them, without
    /// reading cells: placing one row must not cost reading the whole table.
    fn row_orders(&self, table_id: &str) -> DocResult<Vec<(String, RowId)>> {
        let table = self.table_obj(table_id)?;
        let mut rows: Vec<(String, RowId)> = self
            .doc
            .map_range(&table, ..)
            .filter_map(|item| {
                let row_obj = item.id();
                if automerge::Value::from(item.value) != automerge::Value::Object(ObjType::Map) {
                    return None;
                }
                let order = match scalar(&self.doc, &row_obj, "order") {
                    Some(ScalarValue::Str(s)) => s.to_string(),
                    _ => String::new(),
                };
                Some((order, RowId(item.key.into_owned())))
            })
            .collect();
        rows.sort();
        Ok(rows)
    }

    pub(super) fn table_def(&self, table_id: &str) -> DocResult<&'static TableDef> {
        self.template
            .tables
            .iter()
            .find(|t| t.id == table_id)
            .ok_or_else(|| DocError::UnknownTable(table_id.to_owned()))
    }

    /// The cell field `field_id` of a table, from the template or the
    /// document's custom fields: the one lookup every cell access uses.
    pub(super) fn cell_def(&self, table_id: &str, field_id: &str) -> DocResult<FieldSpec> {
        let table = self.table_def(table_id)?;
        if let Some(def) = table.fields.iter().find(|f| f.id == field_id) {
            return Ok(FieldSpec::from(def));
        }
        self.custom_field(field_id)?
            .filter(|f| f.table.as_deref() == Some(table_id))
            .map(|f| FieldSpec::custom(&f))
            .ok_or_else(|| DocError::UnknownCell {
                table: table_id.to_owned(),
                field: field_id.to_owned(),
            })
    }

    /// Every cell field of a table: the template's, then the custom ones.
    pub(super) fn cell_specs(&self, table_id: &str) -> DocResult<Vec<FieldSpec>> {
        self.table_def(table_id)?;
        let custom = self.custom_fields()?;
        Ok(one_row::table_specs(self.template, &custom, table_id))
    }

    pub(super) fn table_obj(&self, table_id: &str) -> DocResult<ObjId> {
        let tables = map_in(&self.doc, &ROOT, "tables")?;
        map_in(&self.doc, &tables, table_id)
    }

    fn row_obj(&self, table_id: &str, row: &RowId) -> DocResult<(ObjId, ObjId)> {
        let table = self.table_obj(table_id)?;
        let row_obj = map_in(&self.doc, &table, &row.0).map_err(|_| DocError::UnknownRow {
            table: table_id.to_owned(),
            row: row.0.clone(),
        })?;
        Ok((table, row_obj))
    }

    pub(super) fn cells_obj(&self, table_id: &str, row: &RowId) -> DocResult<ObjId> {
        let (_, row_obj) = self.row_obj(table_id, row)?;
        map_in(&self.doc, &row_obj, "cells")
    }
}
