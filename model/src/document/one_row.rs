//! One row of a table read from a bare `Automerge`, as `ConcordDoc` reads
//! it: the relay keeps each document's digest (its tasks and messages) up
//! to date from the room's own document, re-reading only the rows a batch
//! touched, and `ConcordDoc` reads its rows' cells and authors through the
//! same functions.

use std::collections::BTreeMap;

use automerge::{Automerge, ObjType, ROOT, ReadDoc, ScalarValue};

use super::{at::At, doc::ObjId, field_spec::FieldSpec, ids::RowId, rows::RowView, value::Value};
use crate::{access::PersonId, custom_field::CustomField, template::Template};

/// Every cell field of `table`: the template's, then the custom ones.
pub(crate) fn table_specs(
    template: &Template,
    custom: &[CustomField],
    table: &str,
) -> Vec<FieldSpec> {
    let Some(def) = template.table(table) else {
        return Vec::new();
    };
    let mut specs: Vec<FieldSpec> = def.fields.iter().map(FieldSpec::from).collect();
    specs.extend(
        custom
            .iter()
            .filter(|f| f.table.as_deref() == Some(table))
            .map(FieldSpec::custom),
    );
    specs
}

/// The cells of one row that a field describes and whose values fit it.
pub(crate) fn read_cells_at<R: ReadDoc>(
    at: At<'_, R>,
    cells: &ObjId,
    specs: &[FieldSpec],
) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for cell in at.doc.map_range(cells, ..) {
        let Some(spec) = specs.iter().find(|s| s.id == cell.key.as_ref()) else {
            continue;
        };
        let id = cell.id();
        if let Some(value) = spec.read_at(at, &automerge::Value::from(cell.value), &id) {
            out.insert(spec.id.to_string(), value);
        }
    }
    out
}

/// The ids of a table's rows, unordered (`None`: no such table).
pub(crate) fn row_ids(doc: &Automerge, table: &str) -> Option<Vec<RowId>> {
    let at = At::now(doc);
    let rows = at.map(&at.map(&ROOT, "tables")?, table)?;
    Some(at.keys(&rows).into_iter().map(RowId).collect())
}

/// One row as `ConcordDoc::rows` gives it, with its row and cells objects
/// (`None`: no such row, or not a map).
pub(crate) fn row_at(
    doc: &Automerge,
    template: &Template,
    specs: &[FieldSpec],
    table: &str,
    row: &RowId,
) -> Option<OneRow> {
    let at = At::now(doc);
    let row_obj = at.map(&at.map(&at.map(&ROOT, "tables")?, table)?, &row.0)?;
    let cells = at.map(&row_obj, "cells");
    let owner = match template.workflow.owner_cell(table) {
        Some(cell) => cells.as_ref().and_then(|c| person_in(doc, c, cell)),
        None => person_in(doc, &row_obj, "owner"),
    };
    let view = RowView {
        id: row.clone(),
        order: at.str(&row_obj, "order").unwrap_or_default(),
        owner,
        cells: cells
            .as_ref()
            .map(|c| read_cells_at(at, c, specs))
            .unwrap_or_default(),
    };
    Some(OneRow {
        view,
        row_obj,
        cells,
    })
}

/// A row read by `row_at`.
pub(crate) struct OneRow {
    pub view: RowView,
    pub row_obj: ObjId,
    pub cells: Option<ObjId>,
}

impl OneRow {
    /// Who last wrote the row's owner, and when (as `written_in`).
    pub fn owner_written(
        &self,
        doc: &Automerge,
        template: &Template,
        table: &str,
    ) -> Option<(Option<PersonId>, i64)> {
        match template.workflow.owner_cell(table) {
            Some(cell) => written_in(doc, self.cells.as_ref()?, cell),
            None => written_in(doc, &self.row_obj, "owner"),
        }
    }
}

/// A person id stored as a string at `obj[key]`.
pub(crate) fn person_in<R: ReadDoc>(doc: &R, obj: &ObjId, key: &str) -> Option<PersonId> {
    match doc.get(obj, key).ok()? {
        Some((automerge::Value::Scalar(s), _)) => match s.as_ref() {
            ScalarValue::Str(t) => t.parse().ok(),
            _ => None,
        },
        _ => None,
    }
}

/// Who last wrote `obj[key]`, and when (ms since the epoch, on the
/// writer's clock, to the second): the writing change's message names its
/// author where the app wrote it.
pub(crate) fn written_in(
    doc: &Automerge,
    obj: &ObjId,
    key: &str,
) -> Option<(Option<PersonId>, i64)> {
    let (_, op) = doc.get(obj, key).ok()??;
    by_and_at(doc, &op)
}

/// When a row's cells were last written, and by whom: the latest write to
/// any cell (a character typed into a long-text cell counts; a deletion
/// alone leaves no op to date it). "Latest" is the op with the highest
/// Lamport counter, which follows every op its writer had seen, so only
/// one change's metadata is read however long the row is.
pub(crate) fn last_written_in(doc: &Automerge, cells: &ObjId) -> Option<(Option<PersonId>, i64)> {
    let mut ids = Vec::new();
    for item in doc.map_range(cells, ..) {
        let id = item.id();
        if let automerge::ValueRef::Object(ObjType::Text) = item.value {
            ids.extend(doc.list_range(&id, ..).map(|ch| ch.id()));
        }
        ids.push(id);
    }
    by_and_at(doc, &latest(ids)?)
}

/// Who last wrote the value at `obj[key]`, and when: its own write, or the
/// latest character typed into it where it is a text (as `last_written_in`).
pub(crate) fn value_written_in(
    doc: &Automerge,
    obj: &ObjId,
    key: &str,
) -> Option<(Option<PersonId>, i64)> {
    let (value, id) = doc.get(obj, key).ok()??;
    let mut ids = vec![id.clone()];
    if let automerge::Value::Object(ObjType::Text) = value {
        ids.extend(doc.list_range(&id, ..).map(|ch| ch.id()));
    }
    by_and_at(doc, &latest(ids)?)
}

/// The op with the highest Lamport counter, which follows every op its
/// writer had seen.
fn latest(ids: impl IntoIterator<Item = ObjId>) -> Option<ObjId> {
    ids.into_iter()
        .fold(None, |latest, id| match (&id, &latest) {
            (ObjId::Id(c, ..), Some(ObjId::Id(l, ..))) if c <= l => latest,
            (ObjId::Id(..), _) => Some(id),
            _ => latest,
        })
}

/// The author and time of the change that made op `op`. The change
/// graph's metadata, not the change rebuilt from the op set: asked for
/// every task row, that would scan the document each time.
fn by_and_at(doc: &Automerge, op: &ObjId) -> Option<(Option<PersonId>, i64)> {
    let hash = doc.hash_for_opid(op)?;
    let meta = doc.get_change_meta_by_hash(&hash)?;
    let by = meta.message.as_deref().and_then(|m| m.parse().ok());
    Some((by, meta.timestamp.saturating_mul(1000)))
}
